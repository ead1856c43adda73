"""The whole course in one browser session, as a new learner walks it, with a screenshot per step.

Home -> What is a GAN? (answers the lesson question) -> Toy 1-D (plays a preset to
convergence) -> Toy 2-D (mode collapse, then the fix) -> Put a GAN on it -> MNIST (plays briefly)
-> Pretrained DCGAN (an interpolation) -> Quiz (the progress shows the answer given). Navigation
goes through the sidebar, so it is one session all along, as for a learner.
"""

from __future__ import annotations

import re

import pytest

from gan_core.quiz.bank import load_bank
from tests.e2e.conftest import current_step, pause, play, screenshot
from tests.e2e.test_quiz_browser import box, tick

pytestmark = pytest.mark.e2e
DCGAN_TITLE = "DCGAN explorer"


def open_from_sidebar(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    page.get_by_role("heading", name=re.compile(re.escape(title.split(" (")[0]))).first.wait_for(timeout=90_000)


def run_interpolation(page) -> None:
    """The DCGAN explorer's walk between two seeds, switched from the sphere to a straight line."""
    walk = page.get_by_text("2. A walk between two seeds")
    walk.wait_for(timeout=90_000)
    page.get_by_text("straight (lerp)").click()
    page.get_by_text(re.compile(r"^lerp: \d+ frames from seed")).wait_for(timeout=30_000)  # not "slerp: ..."
    walk.scroll_into_view_if_needed()


def no_exception(page) -> None:
    assert page.get_by_test_id("stException").count() == 0


def test_a_new_learner_walks_the_whole_course(server, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1600})
    page = context.new_page()
    try:
        # Home
        page.goto(server + "/")
        page.get_by_role("heading", name="The course").wait_for(timeout=90_000)
        screenshot(page, "walkthrough-1-home")

        # What is a GAN? The classic lesson question, answered right.
        open_from_sidebar(page, "What is a GAN?")
        question = box(page, "quiz.intro-generator-input.box")
        question.scroll_into_view_if_needed()
        (true,) = load_bank().by_id()["intro-generator-input"].answer
        tick(question, load_bank().by_id()["intro-generator-input"].options[true].text[:30])
        question.get_by_role("button", name="Check").click()
        question.get_by_text("Right.").wait_for(timeout=20_000)
        no_exception(page)
        screenshot(page, "walkthrough-2-what-is-a-gan")

        # Toy 1-D: a preset played to convergence.
        open_from_sidebar(page, "Toy GAN in 1-D")
        page.get_by_role("button", name="It converges").click()
        play(page, r"converged at step", 90_000)
        pause(page)
        no_exception(page)
        screenshot(page, "walkthrough-3-toy-1d-converged")

        # Toy 2-D: mode collapse, then the fix.
        open_from_sidebar(page, "Toy GAN in 2-D")
        page.get_by_role("button", name="Mode collapse").click()
        play(page, r"Step [1-9][\d,]{3,} of", 90_000)  # 1,000+ steps: G hops between modes
        pause(page)
        screenshot(page, "walkthrough-4-toy-2d-mode-collapse")
        page.get_by_role("button", name="It converges: ring of 8").click()
        play(page, r"converged at step", 120_000)
        pause(page)
        no_exception(page)
        screenshot(page, "walkthrough-5-toy-2d-fixed")

        # Put a GAN on it: MSE against the learned loss.
        open_from_sidebar(page, "Put a GAN on it")
        page.get_by_role("button", name="Play").wait_for(timeout=60_000)
        play(page, r"Step [1-9][\d,]{3,} of", 90_000)
        pause(page)
        no_exception(page)
        screenshot(page, "walkthrough-6-put-a-gan-on-it")

        # MNIST: Fast digits, briefly.
        open_from_sidebar(page, "MNIST GAN")
        page.get_by_role("button", name="Fast digits").click()
        play(page, r"Step [2-9]\d\d of|Step [\d,]{4,} of", 120_000)
        pause(page)
        assert current_step(page) >= 200
        no_exception(page)
        screenshot(page, "walkthrough-7-mnist")

        # Pretrained DCGAN: an interpolation.
        open_from_sidebar(page, DCGAN_TITLE)
        run_interpolation(page)
        no_exception(page)
        screenshot(page, "walkthrough-8-dcgan")

        # Quiz: the answer given in the intro is counted.
        open_from_sidebar(page, "Quiz")
        page.get_by_text(re.compile(r"1 answered · 1 right")).first.wait_for(timeout=30_000)
        no_exception(page)
        screenshot(page, "walkthrough-9-quiz")
    finally:
        context.close()
