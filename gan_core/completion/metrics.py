"""How a completion is scored: against the real digit (squared error), by how it looks (sharpness),
by how much it varies with z (variety), and by the evaluation classifier (the judge).

Images are (N, 28, 28) in [-1, 1], as the models draw them; every number is reported on the
[0, 1] pixel scale (0 = black background, 1 = white ink), over the hidden pixels only.
"""

from __future__ import annotations

import numpy as np
import torch

CONFIDENT = 0.9  # the judge is "sure" when its top class has at least this probability


def error(completed: torch.Tensor, real: torch.Tensor, mask: torch.Tensor) -> float:
    """Mean squared error to the real digit over the hidden pixels, on the [0, 1] scale (the
    number the MSE model minimises: it wins here)."""
    diff = (completed - real) / 2 * mask
    return float((diff**2).sum() / (mask.sum() * len(real)))


def sharpness(images: torch.Tensor, mask: torch.Tensor) -> float:
    """Mean gradient magnitude inside the hidden region: the mean absolute difference between
    horizontally and vertically neighbouring pixels, both hidden, on the [0, 1] scale. Real digits
    are ink strokes on black, with sharp edges; an average of several strokes is a grey smear, with
    soft ones."""
    x = images / 2
    across, down = mask[:, 1:] * mask[:, :-1], mask[1:] * mask[:-1]  # pairs of hidden neighbours
    gx = (x[:, :, 1:] - x[:, :, :-1]).abs() * across
    gy = (x[:, 1:] - x[:, :-1]).abs() * down
    return float((gx.sum() + gy.sum()) / (len(images) * (across.sum() + down.sum())))


def variety(samples: torch.Tensor, mask: torch.Tensor) -> float:
    """How much the completions of the same seen part differ with z: the standard deviation over z
    of each hidden pixel, averaged; ``samples`` (n_tops, n_z, 28, 28). 0 for a model without z."""
    spread = (samples / 2).std(dim=1)  # (n_tops, 28, 28)
    return float((spread * mask).sum() / (mask.sum() * len(samples)))


def judged(probs: np.ndarray, labels: np.ndarray) -> dict[str, float]:
    """The judge's view of completed digits from their class probabilities (N, 10): the share it
    classifies with confidence >= CONFIDENT, and the share it so classifies as the real digit's label."""
    sure = probs.max(1) >= CONFIDENT
    return {"confident": float(sure.mean()), "as_real": float((sure & (probs.argmax(1) == labels)).mean())}
