"""A learner opens "What is a GAN?" from a fresh session, tries the frozen-D demo and answers the
classic lesson question: wrong first, then right, reading the feedback each time."""

from __future__ import annotations

import pytest

from gan_core.quiz.bank import load_bank
from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e

QUESTION = "quiz.intro-generator-input"
Q = load_bank().by_id()["intro-generator-input"]


def box(page, key: str):
    """The st.container(key=...) element: Streamlit gives it the class st-key-<key> (dots become dashes)."""
    return page.locator(f".st-key-{key.replace('.', '-')}")


def tick(question, starts: str) -> None:
    question.get_by_test_id("stCheckbox").filter(has_text=starts).first.click()


def test_intro_checkpoint_question_gives_feedback(server, page):
    page.goto(server + "/what-is-a-gan")
    page.get_by_role("heading", name="What is a GAN?").wait_for(timeout=60_000)
    page.locator("[data-testid=stGraphVizChart] svg").wait_for(timeout=20_000)  # the pipeline diagram drew
    assert page.get_by_test_id("stGraphVizChart").get_by_text("Discriminator D").count() == 1
    assert page.get_by_test_id("stException").count() == 0

    (true,) = Q.answer
    false = next(i for i in range(len(Q.options)) if i not in Q.answer)
    question = box(page, f"{QUESTION}.box")
    question.scroll_into_view_if_needed()
    assert question.get_by_text(Q.options[true].why[:40]).count() == 0  # no answer before an attempt
    tick(question, Q.options[true].text[:30])  # options are in this learner's own order: by text
    tick(question, Q.options[false].text[:30])
    question.get_by_role("button", name="Check").click()
    question.get_by_text("Not quite.").wait_for(timeout=20_000)
    assert question.get_by_text(Q.options[false].why[:40]).is_visible()
    question.screenshot(path=str(screenshot(page, "quiz-intro-wrong").with_name("quiz-intro-wrong-question.png")))

    tick(question, Q.options[false].text[:30])  # untick it: a retry
    question.get_by_role("button", name="Check").click()
    question.get_by_text("Right.").wait_for(timeout=20_000)
    feedback = question.get_by_text(Q.options[true].why[:40])
    assert feedback.is_visible()
    assert question.get_by_text("Not quite.").count() == 0
    question.screenshot(path=str(screenshot(page, "quiz-intro-right").with_name("quiz-intro-right-question.png")))
    assert page.get_by_test_id("stException").count() == 0


def test_frozen_d_demo_in_the_browser(server, page):
    page.goto(server + "/what-is-a-gan")
    page.get_by_role("button", name="One G step").wait_for(timeout=60_000)
    page.get_by_role("button", name="One G step").click()
    page.get_by_text("Only G's weights moved").wait_for(timeout=20_000)
    table = page.get_by_test_id("stTable")
    assert "D (discriminator)" in table.inner_text()
    page.get_by_role("button", name="One D step").click()
    page.get_by_text("Only D's weights moved").wait_for(timeout=20_000)
    table.scroll_into_view_if_needed()
    box(page, "intro.demo.box").screenshot(
        path=str(screenshot(page, "intro-frozen-d").with_name("intro-frozen-d-demo.png"))
    )
