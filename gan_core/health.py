"""The health monitor: names what is going on in a run, in words a learner can act on.

``assess(trainer)`` reads the trainer's recent step and evaluation history and returns flags.
It never changes the run (except that the trainer itself pauses on divergence).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

if TYPE_CHECKING:
    from gan_core.trainer import ToyTrainer

FlagName = Literal["diverged", "discriminator_wins", "mode_collapse", "oscillation"]

WARMUP_STEPS = 200  # the first steps are always chaotic: judge nothing before this


@dataclass(frozen=True)
class Flag:
    """One named problem: ``title`` to show, ``message`` saying what we see, ``suggestion`` to try."""

    name: FlagName
    title: str
    message: str
    suggestion: str


def assess(trainer: ToyTrainer) -> tuple[Flag, ...]:
    """All flags that hold for the run right now, most serious first."""
    flags: list[Flag] = []
    if trainer.diverged:
        flags.append(
            Flag(
                "diverged",
                "Diverged",
                trainer.diverged,
                "Lower the learning rates, or reset and try the WGAN-GP or R1 preset.",
            )
        )
        return tuple(flags)
    if trainer.step_count < WARMUP_STEPS:
        return ()
    for check in (_discriminator_wins, _mode_collapse, _oscillation):
        flag = check(trainer)
        if flag is not None:
            flags.append(flag)
    return tuple(flags)


def _recent(trainer: ToyTrainer, column: str, n: int, source: str = "history") -> np.ndarray:
    table = (trainer.history if source == "history" else trainer.evals).arrays()
    return table[column][-n:] if len(table[column]) else np.array([], dtype=np.float32)


def _discriminator_wins(trainer: ToyTrainer) -> Flag | None:
    """D(x) -> 1 and D(G(z)) -> 0 for the last 50 recorded steps (probability-like losses)."""
    if trainer.cfg.loss in ("wgan_gp", "hinge"):
        return None  # critic scores are unbounded: "confident" has no fixed meaning there
    d_real, d_fake = _recent(trainer, "d_real", 50), _recent(trainer, "d_fake", 50)
    if len(d_real) < 20 or not (d_real.mean() > 0.9 and d_fake.mean() < 0.1):
        return None
    g_grad = _recent(trainer, "g_grad", 50)
    vanishing = trainer.cfg.loss == "minimax"
    note = (
        f" G's gradient is tiny (|grad| ~ {np.median(g_grad):.1e}): with the saturating loss "
        "log(1 - D(G(z))) it vanishes exactly when D rejects the fakes."
        if vanishing
        else ""
    )
    return Flag(
        "discriminator_wins",
        "Discriminator wins",
        f"D tells real from fake almost perfectly: mean D(x) = {d_real.mean():.2f}, "
        f"D(G(z)) = {d_fake.mean():.2f}. A D loss near 0 is a failure, not a success.{note}",
        "Switch G to the non-saturating loss, lower lr_d (or raise lr_g), or add instance noise or label smoothing.",
    )


def _mode_collapse(trainer: ToyTrainer) -> Flag | None:
    """Coverage of the real data has fallen: below half, or well below its best in this run."""
    coverage = _recent(trainer, "coverage", 10_000, "evals")
    if len(coverage) < 2 or not np.isfinite(coverage[-1]):
        return None
    now, best = float(coverage[-1]), float(np.nanmax(coverage))
    if now >= 0.5 and now >= best - 0.35:
        return None
    modes = _recent(trainer, "modes", 1, "evals")
    if len(modes) and np.isfinite(modes[-1]):
        what = f"the fakes sit on only {int(modes[-1])} of the real modes"
    else:
        what = f"the fakes cover only {now:.0%} of the real data's mass"
    trend = f" (best in this run: {best:.0%})" if best > now + 0.05 else ""
    return Flag(
        "mode_collapse",
        "Mode collapse",
        f"{what.capitalize()}{trend}: G found a few outputs that fool D and keeps making them.",
        "Try PacGAN (pac 2) or minibatch discrimination, a lower lr_g, or the WGAN-GP loss.",
    )


def _oscillation(trainer: ToyTrainer) -> Flag | None:
    """The fakes' centre keeps swinging back and forth across the data instead of settling."""
    evals = trainer.evals.arrays()
    if len(evals["step"]) < 6:
        return None
    d_fake = evals["d_fake"][-8:]
    d_real = evals["d_real"][-8:]
    gap = d_real - d_fake
    swings = np.sum(np.diff(np.sign(gap)) != 0)
    amplitude = float(np.ptp(d_fake))
    w1 = evals["w1"][-8:]
    js = evals["js"][-8:]
    quality = js if not np.all(np.isfinite(w1)) else w1 / max(float(np.nanmedian(w1)), 1e-9)
    jumpy = float(np.ptp(quality)) if np.all(np.isfinite(quality)) else 0.0
    bounded = trainer.cfg.loss not in ("wgan_gp", "hinge")
    if swings >= 3 and (amplitude > 0.3 if bounded else jumpy > 0.5):
        return Flag(
            "oscillation",
            "Oscillation",
            f"Over the last {len(d_fake)} checks D's verdict on fakes swung {swings} times between "
            f"'real' and 'fake' (D(G(z)) ranged over {amplitude:.2f}): the players chase each other in circles.",
            "Lower both learning rates (or use lr decay), or add the R1 penalty that damps the rotation.",
        )
    return None
