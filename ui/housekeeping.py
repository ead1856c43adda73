"""Give a class's memory back when its learners leave.

A learner who closes the tab leaves a session Streamlit keeps for ``server.disconnectedSessionTTL``
seconds, so a reconnect finds its run where it was. Streamlit drops such a session only lazily:
its store (a TTL cache) reaps expired entries when something is next written to it, that is when
another learner disconnects. After the last learner of a class leaves, every session, with its
networks and histories, would stay in memory until the next class. And even once a session is
dropped, the C allocator keeps the freed pages for reuse instead of handing them back.

At start, the allocator is told to use at most ``ARENAS`` heap arenas. glibc gives threads up to
eight arenas per core, and every learner's script run is a thread: each arena fragments on its
own and keeps its pages. Measured with 30 learners (benchmarks/classroom_load.py): peak resident
memory 919 -> 643 MiB, and after they left 831 -> 581 MiB against a warm baseline of about 500,
with training speed unchanged (the interpreter lock already serialises the threads).

A daemon thread does its chores every 30 s (``$GAN_CLASSROOM_HOUSEKEEPING_S``): it asks Streamlit's event loop to reap
expired sessions (the store is not thread-safe, so the reap runs on the loop's own thread); it
puts away the runs of learners who are still connected but have not touched a paused run for
``$GAN_CLASSROOM_IDLE_S`` (one hour by default: the heaviest MNIST run holds about 50 MiB; the settings
and seed stay, so Play starts the same run again); and when something was dropped it runs a full
garbage collection and glibc's ``malloc_trim``. The reap
reaches into Streamlit internals that have no public API; if they change, housekeeping logs one
warning and stops, and the app works as before (memory comes back when the next learner leaves).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import threading
import time
from concurrent.futures import Future
from typing import Any

from streamlit.logger import get_logger

ENV_EVERY = "GAN_CLASSROOM_HOUSEKEEPING_S"
DEFAULT_EVERY_S = 30.0
ENV_IDLE = "GAN_CLASSROOM_IDLE_S"
DEFAULT_IDLE_S = 3600.0
ARENAS = 2
M_ARENA_MAX = -8  # glibc's mallopt parameter number (malloc.h)
_LOG = get_logger(__name__)
_started = threading.Lock()
_thread: threading.Thread | None = None


def _seconds(env: str, default: float) -> float:
    try:
        value = float(os.environ.get(env, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def every_s() -> float:
    """$GAN_CLASSROOM_HOUSEKEEPING_S if it is a positive number, else 30 s."""
    return _seconds(ENV_EVERY, DEFAULT_EVERY_S)


def idle_s() -> float:
    """$GAN_CLASSROOM_IDLE_S if it is a positive number, else one hour."""
    return _seconds(ENV_IDLE, DEFAULT_IDLE_S)


def resident_mib(pid: int | str = "self") -> float:
    """A process's resident memory in MiB (default: this one), from Linux's /proc; NaN where
    unavailable."""
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024
    except (OSError, StopIteration, ValueError):
        return float("nan")


def _glibc(function: str) -> Any | None:
    """A function of glibc's malloc (``malloc_trim``, ``mallopt``), or None where the C library
    has none (musl, macOS)."""
    try:
        return getattr(ctypes.CDLL(ctypes.util.find_library("c")), function)
    except (OSError, AttributeError, TypeError):
        return None


def limit_arenas(arenas: int = ARENAS) -> bool:
    """Ask glibc to create at most ``arenas`` heap arenas from now on; returns whether it agreed."""
    mallopt = _glibc("mallopt")
    return mallopt is not None and mallopt(M_ARENA_MAX, arenas) == 1


def release_memory() -> tuple[float, float]:
    """Collect garbage and hand free heap pages back to the system. Returns the resident MiB
    before and after."""
    before = resident_mib()
    gc.collect()
    trim = _glibc("malloc_trim")
    if trim is not None:
        trim.argtypes = [ctypes.c_size_t]
        trim(0)  # every arena's free pages, not only the top of the heap
    return before, resident_mib()


def _session_store(runtime: Any) -> Any:
    """The TTL cache behind Streamlit's store of disconnected sessions (internal API)."""
    return runtime._session_mgr._session_storage._cache


def reap_expired_sessions(runtime: Any, timeout: float = 10.0) -> int:
    """Drop the disconnected sessions whose TTL has passed; returns how many. Runs the reap on
    Streamlit's event loop and waits for it."""
    store = _session_store(runtime)
    loop = runtime._get_async_objs().eventloop
    done: Future[int] = Future()

    def reap() -> None:
        try:
            done.set_result(len(store.expire()))
        except BaseException as err:  # noqa: BLE001 - handed to the waiting thread
            done.set_exception(err)

    loop.call_soon_threadsafe(reap)
    return done.result(timeout)


def put_away_session_runs(state: Any, idle_s: float, now: float | None = None) -> int:
    """Drop the runs in one session's ``state`` (a mapping: its session state) that are paused and
    have not been looked at for ``idle_s`` seconds, leaving a note for the learner's next visit; the
    settings (widgets) and the seed stay, so Play starts the same run again. Returns how many. The
    caller makes sure no script of that session is running (``put_away_idle_runs``)."""
    from ui.live import PUT_AWAY, Run

    now = time.monotonic() if now is None else now
    dropped = 0
    # iterate, not .keys(): the server's raw SessionState has no .keys()
    for key in [k for k in list(state) if isinstance(k, str) and k.endswith(".run")]:
        run = state[key]
        if not isinstance(run, Run) or run.playing or now - run.last_seen < idle_s:
            continue
        if not run.lock.acquire(blocking=False):  # a chunk is still training: not idle
            continue
        try:
            ns = key.removesuffix(".run")
            minutes = max(1, round(idle_s / 60))
            del state[key]
            state[f"{ns}.{PUT_AWAY}"] = (
                f"This run was put away after {minutes} minute{'s' if minutes != 1 else ''} without activity, to "
                f"free the server's memory for the class (it had reached step {run.trainer.step_count:,}). Its "
                "settings and seed are kept: Play trains the same run again from the start."
            )
            dropped += 1
        finally:
            run.lock.release()
    return dropped


def put_away_idle_runs(runtime: Any, idle: float, timeout: float = 10.0) -> int:
    """Put away the idle runs of connected sessions whose script is not running (ui.live), on the
    event loop: no script run of theirs can start meanwhile. Returns how many runs."""
    from streamlit.runtime.app_session import AppSessionState

    loop = runtime._get_async_objs().eventloop
    done: Future[int] = Future()

    def put_away() -> None:
        try:
            count = 0
            for info in runtime._session_mgr.list_active_sessions():
                session = info.session
                if session._state == AppSessionState.APP_NOT_RUNNING:
                    count += put_away_session_runs(session.session_state, idle)
            done.set_result(count)
        except BaseException as err:  # noqa: BLE001 - handed to the waiting thread
            done.set_exception(err)

    loop.call_soon_threadsafe(put_away)
    return done.result(timeout)


def sweep(runtime: Any, idle: float | None = None) -> int:
    """One round of housekeeping: reap expired sessions, put away idle runs, and give memory back
    if anything was dropped. Returns how many sessions and runs were dropped."""
    dropped = reap_expired_sessions(runtime)
    put_away = put_away_idle_runs(runtime, idle_s() if idle is None else idle)
    if dropped or put_away:
        before, after = release_memory()
        _LOG.info(
            "Housekeeping: dropped %d learner session(s) past the disconnected-session TTL and put away "
            "%d idle run(s); resident memory %.0f -> %.0f MiB",
            dropped,
            put_away,
            before,
            after,
        )
    return dropped + put_away


def _loop(every: float) -> None:
    from streamlit.runtime import Runtime

    while True:
        time.sleep(every)
        if not Runtime.exists():
            continue
        try:
            sweep(Runtime.instance())
        except Exception as err:  # noqa: BLE001 - internals changed: say so once, stop, harm nothing
            _LOG.warning(
                "Housekeeping stopped (%s: %s); memory comes back when learners leave.", type(err).__name__, err
            )
            return


def start() -> bool:
    """Start the housekeeping thread once per process; returns whether this call started it."""
    global _thread
    with _started:
        if _thread is not None:
            return False
        limit_arenas()
        _thread = threading.Thread(target=_loop, args=(every_s(),), name="gan-classroom-housekeeping", daemon=True)
        _thread.start()
        return True
