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

from ui import housekeeping

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


def fake_runtime(storage: MemorySessionStorage, loop: asyncio.AbstractEventLoop) -> SimpleNamespace:
    return SimpleNamespace(
        _session_mgr=SimpleNamespace(_session_storage=storage),
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
