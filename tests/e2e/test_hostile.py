"""A stranger's input in a real browser (issue 19): hostile share links on every page, a hostile
upload, an oversized upload sent past the browser, and a greedy learner beside an ordinary one.
The screen is read as a learner sees it, and the network is watched: no request may leave the app."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from urllib.parse import quote, urlsplit

import pytest

from tests.e2e.conftest import current_step, pause, play, screenshot
from ui.course import CLASSES, COURSE, HOME

pytestmark = pytest.mark.e2e

# The value: it closes the note's code span, then asks for an outside image and a foreign link.
INJECTION = "1` ![i](http://example.org/v.png) [click](http://example.org/phish) `"
HTML = "**x** <img src=http://example.org/h.png onerror=alert(1)>"
PAGES = [HOME, *COURSE, *CLASSES]


class Watch:
    """Every request the page makes, and every dialog it opens (an alert() would be one)."""

    def __init__(self, page, base: str) -> None:
        self.host = urlsplit(base).netloc
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", self._request)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about") or parts.netloc == self.host:
            return
        self.outside.append(request.url)

    def check(self) -> None:
        assert not self.outside, f"requests left the app: {self.outside}"
        assert not self.dialogs, f"the page opened dialogs: {self.dialogs}"


def _no_foreign_markup(page) -> None:
    assert page.locator("img[src*='example.org'], a[href*='example.org'], a[href^='javascript']").count() == 0
    assert page.locator("[data-testid=stAlert] img, [data-testid=stAlert] a[href^='http']").count() == 0


@pytest.mark.parametrize("lesson", PAGES, ids=[les.id for les in PAGES])
def test_a_hostile_link_is_shown_as_text_and_makes_no_outside_request(server, page, lesson):
    watch = Watch(page, server)
    query = "&".join(
        [
            f"seed={quote(INJECTION)}",
            f"{quote(INJECTION)}=1",
            f"preset={quote(HTML)}",
            f"noise_dim={quote(HTML)}",
            f"join={quote(INJECTION)}",  # the class page's own parameters
            f"resume={quote(HTML)}",
        ]
    )
    page.goto(f"{server}/{lesson.url_path}?{query}")
    page.get_by_test_id("stMainBlockContainer").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # let every element render, and any image load
    if lesson.id in ("toy1d", "toy2d", "mnist", "dcgan", "learned_loss", "completion"):
        notes = page.get_by_test_id("stAlert").filter(has_text="Ignored")
        notes.first.wait_for(timeout=60_000)
        text = " ".join(notes.all_inner_texts()).replace("\u200b", "")  # literal.plain's autolink breakers
        assert "![i](http://example.org/v.png)" in text  # the stranger's text, shown as it is
        assert "[click](http://example.org/phish)" in text
    _no_foreign_markup(page)
    assert page.get_by_text("Traceback").count() == 0
    screenshot(page, f"hostile-link-{lesson.id}")
    watch.check()


def _progress_file(answers: dict) -> bytes:
    return json.dumps({"format": "gan-classroom-quiz-progress", "version": 1, "answers": answers}).encode()


def _open_import(page, server: str) -> None:
    page.goto(f"{server}/quiz")
    page.get_by_text("Your results: download, import, reset").click(timeout=60_000)
    page.get_by_test_id("stFileUploaderDropzoneInput").wait_for(state="attached", timeout=30_000)


def _upload(page, name: str, content: bytes) -> None:
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        {"name": name, "mimeType": "application/json", "buffer": content}
    )


def test_a_hostile_upload_is_named_as_text(server, page):
    watch = Watch(page, server)
    _open_import(page, server)
    name = "x` ![i](http://example.org/v.png) **bold**.json"
    answers = {f"{INJECTION}-{i}": {} for i in range(5000)}
    _upload(page, name, _progress_file(answers))
    alert = page.get_by_test_id("stAlert").filter(has_text="Imported")
    alert.wait_for(timeout=30_000)
    text = alert.inner_text().replace("\u200b", "")
    assert "![i](http://example.org/v.png) **bold**.json" in text and "Skipped 5,000 answers" in text
    assert len(text) < 600  # a few ids named, the rest counted
    _no_foreign_markup(page)
    screenshot(page, "hostile-upload")
    watch.check()


def test_the_server_refuses_a_big_upload_that_skips_the_browsers_check(server, page):
    """A script sends what the browser would refuse: the upload endpoint itself says no (413), and
    a file under that limit but over the page's is refused unread, with a message."""
    seen: list = []
    page.on("request", lambda r: seen.append(r) if "/_stcore/upload_file/" in r.url and r.method == "PUT" else None)
    _open_import(page, server)

    big = 900 * 1024  # under server.maxUploadSize (1 MB), over the page's 512 KB
    padding = {"x": {"attempts": 1, "note": "a" * big}}

    def swap(route) -> None:  # the browser checked a small file; the server gets a big one
        boundary = re.search(r"boundary=(\S+)", route.request.headers["content-type"]).group(1)
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.json"\r\n'
                f"Content-Type: application/json\r\n\r\n"
            ).encode()
            + _progress_file(padding)
            + f"\r\n--{boundary}--\r\n".encode()
        )
        route.continue_(post_data=body)

    page.route("**/_stcore/upload_file/**", swap)
    _upload(page, "small.json", _progress_file({}))
    alert = page.get_by_test_id("stAlert").filter(has_text="Could not import")
    alert.wait_for(timeout=30_000)
    assert "a progress file is at most 524,288" in alert.inner_text()
    screenshot(page, "upload-too-big")

    (request,) = seen[:1]
    headers = {k: v for k, v in request.headers.items() if k.lower() in ("cookie", "x-xsrftoken", "content-type")}
    headers.setdefault("cookie", "; ".join(f"{c['name']}={c['value']}" for c in page.context.cookies()))
    huge = b"x" * (3 * 1024 * 1024)
    put = urllib.request.Request(request.url, data=huge, headers=headers, method="PUT")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(put, timeout=30)
    assert err.value.code == 413


# About 0.3 s per D update and 4.5 s per iteration (benchmarks/update_cost.py): just under the limit.
HEAVIEST_ALLOWED = (
    "g_width=256&d_width=256&g_layers=4&d_layers=4&batch_size=2048&k_d=10&k_g=10&loss=wgan_gp&r1_weight=0"
)
MAXED = (
    "g_width=256&d_width=256&g_layers=4&d_layers=4&batch_size=2048&k_d=10&k_g=10&loss=wgan_gp"
    "&gp_weight=100&r1_weight=100&minibatch_disc=1&pac=4"
)


def _watch_counter(page, seconds: float) -> tuple[int, float]:
    """How many different step counters (pictures) a playing page shows in ``seconds``, and its rate."""
    start, t0 = current_step(page), time.monotonic()
    seen = {start}
    while time.monotonic() - t0 < seconds:
        seen.add(current_step(page))
        page.wait_for_timeout(250)
    return len(seen) - 1, (max(seen) - start) / (time.monotonic() - t0)


def test_a_greedy_learner_cannot_starve_another_and_pauses_within_a_second(server, browser):
    greedy_ctx, other_ctx = (browser.new_context(viewport={"width": 1400, "height": 1600}) for _ in range(2))
    greedy, other = greedy_ctx.new_page(), other_ctx.new_page()
    try:
        greedy.goto(f"{server}/toy-2d?{MAXED}")
        greedy.get_by_text("Too heavy for a shared server").wait_for(timeout=60_000)
        assert greedy.get_by_role("button", name="Play").is_disabled()
        screenshot(greedy, "greedy-refused")

        other.goto(f"{server}/toy-2d")
        other.get_by_role("button", name="Play").wait_for(timeout=60_000)
        play(other)
        alone = _watch_counter(other, 8)  # the same learner with nobody else training: the baseline

        greedy.goto(f"{server}/toy-2d?{HEAVIEST_ALLOWED}")
        greedy.get_by_role("button", name="Play").wait_for(timeout=60_000)
        assert greedy.get_by_text("Too heavy").count() == 0
        play(greedy, until=r"Step \d")  # playing; the counter may stay at 0 for a while (20 updates a step)
        beside = _watch_counter(other, 10)
        print(
            f"\nthe ordinary learner alone: {alone[0]} pictures in 8 s, {alone[1]:.0f} iterations/s; beside the "
            f"greedy one: {beside[0]} pictures in 10 s, {beside[1]:.0f} iterations/s"
        )
        assert beside[0] >= 5, "the ordinary learner's pictures stalled"  # a picture every 2 s at the very least

        pressed = time.monotonic()
        pause(greedy)
        answered = time.monotonic() - pressed
        paused_at = current_step(greedy)
        greedy.wait_for_timeout(2000)
        assert current_step(greedy) == paused_at, "the greedy run went on after Pause"
        print(f"the greedy learner's Pause answered in {answered:.2f} s")
        # A hang detector, not a timing check: before the fix Pause never took effect (590 s). What is
        # timed here is mostly the browser (the click waits for the page, then it redraws): the server
        # starts the paused page 0.1-0.2 s after the Pause message arrives (websocket frames, docs/security.md).
        assert answered < 30
        pause(other)
    finally:
        greedy_ctx.close()
        other_ctx.close()
