"""A learner opens "Put a GAN on it" from a deep link, plays, pauses, and looks at the race."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import current_step, open_link, pause_and_check_it_stays, play, screenshot

pytestmark = pytest.mark.e2e


def test_deep_link_play_pause_and_screenshot(server, page):
    open_link(page, server + "/put-a-gan-on-it?task=ring&seed=3&mixed=1")
    assert page.get_by_text("Task: A ring.").count() == 1
    play(page)
    page.wait_for_timeout(4000)
    moving = current_step(page)
    assert moving > 0
    assert pause_and_check_it_stays(page) >= moving
    assert page.locator(".js-plotly-plot").count() >= 4
    assert page.get_by_test_id("stException").count() == 0
    assert "ring" in page.url and "seed=3" in page.url
    shot = screenshot(page, "put-a-gan-on-it")
    assert shot.stat().st_size > 20_000
    # the learned loss itself: D's opinion of every pair (x, y), behind the points
    page.get_by_role("button", name="D's opinion (GAN)").click()
    page.locator(".js-plotly-plot .heatmaplayer .hm").first.wait_for(timeout=20_000)
    page.wait_for_timeout(1000)
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "put-a-gan-on-it-d-opinion")


def test_bad_link_shows_a_note_not_a_stack_trace(server, page):
    page.goto(server + "/put-a-gan-on-it?task=spiral&width=99999")
    page.get_by_role("button", name="Play").wait_for(timeout=60_000)
    assert page.get_by_text("task=spiral").count() >= 1
    assert page.get_by_text("width=99999").count() >= 1
    assert page.get_by_test_id("stException").count() == 0
