"""One frozen, validated configuration for the toy (1-D and 2-D) GAN lessons.

Every field has a default, a one-line "why" (``help``), a group for the UI and either a numeric
range or a fixed set of choices (``gan_core.settings``). Defaults live here and nowhere else.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Literal

from gan_core.losses import LossName
from gan_core.settings import fields_of, setting, validate_fields

Dataset1D = Literal["gaussian", "mixture2", "uniform", "lognormal", "spikes", "own_1d"]
Dataset2D = Literal["ring8", "grid25", "moons", "spiral", "circles", "gaussian2d", "line", "own_2d"]
DatasetName = Literal[
    "gaussian",
    "mixture2",
    "uniform",
    "lognormal",
    "spikes",
    "own_1d",
    "ring8",
    "grid25",
    "moons",
    "spiral",
    "circles",
    "gaussian2d",
    "line",
    "own_2d",
]
DATASETS_1D: tuple[str, ...] = typing.get_args(Dataset1D)
DATASETS_2D: tuple[str, ...] = typing.get_args(Dataset2D)
OWN_DATASETS = ("own_1d", "own_2d")  # the learner's own points (gan_core.toy.own_data): drawn or uploaded

OptimizerName = Literal["sgd", "adam", "rmsprop"]
ActivationName = Literal["relu", "leaky_relu", "tanh"]
NoiseName = Literal["uniform", "gaussian"]


@dataclass(frozen=True, kw_only=True)
class ToyConfig:
    """Everything that defines a toy GAN run. Same config + same seed = same run."""

    # --- Data ---------------------------------------------------------------------------------
    dataset: DatasetName = setting(
        "gaussian",
        "Data",
        "The real distribution the generator must learn to forge (own_*: points you draw or upload).",
    )
    center: float = setting(4.0, "Data", "1-D: where the real data sits (mean of the gaussian).", -10.0, 10.0)
    scale: float = setting(1.25, "Data", "1-D: how spread the real data is (std of the gaussian).", 0.1, 5.0)
    ring_radius: float = setting(1.0, "Data", "ring8: radius of the ring of 8 modes (benchmark: 1).", 0.25, 4.0)
    spread: float = setting(
        1.0, "Data", "2-D: multiplies each mode's std (1 = the VEEGAN benchmark geometry).", 0.1, 20.0
    )
    # --- Noise --------------------------------------------------------------------------------
    noise: NoiseName = setting(
        "gaussian", "Networks", "Distribution of z, the generator's input; the shape matters little."
    )
    noise_dim: int = setting(
        2, "Networks", "Dimension of z; usually lower than the data needs, 1-2 can be drawn.", 1, 16
    )
    # --- Networks -----------------------------------------------------------------------------
    g_layers: int = setting(3, "Networks", "Hidden layers of G: more layers bend noise into sharper shapes.", 1, 4)
    g_width: int = setting(64, "Networks", "Neurons per hidden layer of G.", 4, 256)
    d_layers: int = setting(3, "Networks", "Hidden layers of D: a stronger judge draws finer boundaries.", 1, 4)
    d_width: int = setting(64, "Networks", "Neurons per hidden layer of D.", 4, 256)
    activation: ActivationName = setting(
        "leaky_relu", "Networks", "Hidden nonlinearity; leaky_relu keeps gradients alive for D."
    )
    # --- Training -----------------------------------------------------------------------------
    loss: LossName = setting("non_saturating", "Training", "The game's rules: which loss each player minimises.")
    optimizer: OptimizerName = setting("adam", "Training", "Update rule for both networks; Adam is the GAN default.")
    lr_g: float = setting(1e-3, "Training", "Generator learning rate: how far G moves per step.", 1e-6, 1.0, True)
    lr_d: float = setting(
        1e-3, "Training", "Discriminator learning rate; if D learns much faster, G starves.", 1e-6, 1.0, True
    )
    beta1: float = setting(
        0.5, "Training", "Adam's momentum; 0.5 (DCGAN) reacts faster to a moving opponent than 0.9.", 0.0, 0.99
    )
    k_d: int = setting(1, "Training", "D steps per iteration; WGAN-GP wants several (5), others 1.", 1, 10)
    k_g: int = setting(1, "Training", "G steps per iteration.", 1, 10)
    batch_size: int = setting(
        256, "Training", "Samples per step for each of real and fake; bigger = smoother gradients.", 8, 2048
    )
    steps: int = setting(
        2000, "Training", "Training budget in iterations (one iteration = k_d D steps + k_g G steps).", 1, 100_000
    )
    seed: int = setting(
        0, "Training", "Seeds weights, noise and data: the same seed replays the same run.", 0, 2**31 - 1
    )
    # --- Tricks -------------------------------------------------------------------------------
    label_smoothing: float = setting(
        0.0, "Tricks", "One-sided: D's target for real is 1 - s, so D can't become overconfident.", 0.0, 0.5
    )
    instance_noise: float = setting(
        0.0,
        "Tricks",
        "Std of gaussian noise added to D's inputs, decaying linearly to 0: blurs the two sets so they overlap.",
        0.0,
        2.0,
    )
    gp_weight: float = setting(
        10.0,
        "Tricks",
        "Critic penalty lambda: wgan_gp's (|grad D(x_hat)| - 1)^2, wgan_lp's max(0, |grad D(x_hat)| - 1)^2.",
        0.0,
        100.0,
    )
    r1_weight: float = setting(
        0.0,
        "Tricks",
        "R1 penalty gamma/2 |grad D(x_real)|^2: keeps D smooth on the data, damps oscillation (any loss).",
        0.0,
        100.0,
    )
    minibatch_disc: bool = setting(
        False,
        "Tricks",
        "Minibatch discrimination: D also sees how alike the samples in a batch are, which exposes collapse.",
    )
    pac: int = setting(
        1, "Tricks", "PacGAN: D judges packs of m samples at once, so a collapsed G is easy to spot.", 1, 4
    )
    g_ema: float = setting(
        0.0,
        "Tricks",
        "Draw from an exponential moving average of G's weights (e.g. 0.999): averages out the wobble. "
        "It ramps up as (1 + t) / (10 + t) after t G steps, so 0.999 takes full effect only after ~9,000.",
        0.0,
        0.9999,
    )
    lr_decay: bool = setting(
        False,
        "Tricks",
        "Decay both learning rates linearly to 0 over the budget: the final steps refine instead of jitter.",
    )

    def __post_init__(self) -> None:
        validate_fields(self)
        if self.batch_size % self.pac:
            raise ValueError(f"batch_size={self.batch_size} must be a multiple of pac={self.pac}")

    @property
    def dim(self) -> int:
        """Dimension of the data: 1 or 2."""
        return 1 if self.dataset in DATASETS_1D else 2


FIELDS: dict[str, dataclasses.Field] = fields_of(ToyConfig)
DEFAULT = ToyConfig()

# Settings a learner may change mid-run without restarting it; anything else changes the networks
# or the data and needs a fresh trainer.
LIVE_FIELDS = frozenset(
    {
        "lr_g",
        "lr_d",
        "beta1",
        "k_d",
        "k_g",
        "batch_size",
        "steps",
        "label_smoothing",
        "instance_noise",
        "gp_weight",
        "r1_weight",
        "lr_decay",
    }
)
