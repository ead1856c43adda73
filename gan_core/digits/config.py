"""The MNIST lesson's configuration and its presets. Same config + same seed = same run.

Built with the same field helper as ToyConfig, so the lesson's widgets, the command line's flags
and the share link come from these fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from gan_core.digits.models import ArchName
from gan_core.settings import Preset, setting, validate_fields

ImageLossName = Literal["non_saturating", "minimax", "lsgan", "hinge"]
DataName = Literal["bundled", "full"]


@dataclass(frozen=True, kw_only=True)
class MnistConfig:
    """Everything that defines an MNIST GAN run."""

    # --- Data ---------------------------------------------------------------------------------
    data: DataName = setting(
        "bundled",
        "Data",
        "bundled: 4,000 real digits that ship with the app. full: the 60,000 of full MNIST, if the "
        "server has the files (see README); otherwise the bundled ones, with a note.",
    )
    # --- Networks -----------------------------------------------------------------------------
    arch: ArchName = setting(
        "dcgan",
        "Networks",
        "fc: fully connected layers, as in the original GAN paper. dcgan: (transposed) convolutions "
        "with batch norm, as in Radford et al. 2016; they see shapes, not just pixels.",
    )
    conditional: bool = setting(
        False, "Networks", "Tell both networks which digit to draw: G gets the label, D judges 'a real 7?'."
    )
    noise_dim: int = setting(64, "Networks", "Dimension of z, the generator's input noise.", 2, 128)
    width: int = setting(
        32, "Networks", "Base width: channels (dcgan) or units/2 (fc). Wider learns more per step, slower.", 8, 128
    )
    # --- Training -----------------------------------------------------------------------------
    loss: ImageLossName = setting(
        "non_saturating",
        "Training",
        "non_saturating: G minimizes -log D(G(z)). minimax: the original log(1 - D(G(z))), which "
        "saturates. lsgan: least squares. hinge: margin loss of modern GANs.",
    )
    lr_g: float = setting(5e-4, "Training", "Generator learning rate.", 1e-6, 1e-1, log=True)
    lr_d: float = setting(5e-4, "Training", "Discriminator learning rate.", 1e-6, 1e-1, log=True)
    beta1: float = setting(0.5, "Training", "Adam's momentum; DCGAN uses 0.5 (0.9 tends to oscillate).", 0.0, 0.99)
    batch_size: int = setting(64, "Training", "Real and fake images per update.", 8, 256)
    k_d: int = setting(1, "Training", "D updates per iteration.", 1, 5)
    k_g: int = setting(1, "Training", "G updates per iteration.", 1, 5)
    steps: int = setting(3000, "Training", "Training budget in iterations.", 10, 50_000)
    eval_every: int = setting(
        100, "Training", "Measure the samples with the evaluation classifier every N iterations.", 10, 2000
    )
    seed: int = setting(0, "Training", "Same seed, same run: weights, noise and batches.", 0, 2**31 - 1)
    # --- Tricks -------------------------------------------------------------------------------
    label_smoothing: float = setting(
        0.0, "Tricks", "One-sided: train D towards 1 - s on real images, so it cannot get over-confident.", 0.0, 0.3
    )
    g_ema: float = setting(
        0.0,
        "Tricks",
        "Draw samples from a running average of G's weights (0 = off); smooths the step-to-step jitter.",
        0.0,
        0.9999,
    )

    def __post_init__(self) -> None:
        validate_fields(self)
        if self.loss == "hinge" and self.label_smoothing:
            raise ValueError("label_smoothing applies to probability losses; set it to 0 for hinge")


DEFAULT = MnistConfig()

# Settings that apply to the running game; anything else changes the networks or the data.
LIVE_FIELDS = frozenset({"lr_g", "lr_d", "beta1", "k_d", "k_g", "batch_size", "steps", "eval_every", "label_smoothing"})


Expect = Literal["digits", "mode_collapse", "discriminator_wins"]


def _preset(name: str, title: str, expect: Expect, explanation: str, overrides: dict[str, Any]) -> Preset:
    return Preset(name, title, explanation, overrides, DEFAULT, expect)


MNIST_PRESETS = {
    p.name: p
    for p in [
        _preset(
            "fast-digits",
            "Fast digits",
            "digits",
            "The quickest route to recognisable digits on a CPU: a small conditional DCGAN, Adam with "
            "beta1 0.5 and an averaged copy of G. Recognisable digits after about 10 s of training (measured on "
            "a 2-core machine: docs/performance.md).",
            {"arch": "dcgan", "conditional": True, "width": 32, "lr_g": 1e-3, "lr_d": 5e-4, "g_ema": 0.99},
        ),
        _preset(
            "mode-collapse",
            "Mode collapse",
            "mode_collapse",
            "A fully connected GAN whose generator learns 20x faster than its discriminator, with two G "
            "steps per D step. Within a few hundred steps every sample is the same smudge, whatever z: G "
            "found one output that fools D. D(x) = D(G(z)) = 1/2 all the same: a confused D is not success.",
            {"arch": "fc", "width": 64, "noise_dim": 8, "lr_g": 2e-3, "lr_d": 1e-4, "k_g": 2, "steps": 1500},
        ),
        _preset(
            "d-wins",
            "Discriminator wins",
            "discriminator_wins",
            "The original minimax loss and a discriminator that learns ten times faster, three D steps per "
            "G step. D rejects every fake (D(G(z)) ~ 0), the sigmoid inside log(1 - D(G(z))) saturates, and G is stuck drawing "
            "blobs while D's loss looks perfect.",
            {"arch": "dcgan", "loss": "minimax", "lr_d": 2e-3, "lr_g": 2e-4, "k_d": 3, "steps": 1500},
        ),
    ]
}
