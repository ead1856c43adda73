"""Generators and discriminators for 28x28 digits.

- ``fc``: fully connected, as in the original GAN paper (Goodfellow et al. 2014): z -> 2w -> 4w ->
  784, LeakyReLU, tanh output; D 784 -> 4w -> 2w -> 1 with dropout.
- ``dcgan``: Radford et al. 2016 scaled to 28x28: G projects z to (2w, 7, 7), then two stride-2
  transposed convolutions with batch norm and ReLU, tanh output; D two stride-2 convolutions with
  LeakyReLU (batch norm on the second), no pooling, a linear read-out.

Conditional (pick the digit): G gets the one-hot label concatenated to z; D uses a projection (Miyato & Koyama 2018): its score gains
<embed(y), features(x)>, so it judges "is this a real 7?", not only "is this real?".

Weights are initialised from the caller's ``torch.Generator`` (``init_image``): for ``dcgan``
N(0, 0.02) weights and N(1, 0.02) batch-norm scales, as in the DCGAN paper; for ``fc`` PyTorch's
default Linear scheme.
"""

from __future__ import annotations

import math
from typing import Literal

import torch
from torch import nn

ArchName = Literal["fc", "dcgan"]
N_CLASSES = 10


class SeededDropout(nn.Module):
    """Dropout whose masks come from the run's own ``torch.Generator`` (set by the trainer), not the
    global RNG: one process serves many learners, and the same seed must give the same run."""

    def __init__(self, p: float) -> None:
        super().__init__()
        self.p = p
        self.generator: torch.Generator | None = None

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not self.training or self.p == 0:
            return x
        keep = torch.rand(x.shape, generator=self.generator) >= self.p
        return x * keep / (1 - self.p)


class ImageGenerator(nn.Module):
    def __init__(self, arch: ArchName, noise_dim: int, width: int, conditional: bool) -> None:
        super().__init__()
        self.arch, self.noise_dim, self.conditional = arch, noise_dim, conditional
        n_in = noise_dim + (N_CLASSES if conditional else 0)
        if arch == "fc":
            self.net = nn.Sequential(
                nn.Linear(n_in, 2 * width),
                nn.LeakyReLU(0.2),
                nn.Linear(2 * width, 4 * width),
                nn.LeakyReLU(0.2),
                nn.Linear(4 * width, 784),
                nn.Tanh(),
            )
        else:
            c = 2 * width
            self.net = nn.Sequential(
                nn.Linear(n_in, c * 7 * 7, bias=False),
                nn.Unflatten(1, (c, 7, 7)),  # (B, 2w, 7, 7)
                nn.BatchNorm2d(c),
                nn.ReLU(),
                nn.ConvTranspose2d(c, width, 4, 2, 1, bias=False),  # (B, w, 14, 14)
                nn.BatchNorm2d(width),
                nn.ReLU(),
                nn.ConvTranspose2d(width, 1, 4, 2, 1),  # (B, 1, 28, 28)
                nn.Tanh(),
            )

    def forward(self, z: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        if self.conditional:
            if y is None:
                raise ValueError("a conditional generator needs the digit labels y")
            z = torch.cat([z, nn.functional.one_hot(y, N_CLASSES).to(z.dtype)], dim=1)  # (B, noise_dim + 10)
        return self.net(z).reshape(-1, 28, 28)  # (B, 28, 28) in [-1, 1]


class ImageDiscriminator(nn.Module):
    def __init__(self, arch: ArchName, width: int, conditional: bool) -> None:
        super().__init__()
        self.arch, self.conditional = arch, conditional
        if arch == "fc":
            n_feat = 2 * width
            self.body = nn.Sequential(
                nn.Flatten(),  # (B, 784)
                nn.Linear(784, 4 * width),
                nn.LeakyReLU(0.2),
                SeededDropout(0.3),
                nn.Linear(4 * width, n_feat),
                nn.LeakyReLU(0.2),
                SeededDropout(0.3),
            )
        else:
            n_feat = 2 * width * 7 * 7
            self.body = nn.Sequential(
                nn.Unflatten(1, (1, 28)),  # (B, 1, 28, 28)
                nn.Conv2d(1, width, 4, 2, 1),  # (B, w, 14, 14)
                nn.LeakyReLU(0.2),
                nn.Conv2d(width, 2 * width, 4, 2, 1, bias=False),  # (B, 2w, 7, 7)
                nn.BatchNorm2d(2 * width),
                nn.LeakyReLU(0.2),
                nn.Flatten(),  # (B, 2w * 49)
            )
        self.out = nn.Linear(n_feat, 1)
        self.embed = nn.Embedding(N_CLASSES, n_feat) if conditional else None

    def use_generator(self, rng: torch.Generator) -> None:
        """Draw dropout masks from ``rng``."""
        for m in self.modules():
            if isinstance(m, SeededDropout):
                m.generator = rng

    def forward(self, x: torch.Tensor, y: torch.Tensor | None = None) -> torch.Tensor:
        """Raw scores (B,) for images (B, 28, 28)."""
        h = self.body(x)
        score = self.out(h).squeeze(1)
        if self.embed is not None:
            if y is None:
                raise ValueError("a conditional discriminator needs the digit labels y")
            score = score + (self.embed(y) * h).sum(1)  # projection: is it a real image *of y*?
        return score


def init_image(module: nn.Module, arch: ArchName, rng: torch.Generator) -> None:
    """Initialise from ``rng``: DCGAN's N(0, 0.02) scheme, or PyTorch's default Linear one for fc."""
    for m in module.modules():
        if arch == "fc" and isinstance(m, nn.Linear):
            bound = 1 / math.sqrt(m.in_features)
            nn.init.uniform_(m.weight, -bound, bound, generator=rng)
            nn.init.uniform_(m.bias, -bound, bound, generator=rng)
        elif isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, 0.0, 0.02, generator=rng)
            if getattr(m, "bias", None) is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1.0, 0.02, generator=rng)
            nn.init.zeros_(m.bias)
