"""Hooks for a lesson's questions: beside the part of the page each one checks, and the rest at the
end ("Check your understanding").

A lesson page calls ``lesson_questions.section(<lesson id>, <part>)`` right after each part that
questions may check (the parts are ``gan_core.quiz.bank.SECTIONS``), and ends with
``lesson_questions.render(<lesson id>)`` (the remaining questions, then ``lesson_end``). The questions come from the quiz engine's bank
(``gan_core/quiz/questions/<lesson>.toml``); a lesson or a part without questions shows nothing.
"""

from __future__ import annotations


def section(lesson: str, part: str) -> None:
    """The questions whose ``section`` is this part of the lesson, right here."""
    from ui import quiz  # imported here: a page that never reaches its questions does not load the bank

    quiz.section_questions(lesson, part)


def render(lesson: str, everything: bool = False) -> None:
    """The end of a lesson page: its "Check your understanding" section (the questions not shown
    beside a part; ``everything`` where the page could not draw its parts, e.g. its weights are
    missing), then what the lesson taught, its words and the next lesson (ui/lesson_end.py)."""
    from ui import lesson_end, quiz

    quiz.lesson_questions(lesson, everything)
    lesson_end.render(lesson)
