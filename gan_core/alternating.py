"""The base of a trainer of one G against one D: k_d D updates, then k_g G updates per iteration.

The toy and the MNIST trainers are built on it (``gan_core.stepping`` has the chunked stepping,
rollback and the live-trainer contract); they differ in their networks, data and batches.
"""

from __future__ import annotations

import copy
from typing import Any

import torch

from gan_core import ema, losses
from gan_core.stepping import ChunkedTrainer


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
    rng: torch.Generator  # the run's random numbers: batches and noise
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
        """Move the EMA copy of G (if the trick is on) towards G (``gan_core.ema``)."""
        if self.G_ema is not None:
            ema.update(self.G_ema, self.G, self.cfg.g_ema, self.g_updates)

    def _set_lrs(self) -> None:
        """Before each iteration: set this iteration's learning rates (a schedule), if any."""

    @property
    def sampler(self) -> torch.nn.Module:
        """The generator that pictures and metrics use: the EMA copy when that trick is on."""
        return self.G_ema if self.G_ema is not None else self.G

    def players(self) -> dict[str, list[torch.nn.Module]]:
        return {"D": [self.D], "G": [self.G]}

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
                "gen": self.rng.get_state(),  # the key DCGAN checkpoints saved earlier hold
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
        self.rng.set_state(state["gen"])
