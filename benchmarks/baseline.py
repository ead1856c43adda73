"""The baseline: a plain GAN loop written the way the 50-line PyTorch GAN tutorials write it.

Global seed, nn.Sequential models with a Sigmoid on D, nn.BCELoss with label tensors, separate real
and fake passes, Adam. Same network sizes, batch and learning rates as the config it is given; none
of gan_core's tricks (no EMA, no R1, no learning-rate decay). Used only by benchmarks/toy_speed.py.
"""

from __future__ import annotations

import time

import numpy as np
import torch
from torch import nn

from gan_core.toy import data, metrics
from gan_core.toy.config import ToyConfig


def _mlp(n_in: int, width: int, layers: int, n_out: int, sigmoid: bool) -> nn.Sequential:
    mods: list[nn.Module] = []
    for i in range(layers):
        mods += [nn.Linear(n_in if i == 0 else width, width), nn.LeakyReLU(0.2)]
    mods.append(nn.Linear(width, n_out))
    if sigmoid:
        mods.append(nn.Sigmoid())
    return nn.Sequential(*mods)


def train_baseline(cfg: ToyConfig, steps: int, eval_every: int = 100) -> dict[str, float | int | None]:
    """Train the tutorial loop; returns iterations/s and the first step/second the lesson's target held."""
    torch.manual_seed(cfg.seed)
    G = _mlp(cfg.noise_dim, cfg.g_width, cfg.g_layers, cfg.dim, sigmoid=False)
    D = _mlp(cfg.dim, cfg.d_width, cfg.d_layers, 1, sigmoid=True)
    criterion = nn.BCELoss()
    opt_d = torch.optim.Adam(D.parameters(), lr=cfg.lr_d, betas=(cfg.beta1, 0.999))
    opt_g = torch.optim.Adam(G.parameters(), lr=cfg.lr_g, betas=(cfg.beta1, 0.999))
    rng = torch.Generator().manual_seed(cfg.seed)  # only to reuse the lesson's data sampler
    ones, zeros = torch.ones(cfg.batch_size, 1), torch.zeros(cfg.batch_size, 1)
    real_eval = data.sample_real(cfg, 10_000 if cfg.dim == 1 else 2_500, torch.Generator().manual_seed(99)).numpy()
    z_eval = torch.randn(len(real_eval), cfg.noise_dim)
    centers = data.mode_centers(cfg)
    seconds, first = 0.0, None

    def evaluate() -> dict[str, float]:
        with torch.no_grad():
            x = G(z_eval).numpy()
        if cfg.dim == 1:
            return {"w1": metrics.wasserstein1_1d(real_eval, x)}
        modes, hq = metrics.modes_captured(x, centers, data.mode_std(cfg))
        return {"modes_captured": modes, "high_quality_fraction": hq}

    for step in range(1, steps + 1):
        t0 = time.perf_counter()
        # --- train D: real -> 1, fake -> 0
        D.zero_grad()
        real = data.sample_real(cfg, cfg.batch_size, rng)
        loss_real = criterion(D(real), ones)
        fake = G(torch.randn(cfg.batch_size, cfg.noise_dim))
        loss_fake = criterion(D(fake.detach()), zeros)
        (loss_real + loss_fake).backward()
        opt_d.step()
        # --- train G: make D say 1 on fakes
        G.zero_grad()
        loss_g = criterion(D(fake), ones)
        loss_g.backward()
        opt_g.step()
        seconds += time.perf_counter() - t0
        if first is None and step % eval_every == 0:
            if metrics.reached_target(evaluate(), None if centers is None else len(centers)):
                first = (step, seconds)
    return {
        "iterations_per_second": steps / seconds,
        "steps_to_target": first[0] if first else None,
        "seconds_to_target": first[1] if first else None,
        "final": evaluate() if eval_every <= steps else {},
    }


def time_baseline(cfg: ToyConfig, steps: int) -> float:
    """Iterations/s of the baseline loop alone (no evaluation)."""
    return float(train_baseline(cfg, steps, eval_every=10**9)["iterations_per_second"])


def median(xs: list[float]) -> float:
    return float(np.median(xs))
