"""The MNIST lesson's health monitor: the toy monitor's checks in the digits' terms.

``assess(trainer)`` reads the run's step history and its latest classifier evaluation
(``trainer.metrics``): divergence, the discriminator winning, digit collapse, still noise.
"""

from __future__ import annotations

import numpy as np

from gan_core.health import Flag, Watched, discriminator_wins, diverged

WARMUP_STEPS = 300  # the first steps are always chaotic: judge nothing before this


def assess(trainer: Watched) -> tuple[Flag, ...]:
    """The toy monitor's checks in the digits' terms, most serious first."""
    if trainer.diverged:
        return (diverged(trainer, "Lower the learning rates, then Reset."),)
    if trainer.step_count < WARMUP_STEPS:
        return ()
    d_wins = discriminator_wins(trainer)  # when D rejects every fake, that is the diagnosis, not collapse
    flags = [d_wins] if d_wins is not None else [f for f in [_digit_collapse(trainer)] if f]
    if not flags:
        flags += [f for f in [_still_noise(trainer)] if f]
    return tuple(flags)


def _digit_collapse(trainer: Watched) -> Flag | None:
    """Most samples are one or a few digits (or, conditional, G ignores the label)."""
    m = trainer.metrics
    if not m or m.get("confident", 0) < 0.3:
        return None  # not digits yet: nothing to collapse
    if m["kl_uniform"] < 1.0 and m["classes"] >= 6:
        return None
    hist = np.array([m[f"class_{c}"] for c in range(10)])
    top = np.argsort(hist)[::-1][:3]
    shown = ", ".join(f"{c} ({hist[c]:.0%})" for c in top if hist[c] > 0)
    return Flag(
        "mode_collapse",
        "Mode collapse",
        f"The samples are mostly the same few digits: {shown}. KL to an even mix: {m['kl_uniform']:.2f} bits "
        "(0 = all ten digits equally). G found digits that fool D and stopped drawing the others.",
        "Lower lr_g or raise lr_d, use a larger noise dimension, or turn on conditional mode.",
    )


def _still_noise(trainer: Watched) -> Flag | None:
    """After a fair number of steps the classifier still recognises (almost) nothing."""
    m = trainer.metrics
    if not m or trainer.step_count < 1000 or m.get("confident", 1.0) >= 0.05:
        return None
    return Flag(
        "discriminator_wins" if m.get("d_fake", 1) < 0.1 else "oscillation",
        "No digits yet",
        f"After {trainer.step_count:,} steps the classifier is confident about only {m['confident']:.0%} "
        "of the samples: G is not learning digits.",
        "Check D(G(z)): near 0 means D wins (non-saturating loss, lower lr_d); jumping around means the "
        "learning rates are too high.",
    )
