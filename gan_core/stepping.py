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

import copy
import math
from collections.abc import Callable
from typing import Any

import torch

from gan_core import losses


class ChunkedTrainer:
    """Base class. Subclasses set ``cfg`` (with ``steps``), ``history`` (a ``History``),
    ``step_count`` and ``diverged``, call ``super().__init__()``, and define ``_iteration``,
    ``_row``, ``_capture`` and ``_restore``."""

    ROLLBACK_EVERY = 0  # 0: a rollback copy at the start of every chunk; k: one at most k iterations old
    WATCHED: tuple[str, ...] | None = None  # the numbers whose NaN/inf means divergence (None: all of the row)
    ADVICE = "Lower the learning rates and Reset."  # the last sentence of the divergence message
    UPDATES: frozenset[str] = frozenset({"_iteration"})  # every name ``_plan`` may return

    cfg: Any
    history: Any
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


class AlternatingTrainer(ChunkedTrainer):
    """A trainer of one G and one D whose iteration is k_d D updates, then k_g G updates (the toy
    and MNIST trainers). Subclasses set the attributes annotated below, define ``_d_update`` and
    ``_g_update`` (ending in ``_apply_d_loss`` / ``_apply_g_loss``), and keep the last update's
    numbers in ``_last``."""

    WATCHED = ("d_loss", "g_loss")
    UPDATES = frozenset({"_first_d_update", "_d_update", "_g_update", "_last_g_update"})
    _last: dict[str, float]
    G: torch.nn.Module
    D: torch.nn.Module
    G_ema: torch.nn.Module | None
    opt_g: torch.optim.Optimizer
    opt_d: torch.optim.Optimizer
    d_updates: int
    g_updates: int
    gen: torch.Generator  # the run's random numbers: batches and noise
    _g_params: list[torch.nn.Parameter]  # G's and D's parameters, listed once
    _d_params: list[torch.nn.Parameter]

    def _d_update(self) -> None:
        raise NotImplementedError

    def _g_update(self) -> None:
        raise NotImplementedError

    def _apply_d_loss(self, loss: torch.Tensor, d_real: torch.Tensor, d_fake: torch.Tensor) -> None:
        """One optimiser step of D on ``loss``; records it and D's mean belief that the real and the
        fake batches are real (one sync for the three numbers)."""
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        self.d_updates += 1
        with torch.no_grad():
            p_real, p_fake = losses.d_prob(self.cfg.loss, d_real).mean(), losses.d_prob(self.cfg.loss, d_fake).mean()
        d_loss, p_real, p_fake = torch.stack([loss.detach(), p_real, p_fake]).tolist()
        self._last.update(d_loss=d_loss, d_real=p_real, d_fake=p_fake)

    def _apply_g_loss(self, d_on_fake: Any) -> tuple[torch.Tensor, torch.Tensor]:
        """One optimiser step of G on the generator loss of ``d_on_fake()`` (D's scores of G's
        batch), with D frozen so only G's weights move. Returns the loss and G's gradient norm,
        still tensors, for the caller to read in one sync with its own numbers."""
        for p in self._d_params:
            p.requires_grad_(False)
        loss = losses.g_loss(self.cfg.loss, d_on_fake())
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        for p in self._d_params:
            p.requires_grad_(True)
        grad_norm = torch.nn.utils.get_total_norm([p.grad for p in self._g_params if p.grad is not None])
        self.opt_g.step()
        self.g_updates += 1
        return loss.detach(), grad_norm

    def _update_ema(self) -> None:
        """Move the EMA copy of G (if the trick is on) towards G; batch-norm statistics are copied.
        Warm-up, as in common EMA implementations: early on, average over the ~t updates seen so far
        instead of dragging the random initial weights along for thousands of steps."""
        if self.G_ema is None:
            return
        beta = min(self.cfg.g_ema, (1 + self.g_updates) / (10 + self.g_updates))
        with torch.no_grad():
            for p_ema, p in zip(self.G_ema.parameters(), self.G.parameters()):
                p_ema.lerp_(p, 1 - beta)
            for b_ema, b in zip(self.G_ema.buffers(), self.G.buffers()):
                b_ema.copy_(b)

    def _set_lrs(self) -> None:
        """Before each iteration: set this iteration's learning rates (a schedule), if any."""

    def step_d(self) -> None:
        """One discriminator update only (G held fixed). Does not advance the iteration count."""
        if self.diverged is None:
            self._d_update()
            self._check_finite(record=False)

    def step_g(self) -> None:
        """One generator update only (D frozen). Does not advance the iteration count."""
        if self.diverged is None:
            self._g_update()
            self._update_ema()
            self._check_finite(record=False)

    def _plan(self) -> list[str]:
        """k_d D updates (the first sets this iteration's learning rates), then k_g G updates (the
        last moves the EMA of G)."""
        k_d, k_g = self.cfg.k_d, self.cfg.k_g
        return ["_first_d_update"] + ["_d_update"] * (k_d - 1) + ["_g_update"] * (k_g - 1) + ["_last_g_update"]

    def _first_d_update(self) -> None:
        self._set_lrs()
        self._d_update()

    def _last_g_update(self) -> None:
        self._g_update()
        self._update_ema()

    def _row(self) -> dict[str, float]:
        return dict(self._last)

    def _capture(self) -> dict[str, Any]:
        """A deep copy of everything an update changes: weights, optimisers, counts, the RNG."""
        return copy.deepcopy(
            {
                "G": self.G.state_dict(),
                "D": self.D.state_dict(),
                "opt_g": self.opt_g.state_dict(),
                "opt_d": self.opt_d.state_dict(),
                "G_ema": self.G_ema.state_dict() if self.G_ema is not None else None,
                "step": self.step_count,
                "d_updates": self.d_updates,
                "g_updates": self.g_updates,
                "gen": self.gen.get_state(),
            }
        )

    def _restore(self, state: dict[str, Any]) -> None:
        self.G.load_state_dict(state["G"])
        self.D.load_state_dict(state["D"])
        self.opt_g.load_state_dict(state["opt_g"])
        self.opt_d.load_state_dict(state["opt_d"])
        if self.G_ema is not None and state["G_ema"] is not None:
            self.G_ema.load_state_dict(state["G_ema"])
        self.step_count, self.d_updates, self.g_updates = state["step"], state["d_updates"], state["g_updates"]
        self.gen.set_state(state["gen"])
