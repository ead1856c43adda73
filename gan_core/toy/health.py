"""The toy lessons' health monitor: names what is going on in a run, in words a learner can act on.

``assess(trainer)`` reads the trainer's recent step and evaluation history and returns flags
(``gan_core.health``): divergence, the discriminator winning, mode collapse, oscillation.
"""

from __future__ import annotations

import numpy as np

from gan_core import losses
from gan_core.health import Flag, Watched, any_of, discriminator_wins, diverged, recent

WARMUP_STEPS = 200  # the first steps are always chaotic: judge nothing before this


def assess(trainer: Watched) -> tuple[Flag, ...]:
    """All flags that hold for the run right now, most serious first."""
    if trainer.diverged:
        return (
            diverged(trainer, "Lower the learning rates, or Reset with a gradient penalty (r1_weight, under Tricks)."),
        )
    if trainer.step_count < WARMUP_STEPS:
        return ()
    # When D rejects every fake, low coverage is D winning, not G fooling D: one diagnosis, not two.
    first = discriminator_wins(trainer) or _mode_collapse(trainer)
    return tuple(f for f in (first, _oscillation(trainer)) if f is not None)


def _mode_collapse(trainer: Watched) -> Flag | None:
    """Coverage of the real data has fallen: below half, or well below its best in this run."""
    coverage = recent(trainer, "coverage", 10_000, "evals")
    if len(coverage) < 2 or not np.isfinite(coverage[-1]):
        return None
    now, best = float(coverage[-1]), float(np.nanmax(coverage))
    if now >= 0.5 and now >= best - 0.35:
        return None
    modes = recent(trainer, "modes_captured", 1, "evals")
    if len(modes) and np.isfinite(modes[-1]):
        what = f"the fakes sit on only {int(modes[-1])} of the real modes"
    else:
        what = f"the fakes cover only {now:.0%} of the real data's mass"
    trend = f" (best in this run: {best:.0%})" if best > now + 0.05 else ""
    return Flag(
        "mode_collapse",
        "Mode collapse",
        f"{what.capitalize()}{trend}: G found a few outputs that fool D and keeps making them.",
        _collapse_suggestion(trainer.cfg),
    )


def _collapse_suggestion(cfg: object) -> str:
    """What to try against mode collapse: the tricks this run does not use yet."""
    tries = []
    if getattr(cfg, "pac", 1) < 2:
        tries.append("PacGAN (pac 2)")
    if not getattr(cfg, "minibatch_disc", False):
        tries.append("minibatch discrimination")
    tries.append("a lower lr_g")
    if not getattr(cfg, "loss", "").startswith("wgan"):
        tries.append("a Wasserstein loss (wgan_lp)")
    return "Try " + any_of(tries) + "."


def _oscillation(trainer: Watched) -> Flag | None:
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
    scale = trainer.data_scale
    d_fake, d_real = evals["d_fake"][-8:], evals["d_real"][-8:]
    flips = int(np.sum(np.diff(np.sign(d_real - d_fake)) != 0))
    bounded = not losses.is_critic(trainer.cfg.loss)
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
