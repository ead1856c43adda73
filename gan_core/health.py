"""The health monitor: names what is going on in a run, in words a learner can act on.

``assess(trainer)`` reads the trainer's recent step and evaluation history and returns flags.
It never changes the run (except that the trainer itself pauses on divergence).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from gan_core.data import data_scale

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
    """The fakes swing back and forth instead of settling: over the last 8 checks their centre
    travelled far (over 1.5 typical data lengths) but ended up near where it started (net move
    under a third of the path); or D's verdict on fakes flipped sides again and again."""
    evals = trainer.evals.arrays()
    if len(evals["step"]) < 6:
        return None
    centre = np.stack([evals["mean_x"][-8:], np.nan_to_num(evals["mean_y"][-8:])], axis=1)
    if not np.all(np.isfinite(centre)):
        return None
    path = float(np.linalg.norm(np.diff(centre, axis=0), axis=1).sum())
    net = float(np.linalg.norm(centre[-1] - centre[0]))
    scale = data_scale(trainer.cfg)
    d_fake, d_real = evals["d_fake"][-8:], evals["d_real"][-8:]
    flips = int(np.sum(np.diff(np.sign(d_real - d_fake)) != 0))
    bounded = trainer.cfg.loss not in ("wgan_gp", "hinge")
    swinging = path > 1.5 * scale and net < path / 3
    flipping = bounded and flips >= 3 and float(np.ptp(d_fake)) > 0.3
    if not (swinging or flipping):
        return None
    what = (
        f"the fakes' centre travelled {path / scale:.1f} data-widths over the last {len(centre)} checks "
        f"but moved only {net / scale:.1f} net"
        if swinging
        else f"D's verdict on the fakes flipped {flips} times over the last {len(d_fake)} checks"
    )
    return Flag(
        "oscillation",
        "Oscillation",
        f"The players chase each other in circles: {what}.",
        "Lower both learning rates (or turn on lr decay), or add the R1 penalty that damps the rotation.",
    )
