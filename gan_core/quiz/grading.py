"""Grading one attempt at a question, with the feedback a learner sees for each part of it."""

from __future__ import annotations

import math
from dataclasses import dataclass

from gan_core.quiz.bank import Question, Response


@dataclass(frozen=True)
class Feedback:
    """What a learner sees about one part of an answer."""

    text: str  # the chosen option's text, or the number typed
    right: bool  # whether this choice was right
    why: str


@dataclass(frozen=True)
class Grade:
    correct: bool
    feedback: tuple[Feedback, ...]
    missed: int = 0  # multi: true options left unticked


def grade(q: Question, response: Response) -> Grade:
    """Grade one attempt. ``response``: an option index (single, predict), a set of ticked option
    indices (multi) or a number (numeric). Raises ValueError for a response of the wrong shape."""
    if q.kind == "numeric":
        if isinstance(response, (bool, frozenset, set)) or not isinstance(response, (int, float)):
            raise ValueError(f"{q.id}: expected a number, got {response!r}")
        try:
            x = float(response)
        except OverflowError:  # an int beyond float's range (an imported file can hold one)
            raise ValueError(f"{q.id}: expected a finite number, got one too large to compare") from None
        if not math.isfinite(x):
            raise ValueError(f"{q.id}: expected a finite number, got {response!r}")
        right = abs(x - q.value) <= q.tolerance + 1e-12 * max(1.0, abs(q.value))
        why = q.explanation if right else q.too_low if x < q.value else q.too_high
        return Grade(right, (Feedback(f"{x:g}", right, why),))
    if q.kind == "multi":
        if not isinstance(response, (set, frozenset)):
            raise ValueError(f"{q.id}: expected a set of option indices, got {response!r}")
        chosen = frozenset(response)
        _check_indices(q, chosen)
        feedback = tuple(Feedback(q.options[i].text, i in q.answer, q.options[i].why) for i in sorted(chosen))
        return Grade(chosen == q.answer, feedback, missed=len(q.answer - chosen))
    if isinstance(response, bool) or not isinstance(response, int):
        raise ValueError(f"{q.id}: expected one option index, got {response!r}")
    _check_indices(q, {response})
    right = response in q.answer
    return Grade(right, (Feedback(q.options[response].text, right, q.options[response].why),))


def _check_indices(q: Question, chosen: set[int] | frozenset[int]) -> None:
    for i in chosen:
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(q.options):
            raise ValueError(f"{q.id}: option index {i!r} out of range (0 to {len(q.options) - 1})")
