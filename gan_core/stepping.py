"""What every trainer shares: chunked stepping, a budget, and rollback on divergence.

A trainer advances in iterations (``step(n)``), stops at its budget ``cfg.steps``, records one
history row per iteration, and when a loss becomes infinite or NaN it rolls back to a recent good
state, keeps its history up to there, pauses, and says why (``diverged``). The toy, MNIST and
learned-loss trainers differ only in what an iteration does and what counts as a bad value; they
fill in the hooks below (the toy and MNIST trainers, one G against one D, through AlternatingTrainer).

An iteration is a list of updates (``_plan``: for a G against a D, k_d D updates then k_g G
updates). ``step(n, stop=...)`` asks ``stop()`` between any two updates and returns there when it
says so; the next call finishes that iteration first. However a run is cut into calls, the updates
happen in the same order on the same random numbers: the run is the same, bit for bit.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Protocol

from gan_core import cost, settings


class LiveTrainer(Protocol):
    """What every lesson's trainer offers a live lesson and the headless loop (the toy, MNIST and
    learned-loss trainers, all built on ``ChunkedTrainer``). ``tests/core/test_trainer_contract.py``
    checks each one against it: same seed gives the same run, ``step(3)`` equals three ``step(1)``,
    Step D moves only D and Step G only G, divergence rolls back, ``state_dict`` round-trips.

    Optional: a class attribute ``TARGET_LABEL`` names what ``reached_target`` means on the progress
    line (default "converged")."""

    LIVE_FIELDS: frozenset[str]  # settings that apply mid-run; any other change restarts
    cfg: Any
    step_count: int
    diverged: str | None
    history: Any  # a History: one row per iteration
    evals: Any  # a History: one row per evaluation

    @property
    def finished(self) -> bool: ...
    @property
    def mid_iteration(self) -> bool: ...
    def cost(self) -> cost.Cost: ...
    def step(self, n: int = 1, stop: Callable[[], bool] | None = None) -> int: ...
    def step_d(self) -> None: ...
    def step_g(self) -> None: ...
    def players(self) -> dict[str, list[Any]]: ...  # the networks Step D ("D") and Step G ("G") move
    def evaluate(self) -> dict[str, float]: ...
    def snapshot(self) -> Any: ...
    def update_config(self, cfg: Any) -> None: ...
    def reached_target(self, metrics: dict[str, float]) -> bool | None: ...
    def state_dict(self) -> dict[str, Any]: ...
    def load_state_dict(self, state: dict[str, Any]) -> None: ...


class ChunkedTrainer:
    """Base class. Subclasses set ``cfg`` (with ``steps``), ``history`` and ``evals`` (Histories),
    ``step_count`` and ``diverged``, call ``super().__init__()``, and define ``_iteration`` (or
    ``_plan`` and its updates), ``_row``, ``_capture``, ``_restore`` and, where live settings reach
    the optimisers, ``_apply_live``."""

    ROLLBACK_EVERY = 0  # 0: a rollback copy at the start of every chunk; k: one at most k iterations old
    WATCHED: tuple[str, ...] | None = None  # the numbers whose NaN/inf means divergence (None: all of the row)
    ADVICE = "Lower the learning rates and Reset."  # the last sentence of the divergence message
    UPDATES: frozenset[str] = frozenset({"_iteration"})  # every name ``_plan`` may return
    LIVE_FIELDS: frozenset[str] = frozenset()  # settings ``update_config`` applies mid-run

    cfg: Any
    history: Any
    evals: Any
    step_count: int
    diverged: str | None

    def __init__(self) -> None:
        self._good: tuple[dict[str, Any], tuple[str, ...]] | None = None  # what a divergence rolls back to
        self._good_at = 0
        self._pending: list[str] = []  # the rest of an iteration that a ``stop`` cut short

    # --- hooks ----------------------------------------------------------------------------------
    def _plan(self) -> list[str]:
        """One iteration, as the names of its updates in order: each name is a method of the trainer
        (``"_iteration"`` by default: the whole iteration is one update)."""
        return ["_iteration"]

    def _iteration(self) -> None:
        """One iteration's updates, for a trainer whose plan is a single update (the step count is
        advanced by ``step``)."""
        raise NotImplementedError

    def _row(self) -> dict[str, float]:
        """The numbers of the last update, as plain floats: one history row."""
        raise NotImplementedError

    def _capture(self) -> dict[str, Any]:
        raise NotImplementedError

    def _restore(self, state: dict[str, Any]) -> None:
        raise NotImplementedError

    def _bad(self, row: dict[str, float]) -> list[str]:
        """The names of the values that show divergence (empty: all is well)."""
        watched = row if self.WATCHED is None else {k: row[k] for k in self.WATCHED if k in row}
        return [k for k, v in watched.items() if not math.isfinite(v)]

    def _after_rollback(self) -> None:
        """Called once a divergence has been rolled back (e.g. to re-assess health flags)."""

    def _apply_live(self) -> None:
        """After ``update_config`` changed ``cfg``: hand the new live settings to the optimisers."""

    def _position(self) -> dict[str, Any]:
        """Where in an iteration the run stands, for ``state_dict``: the updates still to do."""
        return {"pending": list(self._pending)}

    def _set_position(self, state: dict[str, Any]) -> None:
        """The other half of ``_position``, for ``load_state_dict`` (files saved before it: none)."""
        pending = state.get("pending", [])
        if not isinstance(pending, list) or not all(name in self.UPDATES for name in pending):
            raise ValueError(f"unknown updates in the saved position: {pending!r}")
        self._pending = list(pending)

    # --- shared ---------------------------------------------------------------------------------
    def update_config(self, cfg: Any) -> None:
        """Apply live settings (``LIVE_FIELDS``: learning rates, budget, ...) to the running trainer.
        Raises ValueError naming the other changed fields: they change the networks or the data, and
        need a new trainer (a live lesson restarts the run)."""
        structural = [name for name in settings.changed(self.cfg, cfg) if name not in self.LIVE_FIELDS]
        if structural:
            raise ValueError(f"{', '.join(sorted(structural))} change the networks or data: start a new run")
        self.cfg = cfg
        self._apply_live()

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to continue this run exactly: config, weights, optimisers, random
        generators, where in an iteration it stands, histories and the divergence message."""
        state = self._capture() | self._position()
        state.update(
            config=settings.to_dict(self.cfg),
            history=self.history.state(),
            evals=self.evals.state(),
            diverged=self.diverged,
        )
        return state

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Continue a run saved by ``state_dict``: its networks must be this trainer's (a live
        setting may differ: it applies, as ``update_config`` does). Files saved before the
        histories were kept (early DCGAN checkpoints) have none: the histories then start afresh."""
        self.update_config(settings.from_dict(state["config"], self.cfg))
        self._restore(state)
        self._set_position(state)
        if "history" in state:
            self.history = type(self.history).from_state(state["history"])
            self.evals = type(self.evals).from_state(state["evals"])
        self.diverged = state.get("diverged")

    def _record_evaluation(self, m: dict[str, float]) -> dict[str, float]:
        """Record the metrics ``m`` of an evaluation at the current step, once per step (a second
        evaluation at the same step records nothing), with NaN for any infinite or NaN value.
        Returns the metrics as recorded."""
        m = {k: (v if math.isfinite(v) else math.nan) for k, v in m.items()}
        last = self.evals.last()
        if last is None or last["step"] != self.step_count:
            self.evals.append(self.step_count, **{k: v for k, v in m.items() if k != "step"})
        return m

    @property
    def finished(self) -> bool:
        return self.step_count >= self.cfg.steps

    @property
    def mid_iteration(self) -> bool:
        """True when a ``stop`` cut the current iteration short: the next ``step`` finishes it."""
        return bool(self._pending)

    def _keep_good(self, always: bool = False) -> None:
        """Take a rollback copy if the last one is older than ROLLBACK_EVERY iterations."""
        if always or self._good is None or self.step_count - self._good_at >= self.ROLLBACK_EVERY:
            self._good = (self._capture(), tuple(self._pending))
            self._good_at = self.step_count

    def step(self, n: int = 1, stop: Callable[[], bool] | None = None) -> int:
        """Run up to ``n`` iterations, stopping at the budget ``cfg.steps`` or on divergence.
        Returns the number of iterations completed.

        ``stop``, if given, is asked between any two updates (never before the first of a call,
        so every call makes progress); when it returns True the call returns at once, and the
        next call goes on from that update. ``stop`` may also raise, with the same effect: the
        trainer is left between two updates either way."""
        if self.diverged is not None:
            return 0
        self._keep_good()
        done, updates = 0, 0
        while done < n and self.step_count < self.cfg.steps:
            if not self._pending:
                self._pending = self._plan()
            while self._pending:
                if updates and stop is not None and stop():
                    return done
                getattr(self, self._pending[0])()
                self._pending.pop(0)
                updates += 1
            self.step_count += 1
            done += 1
            if not self._check_finite():
                return done
        return done

    def _check_finite(self, record: bool = True) -> bool:
        """After an update: record its row (``record``: a whole iteration); on NaN/inf roll back to
        the last good state, keep the history up to there, pause, and say why."""
        row = self._row()
        bad = self._bad(row)
        if not bad:
            if record:
                self.history.append(self.step_count, **row)
            return True
        at = self.step_count
        if self._good is not None:
            state, pending = self._good
            self._restore(state)
            self._pending = list(pending)
        self.history.truncate(self.step_count)
        self.diverged = (
            f"Training diverged at step {at}: {' and '.join(bad)} became infinite or NaN. The run was "
            f"rolled back to step {self.step_count} and paused. {self.ADVICE}"
        )
        self._after_rollback()
        return False
