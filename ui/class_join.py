"""The learner's class page: join a class (a code and a display name), come back later with a
resume code, see your progress there, leave the class or delete your answers.

No e-mail, no password: a class code from the teacher and a name to show. The resume code (12
characters, stored only hashed) is what brings a learner back on another device or after a server
restart; it is shown right after joining and on this page, and never written into a lesson's link.
Wrong codes get one clear message, and a session that types WRONG_LIMIT wrong codes waits
WRONG_WAIT_S seconds before it may try again.
"""

from __future__ import annotations

import time

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from gan_core import literal
from gan_core.classes import store
from ui import answers, classroom, course, quiz, sign_in

RESUME = classroom.RESUME
WRONG = "class.wrong_codes"
WRONG_LIMIT = 5
WRONG_WAIT_S = 60.0
UNREACHABLE = (
    "The class database cannot be reached just now, so joining a class has to wait. The lessons and "
    "the Quiz page work as usual; your answers stay on this page."
)


def _locked() -> float:
    """Seconds left before this session may try another code (0: it may)."""
    tries = [t for t in st.session_state.get(WRONG, []) if time.monotonic() - t < WRONG_WAIT_S]
    st.session_state[WRONG] = tries
    return WRONG_WAIT_S - (time.monotonic() - tries[0]) if len(tries) >= WRONG_LIMIT else 0.0


def _wrong(message: str) -> None:
    st.session_state.setdefault(WRONG, []).append(time.monotonic())
    st.session_state["class.note"] = message


def _ready() -> Engine | None:
    """The database, when this session may try a code now (else None, with the reason noted)."""
    if _locked():
        return None
    engine = classroom.database()
    if engine is None:
        st.session_state["class.note"] = UNREACHABLE
    return engine


def _join() -> None:
    engine = _ready()
    if engine is None:
        return
    code, name = st.session_state.get("class.join_code", ""), st.session_state.get("class.join_name", "")
    who = sign_in.account()
    try:
        joined = store.join(engine, code, name, login=who.login if who else None)
    except ValueError as err:
        st.session_state["class.note"] = str(err)
        return
    except SQLAlchemyError:
        st.session_state["class.note"] = UNREACHABLE
        return
    if joined is None:
        _wrong("No class has that code. Check it with your teacher (letters and digits, 8 of them).")
        return
    learner, resume = joined
    info = store.class_by_id(engine, learner.class_id)
    assert info is not None
    _enter(learner, info, engine, resume, keep_answers=True)
    st.session_state["class.just_joined"] = True


def _enter(learner: store.Learner, info: store.ClassInfo, engine, resume: str, keep_answers: bool = False) -> None:
    """Become the learner; answers given before joining come along (they are saved for the class)."""
    before = dict(answers.progress().records) if keep_answers else {}
    classroom.become(learner, info, engine)
    st.session_state[RESUME] = resume
    by_id = answers.bank().by_id()
    for qid, rec in before.items():
        if qid in by_id:
            classroom.record(by_id[qid], rec.response, rec.correct)
            answers.progress().records[qid] = rec
    for q in answers.bank().questions:
        quiz.forget_widgets(q)


def _resume(code: str | None = None) -> None:
    engine = _ready()
    if engine is None:
        return
    code = code if code is not None else st.session_state.get("class.resume_input", "")
    try:
        learner = store.resume(engine, code)
        info = None if learner is None else store.class_by_id(engine, learner.class_id)
    except SQLAlchemyError:
        st.session_state["class.note"] = UNREACHABLE
        return
    if learner is None or info is None:
        _wrong("No learner has that resume code. Check it (12 letters and digits), or join the class again.")
        return
    _enter(learner, info, engine, store.normalise_code(code))


def _leave() -> None:
    me, engine = classroom.member(), classroom.database()
    if me is None:
        return
    if engine is None:
        st.session_state["class.note"] = UNREACHABLE
        return
    try:
        store.leave(engine, me.learner_id)
    except SQLAlchemyError:
        st.session_state["class.note"] = UNREACHABLE
        return
    classroom.forget()
    st.session_state["class.unremember"] = True
    for q in answers.bank().questions:
        quiz.forget_widgets(q)
    st.session_state["class.note"] = "You left the class; your answers there were deleted."


def _sign_out() -> None:
    """Not you? This browser forgets the learner (their answers stay in the class)."""
    classroom.forget()
    st.session_state["class.unremember"] = True
    for q in answers.bank().questions:
        quiz.forget_widgets(q)
    st.session_state["class.note"] = (
        "Signed out on this device. Your answers stay in the class: your resume code brings them back."
    )
    sign_in.sign_out()  # and out of the account, else the next session would bring the learner back


def _link_account() -> None:
    me, who, engine = classroom.member(), sign_in.account(), classroom.database()
    if me is None or who is None or engine is None:
        return
    try:
        store.link_login(engine, me.learner_id, who.login)
    except SQLAlchemyError:
        st.session_state["class.note"] = UNREACHABLE


def _delete_answers() -> None:
    if not classroom.delete_answers():
        st.session_state["class.note"] = UNREACHABLE
        return
    answers.progress().records.clear()
    for q in answers.bank().questions:
        quiz.forget_widgets(q)
    st.session_state["class.note"] = "Your answers in this class were deleted. You are still in the class."


def _account(me: classroom.Member) -> None:
    """Where the server has sign-in: an account to come back with instead of the code."""
    if not sign_in.providers():
        return
    who, engine = sign_in.account(), classroom.database()
    if who is None:
        st.caption("Or sign in with your school account, and it brings you back here on any device:")
        sign_in.buttons("Sign in", key="class.sign_in")
        return
    try:
        linked = engine is not None and store.has_login(engine, me.learner_id)
    except SQLAlchemyError:
        linked = False
    email = literal.plain(who.email or "your account")
    if linked:
        st.caption(f"Signed in as {email}: signing in brings you back to this class on any device.")
    else:
        st.button(
            f"Come back with my account ({literal.plain(who.email or 'signed in')})",
            key="class.link_account",
            on_click=_link_account,
            icon=":material/link:",
            help="Signing in with this account, on any device, then brings you back to this class.",
        )


def render() -> None:
    """The whole page."""
    params = st.query_params
    if "resume" in params:  # a resume link: use it once, and take it out of the address bar
        code = params.get("resume", "")
        st.query_params.clear()
        _resume(code)
    note = st.session_state.pop("class.note", None)
    if note:
        st.warning(literal.plain(note), icon=":material/info:")
    if st.session_state.pop("class.unremember", False):
        classroom.unremember()
    me = classroom.member()
    if me is None:
        _outside(params.get("join", ""))
    else:
        _inside(me)


def _outside(code: str) -> None:
    wait = _locked()
    if wait:
        st.error(f"Too many wrong codes. Wait {wait:.0f} s, then try again.", icon=":material/timer:")
    left, right = st.columns(2)
    with left.form("class.join"):
        st.markdown("**Join a class**")
        st.text_input("Class code (from your teacher)", value=code, max_chars=20, key="class.join_code")
        st.text_input(
            "Your name, as the class will see it",
            max_chars=store.MAX_NAME,
            key="class.join_name",
            help="Any name your teacher will recognise: no e-mail, no password.",
        )
        st.form_submit_button("Join", type="primary", on_click=_join, disabled=bool(wait), icon=":material/group_add:")
    with right.form("class.resume"):
        st.markdown("**Come back to your class**")
        st.text_input("Your resume code", max_chars=20, key="class.resume_input", type="password")
        st.form_submit_button("Come back", on_click=_resume, disabled=bool(wait), icon=":material/login:")
    if sign_in.providers():
        who = sign_in.account()
        if who is None:
            st.markdown("**Or sign in with your school account**: then signing in brings you back, no code to keep.")
            sign_in.buttons("Sign in", key="class.sign_in")
        else:
            st.info(
                f"Signed in as **{literal.plain(who.email or 'your account')}**. Join your class above: signing in "
                "brings you back to it on any device.",
                icon=":material/account_circle:",
            )
    st.caption(
        "Without a class, everything works as before: your answers stay in this browser tab, and the Quiz "
        "page downloads them. In a class, they are saved for you and your teacher."
    )


def _inside(me: classroom.Member) -> None:
    st.success(f"You are **{literal.plain(me.name)}** in **{literal.plain(me.class_name)}**.", icon=":material/groups:")
    resume = st.session_state.get(RESUME)
    if resume:
        classroom.remember(resume)
        fresh = st.session_state.pop("class.just_joined", False)
        st.markdown(
            ("**Write down your resume code now.** With it" if fresh else "**Your resume code.** With it")
            + " you find your answers again on another device, or after the server restarts:"
        )
        st.code(resume, language=None)
        base = str(st.context.url or "").split("?")[0]
        st.caption(f"Or keep this link (it is personal: do not share it): {base}?resume={resume}")
    _account(me)
    s = answers.progress().total(answers.bank())
    st.markdown(f"**Your progress:** {s.answered} of {s.total} questions answered, {s.correct} right.")
    for lesson in course.LESSONS:
        part = answers.summary().get(lesson.id)
        if part and part.total:
            st.progress(
                part.answered / part.total,
                text=f"{lesson.title}: {part.answered} of {part.total} · {part.correct} right",
            )
    c0, c1, c2 = st.columns(3)
    c0.button(
        "Sign out on this device",
        key="class.sign_out",
        on_click=_sign_out,
        icon=":material/logout:",
        help="On a shared computer: the next person here starts without your class. Your answers stay.",
    )
    with c1.popover("Delete my answers", icon=":material/delete:"):
        st.markdown("Delete every answer you gave in this class? You stay in the class.")
        st.button("Yes, delete my answers", key="class.delete_answers", on_click=_delete_answers, type="primary")
    with c2.popover("Leave this class", icon=":material/group_remove:"):
        st.markdown("Leave the class? Your answers there are deleted; your teacher no longer sees you.")
        st.button("Yes, leave the class", key="class.leave", on_click=_leave, type="primary")
