"""Small fully connected generator and discriminator for the toy lessons.

Weights are initialised from the caller's ``torch.Generator`` (PyTorch's default Linear scheme,
U(-1/sqrt(fan_in), 1/sqrt(fan_in))), never from the global RNG.
"""

from __future__ import annotations

import math

import torch
from torch import nn

from gan_core.toy.config import ActivationName, ToyConfig


def _activation(name: ActivationName) -> nn.Module:
    return {"relu": nn.ReLU(), "leaky_relu": nn.LeakyReLU(0.2), "tanh": nn.Tanh()}[name]


def mlp(sizes: list[int], activation: ActivationName) -> nn.Sequential:
    """Linear layers of the given sizes with ``activation`` between them (none after the last)."""
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(n_in, n_out))
        if i < len(sizes) - 2:
            layers.append(_activation(activation))
    return nn.Sequential(*layers)


def init_weights(module: nn.Module, rng: torch.Generator) -> None:
    """PyTorch's default init for every Linear/parameter, drawn from ``rng``."""
    for m in module.modules():
        if isinstance(m, nn.Linear):
            bound = 1 / math.sqrt(m.in_features)
            nn.init.uniform_(m.weight, -bound, bound, generator=rng)
            nn.init.uniform_(m.bias, -bound, bound, generator=rng)
        elif isinstance(m, MinibatchDiscrimination):
            nn.init.normal_(m.T, 0.0, 0.1, generator=rng)


class MinibatchDiscrimination(nn.Module):
    """Salimans et al. 2016: each sample gets features measuring how close it is to the others.

    M = h T reshaped to (B, n_kernels, kernel_dim); o(x_i)_b = sum_j exp(-||M_i,b - M_j,b||_1).
    A collapsed generator makes all o(x_i) large, which D learns to reject.
    """

    def __init__(self, in_features: int, n_kernels: int = 8, kernel_dim: int = 4) -> None:
        super().__init__()
        self.n_kernels, self.kernel_dim = n_kernels, kernel_dim
        self.T = nn.Parameter(torch.empty(in_features, n_kernels * kernel_dim))

    def forward(self, h: torch.Tensor, h_ref: torch.Tensor | None = None) -> torch.Tensor:
        ref = h if h_ref is None else h_ref
        m = (h @ self.T).view(-1, self.n_kernels, self.kernel_dim)  # (B, K, C)
        m_ref = (ref @ self.T).view(-1, self.n_kernels, self.kernel_dim)  # (R, K, C)
        dist = (m.unsqueeze(1) - m_ref.unsqueeze(0)).abs().sum(dim=3)  # (B, R, K)
        o = torch.exp(-dist).sum(dim=1) - (1.0 if h_ref is None else 0.0)  # (B, K), minus self
        return torch.cat([h, o], dim=1)  # (B, F + K)


class Generator(nn.Module):
    """z (B, noise_dim) -> x (B, dim). Linear output: the data is not squashed into [-1, 1]."""

    def __init__(self, cfg: ToyConfig) -> None:
        super().__init__()
        self.net = mlp([cfg.noise_dim] + [cfg.g_width] * cfg.g_layers + [cfg.dim], cfg.activation)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)


class Discriminator(nn.Module):
    """x (B, dim) -> one raw score per sample, or per pack of ``pac`` samples (PacGAN).

    With ``pac = m`` the batch (B, dim) is viewed as (B/m, m*dim): D judges m samples at once.
    """

    def __init__(self, cfg: ToyConfig) -> None:
        super().__init__()
        self.pac = cfg.pac
        self.body = mlp([cfg.dim * cfg.pac] + [cfg.d_width] * cfg.d_layers, cfg.activation)
        self.act = _activation(cfg.activation)
        self.mbd = MinibatchDiscrimination(cfg.d_width) if cfg.minibatch_disc else None
        head_in = cfg.d_width + (self.mbd.n_kernels if self.mbd else 0)
        self.head = nn.Linear(head_in, 1)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.body(x.reshape(x.shape[0] // self.pac, -1)))  # (B/pac, d_width)

    def forward(self, x: torch.Tensor, x_ref: torch.Tensor | None = None) -> torch.Tensor:
        """Scores (B/pac,). ``x_ref``: judge minibatch features against this batch instead of x's own."""
        h = self.features(x)
        if self.mbd is not None:
            h = self.mbd(h, None if x_ref is None else self.features(x_ref))
        return self.head(h).squeeze(1)

    def score_points(self, x: torch.Tensor, x_ref: torch.Tensor) -> torch.Tensor:
        """D's view of single points (for heatmaps and curves): each point repeated ``pac`` times
        to fill a pack, judged among the reference batch ``x_ref`` for minibatch features."""
        packed = x.repeat_interleave(self.pac, dim=0)  # (B*pac, dim)
        ref = x_ref[: (len(x_ref) // self.pac) * self.pac]
        return self(packed, ref if self.mbd is not None else None)
