"""Live training: the session's run, its buttons, and the fragment that trains in chunks.

The trainer lives in ``st.session_state`` (per learner) behind a per-session lock: a click outside
the fragment starts a new script run while the old chunk may still be training. The fragment's
``run_every`` is on only while playing; each rerun trains one chunk, takes one snapshot, draws it.

What one learner can cost the server is bounded three ways: a refresh trains for at most its time
budget (AUTO_BUDGET_S, or MAX_CHUNK_S for a fixed number of steps) and stops between any two
updates when its time is up or Pause was pressed; settings whose single update would take longer
than ``gan_core.cost.MAX_UPDATE_S`` are refused with the reason; and the fair gate (ui/fair.py)
gives the playing learners the cores in turn.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from gan_core import cost, settings
from gan_core.stepping import LiveTrainer
from gan_core.toy.trainer import ToyTrainer
from ui import fair

MAX_TIMELINE = 120  # snapshots kept for the timeline slider; thinned by half when full
CHUNKS = ("auto", 1, 5, 10, 20, 50, 100, 200)
AUTO_BUDGET_S = 0.15  # "auto": train this long per refresh, whatever the network costs per step
MAX_CHUNK_S = 1.0  # a fixed number of steps per refresh, or a Step click, stops after this long
REFRESH_S = 0.05
SLOW_REFRESH_S = 1.0
TICK_S = 0.25  # while queued at the gate, check this often for a Pause (each check sends a message)


@dataclass
class Run:
    """One learner's run in one lesson."""

    trainer: LiveTrainer
    lock: threading.Lock = field(default_factory=threading.Lock)
    playing: bool = False
    timeline: list[Any] = field(default_factory=list)
    train_seconds: float = 0.0
    target_at: tuple[int, float] | None = None  # (step, training seconds) when "converged" first held
    note: str | None = None
    stale: bool = False  # the trainer moved on since the last snapshot (a refresh was cut short)
    last_seen: float = field(default_factory=time.monotonic)  # the learner's last page or refresh

    def record(self, snap: Any) -> None:
        if self.timeline and self.timeline[-1].step == snap.step and snap.step > 0:
            self.timeline[-1] = snap  # D-only / G-only steps: same iteration, newer picture
        else:
            self.timeline.append(snap)
        if len(self.timeline) > MAX_TIMELINE:
            self.timeline = self.timeline[-1::-2][::-1]  # keep every other, always the newest
        if self.target_at is None and self.trainer.reached_target(snap.metrics):
            self.target_at = (snap.step, self.train_seconds)

    @property
    def latest(self) -> Any:
        return self.timeline[-1]


def _new_run(cfg: Any, make: Callable[[Any], LiveTrainer], note: str | None = None) -> Run:
    run = Run(make(cfg), note=note)
    run.record(run.trainer.snapshot())
    return run


def get_run(ns: str, cfg: Any, make: Callable[[Any], LiveTrainer] = ToyTrainer) -> Run:
    """The session's run for lesson ``ns``, kept in step with ``cfg``: live settings (learning
    rates, k_d/k_g, tricks, budget) apply to the running trainer; anything else restarts it
    (``make(cfg)`` builds a trainer)."""
    k = f"{ns}.run"
    run: Run | None = st.session_state.get(k)
    if run is None:
        run = st.session_state[k] = _new_run(cfg, make, st.session_state.pop(f"{ns}.{PUT_AWAY}", None))
        return run
    run.last_seen = time.monotonic()
    with run.lock:
        old = run.trainer.cfg
        changed = settings.changed(old, cfg)
        if not changed:
            return run
        if set(changed) <= run.trainer.LIVE_FIELDS:
            run.trainer.update_config(cfg)
            run.note = f"Applied live: {', '.join(changed)} (the run goes on)."
            return run
        structural = [c for c in changed if c not in run.trainer.LIVE_FIELDS]
    run = st.session_state[k] = _new_run(
        cfg, make, f"Changed {', '.join(structural)}: that changes the networks or the data, so the run restarted."
    )
    return run


PUT_AWAY = "put_away"  # session-state key suffix: the note for a run that housekeeping put away


def reset(ns: str) -> None:
    """Callback: a fresh trainer with the same settings."""
    run: Run = st.session_state[f"{ns}.run"]
    with run.lock:
        st.session_state[f"{ns}.run"] = _new_run(
            run.trainer.cfg, type(run.trainer), "Reset: new weights from the same seed."
        )


def refused(run: Run) -> str | None:
    """Why this run's settings may not train here (markdown), or None."""
    return cost.refusal(run.trainer.cost())


def _set_playing(ns: str, play: bool) -> None:
    """Callback of the Play/Pause button: what the button said when it was drawn, not a toggle. A
    click can reach the server twice (the browser sends the button's trigger again with a fragment
    refresh that leaves at the same moment): a toggle would then pause and play again."""
    run: Run = st.session_state[f"{ns}.run"]
    if not play:
        run.playing = False
    elif not run.playing and run.trainer.diverged is None and not run.trainer.finished and refused(run) is None:
        run.playing = True
        run.note = None
    st.session_state.pop(f"{ns}.scrub", None)


def _manual(ns: str, what: str) -> None:
    run: Run = st.session_state[f"{ns}.run"]
    run.playing = False
    if refused(run) is not None:
        return
    with run.lock:
        t0 = time.perf_counter()
        if what == "step":  # one iteration, or as much of it as MAX_CHUNK_S allows
            run.trainer.step(1, stop=lambda: time.perf_counter() - t0 >= MAX_CHUNK_S)
        elif what == "d":
            run.trainer.step_d()
        else:
            run.trainer.step_g()
        run.train_seconds += time.perf_counter() - t0
        run.record(run.trainer.snapshot())
        run.stale = False
    st.session_state.pop(f"{ns}.scrub", None)


HELP = {
    "step": "One iteration: k_d D updates, then k_g G updates.",
    "step_d": "One discriminator update only; G stays fixed.",
    "step_g": "One generator update only; D is frozen.",
}


def buttons(ns: str, run: Run, helps: dict[str, str] | None = None) -> None:
    """Play/Pause, Step, Step D only, Step G only, Reset, and the speed control. ``helps`` replaces
    the tooltips of "step", "step_d" or "step_g" for a lesson whose iteration differs."""
    why_not = refused(run)
    if why_not is not None:
        st.error(why_not, icon=":material/speed:")
    done = run.trainer.finished or run.trainer.diverged is not None or why_not is not None
    helps = HELP | (helps or {})
    cols = st.columns([1.2, 1, 1, 1, 1, 2.2])
    cols[0].button(
        "Pause" if run.playing else "Play",
        key=f"{ns}.play",
        type="primary",
        icon=":material/pause:" if run.playing else ":material/play_arrow:",
        on_click=_set_playing,
        args=(ns, not run.playing),
        disabled=done and not run.playing,
        width="stretch",
    )
    for col, label, what, name in zip(
        cols[1:4], ("Step", "Step D", "Step G"), ("step", "d", "g"), ("step", "step_d", "step_g")
    ):
        col.button(
            label,
            key=f"{ns}.{name}",
            on_click=_manual,
            args=(ns, what),
            disabled=done,
            help=helps[name],
            width="stretch",
        )
    cols[4].button(
        "Reset", key=f"{ns}.reset", on_click=reset, args=(ns,), icon=":material/restart_alt:", width="stretch"
    )
    cols[5].select_slider(
        "Steps per refresh",
        CHUNKS,
        value="auto",
        key=f"{ns}.chunk",
        persist_state="session",
        help="Speed: iterations trained between two pictures. Auto trains for about "
        f"{AUTO_BUDGET_S:.2f} s per picture, so big networks still refresh smoothly; a fixed number "
        f"stops early after {MAX_CHUNK_S:g} s.",
    )


def train_chunk(run: Run, chunk: int | str, tick: Callable[[], None] | None = None) -> None:
    """Train one chunk under the run's lock, then take its snapshot: ``chunk`` iterations, or for
    AUTO_BUDGET_S ("auto"), and never past MAX_CHUNK_S. Between any two updates the time is
    checked, and every TICK_S ``tick`` is called: a Streamlit call, which raises once the learner
    has pressed Pause (or anything else), so the refresh ends between two updates; the snapshot
    is then taken by the next paused draw (``run.stale``)."""
    budget, n = (AUTO_BUDGET_S, 2**62) if chunk == "auto" else (MAX_CHUNK_S, int(chunk))
    with run.lock:
        t0 = last_tick = time.perf_counter()

        def stop() -> bool:
            nonlocal last_tick
            now = time.perf_counter()
            if now - t0 >= budget:
                return True
            if tick is not None and now - last_tick >= TICK_S:
                last_tick = now
                tick()
            return False

        run.stale = True
        try:
            run.trainer.step(n, stop=stop)
        finally:
            run.train_seconds += time.perf_counter() - t0
        if tick is not None:
            tick()  # a Pause during the last update ends the refresh here, before the snapshot's cost
        run.record(run.trainer.snapshot())
        run.stale = False


def _catch_up(run: Run) -> None:
    """A snapshot of where the trainer is, if a refresh was cut short before taking one."""
    if run.stale:
        with run.lock:
            run.record(run.trainer.snapshot())
            run.stale = False


def live_area(ns: str, draw: Callable[[Run, Any], None], draw_slow: Callable[[Run, Any, bool], None]) -> None:
    """Two fragments. The first, every REFRESH_S while playing, trains a chunk and calls ``draw``
    (the picture); the second, every SLOW_REFRESH_S while playing, calls ``draw_slow`` (the metric
    charts over the whole run: measured, each chart update costs the browser memory and time, and
    once a second is plenty for curves). Paused, both draw once, at the snapshot the timeline
    slider (above them, at page level) points to."""
    run: Run = st.session_state[f"{ns}.run"]
    if not run.playing and len(run.timeline) > 1:
        steps = [s.step for s in run.timeline]
        if st.session_state.get(f"{ns}.scrub") not in steps:
            st.session_state.pop(f"{ns}.scrub", None)
        st.select_slider(
            "Timeline: scrub back through this run's snapshots",
            steps,
            value=steps[-1],
            key=f"{ns}.scrub",
            format_func=lambda s: f"step {s}",
        )

    @st.fragment(run_every=REFRESH_S if run.playing else None)
    def _area() -> None:
        run: Run | None = st.session_state.get(f"{ns}.run")
        if run is None:  # put away by housekeeping since the page was drawn: draw the page anew
            st.rerun()
        run.last_seen = time.monotonic()
        if not run.playing:
            _catch_up(run)
            _progress(run)
            draw(run, _chosen(ns, run)[0])
            return
        waiting = st.empty()
        with _fair_place(waiting):  # many learners playing at once: take turns, first come first served
            train_chunk(run, st.session_state.get(f"{ns}.chunk", "auto"), tick=waiting.empty)
            if run.trainer.finished or run.trainer.diverged is not None:
                run.playing = False
                st.rerun()  # a full rerun switches the fragments' timers off and refreshes the buttons
            _progress(run)
            draw(run, run.latest)

    @st.fragment(run_every=SLOW_REFRESH_S if run.playing else None)
    def _slow() -> None:
        run: Run | None = st.session_state.get(f"{ns}.run")
        if run is None:
            st.rerun()
        with _fair_place(st.empty()) if run.playing else nullcontext(), run.lock:  # a consistent history
            draw_slow(run, *_chosen(ns, run))

    _area()
    _slow()


def _fair_place(waiting: Any) -> AbstractContextManager[float]:
    """A place at the server-wide gate (ui/fair.py). While it waits, the empty placeholder
    ``waiting`` is refreshed every TICK_S: each Streamlit call lets the script be interrupted, so a
    Pause click is handled within TICK_S instead of after the queue."""
    return fair.GATE.place(tick=waiting.empty, tick_s=TICK_S)


def _chosen(ns: str, run: Run) -> tuple[Any, bool]:
    """The snapshot to show (latest while playing, else the timeline's) and whether it is an old one."""
    if run.playing:
        return run.latest, False
    chosen = st.session_state.get(f"{ns}.scrub")
    for snap in run.timeline:
        if snap.step == chosen:
            return snap, snap is not run.latest
    return run.latest, False


def _progress(run: Run) -> None:
    t = run.trainer
    rate = t.step_count / run.train_seconds if run.train_seconds > 0 else 0.0
    text = f"Step {t.step_count:,} of {t.cfg.steps:,}"
    if t.mid_iteration:
        text += " (the next one is under way: Step or Play finishes it)"
    if rate:
        text += f" · {rate:,.0f} iterations/s"
        if not t.finished and t.step_count > 0:
            text += f" · about {_duration((t.cfg.steps - t.step_count) / rate)} of training left"
    if run.target_at is not None:
        label = getattr(t, "TARGET_LABEL", "converged")  # a trainer may name its target its own way
        text += f" · {label} at step {run.target_at[0]:,} ({run.target_at[1]:.1f} s of training)"
    st.progress(min(1.0, t.step_count / t.cfg.steps), text=text)
    if t.diverged:
        st.error(t.diverged, icon=":material/error:")
    elif t.finished:
        st.info(
            "Budget reached: raise **Training budget** in the sidebar to keep going, or Reset.", icon=":material/flag:"
        )


def _duration(seconds: float) -> str:
    """Human time for an estimate: "40 s", "3 min 20 s", "2 h 5 min"."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60} min"
