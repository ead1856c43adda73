"""A run as files: the lessons' downloads and the command line's reports share these.

``run_json`` is the config, the step and evaluation histories and the divergence message, as JSON;
``run_csv`` the two histories side by side, one row per step (evaluation columns prefixed
``eval_``). Numbers are rounded to 6 significant digits where they leave the library; a value that
is not finite (a metric that does not apply, a diverged loss) is JSON ``null`` or an empty cell.
"""

from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

from gan_core import settings

DIGITS = 6


def _number(x: float) -> float | None:
    x = float(x)
    return round(x, DIGITS) if math.isfinite(x) else None


def table(history: Any) -> dict[str, list[float | None]]:
    """A History's columns as JSON-ready lists."""
    return {k: [_number(x) for x in v] for k, v in history.arrays().items()}


def flags(trainer: Any) -> list[dict[str, str]]:
    """The run's health flags as JSON-ready records."""
    return [{"name": f.name, "title": f.title, "message": f.message} for f in trainer.flags]


def run_json(trainer: Any) -> str:
    """Config, steps, divergence, step history and evaluation history."""
    return json.dumps(
        {
            "config": settings.to_dict(trainer.cfg),
            "steps": trainer.step_count,
            "diverged": trainer.diverged,
            "history": table(trainer.history),
            "evaluations": table(trainer.evals),
        },
        indent=1,
    )


def run_csv(trainer: Any) -> str:
    """One row per recorded step: the step history's columns, then the evaluation's (``eval_``)."""
    h, e = trainer.history.arrays(), trainer.evals.arrays()
    by_step = {int(s): {k: float(v[i]) for k, v in h.items()} for i, s in enumerate(h["step"])}
    for i, s in enumerate(e["step"]):
        row = by_step.setdefault(int(s), {"step": float(s)})
        row.update({f"eval_{k}": float(v[i]) for k, v in e.items() if k != "step"})
    columns = list(h) + [f"eval_{k}" for k in e if k != "step"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for s in sorted(by_step):
        row = by_step[s]
        writer.writerow(["" if c not in row or not math.isfinite(row[c]) else f"{row[c]:.6g}" for c in columns])
    return out.getvalue()
