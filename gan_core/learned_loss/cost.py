"""What one iteration of a learned-loss run costs (``gan_core.cost`` has the rates and the limit)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import torch

from gan_core.cost import BACKWARD, FLOPS_PER_S, OVERHEAD_S, Cost, flops, heavy
from gan_core.toy.models import mlp


@lru_cache(maxsize=64)
def _mlp_flops(sizes: tuple[int, ...]) -> float:
    return flops(mlp(list(sizes), "leaky_relu"), torch.zeros(1, sizes[0]))


def estimate(cfg: Any) -> Cost:
    """The cost of a ``LearnedLossConfig``'s iteration, which is one update here: the MSE model, the
    GAN (and the mixed model) each take one step on the same batch. Reported as the D update, with
    no separate G update (k_d = 1, k_g = 0)."""
    hidden = (cfg.width,) * cfg.hidden_layers
    net = _mlp_flops((1, *hidden, 1))
    g, d = _mlp_flops((1 + cfg.noise_dim, *hidden, 1)), _mlp_flops((2, *hidden, 1))
    train, B = 1 + BACKWARD, cfg.batch_size
    gan = B * g + 2 * train * B * d + train * B * (g + d)  # D's step on real and fake, then G's through D
    total = train * B * net + gan * (2 if cfg.mixed else 1)
    drivers = heavy(cfg, ("batch_size", "width", "hidden_layers", "mixed"))
    return Cost(OVERHEAD_S * 3 + total / FLOPS_PER_S, 0.0, 1, 0, drivers)
