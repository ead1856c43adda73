"""A class in a real browser, through the two-replica nginx cluster sharing one PostgreSQL: a
teacher creates a class; two learners in two browser contexts join and answer (one wrong); the
teacher page shows both and the wrong option's bar; "Ask the class" reaches both, explanations held
back until Reveal; one replica is stopped, and its learner, reconnecting to the other, finds every
answer (the browser remembers its learner)."""

from __future__ import annotations

import re
import secrets
import subprocess

import pytest

from gan_core.quiz.bank import load_bank
from tests.db_servers import fresh_database, postgres_server
from tests.e2e.conftest import _free_port, screenshot, start_server, stop
from tests.e2e.test_nginx_cluster import COOKIE, Cluster, _launcher, _replica_of

pytestmark = pytest.mark.e2e
KEY = "correct horse battery staple"
QID = "intro-d-output"
Q = load_bank().by_id()[QID]
RIGHT = min(Q.answer)  # option indices
WRONG = next(i for i in range(len(Q.options)) if i not in Q.answer)


@pytest.fixture(scope="module")
def pg():
    with postgres_server() as url:
        yield fresh_database(url)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, pg):
    launcher = _launcher()
    assert launcher.find_nginx() is not None, "nginx is missing: .ci/run installs it"
    work = tmp_path_factory.mktemp("class-cluster")
    env = {
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(16),
        "GAN_CLASSROOM_DATABASE_URL": pg,
        "GAN_CLASSROOM_TEACHER_KEY": KEY,
    }
    procs: list[subprocess.Popen] = []
    nginx = None
    try:
        backends = []
        for i in range(2):
            proc, url = start_server(log=work / f"replica-{i}.log", env=env)
            procs.append(proc)
            backends.append(url)
        port = _free_port()
        nginx = launcher.start_nginx(work, f"127.0.0.1:{port}", [int(u.rsplit(":", 1)[1]) for u in backends])
        yield Cluster(f"http://127.0.0.1:{port}", backends, work / "logs" / "access.log"), procs, nginx
    finally:
        stop(*procs, *([nginx] if nginx is not None else []))


def box(page, key: str):
    return page.locator(f".st-key-{key.replace('.', '-')}")


def no_trace(page) -> None:
    assert page.get_by_test_id("stException").count() == 0


def answer(page, key_prefix: str, option: int) -> None:
    question = box(page, f"{key_prefix}.{QID}.box")
    question.scroll_into_view_if_needed()
    # the options are in each learner's own order: pick by text, never by position
    shown = re.split(r"[*_`$]", Q.options[option].text)[0].strip()  # the words before any markdown
    question.get_by_test_id("stRadio").locator("label").filter(has_text=shown).click()
    question.get_by_role("button", name="Check").click()


def test_a_class_through_two_replicas_and_one_postgresql(cluster, browser):
    nginx_cluster, procs, _ = cluster
    url = nginx_cluster.url
    contexts = [browser.new_context(viewport={"width": 1400, "height": 2000}) for _ in range(3)]
    teacher, ada, bob = (c.new_page() for c in contexts)
    try:
        teacher.goto(url + "/teacher")
        teacher.get_by_role("textbox", name="Teacher key").fill(KEY)
        teacher.get_by_role("button", name="Sign in").click()
        teacher.get_by_text("Create a class").first.wait_for(timeout=60_000)
        teacher.get_by_role("textbox", name="Class name, as learners will see it").fill("Physics 11")
        teacher.get_by_role("button", name="Create the class").click()
        link = teacher.get_by_text(re.compile(r"/class\?join=[A-Z0-9]{8}")).first
        link.wait_for(timeout=30_000)
        code = re.search(r"join=([A-Z0-9]{8})", link.inner_text()).group(1)
        no_trace(teacher)

        for page, name, choice in ((ada, "Ada", RIGHT), (bob, "Bob", WRONG)):
            page.goto(f"{url}/class?join={code}")
            page.get_by_role("textbox", name="Your name, as the class will see it").fill(name)
            page.get_by_role("button", name="Join").click()
            page.get_by_text(f"You are {name} in Physics 11").wait_for(timeout=30_000)
            page.get_by_role("link", name="What is a GAN?").first.click()
            box(page, f"quiz.{QID}.box").wait_for(timeout=60_000)
            answer(page, "quiz", choice)
            verdict = "Right." if choice == RIGHT else "Not quite."
            screenshot(page, f"class-learner-{name}-answered")
            box(page, f"quiz.{QID}.box").get_by_test_id("stAlert").filter(has_text=verdict).wait_for(timeout=20_000)
            no_trace(page)

        teacher.get_by_text("Learners (2)").wait_for(timeout=30_000)  # the live view refreshed
        table = teacher.get_by_test_id("stDataFrame").first
        table.wait_for(timeout=10_000)
        teacher.get_by_text("Most common wrong answer:").first.wait_for(timeout=20_000)
        screenshot(teacher, "class-teacher-live")

        teacher.get_by_role("button", name="Ask the class").click()  # the first question of the bank
        teacher.get_by_text("Asking:").wait_for(timeout=20_000)
        asked = teacher.get_by_text("Asking:").inner_text()
        for page in (ada, bob):
            page.get_by_text("Your teacher asks Physics 11").wait_for(timeout=30_000)
            assert asked.split("Asking:")[1].strip()[:40] in page.locator(".st-key-ask-box").inner_text()
        ada.locator(".st-key-ask-box").scroll_into_view_if_needed()
        screenshot(ada, "class-learner-asked")
        teacher.get_by_role("button", name="Reveal").click()
        teacher.get_by_text("explanations revealed").wait_for(timeout=20_000)

        # Ada's replica goes away: her browser reconnects to the other one and finds her answers
        sticky = next(c["value"] for c in contexts[1].cookies() if c["name"] == COOKIE)
        upstream = _replica_of(nginx_cluster, sticky)  # the replica nginx pins Ada's browser to
        victim = next(i for i, b in enumerate(nginx_cluster.backends) if b.endswith(":" + upstream.split(":")[-1]))
        stop(procs[victim])
        ada.goto(url + "/class")
        ada.get_by_text("You are Ada in Physics 11").wait_for(timeout=60_000)
        ada.get_by_text(re.compile(r"1 of \d+ questions answered, 1 right")).wait_for(timeout=20_000)
        screenshot(ada, "class-learner-after-failover")
        no_trace(ada)
    finally:
        for c in contexts:
            c.close()
