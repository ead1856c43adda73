"""Faults a class meets: a learner's connection drops mid-training; a server restarts.

These use the lightweight websocket client of benchmarks/st_client.py (what a browser tab sends,
without drawing), so they can time a disconnection precisely.
"""

from __future__ import annotations

import asyncio
import re
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest

from benchmarks.st_client import Session
from tests.e2e.conftest import start_server, stop

pytestmark = pytest.mark.e2e
QUERY = "seed=3&steps=50000"
TTL_S = 4  # the short-TTL server forgets a disconnected session after this many seconds


def run(coro):
    """asyncio.run in a thread of its own: Playwright's sync API may already run a loop here."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


@pytest.fixture(scope="module")
def short_ttl_server(tmp_path_factory):
    """A server that forgets a disconnected session after 4 s (the default is 120 s), with
    housekeeping (ui/housekeeping.py) every second instead of every 30 s. Yields (url, log)."""
    log = tmp_path_factory.mktemp("short-ttl") / "server.log"
    proc, url = start_server(
        extra_args=("--server.disconnectedSessionTTL", str(TTL_S)), log=log, env={"GAN_CLASSROOM_HOUSEKEEPING_S": "1"}
    )
    yield url, log
    stop(proc)


def dropped_sessions(log) -> int:
    """How many sessions housekeeping has dropped so far, from the server's log."""
    return sum(int(n) for n in re.findall(r"dropped (\d+) learner session", log.read_text(errors="replace")))


async def play_then_drop(url: str) -> tuple[str, int]:
    """Open the 1-D lesson, press Play, let it train, then drop the connection while playing."""
    s = Session(url, "toy-1d", QUERY)
    await s.connect()
    await s.wait_finished()
    await s.click("Play")
    await s.wait_for(lambda x: (x.step or 0) > 200, 60)
    await s.close()  # the tab goes away mid-training, without pressing Pause
    return s.session_id, s.step


async def reconnect(url: str, session_id: str) -> Session:
    s = Session(url, "toy-1d", QUERY, session_id=session_id)
    await s.connect()
    await s.wait_for(lambda x: x.step is not None, 60)
    return s


def test_reconnecting_within_the_ttl_finds_the_run_and_nothing_trained_meanwhile(short_ttl_server):
    url, _ = short_ttl_server

    async def scenario() -> None:
        sid, last_seen = await play_then_drop(url)
        await asyncio.sleep(2.0)  # gone for 2 s: ~1,000 steps if training had gone on unseen
        back = await reconnect(url, sid)
        try:
            assert last_seen <= back.step <= last_seen + 300, (last_seen, back.step)
            # still playing: the run goes on from where it was
            before = back.step
            await back.wait_for(lambda x: x.step > before + 50, 30)
            assert back.stats.exceptions == [] and back.stats.errors == []
        finally:
            await back.close()

    run(scenario())


def test_a_learner_who_never_returns_leaves_nothing_behind(short_ttl_server):
    url, log = short_ttl_server
    time.sleep(TTL_S + 2)  # the sessions of earlier tests expire and are dropped first: count only ours
    dropped_before = dropped_sessions(log)

    async def scenario() -> None:
        sid, last_seen = await play_then_drop(url)
        # Streamlit reaps an expired session only when another one disconnects; with nobody else
        # leaving, housekeeping must drop it (and give its memory back) within TTL + 1 s
        deadline = time.monotonic() + 20
        while dropped_sessions(log) == dropped_before:
            assert time.monotonic() < deadline, "the expired session was never dropped:\n" + log.read_text()
            await asyncio.sleep(0.5)
        back = await reconnect(url, sid)
        try:
            assert back.step == 0, "the expired session came back: a fresh session starts a fresh run"
        finally:
            await back.close()

    run(scenario())


def test_after_a_server_restart_the_share_link_restores_the_run_configuration():
    async def share_link(url: str, query: str, preset: str | None = None) -> str:
        async with Session(url, "toy-2d", query) as s:
            await s.wait_finished()
            if preset:
                await s.click(preset)
                await s.wait_finished()
                await s.wait_for(lambda x: x.share_link and not x.running, 30)
            return s.share_link

    proc, url = start_server()
    try:
        link = run(share_link(url, "seed=11", "Mode collapse"))
    finally:
        stop(proc)
    query = urlsplit(link).query
    assert "seed=11" not in query  # the preset's own seed...
    assert "dataset=ring8" in query and "seed=" in query
    proc, url = start_server()  # a new process: no session survives, only the link
    try:
        again = run(share_link(url, query))
    finally:
        stop(proc)
    assert urlsplit(again).query == query
