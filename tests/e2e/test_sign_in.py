"""Signing in (st.login) against a real OpenID Connect provider on localhost (oidc-provider-mock: the
whole authorization-code flow, its login form filled in by the browser). A learner signs in and
joins a class with the code, answers a question, and on another device (a fresh browser context)
signing in with the same account brings the class and the answer back, with no resume code. A
teacher whose e-mail is on the server's list opens /teacher without the key; another account is
told it is not on the list, and sees nothing of any class."""

from __future__ import annotations

import json
import re
import secrets
import urllib.request

import pytest

from gan_core.classes import db, store
from gan_core.quiz.bank import load_bank
from tests.e2e.conftest import _free_port, screenshot, start_server, stop
from tests.e2e.test_class_cluster import answer, box, no_trace

pytestmark = pytest.mark.e2e
QID = "intro-d-output"
Q = load_bank().by_id()[QID]
TEACHER = "teacher@school.test"


@pytest.fixture(scope="module")
def provider():
    import oidc_provider_mock as oidc  # requirements-dev.txt: CI has it, so this never skips

    with oidc.run_server_in_thread() as server:
        base = f"http://localhost:{server.server_port}"
        for sub, claims in {
            "ada-account": {"email": "ada@school.test", "email_verified": True},
            "teacher-account": {"email": TEACHER, "email_verified": True},
            "mallory-account": {"email": "mallory@school.test", "email_verified": True},
        }.items():
            request = urllib.request.Request(f"{base}/users/{sub}", data=json.dumps(claims).encode(), method="PUT")
            request.add_header("Content-Type", "application/json")
            urllib.request.urlopen(request, timeout=10).close()
        yield base


@pytest.fixture(scope="module")
def app_with_sign_in(tmp_path_factory, provider):
    work = tmp_path_factory.mktemp("sign-in")
    port = _free_port()
    secrets_file = work / "secrets.toml"
    secrets_file.write_text(
        "teacher_emails = ['Teacher@School.test']\n"
        "[auth]\n"
        f"redirect_uri = 'http://127.0.0.1:{port}/oauth2callback'\n"
        f"cookie_secret = '{secrets.token_hex(32)}'\n"
        "client_id = 'gan-classroom'\n"
        "client_secret = 'not-a-secret-in-a-test'\n"
        f"server_metadata_url = '{provider}/.well-known/openid-configuration'\n"
    )
    data = work / "data"
    env = {"GAN_CLASSROOM_DATA": str(data)}
    proc, url = start_server(
        port=port, extra_args=("--secrets.files", str(secrets_file)), log=work / "server.log", env=env
    )
    info = store.create_class(db.engine(f"sqlite:///{data / 'classes.sqlite3'}"), "Sign-in class")
    try:
        yield url, info
    finally:
        stop(proc)
        db.forget_engines()


def sign_in(page, button: str, sub: str) -> None:
    """Press a sign-in button, choose the account on the provider's form, and come back to Home."""
    page.get_by_role("button", name=button).first.click()
    page.locator("input[name=sub]").wait_for(timeout=30_000)
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.get_by_test_id("stSidebarNav").wait_for(timeout=60_000)


def test_a_signed_in_learner_comes_back_on_another_device(app_with_sign_in, browser):
    url, info = app_with_sign_in
    first = browser.new_context(viewport={"width": 1400, "height": 2000})
    second = browser.new_context(viewport={"width": 1400, "height": 2000})
    try:
        page = first.new_page()
        page.goto(f"{url}/class?join={info.code}")
        sign_in(page, "Sign in", "ada-account")
        page.goto(f"{url}/class?join={info.code}")
        page.get_by_text("Signed in as").wait_for(timeout=30_000)
        page.get_by_role("textbox", name="Your name, as the class will see it").fill("Ada")
        page.get_by_role("button", name="Join").click()
        page.get_by_text("You are Ada in").wait_for(timeout=30_000)
        page.get_by_text("signing in brings you back to this class on any device").wait_for(timeout=30_000)
        page.goto(f"{url}/quiz")
        answer(page, "quiz", min(Q.answer))
        box(page, f"quiz.{QID}.box").get_by_text("Right").first.wait_for(timeout=30_000)
        no_trace(page)

        other = second.new_page()  # another device: no cookie, no resume code
        other.goto(f"{url}/class")
        other.get_by_role("button", name="Join").wait_for(timeout=30_000)
        sign_in(other, "Sign in", "ada-account")
        other.goto(f"{url}/class")
        other.get_by_text("You are Ada in").wait_for(timeout=30_000)
        other.get_by_text(re.compile(r"1 of \d+ questions answered, 1 right")).wait_for(timeout=30_000)
        screenshot(other, "class-signed-in-second-device")
        no_trace(other)
    finally:
        first.close()
        second.close()


def test_teachers_on_the_list_sign_in_and_others_see_nothing(app_with_sign_in, browser):
    url, info = app_with_sign_in
    teacher_ctx = browser.new_context(viewport={"width": 1400, "height": 2000})
    other_ctx = browser.new_context(viewport={"width": 1400, "height": 2000})
    try:
        other = other_ctx.new_page()
        other.goto(f"{url}/teacher")
        sign_in(other, "Sign in as a teacher", "mallory-account")
        other.goto(f"{url}/teacher")
        other.get_by_text("it is not on the list").wait_for(timeout=30_000)
        assert other.get_by_text(info.code).count() == 0
        no_trace(other)

        teacher = teacher_ctx.new_page()
        teacher.goto(f"{url}/teacher")
        sign_in(teacher, "Sign in as a teacher", "teacher-account")
        teacher.goto(f"{url}/teacher")
        teacher.get_by_text(info.code).first.wait_for(timeout=30_000)
        teacher.get_by_text("Learners (").first.wait_for(timeout=30_000)
        screenshot(teacher, "teacher-signed-in")
        no_trace(teacher)
    finally:
        teacher_ctx.close()
        other_ctx.close()
