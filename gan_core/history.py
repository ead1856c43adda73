"""A bounded, append-only table of numbers over training steps.

When it holds ``max_rows`` rows it drops every other row and from then on keeps one row in two
(the stride doubles): memory stays bounded however long a learner trains, and the whole run is
still covered. The newest row is always kept too, so a chart never lags behind the run.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


class History:
    """Rows of floats keyed by column name; the first column is the step."""

    def __init__(self, columns: tuple[str, ...], max_rows: int = 2000) -> None:
        if max_rows < 2:
            raise ValueError(f"max_rows must be at least 2, got {max_rows}")
        self.columns = columns
        self.max_rows = max_rows
        self.stride = 1
        self._rows: list[tuple[float, ...]] = []
        self._tail: tuple[float, ...] | None = None  # newest row when it is off the stride

    def append(self, step: int, **values: float) -> None:
        """Record a row for ``step`` (kept if ``step`` falls on the current stride, else as the tail)."""
        row = (float(step),) + tuple(float(values.get(c, math.nan)) for c in self.columns[1:])
        if step % self.stride:
            self._tail = row
            return
        self._tail = None
        self._rows.append(row)
        if len(self._rows) >= self.max_rows:
            self.stride *= 2
            self._rows = [r for r in self._rows if int(r[0]) % self.stride == 0]

    def _all(self) -> list[tuple[float, ...]]:
        return self._rows + [self._tail] if self._tail is not None else self._rows

    def __len__(self) -> int:
        return len(self._all())

    def last(self) -> dict[str, float] | None:
        rows = self._all()
        return dict(zip(self.columns, rows[-1])) if rows else None

    def arrays(self) -> dict[str, np.ndarray]:
        """Column name -> float32 array (a copy)."""
        rows = self._all()
        table = np.array(rows, dtype=np.float32).reshape(len(rows), len(self.columns))
        return {c: table[:, i].copy() for i, c in enumerate(self.columns)}

    def truncate(self, step: int) -> None:
        """Drop rows after ``step`` (used when a run is rolled back)."""
        self._rows = [r for r in self._rows if r[0] <= step]
        if self._tail is not None and self._tail[0] > step:
            self._tail = None

    def state(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "max_rows": self.max_rows,
            "stride": self.stride,
            "rows": [list(r) for r in self._rows],
            "tail": None if self._tail is None else list(self._tail),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> History:
        h = cls(tuple(state["columns"]), state["max_rows"])
        h.stride = state["stride"]
        h._rows = [tuple(r) for r in state["rows"]]
        h._tail = None if state.get("tail") is None else tuple(state["tail"])
        return h
