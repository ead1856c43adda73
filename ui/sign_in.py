"""Signing in with a school account, where the server has ``st.login`` (OpenID Connect) set up.

It is the alternative to codes, never a requirement: a learner who signs in and joins a class comes
back on any device by signing in again (no resume code to keep), and a teacher whose e-mail is on
the server's allow-list opens /teacher without the key. Configuration is Streamlit's own: an
``[auth]`` table in ``.streamlit/secrets.toml`` (``redirect_uri``, ``cookie_secret``,
``client_id``, ``client_secret``, ``server_metadata_url``), or one ``[auth.NAME]`` table per
provider; the teachers' addresses are ``teacher_emails = [...]`` there or
``GAN_CLASSROOM_TEACHER_EMAILS`` (comma-separated). The class database keeps only a digest of the
account's issuer and subject (store.login_hash): no e-mail, no name from the provider.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import streamlit as st

from gan_core.classes import store

ENV_TEACHERS = "GAN_CLASSROOM_TEACHER_EMAILS"


@dataclass(frozen=True)
class Account:
    """Who is signed in: the account's digest for the database, and its e-mail for the allow-list."""

    login: str
    email: str
    email_verified: bool | None


def _auth() -> dict[str, Any]:
    try:
        section = st.secrets.get("auth")
    except Exception:  # noqa: BLE001 - no secrets file, or an unreadable one: no sign-in
        return {}
    return dict(section) if hasattr(section, "keys") else {}


def providers() -> list[str | None]:
    """The sign-in providers of this server: None for a single ``[auth]`` provider, else the names
    of its ``[auth.NAME]`` tables. Empty: this server has no sign-in."""
    auth = _auth()
    if not auth:
        return []
    if "client_id" in auth:
        return [None]
    return [name for name, value in auth.items() if hasattr(value, "keys") and "client_id" in value]


def account() -> Account | None:
    """The signed-in account, or None (no sign-in on this server, or nobody signed in)."""
    if not providers():
        return None
    try:
        user = st.user
        if not user.is_logged_in:
            return None
        subject = str(user.get("sub") or "")
        if not subject:
            return None
        verified = user.get("email_verified")
        return Account(
            store.login_hash(str(user.get("iss") or ""), subject),
            str(user.get("email") or "").strip(),
            None if verified is None else bool(verified),
        )
    except Exception:  # noqa: BLE001 - a broken identity cookie counts as nobody signed in
        return None


def teacher_emails() -> set[str]:
    """The server's teachers' e-mail addresses, lower-cased."""
    try:
        listed = st.secrets.get("teacher_emails")
    except Exception:  # noqa: BLE001 - no secrets file: the environment decides
        listed = None
    if isinstance(listed, str):
        listed = listed.split(",")
    raw = list(listed or []) + os.environ.get(ENV_TEACHERS, "").split(",")
    return {str(e).strip().lower() for e in raw if str(e).strip()}


def is_teacher(who: Account | None) -> bool:
    """An account whose e-mail is on the allow-list (and that its provider has not marked unverified)."""
    return bool(who and who.email and who.email_verified is not False and who.email.lower() in teacher_emails())


def buttons(label: str, key: str) -> None:
    """One sign-in button per provider (the browser goes to the provider and comes back to Home)."""
    names = providers()
    for provider in names:
        name = f" ({provider})" if provider and len(names) > 1 else ""
        if st.button(label + name, key=f"{key}.{provider or 'default'}", icon=":material/account_circle:"):
            if provider:
                st.login(provider)
            else:
                st.login()


def sign_out() -> None:
    """Sign the account out of this browser (Streamlit starts a new session)."""
    if account() is not None:
        st.logout()
