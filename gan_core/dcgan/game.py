"""Spot the fake: a held-out real digit or a fresh sample, and what the discriminator says of it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from gan_core.dcgan.explorer import d_scores, generate
from gan_core.dcgan.model import Pretrained
from gan_core.digits import data as mnist


@dataclass(frozen=True)
class Round:
    """One image of "spot the fake" and the discriminator's opinion of it."""

    image: np.ndarray  # (28, 28) in [-1, 1]
    is_real: bool
    digit: int  # the real digit's label, or the digit G was asked to draw
    d_score: float  # D's raw score for it
    d_threshold: float  # D says "real" above this score

    @property
    def d_says_real(self) -> bool:
        return self.d_score > self.d_threshold


def spot_round(model: Pretrained, held: mnist.Digits, rng: np.random.Generator) -> Round:
    """A coin flip: a held-out real digit (never trained on), or a fresh sample of a random digit."""
    if rng.random() < 0.5:
        i = int(rng.integers(len(held)))
        image, digit, real = held.images[i], int(held.labels[i]), True
    else:
        digit = int(rng.integers(10))
        z = torch.from_numpy(rng.standard_normal((1, model.cfg.noise_dim)).astype(np.float32))
        image, real = generate(model.G, z, torch.tensor([digit]))[0], False
    score = float(d_scores(model.D, image[None], np.array([digit]))[0])
    return Round(image, real, digit, score, model.d_threshold)
