"""What the DCGAN explorer does with a generator and a discriminator: draw digits for chosen noise,
score images with D, measure which noise coordinates matter, find a sample's nearest real digits.
Eval mode and no gradients throughout, so the same z always gives the same image."""

from __future__ import annotations

import numpy as np
import torch

from gan_core.digits.models import ImageDiscriminator, ImageGenerator


def labels_for(digit: int | None, n: int) -> torch.Tensor:
    """The digits to ask for: ``digit`` n times, or 0, 1, ..., 9, 0, 1, ... when ``digit`` is None."""
    return torch.full((n,), int(digit)) if digit is not None else torch.arange(n) % 10


@torch.inference_mode()
def generate(g: ImageGenerator, z: torch.Tensor, y: torch.Tensor | None = None) -> np.ndarray:
    """Images (N, 28, 28) in [-1, 1] for noise z (N, noise_dim) and digits y (N,): eval mode, no
    gradients, so the same z always gives the same image."""
    return g(z, y if g.conditional else None).numpy()


@torch.inference_mode()
def d_scores(d: ImageDiscriminator, images: np.ndarray, labels: np.ndarray | None) -> np.ndarray:
    """D's raw scores (N,) for images (N, 28, 28) and their digits: above 0 means "real" (for the
    sigmoid losses that is D(x) > 1/2, for hinge the middle of the margin)."""
    x = torch.as_tensor(np.asarray(images, dtype=np.float32))  # (N, 28, 28)
    y = None if labels is None or not d.conditional else torch.as_tensor(np.asarray(labels), dtype=torch.int64)
    return d(x, y).numpy()


@torch.inference_mode()
def influence(g: ImageGenerator, z: torch.Tensor, y: torch.Tensor | None, delta: float = 1.0) -> np.ndarray:
    """How much each coordinate of one z (d,) changes its image: the pixel distance between
    G(z + delta e_i) and G(z - delta e_i) for every i. Returns (d,)."""
    d = z.shape[0]
    shifted = torch.cat([z + delta * torch.eye(d), z - delta * torch.eye(d)])  # (2d, d)
    yy = None if y is None else y.expand(2 * d)
    x = g(shifted, yy).reshape(2, d, -1)  # (2, d, 784)
    return (x[0] - x[1]).norm(dim=1).numpy()


def nearest(image: np.ndarray, pool: np.ndarray, k: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` images of ``pool`` (N, 28, 28) closest to ``image`` (28, 28) in pixel (L2) distance,
    on the [-1, 1] scale: (indices, distances), nearest first."""
    diff = pool.reshape(len(pool), -1) - np.asarray(image, dtype=np.float32).reshape(1, -1)  # (N, 784)
    dist = np.sqrt(np.einsum("ij,ij->i", diff, diff))
    idx = np.argsort(dist, kind="stable")[:k]
    return idx, dist[idx]
