"""Named presets: verified configurations that converge, and ones that show each failure.

Each preset is a set of overrides on ToyConfig's defaults, a two-sentence explanation, and what it
is expected to show (tests check that it does, over several seeds).
"""

from __future__ import annotations

from typing import Any, Literal

from gan_core.settings import Preset
from gan_core.toy.config import DATASETS_1D, DEFAULT

Expect = Literal["converges", "mode_collapse", "discriminator_wins", "oscillation"]


def _preset(
    name: str,
    title: str,
    dim: int,
    expect: Expect,
    explanation: str,
    overrides: dict[str, Any] | None = None,
    fixes: str | None = None,
) -> Preset:
    return Preset(name, title, explanation, overrides or {}, DEFAULT, expect, dim, fixes)


_RING = {"dataset": "ring8", "g_width": 128, "d_width": 128}
_PRESETS = [
    # ---------------------------------------------------------------- 1-D
    _preset(
        "1d-converges",
        "It converges",
        1,
        "converges",
        "A small GAN learns N(4, 1.25), the target of the famous '50 lines' tutorial. Watch the purple "
        "curve settle on the green density while D(x) flattens to 1/2: D can no longer tell.",
        {"dataset": "gaussian", "steps": 2000, "lr_g": 5e-4, "lr_d": 2e-3, "g_ema": 0.999, "lr_decay": True},
    ),
    _preset(
        "1d-mode-collapse",
        "Mode collapse",
        1,
        "mode_collapse",
        "Two well separated bumps and a discriminator that learns 100x slower than the generator. G "
        "finds a spot that fools D, piles its samples there, and when D catches up jumps elsewhere.",
        {"dataset": "mixture2", "scale": 2.0, "noise_dim": 1, "lr_g": 3e-3, "lr_d": 3e-5, "steps": 1000},
    ),
    _preset(
        "1d-d-wins",
        "Discriminator wins (saturating loss)",
        1,
        "discriminator_wins",
        "The original minimax loss with a discriminator that learns 100x faster. D rejects "
        "every fake, the sigmoid inside log(1 - D(G(z))) saturates, and G gets almost no gradient to learn from.",
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
    _preset(
        "1d-too-high-lr",
        "Too-high learning rate",
        1,
        "oscillation",
        "Both players take huge steps with little damping. Each overshoots the other's last move, "
        "so the fakes swing back and forth across the data and never settle.",
        {"dataset": "gaussian", "lr_g": 3e-2, "lr_d": 3e-2, "beta1": 0.9, "steps": 2000},
    ),
    _preset(
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
        fixes="1d-d-wins",
    ),
    _preset(
        "1d-fix-wgan-gp",
        "Fix it: WGAN-LP",
        1,
        "converges",
        "The two bumps of 'Mode collapse' with a Wasserstein critic instead: its slope points G toward the "
        "data even where the two do not overlap, so both bumps are found. More than the loss changes (the "
        "list below): five critic steps per G step, Adam without momentum (as in the WGAN-GP paper), its own rates, an "
        "averaged G and a decaying rate. The penalty is one-sided (WGAN-LP): the usual two-sided one can trap a 1-D critic "
        "whose slope starts with the wrong sign. It lands less precisely (W1 ~0.15-0.2) than a gaussian fit: "
        "the critic's push on G stays full-size until the rate decays, so the bumps end a little too wide.",
        {
            "dataset": "mixture2",
            "scale": 2.0,
            "noise_dim": 1,
            "loss": "wgan_lp",
            "k_d": 5,
            "gp_weight": 1.0,
            "lr_d": 1e-3,
            "lr_g": 3e-4,
            "beta1": 0.0,
            "steps": 2000,
            "g_ema": 0.999,
            "lr_decay": True,
        },
        fixes="1d-mode-collapse",
    ),
    # ---------------------------------------------------------------- 2-D
    _preset(
        "ring8-converges",
        "It converges: ring of 8",
        2,
        "converges",
        "The mode-collapse benchmark of VEEGAN and PacGAN: 8 tight gaussians on a ring. A light R1 penalty "
        "keeps D smooth; an averaged (EMA) generator and a learning rate that starts high and decays to 0 land "
        "the fakes on every mode.",
        {
            **_RING,
            "g_layers": 4,
            "steps": 3000,
            "lr_g": 2e-3,
            "lr_d": 2e-3,
            "r1_weight": 0.1,
            "g_ema": 0.999,
            "lr_decay": True,
        },
    ),
    _preset(
        "grid25-converges",
        "It converges: grid of 25",
        2,
        "converges",
        "The harder benchmark: 25 gaussians on a 5x5 grid. A wider ReLU generator tears the noise plane "
        "into 25 pieces, a deeper discriminator tells 25 close modes apart, and R1 and a learning rate "
        "decaying to 0 pull each piece tight onto its mode.",
        {
            "dataset": "grid25",
            "activation": "relu",
            "g_width": 256,
            "d_width": 128,
            "d_layers": 4,
            "lr_g": 2e-3,
            "lr_d": 2e-3,
            "steps": 5000,
            "r1_weight": 0.1,
            "lr_decay": True,
        },
    ),
    _preset(
        "2d-mode-collapse",
        "Mode collapse",
        2,
        "mode_collapse",
        "A plain GAN on the ring with a fast generator and a slow discriminator. G hops from mode to "
        "mode, covering a few at a time, the textbook picture of mode collapse.",
        {**_RING, "lr_g": 3e-3, "lr_d": 3e-4, "steps": 3000},
    ),
    _preset(
        "2d-d-wins",
        "Discriminator wins (saturating loss)",
        2,
        "discriminator_wins",
        "The original minimax loss with a fast, wide discriminator. D's verdict saturates at 'fake' "
        "and the generator's gradient vanishes: the fakes freeze where they started.",
        {**_RING, "loss": "minimax", "lr_d": 1e-2, "lr_g": 1e-4, "k_d": 3, "steps": 2000},
    ),
    _preset(
        "2d-too-high-lr",
        "Too-high learning rate",
        2,
        "oscillation",
        "Huge steps for both players with slow-reacting momentum. The fakes sweep around the ring "
        "chasing D's latest verdict instead of settling on the modes.",
        {**_RING, "lr_g": 3e-2, "lr_d": 3e-2, "beta1": 0.9, "steps": 2000},
    ),
    _preset(
        "2d-fix-ns",
        "Fix it: non-saturating loss + R1",
        2,
        "converges",
        "Two changes to 'Discriminator wins': G minimises -log D(G(z)) instead, and D gets a light R1 penalty. "
        "The non-saturating loss gives G a strong gradient exactly where D rejects the fakes, and pulls them "
        "out to the ring; R1 keeps D smooth, so the fakes spread over all 8 modes.",
        {**_RING, "loss": "non_saturating", "r1_weight": 0.1, "lr_d": 1e-2, "lr_g": 1e-4, "k_d": 3, "steps": 2000},
        fixes="2d-d-wins",
    ),
    _preset(
        "2d-fix-wgan-gp",
        "Fix it: WGAN-GP (on a wider ring)",
        2,
        "converges",
        "Not one change: a Wasserstein critic with gradient penalty and five critic steps per G step, new "
        "learning rates and schedule, and a ring of modes 5x wider than the benchmark's (the list below). The "
        "critic's slope points every fake towards the nearest unclaimed mass, so G reaches all 8 modes, though "
        "most fakes still land outside their tight cores (low high-quality fraction).",
        {
            **_RING,
            "spread": 5.0,
            "loss": "wgan_gp",
            "k_d": 5,
            "lr_d": 1e-3,
            "lr_g": 1e-4,
            "steps": 1200,
            "g_ema": 0.999,
            "lr_decay": True,
        },
        fixes="2d-d-wins",
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
