"""The question bank and this learner's answers, for every page: the lessons' questions, Home's
course map, the Quiz page, and a class (``ui/classroom.py`` fills the answers from the class
database when the learner is in one)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from gan_core.quiz import bank as question_bank
from gan_core.quiz.bank import Bank
from gan_core.quiz.progress import LessonSummary, Progress

PROGRESS_KEY = "quiz.progress"


@st.cache_resource(show_spinner=False)
def _load(folder: str, stamp: tuple[tuple[str, int], ...]) -> Bank:
    return question_bank.load_bank(folder)  # read-only and immutable: safe to share between learners


def bank() -> Bank:
    """The question bank, reloaded when a file in the folder changes (teachers can edit live)."""
    folder = Path(question_bank.QUIZ_DIR)
    stamp = tuple((f.name, f.stat().st_mtime_ns) for f in sorted(folder.glob("*.toml")))
    return _load(str(folder), stamp)


def progress() -> Progress:
    """This learner's progress (per session)."""
    if PROGRESS_KEY not in st.session_state:
        st.session_state[PROGRESS_KEY] = Progress()
    return st.session_state[PROGRESS_KEY]


def summary() -> dict[str, LessonSummary]:
    """Per lesson id: questions, answered, answered right (for Home's course map)."""
    return progress().summary(bank())
