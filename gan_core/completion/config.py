"""The settings of a digit-completion run ("Put a GAN on it" with pictures), and what it records.

Same config + same seed = same run. ``LIVE_FIELDS`` apply to a running game; any other change
builds new networks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from gan_core.settings import setting, validate_fields

MaskName = Literal["bottom", "right", "centre"]
ModelsName = Literal["all", "mse-gan", "mse", "gan", "mix"]


@dataclass(frozen=True, kw_only=True)
class CompletionConfig:
    """Everything that defines a completion run. Same config + same seed = same run."""

    # --- Task ---------------------------------------------------------------------------------
    mask: MaskName = setting(
        "bottom",
        "Task",
        "What the models must draw: the bottom half (rows 14-27) from the top half, the right half from the "
        "left, or a 14 x 14 square in the centre from its frame.",
    )
    models: ModelsName = setting(
        "all",
        "Task",
        "Which models race: all three (MSE, GAN, MSE + GAN), MSE against GAN, or one alone (faster).",
    )
    # --- Networks -----------------------------------------------------------------------------
    width: int = setting(
        16,
        "Networks",
        "Channels of the first convolution of every network (each completion net and D; the second has twice "
        "as many): the same size for every model.",
        4,
        64,
    )
    noise_dim: int = setting(
        8, "Networks", "Dimension of z: the randomness a GAN uses to choose one completion among many.", 1, 64
    )
    # --- Training -----------------------------------------------------------------------------
    lr_mse: float = setting(1e-3, "Training", "Learning rate of the MSE model.", 1e-6, 1.0, True)
    lr_g: float = setting(1e-3, "Training", "Learning rate of each GAN's completion net G.", 1e-6, 1.0, True)
    lr_d: float = setting(
        5e-4, "Training", "Learning rate of each discriminator: how fast the learned loss learns.", 1e-6, 1.0, True
    )
    batch_size: int = setting(64, "Training", "Digits per step, the same batch for every model.", 8, 512)
    steps: int = setting(
        900, "Training", "Training budget in iterations (every model updates once per iteration).", 1, 100_000
    )
    seed: int = setting(
        0, "Training", "Seeds weights, noise and data: the same seed replays the same run.", 0, 2**31 - 1
    )
    g_ema: float = setting(
        0.99,
        "Training",
        "Show the GANs' completions from a moving average of G's weights: it averages out D and G's chase (0 = raw G).",
        0.0,
        0.9999,
    )
    # --- Mixed model --------------------------------------------------------------------------
    adv_weight: float = setting(
        0.05,
        "Mixed model",
        "lambda: the mixed model minimises MSE + lambda x the adversarial loss (pix2pix's recipe). Small = "
        "MSE wins and the smear stays; large = the GAN wins.",
        1e-4,
        1.0,
        True,
    )

    def __post_init__(self) -> None:
        validate_fields(self)

    @property
    def trains(self) -> tuple[str, ...]:
        """The models this run trains, in the order they are shown."""
        return MODELS_OF[self.models]


DEFAULT = CompletionConfig()

# Settings that apply to the running game; anything else changes the networks or the data.
LIVE_FIELDS = frozenset({"lr_mse", "lr_g", "lr_d", "batch_size", "steps", "adv_weight"})

MODELS = ("mse", "gan", "mix")
MODELS_OF: dict[str, tuple[str, ...]] = {
    "all": MODELS,
    "mse-gan": ("mse", "gan"),
    "mse": ("mse",),
    "gan": ("gan",),
    "mix": ("mix",),
}
MODEL_NAMES = {"mse": "MSE model", "gan": "GAN", "mix": "MSE + GAN"}
STEP_COLUMNS = ("step", "mse_loss", "gan_d_loss", "gan_g_loss", "mix_d_loss", "mix_g_loss", "mix_mse")
SCORES = ("confident", "as_real", "frechet", "sharpness", "error", "variety")
EVAL_COLUMNS = ("step", "real_sharpness", "real_frechet") + tuple(f"{m}_{k}" for m in MODELS for k in SCORES)
