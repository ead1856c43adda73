"""Walking in the generator's noise space: noise from a seed, straight and spherical paths.

A standard gaussian z in d dimensions has norm close to sqrt(d) (the squared norm is a chi-square
with d degrees of freedom: mean d, standard deviation sqrt(2d)), so nearly all the noise G saw in
training lies in a thin shell. The straight line between two samples cuts through the inside of
that shell: for independent z0, z1 the midpoint (z0 + z1) / 2 has norm about sqrt(d / 2), 71% of
a typical sample's. Spherical interpolation (slerp, Shoemake 1985; for GANs White 2016) follows
the great circle instead and keeps the norm when both ends have the same norm.
"""

from __future__ import annotations

import math
from typing import Literal

import torch

PathMode = Literal["slerp", "lerp"]
PATH_MODES: tuple[str, ...] = ("slerp", "lerp")


def noise(seed: int, n: int, noise_dim: int) -> torch.Tensor:
    """``n`` standard gaussian noise vectors (n, noise_dim) drawn from ``seed`` alone: the same seed
    gives the same z on every machine and in every session (no global random state)."""
    rng = torch.Generator().manual_seed(int(seed))
    return torch.randn(n, noise_dim, generator=rng)


def lerp(z0: torch.Tensor, z1: torch.Tensor, t: float | torch.Tensor) -> torch.Tensor:
    """The straight line: (1 - t) z0 + t z1."""
    t = torch.as_tensor(t, dtype=z0.dtype)
    return (1 - t) * z0 + t * z1


def slerp(z0: torch.Tensor, z1: torch.Tensor, t: float | torch.Tensor) -> torch.Tensor:
    """The great circle: sin((1 - t) w) / sin(w) z0 + sin(t w) / sin(w) z1, w the angle between
    z0 and z1 (vectors (d,)). Falls back to lerp when they are (nearly) parallel."""
    t = torch.as_tensor(t, dtype=z0.dtype)
    cos = torch.dot(z0, z1) / (z0.norm() * z1.norm()).clamp_min(1e-12)
    omega = torch.arccos(cos.clamp(-1.0, 1.0))
    if float(torch.sin(omega)) < 1e-6:
        return lerp(z0, z1, t)
    return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / torch.sin(omega)


def path(z0: torch.Tensor, z1: torch.Tensor, frames: int, mode: PathMode = "slerp") -> torch.Tensor:
    """``frames`` points (frames, d) from z0 to z1, both ends included, evenly spaced in t."""
    if frames < 2:
        raise ValueError(f"frames={frames}: a path needs at least 2 frames (its two ends)")
    if mode not in PATH_MODES:
        raise ValueError(f"mode={mode!r} is not allowed; choose one of {', '.join(PATH_MODES)}")
    step = slerp if mode == "slerp" else lerp
    return torch.stack([step(z0, z1, i / (frames - 1)) for i in range(frames)])  # (frames, d)


def typical_norm(noise_dim: int) -> float:
    """E|z| for z ~ N(0, I_d): sqrt(2) Gamma((d + 1) / 2) / Gamma(d / 2), just under sqrt(d)."""
    return math.sqrt(2) * math.exp(math.lgamma((noise_dim + 1) / 2) - math.lgamma(noise_dim / 2))


def nudge(z: torch.Tensor, coords: dict[int, float]) -> torch.Tensor:
    """A copy of ``z`` (d,) with some coordinates set to new values (the lesson's latent sliders)."""
    out = z.clone()
    for i, value in coords.items():
        out[i] = float(value)
    return out
