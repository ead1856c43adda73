"""The teacher's page: behind the teacher key, create a class (its code, join link and a QR code to
project), watch it live, ask it one question, export the gradebook, delete it.

The key comes from ``.streamlit/secrets.toml`` (``teacher_key = "..."``) or the environment
(``GAN_CLASSROOM_TEACHER_KEY``); what a teacher types is compared with it in constant time (their
sha256 digests, with ``hmac.compare_digest``). Without a key configured the page says how to set one
and shows nothing of any class. Names are shown as text: tables (st.dataframe) and escaped markdown.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import time

import segno
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from gan_core import literal
from gan_core.classes import report, store
from ui import answers, classroom, sign_in, teacher_class

ENV_KEY = "GAN_CLASSROOM_TEACHER_KEY"
SIGNED_IN = "teacher.signed_in"
WRONG = "teacher.wrong_keys"
WRONG_LIMIT = 5
WRONG_WAIT_S = 60.0
UNREACHABLE = "The class database cannot be reached just now. Nothing was changed; try again in a moment."


def configured_key() -> str | None:
    """The teacher key of this server, or None where none is set up."""
    try:
        key = st.secrets.get("teacher_key")
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: the environment decides
        key = None
    key = key or os.environ.get(ENV_KEY, "")
    return str(key) if key and str(key).strip() else None


def key_matches(given: str, key: str) -> bool:
    """Constant-time comparison of what was typed with the key."""
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(key.encode()).digest())


def signed_in() -> bool:
    """With the key in this session, or with an account on the server's teacher list."""
    return bool(st.session_state.get(SIGNED_IN)) or sign_in.is_teacher(sign_in.account())


def _accounts_on() -> bool:
    """This server lets teachers in by signing in (st.login set up, and a list of teachers)."""
    return bool(sign_in.providers() and sign_in.teacher_emails())


def _sign_in() -> None:
    key = configured_key()
    tries = [t for t in st.session_state.get(WRONG, []) if time.monotonic() - t < WRONG_WAIT_S]
    st.session_state[WRONG] = tries
    if key is None or len(tries) >= WRONG_LIMIT:
        return
    if key_matches(st.session_state.get("teacher.key_input", ""), key):
        st.session_state[SIGNED_IN] = True
        st.session_state.pop(WRONG, None)
    else:
        tries.append(time.monotonic())
        st.session_state["teacher.note"] = "That is not this server's teacher key."
    st.session_state["teacher.key_input"] = ""


def _setup_help() -> None:
    st.info(
        "**No teacher key is set up on this server**, so this page shows nothing of any class. To set one, "
        "put a long random key in `.streamlit/secrets.toml` beside `app.py`, or in the environment, then "
        "restart the app:",
        icon=":material/key:",
    )
    st.code('teacher_key = "pick-a-long-random-phrase"        # .streamlit/secrets.toml', language="toml")
    st.code("export GAN_CLASSROOM_TEACHER_KEY='pick-a-long-random-phrase'", language="bash")
    st.caption(
        "Or, where the server has sign-in set up (st.login, an `[auth]` table in the same file), list the "
        'teachers\' e-mails instead: `teacher_emails = ["you@school.org"]` (docs/teachers.md, Signing in). '
        "Learners never need either: they join with the class code the page gives you."
    )


def _sign_in_options() -> None:
    if configured_key() is not None:
        with st.form("teacher.sign_in"):
            st.text_input("Teacher key", type="password", key="teacher.key_input")
            st.form_submit_button("Sign in", type="primary", on_click=_sign_in, icon=":material/login:")
    if not _accounts_on():
        return
    who = sign_in.account()
    if who is None:
        st.markdown("**Teachers on this server's list** sign in with their account:")
        sign_in.buttons("Sign in as a teacher", key="teacher.sign_in_account")
        return
    why = "its e-mail is not verified by the provider" if who.email_verified is False else "it is not on the list"
    st.warning(
        f"Signed in as **{literal.plain(who.email or 'an account without an e-mail')}**, but {why} of this "
        f"server's teachers (`teacher_emails` in `.streamlit/secrets.toml`, or `{sign_in.ENV_TEACHERS}`).",
        icon=":material/person_off:",
    )
    if st.button("Sign out of this account", key="teacher.sign_out", icon=":material/logout:"):
        st.logout()


def render() -> None:
    note = st.session_state.pop("teacher.note", None)
    if note:
        st.warning(note, icon=":material/info:")
    if configured_key() is None and not _accounts_on():
        _setup_help()
        return
    if not signed_in():
        _sign_in_options()
        return
    who = sign_in.account()
    if not st.session_state.get(SIGNED_IN) and who is not None:
        left, right = st.columns([4, 1], vertical_alignment="center")
        left.caption(f"Signed in as {literal.plain(who.email)}, on this server's list of teachers.")
        if right.button("Sign out", key="teacher.sign_out_account", icon=":material/logout:"):
            st.logout()
    engine = classroom.database()
    if engine is None:
        st.error(
            "**The class database cannot be reached.** Learners keep answering (their answers wait on their "
            "pages and are saved when it is back); this page shows the class again as soon as it is.",
            icon=":material/cloud_off:",
        )
        return
    try:
        listed = store.list_classes(engine)
    except SQLAlchemyError:
        st.error(UNREACHABLE, icon=":material/cloud_off:")
        return
    _create(expanded=not listed)
    if not listed:
        st.caption("No class yet: create one above.")
        return
    codes = [info.code for info, _ in listed]
    labels = {info.code: f"{info.code} · {info.name}" for info, _ in listed}
    chosen = st.selectbox("Class", codes, format_func=labels.get, key="teacher.class")
    info = next((info for info, _ in listed if info.code == chosen), None)
    if info is None:
        st.rerun()
    _join_card(info)
    teacher_class.live(info.id)
    _exports(engine, info)


def _create_class() -> None:
    engine = classroom.database()
    if engine is None:
        st.session_state["teacher.note"] = UNREACHABLE
        return
    try:
        made = store.create_class(engine, st.session_state.get("teacher.new_name", ""))
    except ValueError as err:
        st.session_state["teacher.note"] = str(err)
        return
    except SQLAlchemyError:
        st.session_state["teacher.note"] = UNREACHABLE
        return
    st.session_state["teacher.class"] = made.code
    st.session_state["teacher.new_name"] = ""


def _create(expanded: bool) -> None:
    with st.expander("Create a class", icon=":material/add:", expanded=expanded):
        with st.form("teacher.create"):
            st.text_input("Class name, as learners will see it", max_chars=store.MAX_NAME, key="teacher.new_name")
            st.form_submit_button("Create the class", on_click=_create_class, icon=":material/group_add:")


def join_link(code: str) -> str:
    base = str(st.context.url or "").split("?")[0].rstrip("/")
    base = base.rsplit("/", 1)[0] if base.endswith("/teacher") else base
    return f"{base}/class?join={code}"


def _join_card(info: store.ClassInfo) -> None:
    left, right = st.columns([3, 1])
    with left:
        st.markdown(f"### {literal.plain(info.name)}")
        st.markdown("Class code, to read off the screen (no 0/O or 1/I/L to confuse):")
        st.code(" ".join([info.code[:4], info.code[4:]]), language=None)
        link = join_link(info.code)
        st.markdown("Join link:")
        st.code(link, language=None, wrap_lines=True)
    with right:
        qr = segno.make(join_link(info.code), error="m")
        st.image(qr.png_data_uri(scale=6, border=2), caption="Scan to join", width=180)


def _exports(engine, info: store.ClassInfo) -> None:
    bank = answers.bank()
    with st.expander("Gradebook and deleting the class", icon=":material/table:"):
        try:
            gradebook = report.gradebook_csv(report.class_report(engine, info.id, bank), bank)
            long = report.attempts_csv(engine, info.id, bank)
        except SQLAlchemyError:
            st.error(UNREACHABLE, icon=":material/cloud_off:")
            return
        c1, c2 = st.columns(2)
        c1.download_button(
            "Gradebook (CSV, a row per learner)",
            gradebook,
            file_name=f"gan-classroom-{info.code}-gradebook.csv",
            mime="text/csv",
            key="teacher.dl_gradebook",
            icon=":material/download:",
            on_click="ignore",
        )
        c2.download_button(
            "Every attempt (CSV, a row per answer)",
            long,
            file_name=f"gan-classroom-{info.code}-attempts.csv",
            mime="text/csv",
            key="teacher.dl_attempts",
            icon=":material/download:",
            on_click="ignore",
        )
        with st.popover("Delete this class", icon=":material/delete:"):
            st.markdown("Delete the class, its learners and every answer? This cannot be undone.")
            st.button(
                "Yes, delete the class", key="teacher.delete", type="primary", on_click=_delete, args=(info.code,)
            )


def _delete(code: str) -> None:
    engine = classroom.database()
    try:
        if engine is not None and store.delete_class(engine, code):
            st.session_state["teacher.note"] = f"Deleted the class {code} with its learners and answers."
            st.session_state.pop("teacher.class", None)
            return
    except SQLAlchemyError:
        pass
    st.session_state["teacher.note"] = UNREACHABLE
