"""One headless loop for every lesson's trainer: train to the budget, evaluating as it goes.

The command line (``python -m gan_core``) and the benchmarks run a trainer this way: ``step``
``eval_every`` iterations, ``evaluate``, note when ``reached_target`` first holds, repeat until the
budget is spent or the run diverged. Only training time is counted (evaluation is reporting).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gan_core import export, settings
from gan_core.stepping import LiveTrainer


@dataclass
class HeadlessRun:
    """A finished headless run: its trainer, training seconds, when it reached its target, and the
    final evaluation."""

    trainer: LiveTrainer
    seconds: float = 0.0
    target: tuple[int, float] | None = None  # (step, training seconds) when reached_target first held
    metrics: dict[str, float] = field(default_factory=dict)

    @property
    def iterations_per_second(self) -> float | None:
        return round(self.trainer.step_count / self.seconds, 1) if self.seconds > 0 else None

    def report(self) -> dict[str, Any]:
        """The fields every command's JSON report shares (each command adds its own)."""
        t = self.trainer
        return {
            "config": settings.to_dict(t.cfg),
            "steps": t.step_count,
            "seconds": round(self.seconds, 3),
            "iterations_per_second": self.iterations_per_second,
        }

    def tail(self) -> dict[str, Any]:
        """The report's closing fields: health flags (where the trainer has a monitor), divergence,
        and the evaluation history."""
        t = self.trainer
        flags = {"flags": export.flags(t)} if hasattr(t, "flags") else {}
        return flags | {"diverged": t.diverged, "history": export.table(t.evals)}


def train(
    trainer: LiveTrainer,
    eval_every: int,
    progress: Callable[[HeadlessRun, dict[str, float]], None] | None = None,
    evaluate_first: bool = False,
) -> HeadlessRun:
    """Train ``trainer`` to its budget (or until it diverges), evaluating every ``eval_every``
    iterations (and once before the first, with ``evaluate_first``); ``progress(run, metrics)``
    after each evaluation."""
    run = HeadlessRun(trainer)
    if evaluate_first:
        trainer.evaluate()
    while not trainer.finished and trainer.diverged is None:
        t0 = time.perf_counter()
        trainer.step(min(eval_every, trainer.cfg.steps - trainer.step_count))
        run.seconds += time.perf_counter() - t0
        m = trainer.evaluate()
        if run.target is None and trainer.reached_target(m):
            run.target = (trainer.step_count, run.seconds)
        if progress is not None:
            progress(run, m)
    run.metrics = trainer.evaluate()
    return run
