"""A learner opens "Complete a digit" from a deep link, plays, pauses, labels the digits and looks."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import current_step, open_link, pause_and_check_it_stays, play, screenshot

pytestmark = pytest.mark.e2e


def _picture_sources(page) -> list[str]:
    pictures = page.locator("[data-testid=stImage] img")
    pictures.nth(1).wait_for(timeout=30_000)
    return pictures.evaluate_all("imgs => imgs.map(i => i.src)")


def test_deep_link_play_pause_label_and_screenshot(server, page):
    open_link(page, server + "/complete-a-digit?preset=mse-vs-gan&seed=2")
    assert page.get_by_text("MSE against GAN is loaded").count() == 1
    before = _picture_sources(page)
    assert len(before) == 2  # the race and the GAN's completions under six z (open)
    play(page, timeout_ms=60_000)
    page.wait_for_timeout(8000)
    moving = current_step(page)
    assert moving > 0
    assert pause_and_check_it_stays(page) >= moving
    after = _picture_sources(page)
    assert after[0] != before[0]  # the race picture was redrawn as the models trained
    page.get_by_test_id("stCheckbox").filter(has_text="Label each digit").click()
    page.wait_for_timeout(3000)
    assert page.locator(".js-plotly-plot").count() >= 4
    assert page.get_by_test_id("stException").count() == 0
    assert "models=mse-gan" in page.url and "seed=2" in page.url  # the address bar is the share link
    shot = screenshot(page, "complete-a-digit")
    assert shot.stat().st_size > 50_000


def test_bad_link_shows_a_note_not_a_stack_trace(server, page):
    page.goto(server + "/complete-a-digit?mask=diagonal&models=everything")
    page.get_by_role("button", name="Play").wait_for(timeout=60_000)
    assert page.get_by_text("mask=diagonal").count() >= 1
    assert page.get_by_text("models=everything").count() >= 1
    assert page.get_by_test_id("stException").count() == 0
