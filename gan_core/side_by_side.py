"""Several models trained side by side on the same batches, as the "Put a GAN on it" lessons do
(a hand-written loss against learned ones): one iteration draws one batch, updates every
discriminator once on it, then every answering model (the MSE model and each G) once.

``SideBySideTrainer`` holds what that shape shares: Step D / Step G, the history row, and the
state (the MSE model's parts, each adversarial model's networks, optimisers, noise stream and EMA
count). A subclass defines ``_batch`` (a tuple of tensors), ``_d_updates(*batch)``,
``_g_updates(*batch)``, ``adversarial`` and ``_mse_parts``.
"""

from __future__ import annotations

import copy
from typing import Any

import torch

from gan_core.stepping import ChunkedTrainer


class SideBySideTrainer(ChunkedTrainer):
    rng: torch.Generator  # the data batches
    d_updates: int
    g_updates: int
    _last: dict[str, torch.Tensor]  # the last updates' losses, as tensors

    # --- hooks ----------------------------------------------------------------------------------
    @property
    def adversarial(self) -> list[tuple[str, Any]]:
        """(name, model) of each adversarial model: ``D``, ``G``, ``rng``, ``ema_updates``, ``modules()``."""
        raise NotImplementedError

    def _mse_parts(self) -> dict[str, Any]:
        """The MSE model's network and optimiser by name (empty when it is not trained)."""
        raise NotImplementedError

    def _batch(self) -> tuple[torch.Tensor, ...]:
        raise NotImplementedError

    def _d_updates(self, *batch: torch.Tensor) -> None:
        raise NotImplementedError

    def _g_updates(self, *batch: torch.Tensor) -> None:
        raise NotImplementedError

    # --- shared ---------------------------------------------------------------------------------
    def step_d(self) -> None:
        """One update of every discriminator only (every answering model fixed), on a fresh batch."""
        if self.diverged is None:
            self._keep_good(always=True)
            self._d_updates(*self._batch())
            self._check_finite(record=False)

    def step_g(self) -> None:
        """One update of every answering model only (the MSE model and every G; D frozen)."""
        if self.diverged is None:
            self._keep_good(always=True)
            self._g_updates(*self._batch())
            self._check_finite(record=False)

    def _iteration(self) -> None:
        """One batch: each D updates once on it, then the MSE model and each G once."""
        batch = self._batch()
        self._d_updates(*batch)
        self._g_updates(*batch)

    def _row(self) -> dict[str, float]:
        names = list(self._last)  # the losses stay tensors until here: one sync per iteration
        values = torch.stack([self._last[k] for k in names]).tolist() if names else []
        return dict(zip(names, values))

    def _parts(self) -> dict[str, Any]:
        parts = dict(self._mse_parts())
        for name, model in self.adversarial:
            parts.update({f"{name}.{k}": v for k, v in model.modules().items()})
        return parts

    def _generators(self) -> dict[str, torch.Generator]:
        return {"data": self.rng} | {name: model.rng for name, model in self.adversarial}

    def _capture(self) -> dict[str, Any]:
        state = {k: v.state_dict() for k, v in self._parts().items()}
        state["rng"] = {k: g.get_state() for k, g in self._generators().items()}
        state["counts"] = (self.step_count, self.d_updates, self.g_updates)
        state["ema_updates"] = {name: model.ema_updates for name, model in self.adversarial}
        return copy.deepcopy(state)

    def _restore(self, state: dict[str, Any]) -> None:
        for k, v in self._parts().items():
            v.load_state_dict(state[k])
        for k, g in self._generators().items():
            g.set_state(state["rng"][k])
        self.step_count, self.d_updates, self.g_updates = state["counts"]
        for name, model in self.adversarial:
            model.ema_updates = state["ema_updates"][name]
