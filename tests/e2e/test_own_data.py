"""A learner draws or uploads their own data and trains on it; a teacher's link hides and locks
controls; the run goes home as a script. Real server, real Chromium, real mouse strokes."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.e2e.conftest import current_step, open_link, pause, play, screenshot

pytestmark = pytest.mark.e2e


def canvas_box(page):
    canvas = page.locator("canvas[aria-label='drawing area']")
    canvas.wait_for(timeout=60_000)
    canvas.scroll_into_view_if_needed()
    return canvas.bounding_box()


def stroke(page, box, points: list[tuple[float, float]]) -> None:
    """Press, drag through ``points`` (fractions of the canvas), release."""
    x0, y0 = box["x"] + points[0][0] * box["width"], box["y"] + points[0][1] * box["height"]
    page.mouse.move(x0, y0)
    page.mouse.down()
    for fx, fy in points[1:]:
        page.mouse.move(box["x"] + fx * box["width"], box["y"] + fy * box["height"], steps=4)
    page.mouse.up()


def count_points(page) -> int:
    text = page.get_by_text(re.compile(r"^[\d,]+ points: x from")).first.inner_text(timeout=30_000)
    return int(text.split(" ")[0].replace(",", ""))


def test_draw_points_train_and_share_them(server, page, browser):
    open_link(page, server + "/toy-2d?dataset=own_2d&seed=2")
    assert count_points(page) == 200  # the example face
    page.get_by_role("button", name="Clear").click()
    page.get_by_text("0 points so far").wait_for(timeout=30_000)
    box = canvas_box(page)
    stroke(page, box, [(0.25, 0.3), (0.35, 0.3), (0.45, 0.32), (0.5, 0.35)])
    page.wait_for_timeout(1500)
    box = canvas_box(page)
    stroke(page, box, [(0.6, 0.7), (0.7, 0.65), (0.75, 0.6)])
    page.get_by_text(re.compile(r"^[\d,]+ points: x from")).wait_for(timeout=30_000)
    drawn, previous = count_points(page), -1
    while drawn != previous:  # the second stroke's rerun may land after the first one's caption
        page.wait_for_timeout(1500)
        drawn, previous = count_points(page), drawn
    assert drawn >= 20
    play(page)
    page.wait_for_timeout(2500)
    pause(page)
    assert current_step(page) > 0
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, "own-data-2d-drawn")
    assert "data=1~2~" in page.url  # the drawing travels in the address
    other = browser.new_context()
    try:
        p2 = other.new_page()
        open_link(p2, page.url)
        assert count_points(p2) == drawn  # the link brings the same drawing
    finally:
        other.close()


def test_upload_names_the_bad_line_and_changes_nothing(server, page, tmp_path):
    open_link(page, server + "/toy-2d?dataset=own_2d")
    page.get_by_role("tab", name="Upload a CSV").click()
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n3,4\n5,oops\n")
    page.locator("input[type=file]").set_input_files(str(bad))
    page.get_by_text("line 4: 'oops' is not a number").wait_for(timeout=30_000)
    assert count_points(page) == 200
    good = tmp_path / "good.csv"
    good.write_text("height_cm;weight_kg\n" + "\n".join(f"{150 + i % 40};{50 + (i * 7) % 30}" for i in range(300)))
    page.locator("input[type=file]").set_input_files(str(good))
    page.get_by_text(re.compile(r"^300 points: x from 150 to 189")).wait_for(timeout=30_000)
    assert page.get_by_test_id("stException").count() == 0


def test_draw_a_density_in_1d(server, page):
    open_link(page, server + "/toy-1d?dataset=own_1d")
    box = canvas_box(page)
    stroke(page, box, [(0.1, 0.8), (0.3, 0.2), (0.5, 0.9), (0.7, 0.3), (0.9, 0.85)])
    page.get_by_text("Your data changed: a new run started on it.").wait_for(timeout=30_000)
    assert count_points(page) == 400
    play(page)
    page.wait_for_timeout(2000)
    pause(page)
    screenshot(page, "own-data-1d-drawn")
    assert page.get_by_test_id("stException").count() == 0


def test_a_teachers_link_hides_and_locks(server, page):
    link = "/toy-2d?preset=2d-mode-collapse&hide=optimizer,batch_size,presets,health&lock=loss,lr_g"
    open_link(page, server + link)
    assert page.get_by_role("button", name="Mode collapse").count() == 0  # no presets row
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.get_by_text("Optimizer", exact=True).count() == 0
    page.get_by_text("Hidden by this lesson's link").wait_for(timeout=30_000)
    loss = sidebar.locator("[data-testid=stSelectbox]").filter(has_text="Loss")
    assert loss.locator("input").is_disabled()
    assert "lr_g=0.003" in page.url and "lock=loss%2Clr_g" in page.url.replace(",", "%2C")
    screenshot(page, "lesson-link-locked")
    page.get_by_text("Show it: I have made my diagnosis").click()
    page.get_by_text("Too early to judge").or_(page.get_by_text("Healthy")).first.wait_for(timeout=30_000)


def test_the_downloaded_script_runs_without_gan_core(server, page, tmp_path):
    open_link(page, server + "/toy-1d?steps=200")
    page.get_by_text("Share and download").click()
    with page.expect_download() as got:
        page.get_by_role("button", name="This run as a Python script").click()
    path = tmp_path / "run.py"
    got.value.save_as(path)
    done = subprocess.run([sys.executable, "-I", str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-1500:]
    assert "final metrics:" in done.stdout
