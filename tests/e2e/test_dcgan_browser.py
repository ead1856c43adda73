"""A learner opens the DCGAN explorer from a teacher's link, changes the seed, walks between two
seeds on a straight line instead of the sphere, plays a round of spot the fake, and looks."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e
LINK = "/dcgan?seed=42&digit=7&seed_a=3&seed_b=11&path=slerp&frames=8"


def grid_src(page) -> str:
    return page.get_by_test_id("stImage").first.locator("img").get_attribute("src")


def wait_for_url(page, fragment: str) -> None:
    page.wait_for_function(f"() => window.location.search.includes({fragment!r})", timeout=30_000)


def test_dcgan_deep_link_seed_walk_and_screenshots(server, page):
    page.goto(server + LINK)
    page.get_by_text("1. Samples from a seed").wait_for(timeout=90_000)
    page.get_by_text("5. Spot the fake").wait_for(timeout=60_000)
    assert page.get_by_text("Ignored").count() == 0  # a good link raises no warning
    seed = page.get_by_label("Seed", exact=True)
    # the link's seed, once the run that read the link has drawn (a cold server's first frame may
    # still be on its way: poll rather than read once)
    page.wait_for_function(
        "() => [...document.querySelectorAll('input')].some(i => i.getAttribute('aria-label') === 'Seed' && i.value === '42')",
        timeout=30_000,
    )
    assert seed.input_value() == "42"
    page.get_by_text("every sample asks for a 7").wait_for(timeout=30_000)  # the link's digit=7
    page.get_by_text("slerp: 8 frames from seed 3").wait_for(timeout=30_000)
    gif = page.locator("img[src*='.gif']")
    gif.wait_for(timeout=30_000)
    assert gif.count() == 1  # the walk's animation
    page.wait_for_timeout(1000)
    screenshot(page, "dcgan-deep-link")

    before = grid_src(page)
    seed.fill("43")
    seed.press("Enter")
    wait_for_url(page, "seed=43")
    page.wait_for_function(
        "(before) => document.querySelector('[data-testid=stImage] img')?.getAttribute('src') !== before",
        arg=before,
        timeout=30_000,
    )
    assert page.get_by_text("Seed 43:").count() == 1

    page.get_by_text("straight (lerp)").click()
    wait_for_url(page, "path=lerp")
    page.get_by_text("lerp: 8 frames from seed 3").wait_for(timeout=30_000)
    assert "seed=43" in page.url and "digit=7" in page.url and "seed_a=3" in page.url
    page.get_by_text("2. A walk between two seeds").scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    shot = screenshot(page, "dcgan-lerp-walk")
    assert shot.stat().st_size > 50_000

    page.get_by_role("button", name="Fake").click()
    page.get_by_text(re.compile(r"^It was (real|fake)")).wait_for(timeout=30_000)  # the round's verdict
    page.get_by_text("right 0% of the time").or_(page.get_by_text("right 100% of the time")).first.wait_for()
    scores = page.get_by_test_id("stMetricValue").all_inner_texts()
    assert sum(s in ("0/1", "1/1") for s in scores) == 2, scores  # both players scored
    page.get_by_text("4. How it learned").scroll_into_view_if_needed()
    page.wait_for_timeout(1000)
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "dcgan-spot-the-fake")


def test_dcgan_bad_link_falls_back_with_a_note(server, page):
    page.goto(server + "/dcgan?seed=banana&digit=12")
    page.get_by_text("1. Samples from a seed").wait_for(timeout=90_000)
    assert page.get_by_text("seed=banana").count() >= 1
    assert page.get_by_text("digit=12").count() >= 1
    assert page.get_by_test_id("stException").count() == 0
