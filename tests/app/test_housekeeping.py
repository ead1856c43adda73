"""ui/housekeeping.py: expired sessions are reaped on the event loop, freed memory goes back.

The end-to-end check against a real server (an abandoned session is dropped without any other
learner leaving) is in tests/e2e/test_faults.py.
"""

from __future__ import annotations

import asyncio
import platform
import threading
from types import SimpleNamespace

import pytest
from streamlit.runtime.caching.ttl_cache import TTLCache
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.session_manager import SessionInfo

from gan_core.toy.config import ToyConfig
from gan_core.toy.trainer import ToyTrainer
from tests.conftest import ROOT
from ui import housekeeping, live

glibc = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim and mallopt are glibc's")


@pytest.mark.parametrize(("value", "expected"), [("", 30.0), ("soon", 30.0), ("0", 30.0), ("-5", 30.0), ("2.5", 2.5)])
def test_interval_from_the_environment_falls_back_to_30_s(monkeypatch, value, expected):
    monkeypatch.setenv(housekeeping.ENV_EVERY, value)
    assert housekeeping.every_s() == expected


@pytest.fixture
def loop_thread():
    """An event loop running in a thread of its own, as Streamlit's does."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield loop, thread
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


def fake_runtime(
    storage: MemorySessionStorage, loop: asyncio.AbstractEventLoop, active: list | None = None
) -> SimpleNamespace:
    return SimpleNamespace(
        _session_mgr=SimpleNamespace(_session_storage=storage, list_active_sessions=lambda: list(active or [])),
        _get_async_objs=lambda: SimpleNamespace(eventloop=loop),
    )


def save(storage: MemorySessionStorage, session_id: str) -> None:
    storage.save(SessionInfo(client=None, session=SimpleNamespace(id=session_id), script_run_count=0))


def storage_with_clock(ttl: float) -> tuple[MemorySessionStorage, list[float]]:
    """Streamlit's own store of disconnected sessions, on a clock the test moves."""
    now = [0.0]
    storage = MemorySessionStorage(ttl_seconds=ttl)
    storage._cache = TTLCache(maxsize=128, ttl=ttl, timer=lambda: now[0])
    return storage, now


def test_expired_sessions_are_reaped_on_the_event_loop_and_live_ones_kept(loop_thread, monkeypatch):
    loop, thread = loop_thread
    storage, now = storage_with_clock(ttl=120)
    save(storage, "left-early")
    save(storage, "left-too")
    now[0] = 100
    save(storage, "just-left")
    now[0] = 150  # the first two are past their TTL, the third is not
    store = storage._cache
    reaped_on = []
    expire = store.expire
    monkeypatch.setattr(store, "expire", lambda: reaped_on.append(threading.current_thread()) or expire())

    assert housekeeping.reap_expired_sessions(fake_runtime(storage, loop)) == 2
    assert reaped_on == [thread]  # the store is not thread-safe: only the loop touches it
    assert [info.session.id for info in storage.list()] == ["just-left"]
    assert housekeeping.reap_expired_sessions(fake_runtime(storage, loop)) == 0


def test_a_sweep_gives_memory_back_only_when_sessions_were_dropped(loop_thread, monkeypatch):
    loop, _ = loop_thread
    storage, now = storage_with_clock(ttl=120)
    released = []
    monkeypatch.setattr(housekeeping, "release_memory", lambda: released.append(1) or (10.0, 5.0))
    assert housekeeping.sweep(fake_runtime(storage, loop)) == 0
    assert released == []
    save(storage, "gone")
    now[0] = 121
    assert housekeeping.sweep(fake_runtime(storage, loop)) == 1
    assert released == [1]


def test_a_streamlit_without_those_internals_raises_so_the_loop_can_stop():
    with pytest.raises(AttributeError):
        housekeeping.sweep(SimpleNamespace())


@glibc
def test_glibc_accepts_the_arena_limit():
    assert housekeeping.limit_arenas() is True


@glibc
def test_release_memory_hands_freed_heap_pages_back():
    """Freed blocks pinned between live ones stay resident until malloc_trim hands their pages back
    (measured independently, from /proc)."""
    big, pins = [], []
    for _ in range(3000):  # ~190 MiB in 64 KiB blocks (below glibc's mmap threshold: on the heap)
        big.append(bytearray(64 * 1024))
        pins.append(bytearray(2048))  # small live blocks after each: free() cannot shrink the heap
    for block in big:
        block[::4096] = b"x" * len(block[::4096])  # touch every page so it is resident
    held = housekeeping.resident_mib()
    del big
    before, after = housekeeping.release_memory()
    assert before > held - 50, "the freed blocks were already handed back: the test proves nothing"
    assert after < before - 100, (held, before, after)
    assert len(pins) == 3000


# --- idle runs of connected learners ----------------------------------------------------------------
def _run(steps: int = 3, seen: float = 0.0) -> live.Run:
    run = live.Run(ToyTrainer(ToyConfig(g_width=8, d_width=8, batch_size=16)))
    run.trainer.step(steps)
    run.last_seen = seen
    return run


def test_idle_paused_runs_are_put_away_with_a_note_and_others_kept():
    playing, busy, recent = _run(), _run(), _run(seen=950.0)
    playing.playing = True
    busy.lock.acquire()  # a chunk still training
    state = {"toy1d.run": _run(), "toy2d.run": playing, "mnist.run": busy, "learned_loss.run": recent, "x": 1}
    assert housekeeping.put_away_session_runs(state, idle_s=600, now=1000.0) == 1
    assert "toy1d.run" not in state and {"toy2d.run", "mnist.run", "learned_loss.run", "x"} <= set(state)
    note = state["toy1d.put_away"]
    assert "10 minutes without activity" in note and "step 3" in note
    busy.lock.release()


def test_the_next_visit_builds_the_same_run_again_and_shows_the_note():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "lessons" / "toy_1d.py"), default_timeout=120).run()
    at.button(key="toy1d.step").click().run()
    before = at.session_state["toy1d.run"].trainer.cfg
    at.session_state["toy1d.run"].last_seen = -1e9
    # the server hands housekeeping Streamlit's raw SessionState (no .keys(), unlike AppTest's wrapper)
    raw = at.session_state._state._state
    assert type(raw).__name__ == "SessionState"
    assert housekeeping.put_away_session_runs(raw, idle_s=60) == 1
    at.run()
    run = at.session_state["toy1d.run"]
    assert run.trainer.step_count == 0 and run.trainer.cfg == before
    assert any("put away after 1 minute" in c.value for c in at.caption)


def test_a_sweep_puts_away_idle_runs_only_of_sessions_whose_script_is_not_running(loop_thread, monkeypatch):
    from streamlit.runtime.app_session import AppSessionState

    loop, thread = loop_thread
    storage, _ = storage_with_clock(ttl=120)
    monkeypatch.setattr(housekeeping, "release_memory", lambda: (10.0, 5.0))
    on = []
    monkeypatch.setattr(
        housekeeping, "put_away_session_runs", lambda state, idle: on.append(threading.current_thread()) or len(state)
    )
    sessions = [
        SimpleNamespace(session=SimpleNamespace(_state=AppSessionState.APP_NOT_RUNNING, session_state={"a.run": 1})),
        SimpleNamespace(session=SimpleNamespace(_state=AppSessionState.APP_IS_RUNNING, session_state={"b.run": 1})),
    ]
    assert housekeeping.sweep(fake_runtime(storage, loop, sessions), idle=60) == 1
    assert on == [thread]  # on the event loop, where no script run of that session can start meanwhile


@pytest.mark.parametrize(("value", "expected"), [("", 3600.0), ("x", 3600.0), ("-1", 3600.0), ("90", 90.0)])
def test_idle_time_from_the_environment_falls_back_to_an_hour(monkeypatch, value, expected):
    monkeypatch.setenv(housekeeping.ENV_IDLE, value)
    assert housekeeping.idle_s() == expected
