"""Hook for the questions at the end of each lesson ("Check your understanding").

Every lesson page ends with ``lesson_questions.render(<lesson id>)``. The questions come from the quiz
engine's bank (``gan_core/quiz/questions/<lesson>.toml``); a lesson without questions shows nothing, so a
new lesson can call the hook before its questions are written.
"""

from __future__ import annotations


def render(lesson: str) -> None:
    """Show the lesson's "Check your understanding" section (nothing if it has no questions)."""
    from ui import quiz  # imported here: a page that never reaches its end does not load the bank

    quiz.lesson_questions(lesson)
