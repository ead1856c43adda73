"""A learner opens each toy lesson from a deep link, plays, pauses, and looks at the picture."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import current_step, open_link, pause_and_check_it_stays, play, screenshot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/toy-1d?noise_dim=1&seed=3", "toy-1d"),
        ("/toy-2d?dataset=ring8&seed=1", "toy-2d"),
    ],
)
def test_deep_link_play_pause_and_screenshot(server, page, path, name):
    open_link(page, server + path)
    play(page)
    page.wait_for_timeout(3000)
    moving = current_step(page)
    assert moving > 0
    assert pause_and_check_it_stays(page) >= moving
    assert page.locator(".js-plotly-plot").count() >= 4
    assert page.get_by_test_id("stException").count() == 0
    shot = screenshot(page, name)
    assert shot.stat().st_size > 20_000


def test_bad_link_shows_a_note_not_a_stack_trace(server, page):
    page.goto(server + "/toy-2d?noise_dim=99&loss=magic")
    page.get_by_role("button", name="Play").wait_for(timeout=60_000)
    assert page.get_by_text("noise_dim=99").count() >= 1
    assert page.get_by_text("loss=magic").count() >= 1
    assert page.get_by_test_id("stException").count() == 0


def test_two_learners_train_independently(server, browser):
    a, b = browser.new_context(), browser.new_context()
    try:
        pa, pb = a.new_page(), b.new_page()
        pa.goto(server + "/toy-1d?seed=0")
        pb.goto(server + "/toy-1d?seed=0")
        for p in (pa, pb):
            p.get_by_role("button", name="Play").wait_for(timeout=60_000)
        pa.get_by_role("button", name="Step", exact=True).click()
        pa.wait_for_function(
            "() => /Step 1 of/.test(document.querySelector('[data-testid=stProgress]')?.innerText || '')",
            timeout=20_000,
        )
        pb.wait_for_timeout(1000)
        assert current_step(pa) == 1
        assert current_step(pb) == 0, "one learner's Step moved another learner's run"
    finally:
        a.close()
        b.close()
