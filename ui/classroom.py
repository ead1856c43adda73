"""A learner in a class: who they are (kept in the session), their answers saved to the class
database, the "saving paused" banner, and the question the teacher is asking the class.

Anonymous learners are untouched: without a class, answers live in the session exactly as before.
In a class, every attempt also goes to an outbox in the session, flushed to the database at once
and again on every page until it is stored (each attempt has its own key, so it is written once
however often it is sent). If the database is down or locked, learners keep answering and a banner
says saving is paused; nothing is lost while the session lives. Progress shown on Home, in the
lessons and on the Quiz page is the database's, reloaded every RELOAD_S seconds (another device).
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from gan_core.classes import db, store
from gan_core.quiz.bank import Question
from gan_core.quiz.progress import Progress, response_to_json
from ui import answers, sign_in

MEMBER = "class.member"
RESUME = "class.resume_code"
COOKIE = "gan_classroom_resume"  # the browser remembers its learner: a reconnect to any replica comes back
COOKIE_DAYS = 30
OUTBOX = "class.outbox"
PAUSED = "class.paused"
LOADED = "class.loaded_at"
RELOAD_S = 10.0
ASK_REFRESH_S = 3.0
PAUSED_TEXT = (
    "**Saving paused.** The class database cannot be reached just now. Keep going: your answers are "
    "kept on this page and saved as soon as it is back."
)


@dataclass(frozen=True)
class Member:
    learner_id: int
    class_id: int
    class_code: str
    class_name: str
    name: str


def member() -> Member | None:
    return st.session_state.get(MEMBER)


RETRY_S = 10.0  # after a failure, every page of the server waits this long before asking the database again
_down_until = [0.0]  # process-wide: a database that is down costs one timeout per RETRY_S, not one per page


def database() -> Engine | None:
    """The class database, or None (and the banner's reason) when it cannot be reached."""
    if time.monotonic() < _down_until[0]:
        st.session_state[PAUSED] = True
        return None
    try:
        engine = db.engine()
    except (SQLAlchemyError, OSError, RuntimeError):
        paused()
        return None
    return engine


def paused() -> None:
    """The database just failed: the banner says saving is paused, and the server leaves it alone
    for RETRY_S seconds."""
    st.session_state[PAUSED] = True
    _down_until[0] = time.monotonic() + RETRY_S


def become(learner: store.Learner, info: store.ClassInfo, engine: Engine) -> None:
    """This session is now ``learner`` of class ``info``: their progress comes from the database."""
    st.session_state[MEMBER] = Member(learner.id, info.id, info.code, info.name, learner.name)
    st.session_state[OUTBOX] = []
    _load(engine)


def forget() -> None:
    """Back to anonymous: the session keeps nothing of the class (the answers stay in the class)."""
    for key in (MEMBER, OUTBOX, PAUSED, LOADED, RESUME):
        st.session_state.pop(key, None)
    st.session_state[answers.PROGRESS_KEY] = Progress()


def _load(engine: Engine) -> None:
    me = member()
    assert me is not None
    tries = store.attempts_of(engine, me.learner_id)
    pending = st.session_state.get(OUTBOX, [])
    rows = [(a.question_id, a.response, a.at) for a in tries] + [(a.question_id, a.response, a.at) for a in pending]
    st.session_state[answers.PROGRESS_KEY] = Progress.replay(answers.bank(), rows)
    st.session_state[LOADED] = time.monotonic()


def record(q: Question, response: Any, correct: bool) -> None:
    """An attempt the learner just made (after the session's progress took it): saved for the class."""
    if member() is None:
        return
    st.session_state.setdefault(OUTBOX, []).append(
        store.Attempt(uuid.uuid4().hex, q.id, response_to_json(response), correct, store.now())
    )
    flush()


def flush() -> bool:
    """Write the outbox; True when everything is stored (an empty outbox asks nothing of the
    database: most page runs, a click on Play or a slider, have no answer to save)."""
    me, outbox = member(), st.session_state.get(OUTBOX, [])
    if me is None or not outbox:
        return True
    engine = database()
    if engine is None:
        return False
    try:
        if not _still_in_class(engine, me):
            return True
        store.save_attempts(engine, me.learner_id, list(outbox))
    except SQLAlchemyError:
        paused()
        return False
    st.session_state[OUTBOX] = []
    st.session_state.pop(PAUSED, None)
    return True


def _still_in_class(engine: Engine, me: Member) -> bool:
    """False (and the session is anonymous again) when the teacher deleted the class."""
    if store.learner_exists(engine, me.learner_id):
        return True
    forget()
    st.session_state["class.gone"] = True
    return False


def remember(code: str) -> None:
    """Keep the learner's resume code in this browser (a cookie of this site only), so that a new
    session (a replica that went away, a closed tab) finds the learner again."""
    code = store.normalise_code(code)
    if code and set(code) <= set(store.ALPHABET):  # only our own alphabet reaches the script
        st.html(
            f"<script>document.cookie='{COOKIE}={code}; path=/; max-age={COOKIE_DAYS * 86400}; SameSite=Strict'</script>",
            unsafe_allow_javascript=True,
        )


def unremember() -> None:
    st.html(
        f"<script>document.cookie='{COOKIE}=; path=/; max-age=0; SameSite=Strict'</script>",
        unsafe_allow_javascript=True,
    )


def come_back() -> None:
    """A new session in a browser that remembers a learner (the resume code's cookie), or of a
    learner signed in with an account that joined a class: become that learner again (once)."""
    if member() is not None or st.session_state.get("class.came_back"):
        return
    st.session_state["class.came_back"] = True
    try:
        code = st.context.cookies.get(COOKIE, "")
    except Exception:  # noqa: BLE001 - no browser behind this run (a test, a bare script)
        code = ""
    who = sign_in.account()
    if not code and who is None:
        return
    engine = database()
    if engine is None:
        return
    try:
        learner = store.resume(engine, code) if code else None
        if learner is None and who is not None:
            learner = store.by_login(engine, who.login)
            code = ""
        info = None if learner is None else store.class_by_id(engine, learner.class_id)
        if learner is not None and info is not None:
            become(learner, info, engine)
            if code:
                st.session_state[RESUME] = store.normalise_code(code)
    except SQLAlchemyError:
        paused()


def sync() -> None:
    """Every page run: a browser that remembers its learner comes back; then flush what is waiting,
    and reload the progress when it is RELOAD_S old."""
    come_back()
    if member() is None:
        return
    if not flush() or member() is None:
        return
    if time.monotonic() - st.session_state.get(LOADED, 0.0) >= RELOAD_S:
        engine = database()
        if engine is None:
            return
        try:
            if _still_in_class(engine, member()):
                _load(engine)
                st.session_state.pop(PAUSED, None)
        except SQLAlchemyError:
            paused()


def banner() -> None:
    """At the top of every page: saving paused, or the class that was deleted."""
    if st.session_state.pop("class.gone", False):
        st.info(
            "Your class was closed by its teacher, so this page no longer saves your answers.",
            icon=":material/group_off:",
        )
    if member() is not None and st.session_state.get(PAUSED):
        st.warning(PAUSED_TEXT, icon=":material/cloud_off:")


def asking() -> store.ClassInfo | None:
    """The learner's class while its teacher is asking it a question (else None)."""
    me = member()
    engine = None if me is None else database()
    if engine is None:
        return None
    try:
        info = store.class_by_id(engine, me.class_id)
    except SQLAlchemyError:
        paused()
        return None
    return info if info is not None and info.asked_question else None


def delete_answers() -> bool:
    """In a class: delete every answer of this learner there (they stay in the class). Returns
    False when the database cannot be reached (nothing was deleted there)."""
    me = member()
    if me is None:
        return True
    st.session_state[OUTBOX] = []
    engine = database()
    if engine is None:
        return False
    try:
        store.delete_answers(engine, me.learner_id)
    except SQLAlchemyError:
        paused()
        return False
    return True
