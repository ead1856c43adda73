"""A learner opens the MNIST lesson from a deep link, plays briefly, pauses, and looks at the grid."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import open_link, pause_and_check_it_stays, play, screenshot

pytestmark = pytest.mark.e2e


def test_mnist_deep_link_play_pause_and_screenshot(server, page):
    open_link(page, server + "/mnist?conditional=1&lr_g=0.001&g_ema=0.99&seed=2", timeout_ms=90_000)
    page.get_by_text("8 rows x 10 digits").wait_for(timeout=60_000)  # the link's conditional=1 took effect
    grid = page.get_by_test_id("stImage").first
    before = grid.locator("img").get_attribute("src")
    play(page, r"Step ([2-9]\d\d|[\d,]{4,}) of", timeout_ms=90_000)  # 200+ steps: the grid has started to change
    pause_and_check_it_stays(page, settle_ms=1500, watch_ms=1500)
    assert page.get_by_test_id("stImage").first.locator("img").get_attribute("src") != before
    assert page.get_by_text("The judge's view").count() == 1
    assert page.locator(".js-plotly-plot").count() >= 5
    assert page.get_by_test_id("stException").count() == 0
    shot = screenshot(page, "mnist")
    assert shot.stat().st_size > 50_000


def test_mnist_bad_link_falls_back_with_a_note(server, page):
    page.goto(server + "/mnist?noise_dim=1000&arch=resnet")
    page.get_by_role("button", name="Play").wait_for(timeout=90_000)
    assert page.get_by_text("noise_dim=1000").count() >= 1
    assert page.get_by_text("arch=resnet").count() >= 1
    assert page.get_by_test_id("stException").count() == 0
