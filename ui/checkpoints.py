"""Hook for the checkpoint questions embedded in each lesson.

Every lesson page ends with ``checkpoints.render(<lesson id>)``. The questions come from the quiz
engine's bank (``gan_core/quizzes/<lesson>.toml``); a lesson without questions shows nothing, so a
new lesson can call the hook before its questions are written.
"""

from __future__ import annotations


def render(lesson: str) -> None:
    """Show the lesson's "Check your understanding" section (nothing if it has no questions)."""
    from ui import quiz  # imported here: a page that never reaches its end does not load the bank

    quiz.checkpoints(lesson)
