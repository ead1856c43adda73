"""Named presets: verified configurations that converge, and ones that show each failure.

Each preset is a set of overrides on ToyConfig's defaults, a two-sentence explanation, and what it
is expected to show (tests check that it does, over several seeds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from gan_core.config import DATASETS_1D, ToyConfig, from_dict

Expect = Literal["converges", "mode_collapse", "discriminator_wins", "oscillation"]


@dataclass(frozen=True)
class Preset:
    name: str
    title: str
    dim: int
    expect: Expect
    explanation: str
    overrides: dict[str, Any] = field(default_factory=dict)

    def config(self, **changes: Any) -> ToyConfig:
        """The preset's config, with optional further changes."""
        return from_dict({**self.overrides, **changes})


_RING = {"dataset": "ring8", "g_width": 128, "d_width": 128}
_PRESETS = [
    # ---------------------------------------------------------------- 1-D
    Preset(
        "1d-converges",
        "It converges",
        1,
        "converges",
        "A small GAN learns N(4, 1.25), the target of the famous '50 lines' tutorial. Watch the purple "
        "curve settle on the green density while D(x) flattens to 1/2: D can no longer tell.",
        {"dataset": "gaussian", "steps": 2000, "lr_g": 5e-4, "lr_d": 2e-3, "g_ema": 0.999, "lr_decay": True},
    ),
    Preset(
        "1d-mode-collapse",
        "Mode collapse",
        1,
        "mode_collapse",
        "Two well separated bumps, a generator that jumps faster than the discriminator adapts. "
        "G finds that one bump fools D and piles all its samples there; the other is abandoned.",
        {"dataset": "mixture2", "scale": 2.0, "noise_dim": 1, "lr_g": 3e-3, "lr_d": 3e-4, "steps": 3000},
    ),
    Preset(
        "1d-d-wins",
        "Discriminator wins (saturating loss)",
        1,
        "discriminator_wins",
        "The original minimax loss with a discriminator that learns ten times faster. D rejects "
        "every fake, log(1 - D(G(z))) goes flat, and G gets no gradient to learn from.",
        {
            "dataset": "gaussian",
            "center": 6.0,
            "scale": 0.5,
            "loss": "minimax",
            "lr_d": 1e-2,
            "lr_g": 1e-4,
            "k_d": 3,
            "steps": 2000,
        },
    ),
    Preset(
        "1d-too-high-lr",
        "Too-high learning rate",
        1,
        "oscillation",
        "Both players take huge steps with little damping. Each overshoots the other's last move, "
        "so the fakes swing back and forth across the data and never settle.",
        {"dataset": "gaussian", "lr_g": 3e-2, "lr_d": 3e-2, "beta1": 0.9, "steps": 2000},
    ),
    Preset(
        "1d-fix-ns",
        "Fix it: non-saturating loss",
        1,
        "converges",
        "The same strong discriminator as 'Discriminator wins', but G minimises -log D(G(z)). "
        "Its gradient is largest exactly when D rejects the fakes, so G escapes and converges.",
        {
            "dataset": "gaussian",
            "center": 6.0,
            "scale": 0.5,
            "loss": "non_saturating",
            "lr_d": 1e-2,
            "lr_g": 1e-4,
            "k_d": 3,
            "steps": 2000,
        },
    ),
    Preset(
        "1d-fix-wgan-gp",
        "Fix it: WGAN-GP",
        1,
        "converges",
        "A Wasserstein critic with a gradient penalty gives G a useful slope everywhere, even "
        "when the two distributions do not overlap. Five critic steps per generator step.",
        {
            "dataset": "mixture2",
            "scale": 2.0,
            "noise_dim": 1,
            "loss": "wgan_gp",
            "k_d": 5,
            "lr_d": 1e-3,
            "lr_g": 1e-3,
            "steps": 2000,
        },
    ),
    # ---------------------------------------------------------------- 2-D
    Preset(
        "ring8-converges",
        "It converges: ring of 8",
        2,
        "converges",
        "The mode-collapse benchmark of VEEGAN and PacGAN: 8 tight gaussians on a ring. R1 keeps D "
        "smooth, an averaged (EMA) generator and a decaying learning rate land the fakes on every mode.",
        {**_RING, "g_layers": 4, "steps": 3000, "r1_weight": 0.1, "g_ema": 0.999, "lr_decay": True},
    ),
    Preset(
        "grid25-converges",
        "It converges: grid of 25",
        2,
        "converges",
        "The harder benchmark: 25 gaussians on a 5x5 grid. Same recipe as the ring, more steps.",
        {
            "dataset": "grid25",
            "g_width": 128,
            "d_width": 128,
            "steps": 6000,
            "r1_weight": 1.0,
            "g_ema": 0.999,
            "lr_decay": True,
        },
    ),
    Preset(
        "2d-mode-collapse",
        "Mode collapse",
        2,
        "mode_collapse",
        "A plain GAN on the ring with a fast generator and a slow discriminator. G hops from mode to "
        "mode, covering a few at a time, the textbook picture of mode collapse.",
        {**_RING, "lr_g": 3e-3, "lr_d": 3e-4, "steps": 3000},
    ),
    Preset(
        "2d-d-wins",
        "Discriminator wins (saturating loss)",
        2,
        "discriminator_wins",
        "The original minimax loss with a fast, wide discriminator. D's verdict saturates at 'fake' "
        "and the generator's gradient vanishes: the fakes freeze where they started.",
        {**_RING, "loss": "minimax", "lr_d": 1e-2, "lr_g": 1e-4, "k_d": 3, "steps": 2000},
    ),
    Preset(
        "2d-too-high-lr",
        "Too-high learning rate",
        2,
        "oscillation",
        "Huge steps for both players with slow-reacting momentum. The fakes sweep around the ring "
        "chasing D's latest verdict instead of settling on the modes.",
        {**_RING, "lr_g": 3e-2, "lr_d": 3e-2, "beta1": 0.9, "steps": 2000},
    ),
    Preset(
        "2d-fix-ns",
        "Fix it: non-saturating loss",
        2,
        "converges",
        "The fast discriminator of 'Discriminator wins', with G minimising -log D(G(z)) instead. "
        "Strong gradients while D wins pull the fakes out to the ring.",
        {**_RING, "loss": "non_saturating", "lr_d": 1e-2, "lr_g": 1e-4, "k_d": 3, "steps": 2000},
    ),
    Preset(
        "2d-fix-wgan-gp",
        "Fix it: WGAN-GP",
        2,
        "converges",
        "The mode-collapse set-up with a Wasserstein critic and gradient penalty. The critic's "
        "slope points every fake towards the nearest unclaimed mass, so G spreads over the ring.",
        {**_RING, "loss": "wgan_gp", "k_d": 5, "lr_d": 1e-3, "lr_g": 1e-3, "steps": 2000, "lr_decay": True},
    ),
]
PRESETS: dict[str, Preset] = {p.name: p for p in _PRESETS}


def presets_for(dim: int) -> list[Preset]:
    """The presets of the 1-D or the 2-D lesson, in display order."""
    return [p for p in _PRESETS if p.dim == dim]


def converging_preset_for(dataset: str) -> str:
    """The name of the preset to start from for ``dataset`` (a tuned one where we have it)."""
    if dataset == "ring8":
        return "ring8-converges"
    if dataset == "grid25":
        return "grid25-converges"
    return "1d-converges" if dataset in DATASETS_1D else "ring8-converges"
