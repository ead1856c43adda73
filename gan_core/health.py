"""The health monitor's shared parts: a named problem (``Flag``) and the checks every G-against-D
lesson makes.

Each lesson's monitor (``gan_core/toy/health.py``, ``gan_core/digits/health.py``) reads a run's
recent step and evaluation history and returns flags in words a learner can act on. It never
changes the run (a trainer pauses itself on divergence).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Protocol

import numpy as np

from gan_core import losses

FlagName = Literal["diverged", "discriminator_wins", "mode_collapse", "oscillation"]


class Watched(Protocol):
    """What a health check reads of a run (every trainer built on ``gan_core.alternating``)."""

    cfg: Any  # with ``loss``
    history: Any  # a History of step rows: d_real, d_fake, g_grad, ...
    evals: Any  # a History of evaluation rows
    step_count: int
    diverged: str | None


@dataclass(frozen=True)
class Flag:
    """One named problem: ``title`` to show, ``message`` saying what we see, ``suggestion`` to try."""

    name: FlagName
    title: str
    message: str
    suggestion: str


def diverged(run: Watched, suggestion: str) -> Flag:
    """The flag of a run that paused itself on divergence (its message says where and why)."""
    return Flag("diverged", "Diverged", run.diverged or "", suggestion)


def recent(run: Watched, column: str, n: int, source: str = "history") -> np.ndarray:
    table = (run.history if source == "history" else run.evals).arrays()
    return table[column][-n:] if len(table[column]) else np.array([], dtype=np.float32)


def discriminator_wins(trainer: Watched) -> Flag | None:
    """D(x) -> 1 and D(G(z)) -> 0 for the last 50 recorded steps (probability-like losses)."""
    if losses.is_critic(trainer.cfg.loss):
        return None  # critic scores are unbounded: "confident" has no fixed meaning there
    d_real, d_fake = recent(trainer, "d_real", 50), recent(trainer, "d_fake", 50)
    if len(d_real) < 20 or not (d_real.mean() > 0.9 and d_fake.mean() < 0.1):
        return None
    g_grad = recent(trainer, "g_grad", 50)
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
        _d_wins_suggestion(trainer.cfg),
    )


def _d_wins_suggestion(cfg: object) -> str:
    """What to try when D wins, naming only settings this run has, and never the loss in use."""
    tries = ["switch G to the non-saturating loss"] if getattr(cfg, "loss", "") == "minimax" else []
    tries.append("lower lr_d (or raise lr_g)")
    extras = [name.replace("_", " ") for name in ("instance_noise", "label_smoothing") if hasattr(cfg, name)]
    if extras:
        tries.append("add " + " or ".join(extras))
    text = any_of(tries)
    return text[0].upper() + text[1:] + "."


def any_of(tries: list[str]) -> str:
    """Things to try as one phrase: "a", "a or b", "a, b, or c"."""
    if len(tries) <= 2:
        return " or ".join(tries)
    return ", ".join(tries[:-1]) + ", or " + tries[-1]
