"""Two Streamlit replicas behind Debian's nginx with deploy/nginx.conf: learners' sessions work end to end
through the proxy and each stays on one replica (nginx's access log names the replica of every request)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import secrets
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import ROOT, _free_port, current_step, pause, play, screenshot, start_server, stop

pytestmark = pytest.mark.e2e
LOGS = ROOT / "artifacts" / "nginx-cluster"
COOKIE = "gc_backend"
# deploy/nginx.conf's log_format gc_upstream
LOG_LINE = re.compile(r'key=(\S+) cookie="([^"]*)" upstream=(\S+) status=(\d+) "(\S+) (\S+)')


def _launcher():
    spec = importlib.util.spec_from_file_location("run_local_cluster", ROOT / "deploy" / "run_local_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Cluster:
    url: str  # nginx
    backends: list[str]  # the replicas, http://127.0.0.1:PORT
    access_log: Path

    def log(self) -> list[dict]:
        """nginx's access log so far: key (what the request was hashed on), upstream, status, path."""
        if not self.access_log.exists():
            return []
        rows = []
        for line in self.access_log.read_text().splitlines():
            m = LOG_LINE.search(line)
            if m:
                key, _cookie, upstream, status, method, path = m.groups()
                rows.append({"key": key, "upstream": upstream, "status": int(status), "method": method, "path": path})
        return rows

    def wait_log(self, predicate, timeout: float = 15) -> list[dict]:
        """Rows matching ``predicate``, waiting for at least one (nginx writes a line after the response)."""
        deadline = time.time() + timeout
        while True:
            rows = [r for r in self.log() if predicate(r)]
            if rows or time.time() > deadline:
                return rows
            time.sleep(0.2)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    launcher = _launcher()
    if launcher.find_nginx() is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing: .ci/run should have installed it")
        pytest.skip("Debian's nginx is not installed (apt-get install nginx)")
    work = tmp_path_factory.mktemp("nginx-cluster")
    secret = secrets.token_hex(16)  # the same cookie secret on every replica
    procs: list[subprocess.Popen] = []
    try:
        backends = []
        for i in range(2):
            env = {"STREAMLIT_SERVER_COOKIE_SECRET": secret}  # Streamlit refuses --server.cookieSecret
            proc, url = start_server(log=work / f"replica-{i}.log", env=env)
            procs.append(proc)
            backends.append(url)
        port = _free_port()
        ports = [int(url.rsplit(":", 1)[1]) for url in backends]
        procs.append(launcher.start_nginx(work, f"127.0.0.1:{port}", ports))
        yield Cluster(f"http://127.0.0.1:{port}", backends, work / "logs" / "access.log")
    finally:
        # nginx's and the replicas' logs, for a person to read (a failure in CI leaves them behind)
        LOGS.mkdir(parents=True, exist_ok=True)
        for log in [*work.glob("replica-*.log"), *(work / "logs").glob("*.log")]:
            shutil.copy(log, LOGS / log.name)
        stop(*procs)


def _get(url: str, cookie: str | None = None):
    req = urllib.request.Request(url, headers={"Cookie": f"{COOKIE}={cookie}"} if cookie else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, r.headers, r.read()


def _replica_of(cluster: Cluster, cookie: str) -> str:
    """The replica nginx sends requests carrying this cookie to (asked with a health check)."""
    _get(f"{cluster.url}/_stcore/health?probe={cookie}", cookie)
    rows = cluster.wait_log(lambda r: r["key"] == cookie and r["path"].endswith(f"probe={cookie}"))
    assert rows, f"no access-log line for the probe {cookie}"
    return rows[-1]["upstream"]


def _play_until_moving(page) -> int:
    play(page)
    page.wait_for_timeout(1500)
    moving = current_step(page)
    pause(page)
    return moving


def _download_run_json(page) -> dict:
    """Share and download > Run as JSON. Tried twice: a rerun that lands just after the Pause click can
    replace the expander and its button under the click."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    expander = page.get_by_test_id("stExpander").filter(has_text="Share and download")
    button = page.get_by_test_id("stDownloadButton").filter(has_text="Run as JSON").locator("button")
    for attempt in range(2):
        try:
            if not button.is_visible():
                expander.locator("summary").click()
            with page.expect_download(timeout=20_000) as dl:
                button.click(timeout=20_000)
            return json.loads(Path(dl.value.path()).read_text())
        except PlaywrightTimeout:
            if attempt:
                raise
            page.wait_for_timeout(1000)
    raise AssertionError("unreachable")


def test_replicas_are_healthy_and_the_cookie_pins_a_replica(cluster):
    for url in [*cluster.backends, cluster.url]:
        status, _, body = _get(f"{url}/_stcore/health")
        assert (status, body) == (200, b"ok"), url
    # A first visit gets the sticky cookie from nginx; a visit that has one gets none.
    _, headers, _ = _get(cluster.url + "/")
    set_cookie = [h for h in headers.get_all("Set-Cookie") or [] if h.startswith(f"{COOKIE}=")]
    assert len(set_cookie) == 1 and re.match(rf"{COOKIE}=[0-9a-f]{{32}}; Path=/; HttpOnly", set_cookie[0])
    _, headers, _ = _get(cluster.url + "/", cookie="abc")
    assert not [h for h in headers.get_all("Set-Cookie") or [] if h.startswith(f"{COOKIE}=")]
    # One cookie, one replica, every time; different cookies spread over both replicas.
    assert len({_replica_of(cluster, "same") for _ in range(5)}) == 1
    seen = {_replica_of(cluster, f"learner-{i}") for i in range(40)}
    assert seen == {url.removeprefix("http://") for url in cluster.backends}


def test_two_learners_through_nginx_each_stay_on_one_replica(cluster, browser):
    replicas = {url.removeprefix("http://") for url in cluster.backends}
    started = time.time()
    a = browser.new_context(viewport={"width": 1400, "height": 2400}, accept_downloads=True)
    b = browser.new_context(viewport={"width": 1400, "height": 2400})
    try:
        # Learner A: Home through nginx, which hands out the sticky cookie.
        pa = a.new_page()
        pa.goto(cluster.url + "/")
        pa.get_by_role("heading", name="GAN Classroom").first.wait_for(timeout=60_000)
        pa.get_by_text("The course", exact=True).wait_for(timeout=30_000)
        cookies = [c for c in a.cookies() if c["name"] == COOKIE]
        assert len(cookies) == 1 and cookies[0]["httpOnly"], a.cookies()
        key_a = cookies[0]["value"]
        rows = cluster.wait_log(lambda r: r["key"] == key_a)
        assert rows, "no request carried learner A's cookie"
        replica_a = rows[0]["upstream"]
        # Learner B gets a cookie that nginx hashes to the other replica (probed as in the first test).
        key_b = next(f"b-{i}" for i in range(200) if _replica_of(cluster, f"b-{i}") != replica_a)
        b.add_cookies([{"name": COOKIE, "value": key_b, "url": cluster.url}])
        pb = b.new_page()

        # Both open the 1-D lesson from a deep link and train; A also downloads the run (/media/...).
        for p in (pa, pb):
            p.goto(cluster.url + "/toy-1d?noise_dim=1&seed=3")
            p.get_by_role("button", name="Play").wait_for(timeout=60_000)
            assert current_step(p) == 0
            assert p.get_by_text("Ignored").count() == 0
            assert _play_until_moving(p) > 0
            assert p.get_by_test_id("stException").count() == 0
        run = _download_run_json(pa)
        assert run["config"]["seed"] == 3
        media = cluster.wait_log(lambda r: r["key"] == key_a and r["path"].startswith("/media/"))
        assert media and media[-1]["status"] == 200
        # The download exists only in A's replica's memory: the other replica does not have it.
        other = next(u for u in cluster.backends if u.removeprefix("http://") != replica_a)
        with pytest.raises(urllib.error.HTTPError) as missing:
            _get(other + media[-1]["path"])
        assert missing.value.code == 404
        shot = screenshot(pa, "nginx-cluster-toy-1d")
        assert shot.stat().st_size > 20_000
    finally:
        a.close()
        b.close()

    # nginx writes a websocket's line when it closes (status 101): wait for both.
    def streams():
        return {
            r["key"]: r["upstream"]
            for r in cluster.log()
            if r["path"] == "/_stcore/stream" and r["status"] == 101 and r["key"] in (key_a, key_b)
        }

    deadline = time.time() + 20
    while len(streams()) < 2 and time.time() < deadline:
        time.sleep(0.3)
    ws = streams()
    assert set(ws) == {key_a, key_b}, f"websocket lines in the access log: {ws}"
    assert ws[key_a] == replica_a and ws[key_b] != replica_a, ws
    # Every request of a learner (HTML, assets, websocket, media) went to that learner's replica.
    for key in (key_a, key_b):
        upstreams = {r["upstream"] for r in cluster.log() if r["key"] == key}
        assert upstreams == {ws[key]}, (key, upstreams)
    assert set(ws.values()) == replicas  # one learner on each replica
    print(f"two learners through nginx: {time.time() - started:.1f} s")
