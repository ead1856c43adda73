"""The server-wide gate that makes many playing learners take turns (ui/fair.py)."""

from __future__ import annotations

import threading
import time

import pytest

from ui.fair import FairGate


def test_at_most_slots_run_at_once_and_everyone_gets_a_turn():
    gate = FairGate(2)
    running, peak, done = [0], [0], []
    lock = threading.Lock()

    def work(i: int) -> None:
        with gate.place():
            with lock:
                running[0] += 1
                peak[0] = max(peak[0], running[0])
            time.sleep(0.02)
            with lock:
                running[0] -= 1
                done.append(i)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(done) == list(range(12))
    assert peak[0] == 2
    assert gate.busy == 0 and gate.waiting == 0


def test_first_come_first_served():
    gate = FairGate(1)
    order = []
    release = threading.Event()

    def holder() -> None:
        with gate.place():
            release.wait(5)

    def waiter(i: int) -> None:
        with gate.place():
            order.append(i)

    h = threading.Thread(target=holder)
    h.start()
    while gate.busy == 0:
        time.sleep(0.001)
    waiters = []
    for i in range(5):
        w = threading.Thread(target=waiter, args=(i,))
        w.start()
        waiters.append(w)
        while gate.waiting < i + 1:  # each one queued before the next arrives
            time.sleep(0.001)
    release.set()
    for w in [h, *waiters]:
        w.join(5)
    assert order == [0, 1, 2, 3, 4]


def test_a_tick_that_raises_gives_up_the_place():
    gate = FairGate(1)
    with gate.place():  # the only slot is taken: the next one has to wait, ticking

        def interrupted() -> None:
            raise KeyboardInterrupt  # stands in for Streamlit's rerun request

        other = []

        def try_enter() -> None:
            try:
                with gate.place(tick=interrupted, tick_s=0.01):
                    other.append("entered")
            except KeyboardInterrupt:
                other.append("interrupted")

        w = threading.Thread(target=try_enter)
        w.start()
        w.join(5)
        assert other == ["interrupted"] and gate.waiting == 0
    assert gate.busy == 0


def test_slots_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        FairGate(0)
