"""The Quiz page's tools: download the learner's results (CSV, JSON), import a progress file
downloaded earlier, start again, and show only some questions (unanswered, wrong, ...)."""

from __future__ import annotations

import streamlit as st

from gan_core import literal
from gan_core.quiz.progress import MAX_BYTES, Progress
from ui import classroom
from ui.answers import bank, progress
from ui.quiz import forget_widgets


def downloads() -> None:
    """The learner's results as CSV (one row per question) and as JSON (re-importable)."""
    b, p = bank(), progress()
    c1, c2 = st.columns(2)
    c1.download_button(
        "Results as CSV",
        p.to_csv(b),
        file_name="gan-classroom-quiz.csv",
        mime="text/csv",
        key="quiz.dl_csv",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )
    c2.download_button(
        "Progress as JSON (to import later)",
        p.to_json(b),
        file_name="gan-classroom-progress.json",
        mime="application/json",
        key="quiz.dl_json",
        icon=":material/download:",
        on_click="ignore",
        width="stretch",
    )


def import_box() -> None:
    """Upload a JSON file downloaded earlier: its answers are added to (and replace, per question)
    the current ones. A bad file changes nothing and says why."""
    st.file_uploader(
        "Import a progress file downloaded earlier (JSON)",
        type=["json"],
        key="quiz.import",
        on_change=_import,
        max_upload_size=1,  # MB: a progress file is a few KB
        help="Your answers live only as long as this browser session (and the server). Download them as JSON "
        "to keep them; upload the file here to continue.",
    )
    note = st.session_state.pop("quiz.import_note", None)
    if note:
        kind, text = note
        (st.success if kind == "ok" else st.error)(text, icon=":material/upload_file:")


def _import() -> None:
    uploaded = st.session_state.get("quiz.import")
    if uploaded is None:
        return
    name = literal.code(uploaded.name, 60)
    if uploaded.size > MAX_BYTES:  # refused before it is read: the server took at most server.maxUploadSize
        st.session_state["quiz.import_note"] = (
            "error",
            f"Could not import {name}: it is {uploaded.size:,} bytes, and a progress file is at most "
            f"{MAX_BYTES:,}. Your current answers are unchanged.",
        )
        return
    b = bank()
    try:
        loaded, notes = Progress.from_json(uploaded.getvalue(), b)
    except ValueError as err:
        st.session_state["quiz.import_note"] = (
            "error",
            f"Could not import {name}: {err}. Your current answers are unchanged.",
        )
        return
    p = progress()
    p.records.update(loaded.records)
    by_id = b.by_id()
    for qid, rec in loaded.records.items():
        forget_widgets(by_id[qid])
        classroom.record(by_id[qid], rec.response, rec.correct)  # in a class: the latest answer, saved
    text = f"Imported {len(loaded.records)} answers from {name}."
    st.session_state["quiz.import_note"] = ("ok", " ".join([text, *notes]))


def reset_box() -> None:
    """Reset progress, behind an explicit second confirmation."""
    p = progress()
    if not st.session_state.get("quiz.confirm_reset"):
        st.button(
            "Reset my progress…",
            key="quiz.reset",
            icon=":material/delete:",
            disabled=not p.records,
            on_click=lambda: st.session_state.update({"quiz.confirm_reset": True}),
        )
        if st.session_state.pop("quiz.reset_note", None):
            st.success("Progress reset: every question is unanswered again.", icon=":material/delete:")
        return
    with st.container(border=True):
        n = len(p.records)
        st.warning(
            f"Delete your {n} answer{'s' if n != 1 else ''}? This cannot be undone: download them as JSON first "
            "if you want to keep them.",
            icon=":material/warning:",
        )
        with st.container(horizontal=True):
            st.button("Yes, delete my answers", key="quiz.reset_confirm", type="primary", on_click=_reset)
            st.button(
                "Cancel", key="quiz.reset_cancel", on_click=lambda: st.session_state.pop("quiz.confirm_reset", None)
            )


def _reset() -> None:
    for q in bank().questions:
        forget_widgets(q)
    progress().records.clear()
    classroom.delete_answers()
    st.session_state.pop("quiz.confirm_reset", None)
    st.session_state["quiz.reset_note"] = True


FILTERS = ("All", "Not answered yet", "To retry")


def filter_bar() -> set[str]:
    """Which questions the Quiz page shows. The choice is applied when it is made: a question
    answered while "Not answered yet" is chosen stays on screen with its feedback."""
    st.segmented_control(
        "Show",
        FILTERS,
        default="All",
        key="quiz.filter",
        on_change=_apply_filter,
        help="To retry: the questions whose latest answer was wrong.",
    )
    if "quiz.filter_ids" not in st.session_state or st.session_state.get("quiz.filter") in (None, "All"):
        _apply_filter()
    return st.session_state["quiz.filter_ids"]


def _apply_filter() -> None:
    choice, records = st.session_state.get("quiz.filter") or "All", progress().records
    keep = {
        "All": lambda rec: True,
        "Not answered yet": lambda rec: rec is None,
        "To retry": lambda rec: rec is not None and not rec.correct,
    }[choice]
    st.session_state["quiz.filter_ids"] = {q.id for q in bank().questions if keep(records.get(q.id))}
