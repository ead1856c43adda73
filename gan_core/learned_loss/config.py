"""The settings of a "Put a GAN on it" run, and the names of what it records.

Same config + same seed = same run. ``LIVE_FIELDS`` apply to a running game; any other change
builds new networks or new data.
"""

from __future__ import annotations

from dataclasses import dataclass

from gan_core.learned_loss.tasks import TaskName
from gan_core.settings import setting, validate_fields


@dataclass(frozen=True, kw_only=True)
class LearnedLossConfig:
    """Everything that defines a learned-loss run. Same config + same seed = same run."""

    # --- Data ---------------------------------------------------------------------------------
    task: TaskName = setting(
        "two_branches", "Data", "Which inputs and answers: for most tasks each x has several right y."
    )
    data_noise: float = setting(0.05, "Data", "Std of the gaussian noise on each real answer y.", 0.0, 0.5)
    # --- Networks -----------------------------------------------------------------------------
    hidden_layers: int = setting(
        3, "Networks", "Hidden layers of every network (MSE model, G and D): a fair race.", 1, 4
    )
    width: int = setting(64, "Networks", "Neurons per hidden layer of every network.", 8, 256)
    noise_dim: int = setting(
        1, "Networks", "Dimension of z, G's second input: the randomness it uses to pick an answer.", 1, 8
    )
    # --- Training -----------------------------------------------------------------------------
    lr_mse: float = setting(2e-3, "Training", "Learning rate of the MSE model.", 1e-6, 1.0, True)
    lr_g: float = setting(2e-3, "Training", "Generator learning rate (GAN and mixed model).", 1e-6, 1.0, True)
    lr_d: float = setting(
        2e-3, "Training", "Discriminator learning rate: how fast the learned loss learns.", 1e-6, 1.0, True
    )
    batch_size: int = setting(128, "Training", "(x, y) pairs per step, the same batch for every model.", 8, 2048)
    steps: int = setting(
        2000, "Training", "Training budget in iterations (every model updates once per iteration).", 1, 100_000
    )
    seed: int = setting(
        0, "Training", "Seeds weights, noise and data: the same seed replays the same run.", 0, 2**31 - 1
    )
    g_ema: float = setting(
        0.995,
        "Training",
        "Show the GANs' answers from a moving average of G's weights: it averages out D and G's chase (0 = raw G).",
        0.0,
        0.9999,
    )
    # --- Mixed model --------------------------------------------------------------------------
    mixed: bool = setting(
        False, "Mixed model", "Also train a third model with MSE + adv_weight x the adversarial loss."
    )
    adv_weight: float = setting(
        0.03,
        "Mixed model",
        "Weight of the adversarial term next to MSE in the mixed model: small = MSE wins, samples between branches.",
        1e-6,
        1.0,
        True,
    )

    def __post_init__(self) -> None:
        validate_fields(self)


DEFAULT = LearnedLossConfig()

# Settings that apply to the running game; anything else changes the networks or the data.
LIVE_FIELDS = frozenset({"lr_mse", "lr_g", "lr_d", "batch_size", "steps", "adv_weight"})

STEP_COLUMNS = ("step", "mse_loss", "d_loss", "g_loss", "d_real", "d_fake", "mix_d_loss", "mix_g_loss")
MODELS = ("mse", "gan", "mix")
EVAL_COLUMNS = ("step",) + tuple(f"{m}_{k}" for m in MODELS for k in ("error", "on_branch"))
MODEL_NAMES = {"mse": "MSE model", "gan": "GAN", "mix": "MSE + GAN"}
TARGET_GAP = 0.4  # "clearly": the GAN's on-branch fraction beats the MSE model's by 40 points
