"""Real distributions for the toy lessons: 1-D densities and 2-D point clouds.

Each sampler draws from the caller's ``torch.Generator`` (never the global RNG), so one process can
serve many learners with reproducible runs. ``ring8`` and ``grid25`` use the geometry of the
mode-collapse benchmarks in VEEGAN (Srivastava et al. 2017), PacGAN (Lin et al. 2018) and GDPP
(Elfeki et al. 2019): 8 modes on a circle of radius 1 with std 0.01; 25 modes at (-4 + 2i, -4 + 2j)
with std 0.05.
"""

from __future__ import annotations

import math

import numpy as np
import torch

from gan_core.toy.config import OWN_DATASETS, ToyConfig

_LOGN_S = 0.6  # log-normal shape; standardised below so `center`/`scale` are its mean/std
_LOGN_MEAN = math.exp(_LOGN_S**2 / 2)
_LOGN_STD = math.sqrt((math.exp(_LOGN_S**2) - 1) * math.exp(_LOGN_S**2))


def _normal(n: int, rng: torch.Generator) -> torch.Tensor:
    return torch.randn(n, generator=rng)


def _coin(n: int, rng: torch.Generator) -> torch.Tensor:
    return torch.randint(0, 2, (n,), generator=rng).float() * 2 - 1  # -1 or +1


def mode_centers(cfg: ToyConfig) -> np.ndarray | None:
    """Centres of the benchmark modes (K, 2) for ring8/grid25, else None."""
    if cfg.dataset == "ring8":
        angles = 2 * np.pi * np.arange(8) / 8  # not linspace(0, 2pi, 8): that repeats a centre
        return cfg.ring_radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    if cfg.dataset == "grid25":
        ii, jj = np.meshgrid(np.arange(5), np.arange(5), indexing="ij")
        return np.stack([-4.0 + 2 * ii.ravel(), -4.0 + 2 * jj.ravel()], axis=1)
    return None


def mode_std(cfg: ToyConfig) -> float | None:
    """Per-mode std of ring8/grid25 (benchmark 0.01 and 0.05, times ``spread``), else None."""
    base = {"ring8": 0.01, "grid25": 0.05}.get(cfg.dataset)
    return None if base is None else base * cfg.spread


def sample_real(cfg: ToyConfig, n: int, rng: torch.Generator) -> torch.Tensor:
    """Draw n real samples, shape (n, 1) or (n, 2), from ``rng``."""
    c, s = cfg.center, cfg.scale
    name = cfg.dataset
    if name in OWN_DATASETS:
        raise ValueError(f"{name} is the learner's own points: ToyTrainer(cfg, points=...) samples them")
    if name == "gaussian":
        x = c + s * _normal(n, rng)
    elif name == "mixture2":
        x = c + 1.5 * s * _coin(n, rng) + 0.4 * s * _normal(n, rng)
    elif name == "uniform":
        x = c + s * math.sqrt(3) * (2 * torch.rand(n, generator=rng) - 1)
    elif name == "lognormal":
        x = c + s * (torch.exp(_LOGN_S * _normal(n, rng)) - _LOGN_MEAN) / _LOGN_STD
    elif name == "spikes":
        x = c + 1.5 * s * _coin(n, rng) + 0.03 * s * _normal(n, rng)
    else:
        return _sample_2d(cfg, n, rng)
    return x.unsqueeze(1)  # (n, 1)


def _sample_2d(cfg: ToyConfig, n: int, rng: torch.Generator) -> torch.Tensor:
    name, sp = cfg.dataset, cfg.spread
    centers = mode_centers(cfg)
    if centers is not None:
        idx = torch.randint(0, len(centers), (n,), generator=rng)
        mu = torch.as_tensor(centers, dtype=torch.float32)[idx]
        return mu + mode_std(cfg) * torch.randn(n, 2, generator=rng)
    if name == "moons":
        t = math.pi * torch.rand(n, generator=rng)
        upper = torch.randint(0, 2, (n,), generator=rng).bool()
        x = torch.where(upper, torch.cos(t), 1 - torch.cos(t))
        y = torch.where(upper, torch.sin(t), 0.5 - torch.sin(t))
        pts = torch.stack([x - 0.5, y - 0.25], dim=1)
        return pts + 0.05 * sp * torch.randn(n, 2, generator=rng)
    if name == "spiral":
        t = torch.sqrt(torch.rand(n, generator=rng))  # uniform along the arc's area
        theta = 3.5 * math.pi * t
        pts = 1.6 * t.unsqueeze(1) * torch.stack([torch.cos(theta), torch.sin(theta)], dim=1)
        return pts + 0.03 * sp * torch.randn(n, 2, generator=rng)
    if name == "circles":
        theta = 2 * math.pi * torch.rand(n, generator=rng)
        r = torch.where(torch.rand(n, generator=rng) < 0.5, 0.5, 1.0)
        pts = r.unsqueeze(1) * torch.stack([torch.cos(theta), torch.sin(theta)], dim=1)
        return pts + 0.02 * sp * torch.randn(n, 2, generator=rng)
    if name == "gaussian2d":
        chol = torch.tensor([[0.5, 0.0], [0.35, 0.3]])  # correlated: cov = chol @ chol.T
        return torch.tensor([0.3, 0.2]) + sp * torch.randn(n, 2, generator=rng) @ chol.T
    if name == "line":
        t = 2 * torch.rand(n, generator=rng) - 1
        pts = torch.stack([t, 0.6 * t], dim=1)
        return pts + 0.02 * sp * torch.randn(n, 2, generator=rng)
    raise ValueError(f"unknown dataset {name!r}")


def density_1d(cfg: ToyConfig, xs: np.ndarray) -> np.ndarray:
    """The closed-form density p(x) of a 1-D dataset at points ``xs`` (for the real-data curve)."""
    c, s = cfg.center, cfg.scale

    def gauss(mu: float, sd: float) -> np.ndarray:
        return np.exp(-0.5 * ((xs - mu) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))

    name = cfg.dataset
    if name == "gaussian":
        return gauss(c, s)
    if name == "mixture2":
        return 0.5 * gauss(c - 1.5 * s, 0.4 * s) + 0.5 * gauss(c + 1.5 * s, 0.4 * s)
    if name == "uniform":
        half = s * math.sqrt(3)
        return np.where(np.abs(xs - c) <= half, 1 / (2 * half), 0.0)
    if name == "lognormal":
        u = (xs - c) * _LOGN_STD / s + _LOGN_MEAN  # u = exp(0.6 * N(0, 1)) > 0
        out = np.zeros_like(xs, dtype=float)
        ok = u > 0
        out[ok] = np.exp(-0.5 * (np.log(u[ok]) / _LOGN_S) ** 2) / (u[ok] * _LOGN_S * math.sqrt(2 * math.pi))
        return out * _LOGN_STD / s
    if name == "spikes":
        return 0.5 * gauss(c - 1.5 * s, 0.03 * s) + 0.5 * gauss(c + 1.5 * s, 0.03 * s)
    raise ValueError(f"{name!r} is not a 1-D dataset")


def plot_range(cfg: ToyConfig) -> tuple[float, float]:
    """The axis range that shows a dataset whole (both axes for 2-D)."""
    if cfg.dim == 1:
        lo, hi = (-3.0, 6.0) if cfg.dataset == "lognormal" else (-4.5, 4.5)
        return cfg.center + lo * cfg.scale, cfg.center + hi * cfg.scale
    if cfg.dataset == "ring8":
        return -1.6 * cfg.ring_radius, 1.6 * cfg.ring_radius
    if cfg.dataset == "grid25":
        return -6.0, 6.0
    return -2.0, 2.0
