"""Browser tests: a real `streamlit run app.py` server on a free localhost port, driven by Debian's
Chromium through Playwright. Screenshots go to artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    port: int | None = None,
    extra_args: tuple[str, ...] = (),
    log: Path | None = None,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.Popen, str]:
    """Start the app on a free port and wait for its health endpoint. Returns (process, base URL).
    ``extra_args``: more `streamlit run` flags (e.g. a config option to compare against).
    ``log``: a file for the server's output (stdout and stderr) instead of a pipe.
    ``env``: more environment variables (e.g. STREAMLIT_SERVER_COOKIE_SECRET, which no flag may set)."""
    port = port or _free_port()
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        *extra_args,
    ]
    full_env = {**os.environ, **env} if env else None
    if log is None:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    else:
        with open(log, "ab") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            break
    proc.kill()
    output = proc.stderr.read().decode() if log is None else Path(log).read_text(errors="replace")
    raise RuntimeError(f"streamlit did not start: {output[-2000:]}")


def stop(*procs: subprocess.Popen) -> None:
    """Stop processes (last started first): terminate them all, then wait; kill what lingers."""
    for proc in reversed(procs):
        proc.terminate()
    for proc in procs:
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def server():
    proc, url = start_server()
    yield url
    stop(proc)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is missing: .ci/run should have installed it")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 2400})
    p = context.new_page()
    yield p
    context.close()


def screenshot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --- a learner's hands on a live lesson (shared by the browser tests) -----------------------------
STEP = re.compile(r"Step ([\d,]+) of ([\d,]+)")
MOVING = r"Step [1-9][\d,]* of"  # the counter has left 0
_PROGRESS_MATCHES = "re => new RegExp(re).test(document.querySelector('[data-testid=stProgress]')?.innerText || '')"


def current_step(page) -> int:
    """The step counter of the lesson's progress bar."""
    text = page.get_by_test_id("stProgress").first.inner_text()
    m = STEP.search(text)
    assert m, f"no step counter in {text!r}"
    return int(m.group(1).replace(",", ""))


def open_link(page, url: str, timeout_ms: int = 60_000) -> None:
    """Open a lesson's deep link as a new learner: the page is ready (Play shows), nothing has
    trained yet, and a good link raises no "Ignored" note."""
    page.goto(url)
    page.get_by_role("button", name="Play").wait_for(timeout=timeout_ms)
    assert current_step(page) == 0
    assert page.get_by_text("Ignored").count() == 0


def play(page, until: str = MOVING, timeout_ms: int = 30_000) -> None:
    """Press Play and wait until the page shows Pause and the progress bar's text matches the
    regular expression ``until`` (by default: the counter has left 0)."""
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=20_000)
    page.wait_for_function(_PROGRESS_MATCHES, arg=until, timeout=timeout_ms)


def pause(page) -> None:
    """Press Pause (if playing) and wait for Play to come back."""
    if page.get_by_role("button", name="Pause").count():
        page.get_by_role("button", name="Pause").click()
    page.get_by_role("button", name="Play").wait_for(timeout=30_000)


def pause_and_check_it_stays(page, settle_ms: int = 1000, watch_ms: int = 2000) -> int:
    """Pause, then check that the counter does not move any more; returns where it stopped."""
    pause(page)
    page.wait_for_timeout(settle_ms)
    paused = current_step(page)
    page.wait_for_timeout(watch_ms)
    assert current_step(page) == paused, "training went on after Pause"
    return paused
