"""Fair sharing of one server process between many learners who press Play.

Every live lesson trains and draws inside a fragment that re-runs several times a second. Script
runs are threads of one Python process: with 15 learners training, 15 threads would contend for
the interpreter lock and a learner clicking through the quiz would wait behind all of them. The
gate lets at most ``slots`` live refreshes (train a chunk + draw it) run at once, in arrival
order (first come, first served: no session starves), while everything else (quiz answers,
page loads, the DCGAN explorer) never waits for it.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

ENV_SLOTS = "GAN_CLASSROOM_TRAINING_SLOTS"


def default_slots() -> int:
    """$GAN_CLASSROOM_TRAINING_SLOTS, else one per CPU core (at least 1)."""
    try:
        return max(1, int(os.environ.get(ENV_SLOTS, "")))
    except ValueError:
        return max(1, os.cpu_count() or 1)


class FairGate:
    """A first-come-first-served gate with ``slots`` places."""

    def __init__(self, slots: int) -> None:
        if slots < 1:
            raise ValueError(f"slots must be at least 1, got {slots}")
        self.slots = slots
        self._cond = threading.Condition()
        self._queue: deque[object] = deque()
        self._busy = 0
        self.waited_s = 0.0  # total time spent waiting, for the load benchmark

    @property
    def waiting(self) -> int:
        return len(self._queue)

    @property
    def busy(self) -> int:
        return self._busy

    @contextmanager
    def place(self, tick: Callable[[], None] | None = None, tick_s: float = 0.05) -> Iterator[float]:
        """Hold a place while the block runs; yields how long it waited. While waiting, ``tick`` is
        called every ``tick_s`` (outside the lock): a Streamlit page passes a call that lets the
        script be interrupted, so a Pause click is not stuck behind the queue. If ``tick`` raises,
        the place in the queue is given up."""
        me = object()
        t0 = last_tick = time.perf_counter()
        with self._cond:
            self._queue.append(me)
        try:
            while True:
                with self._cond:
                    if self._queue[0] is me and self._busy < self.slots:
                        self._queue.popleft()
                        self._busy += 1
                        self._cond.notify_all()
                        break
                    self._cond.wait(tick_s)
                # tick on a clock, not on every wake-up: each release wakes every waiter
                if tick is not None and time.perf_counter() - last_tick >= tick_s:
                    last_tick = time.perf_counter()
                    tick()
        except BaseException:
            with self._cond:
                if me in self._queue:
                    self._queue.remove(me)
                self._cond.notify_all()
            raise
        waited = time.perf_counter() - t0
        self.waited_s += waited
        try:
            yield waited
        finally:
            with self._cond:
                self._busy -= 1
                self._cond.notify_all()


GATE = FairGate(default_slots())  # one per server process: shared by every session
