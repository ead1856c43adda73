"""A learner opens "Put a GAN on it" from a deep link, plays, pauses, and looks at the race."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e
STEP = re.compile(r"Step ([\d,]+) of ([\d,]+)")


def current_step(page) -> int:
    text = page.get_by_test_id("stProgress").first.inner_text()
    m = STEP.search(text)
    assert m, f"no step counter in {text!r}"
    return int(m.group(1).replace(",", ""))


def test_deep_link_play_pause_and_screenshot(server, page):
    page.goto(server + "/put-a-gan-on-it?task=ring&seed=3&mixed=1")
    play = page.get_by_role("button", name="Play")
    play.wait_for(timeout=60_000)
    assert current_step(page) == 0
    assert page.get_by_text("Ignored").count() == 0  # a good link raises no warning
    assert page.get_by_text("Task: A ring.").count() == 1
    play.click()
    page.get_by_role("button", name="Pause").wait_for(timeout=20_000)
    page.wait_for_function(
        "() => /Step ([1-9][\\d,]*) of/.test(document.querySelector('[data-testid=stProgress]')?.innerText || '')",
        timeout=30_000,
    )
    page.wait_for_timeout(4000)
    moving = current_step(page)
    assert moving > 0
    page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=20_000)
    page.wait_for_timeout(1000)
    paused = current_step(page)
    page.wait_for_timeout(2000)
    assert current_step(page) == paused, "training went on after Pause"
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
