"""Hook for the checkpoint questions embedded in each lesson.

The quiz engine and its question bank are a separate piece of work (see the README's roadmap);
until a bank exists for a lesson this renders nothing, so the lesson never shows placeholder text.
"""

from __future__ import annotations

import importlib.util


def render(lesson: str) -> None:
    """Show the lesson's checkpoint questions, if the quiz engine provides any."""
    if importlib.util.find_spec("ui.quiz") is None:
        return
    from ui import quiz  # pragma: no cover - arrives with the quiz engine

    quiz.checkpoints(lesson)
