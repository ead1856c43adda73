"""What one update of an MNIST GAN's settings costs (``gan_core.cost`` has the rates and the limit)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import torch

from gan_core.cost import BACKWARD, FLOPS_PER_S, OVERHEAD_S, Cost, flops, heavy
from gan_core.digits.models import ImageDiscriminator, ImageGenerator


@lru_cache(maxsize=64)
def _image_flops(arch: str, noise_dim: int, width: int, conditional: bool) -> tuple[float, float]:
    g, d = ImageGenerator(arch, noise_dim, width, conditional), ImageDiscriminator(arch, width, conditional)
    y = torch.zeros(1, dtype=torch.long) if conditional else None
    return flops(g.eval(), torch.zeros(1, noise_dim), y), flops(d.eval(), torch.zeros(1, 28, 28), y)


def estimate(cfg: Any) -> Cost:
    """The cost of an ``MnistConfig``'s updates."""
    g, d = _image_flops(cfg.arch, cfg.noise_dim, cfg.width, cfg.conditional)
    B, train = cfg.batch_size, 1 + BACKWARD
    d_update = OVERHEAD_S + (B * g + 2 * train * B * d) / FLOPS_PER_S
    g_update = OVERHEAD_S + train * B * (g + d) / FLOPS_PER_S
    drivers = heavy(cfg, ("batch_size", "width", "noise_dim"))
    return Cost(d_update, g_update, cfg.k_d, cfg.k_g, drivers)
