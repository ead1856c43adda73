"""What one update of a toy GAN's settings costs (``gan_core.cost`` has the rates and the limit)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import torch

from gan_core import losses
from gan_core.cost import BACKWARD, DOUBLE_BACKWARD, FLOPS_PER_S, OVERHEAD_S, PAIR_S, Cost, flops, heavy
from gan_core.toy import models
from gan_core.toy.config import DATASETS_1D, DATASETS_2D, ToyConfig


@lru_cache(maxsize=64)
def _toy_flops(dim: int, noise_dim: int, g_layers: int, g_width: int, d_layers: int, d_width: int, pac: int):
    """(G's forward flops per sample, D's body-and-head flops per pack of ``pac`` samples)."""
    dataset = DATASETS_1D[0] if dim == 1 else DATASETS_2D[0]
    cfg = ToyConfig(
        dataset=dataset,
        noise_dim=noise_dim,
        g_layers=g_layers,
        g_width=g_width,
        d_layers=d_layers,
        d_width=d_width,
        pac=pac,
        batch_size=8 * pac,
    )
    g, d = models.Generator(cfg), models.Discriminator(cfg)
    return flops(g, torch.zeros(1, noise_dim)), flops(d, torch.zeros(pac, dim))


def estimate(cfg: Any) -> Cost:
    """The cost of a ``ToyConfig``'s updates."""
    g, d_pack = _toy_flops(cfg.dim, cfg.noise_dim, cfg.g_layers, cfg.g_width, cfg.d_layers, cfg.d_width, cfg.pac)
    B, pac = cfg.batch_size, cfg.pac

    def d_forward(samples: int) -> float:  # seconds of D on ``samples`` samples, judged against as many
        packs = samples / pac
        pairs = packs * packs * 8 * 4 if cfg.minibatch_disc else 0.0  # 8 kernels of 4 features (models.py)
        return packs * d_pack / FLOPS_PER_S + pairs * PAIR_S

    train = 1 + BACKWARD
    d_update = B * g / FLOPS_PER_S + 2 * train * d_forward(B)  # G draws the fakes, D trains on real and fake
    gp = losses.penalty(cfg.loss) is not None and cfg.gp_weight > 0
    penalties = gp + (cfg.r1_weight > 0)
    d_update += penalties * DOUBLE_BACKWARD * d_forward(B)
    g_update = train * (B * g / FLOPS_PER_S + d_forward(B))  # through D (frozen) into G
    drivers = heavy(cfg, ("batch_size", "g_width", "d_width", "g_layers", "d_layers", "minibatch_disc", "pac"))
    drivers += ("the gradient penalty",) * gp
    drivers += ("the R1 penalty",) * (cfg.r1_weight > 0)
    return Cost(OVERHEAD_S + d_update, OVERHEAD_S + g_update, cfg.k_d, cfg.k_g, drivers)
