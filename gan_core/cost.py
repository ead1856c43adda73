"""What one update of a configuration costs, estimated before it runs, and what a shared server allows.

A live lesson trains between pictures and stops between any two updates when the learner presses
Pause (``ChunkedTrainer.step(stop=...)``). One update itself cannot be cut: with every network and
trick at its maximum, a single discriminator update takes seconds, and Pause would wait for it. So
a lesson refuses to train a combination whose costliest update would take longer than
``MAX_UPDATE_S``, and says which settings make it heavy.

The estimate counts the floating-point operations of the real networks (torch's FlopCounterMode on
one sample's forward pass), times what an update does with them: a forward pass over the batch,
a backward pass about twice that, penalties (WGAN-GP, R1) a double backward through D. Minibatch
discrimination compares every pair of samples, element by element: that part is memory-bound and
costs per element, not per flop. Both rates were fitted on one core of the reference machine
(the 2-core CI machine). Each lesson family estimates its own updates with these rates
(``gan_core/toy/cost.py``, ``gan_core/digits/cost.py``, ``gan_core/learned_loss/cost.py``);
``benchmarks/update_cost.py`` prints the estimate beside the measured
time for a range of settings (within about 1.5x either way, a little high for big networks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import torch
from torch.utils.flop_counter import FlopCounterMode

MAX_UPDATE_S = 0.4  # the costliest single update a live lesson will run (Pause waits at most this)
FLOPS_PER_S = 3.5e10  # matrix products and convolutions on one core of the reference machine (fitted)
PAIR_S = 1.2e-8  # seconds per pair and kernel feature of minibatch discrimination, forward (fitted)
OVERHEAD_S = 0.003  # per update: Python, the optimiser step, small tensors
BACKWARD = 2.0  # a backward pass costs about twice the forward
DOUBLE_BACKWARD = 6.0  # a gradient penalty: forward, a backward with graph, and a backward through that


@dataclass(frozen=True)
class Cost:
    """Estimated seconds of one D update, one G update and one iteration (k_d D + k_g G updates)."""

    d_update: float
    g_update: float
    k_d: int
    k_g: int
    heavy: tuple[str, ...] = ()  # the settings that make it costly, as a learner reads them

    @property
    def iteration(self) -> float:
        return self.k_d * self.d_update + self.k_g * self.g_update

    @property
    def largest(self) -> float:
        return max(self.d_update, self.g_update)

    @property
    def allowed(self) -> bool:
        return self.largest <= MAX_UPDATE_S


def heavy(cfg: Any, drivers: tuple[str, ...]) -> tuple[str, ...]:
    """The cost drivers among ``cfg``'s fields that are above their defaults ("batch size 2048")."""
    default = type(cfg)()
    out = []
    for name in drivers:
        value, base = getattr(cfg, name), getattr(default, name)
        if value == base or (isinstance(value, (int, float)) and not isinstance(value, bool) and value < base):
            continue
        label = name.replace("_", " ")
        out.append(label if value is True else f"{label} {value:g}" if isinstance(value, float) else f"{label} {value}")
    return tuple(out)


def flops(module: torch.nn.Module, *inputs: Any) -> float:
    """The floating-point operations of one forward pass of ``module`` on ``inputs``."""
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        module(*inputs)
    return float(counter.get_total_flops())


def refusal(cost: Cost) -> str | None:
    """Why a lesson will not train these settings (markdown), or None when it may."""
    if cost.allowed:
        return None
    which = "D" if cost.d_update >= cost.g_update else "G"
    lower = ", ".join(cost.heavy) if cost.heavy else "the widths and the batch size"
    return (
        f"**Too heavy for a shared server.** One {which} update with these settings would take about "
        f"{cost.largest:.1f} s of CPU; a live lesson allows {MAX_UPDATE_S:g} s, so that Pause stops training "
        f"within a second and the rest of the class keeps its share. What makes it heavy: {lower}. "
        "Lower one of them to train (the command line, `python -m gan_core`, has no such limit)."
    )
