"""Which weights an update moves: the evidence that D is frozen while G learns (and vice versa).

``step_and_compare(trainer, "D")`` copies both networks' weights, runs one D update (or one G
update), and reports per network how many of its parameters changed and by how much, with D's
average verdict on a fixed batch of real and fake samples before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import torch
from torch import nn

from gan_core import losses
from gan_core.toy.trainer import ToyTrainer

Update = Literal["D", "G"]


@dataclass(frozen=True)
class NetworkChange:
    network: str  # "G" or "D"
    params: int  # scalar parameters in the network
    changed: int  # how many of them this update changed
    max_abs_change: float  # the largest |w_after - w_before|


@dataclass(frozen=True)
class StepReport:
    update: Update
    g: NetworkChange
    d: NetworkChange
    d_real: tuple[float, float]  # mean D(x) on a fixed real batch: before, after
    d_fake: tuple[float, float]  # mean D(G(z)) on a fixed noise batch: before, after


def weights(module: nn.Module) -> dict[str, torch.Tensor]:
    """A detached copy of every parameter, by name."""
    return {name: p.detach().clone() for name, p in module.named_parameters()}


def compare(network: str, before: dict[str, torch.Tensor], after: dict[str, torch.Tensor]) -> NetworkChange:
    """How many parameters differ between two copies of the same network, and the largest change."""
    if before.keys() != after.keys():
        raise ValueError("before and after must be copies of the same network")
    params = changed = 0
    biggest = 0.0
    for name, w0 in before.items():
        diff = (after[name] - w0).abs()
        params += diff.numel()
        changed += int((diff > 0).sum())
        biggest = max(biggest, float(diff.max()) if diff.numel() else 0.0)
    return NetworkChange(network, params, changed, biggest)


@torch.no_grad()
def verdicts(trainer: ToyTrainer, n: int = 240) -> tuple[float, float]:
    """Mean D(x) on the first ``n`` fixed real samples and mean D(G(z)) on the first ``n`` fixed z
    (240: a whole number of packs for any PacGAN pack size 1-4)."""
    loss = trainer.cfg.loss
    x_real = torch.as_tensor(trainer.fixed_real[:n])
    x_fake = trainer.G(trainer.fixed_z[:n])
    d_real = losses.d_prob(loss, trainer.D(x_real)).mean()
    d_fake = losses.d_prob(loss, trainer.D(x_fake)).mean()
    return float(d_real), float(d_fake)


def step_and_compare(trainer: ToyTrainer, update: Update) -> StepReport:
    """One D update (G held fixed) or one G update (D frozen), and what it changed."""
    if update not in ("D", "G"):
        raise ValueError(f"update must be 'D' or 'G', got {update!r}")
    g0, d0 = weights(trainer.G), weights(trainer.D)
    real0, fake0 = verdicts(trainer)
    if update == "D":
        trainer.step_d()
    else:
        trainer.step_g()
    real1, fake1 = verdicts(trainer)
    return StepReport(
        update,
        compare("G", g0, weights(trainer.G)),
        compare("D", d0, weights(trainer.D)),
        (real0, real1),
        (fake0, fake1),
    )
