"""What one iteration of a digit-completion run costs (``gan_core.cost`` has the rates and the limit)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import torch

from gan_core.completion.models import CompletionNet, PairCritic
from gan_core.cost import BACKWARD, FLOPS_PER_S, OVERHEAD_S, Cost, flops, heavy


@lru_cache(maxsize=64)
def _flops(width: int, noise_dim: int) -> tuple[float, float]:
    """Forward flops of one digit through the completion net and through D."""
    image, mask = torch.zeros(1, 28, 28), torch.zeros(28, 28)
    g = flops(CompletionNet(width, noise_dim).eval(), image, mask, torch.zeros(1, noise_dim))
    return g, flops(PairCritic(width).eval(), image, mask)


def estimate(cfg: Any) -> Cost:
    """The cost of a ``CompletionConfig``'s iteration, which is one update here: every model takes
    one step on the same batch. Reported as the D update, with no separate G update (k_d = 1, k_g = 0)."""
    g, d = _flops(cfg.width, cfg.noise_dim)
    train, B = 1 + BACKWARD, cfg.batch_size
    models = cfg.trains
    adversarial = B * g + 2 * train * B * d + train * B * (g + d)  # D's step on real and fake, then G's through D
    total = (train * B * g if "mse" in models else 0.0) + adversarial * sum(m in models for m in ("gan", "mix"))
    drivers = heavy(cfg, ("batch_size", "width"))
    return Cost(OVERHEAD_S * (1 + 2 * len(models)) + total / FLOPS_PER_S, 0.0, 1, 0, drivers)
