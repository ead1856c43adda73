"""How good the pretrained DCGAN is: the numbers on its card, and two checks a learner can run.

Quality is measured on ``N_QUALITY`` samples (100 of each digit, fixed noise) with the evaluation
classifier (``gan_core/digits/classifier.py``):

- confident: share of samples classified with probability >= 0.9;
- as_asked: share classified as the digit G was asked to draw;
- frechet: Frechet distance between the classifier's features (its 128-unit penultimate layer) of
  the samples and of the 1,000 held-out real digits;
- frechet_real: the same distance from 1,000 real training-split digits to the same 1,000
  held-out digits: what a generator that reproduced its training data would score at this N.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch

from gan_core.dcgan.explorer import d_scores, generate, labels_for
from gan_core.dcgan.model import Pretrained
from gan_core.digits import classifier
from gan_core.digits import data as mnist
from gan_core.digits import metrics as image_metrics
from gan_core.digits.models import ImageGenerator

N_QUALITY = 1000
QUALITY_SEED = 2015  # the evaluation noise (Radford et al.'s year): fixed, so the card's numbers replay
QUALITY_BAR = {"confident": 0.90, "as_asked": 0.95, "frechet_ratio": 3.0}


@lru_cache(maxsize=1)
def real_frechet() -> float:
    """1,000 real training-split digits (the first of its fixed order) against the 1,000 held-out
    ones, in the classifier's feature space: the floor for a generator at N = 1,000."""
    train, _ = mnist.split(mnist.load_bundled())
    feats = classifier.predict(classifier.shipped(), train.images[:N_QUALITY])[1]
    return image_metrics.frechet_distance(feats, classifier.held_out_features())


def measure(g: ImageGenerator, n: int = N_QUALITY, seed: int = QUALITY_SEED) -> dict[str, float]:
    """The card's numbers for a generator: ``n`` samples, 100 per digit in turn, fixed noise."""
    z = torch.randn(n, g.noise_dim, generator=torch.Generator().manual_seed(seed))
    y = labels_for(None, n)
    probs, feats = classifier.predict(classifier.shipped(), generate(g, z, y))
    frechet = image_metrics.frechet_distance(feats, classifier.held_out_features())
    floor = real_frechet()
    return {
        "n": n,
        "confident": image_metrics.confident_fraction(probs, 0.9),
        "as_asked": float((probs.argmax(1) == y.numpy()).mean()) if g.conditional else float("nan"),
        "classes": float(image_metrics.classes_present(probs)),
        "score": image_metrics.mnist_score(probs),
        "frechet": frechet,
        "frechet_real": floor,
        "frechet_ratio": frechet / floor,
    }


def meets_bar(q: dict[str, float]) -> bool:
    """The quality bar the shipped weights must clear (README, card)."""
    return (
        q["confident"] >= QUALITY_BAR["confident"]
        and q["as_asked"] >= QUALITY_BAR["as_asked"]
        and q["frechet_ratio"] <= QUALITY_BAR["frechet_ratio"]
    )


def copy_check(
    g: ImageGenerator, train: np.ndarray, held: np.ndarray, n: int = 500, seed: int = QUALITY_SEED
) -> dict[str, float]:
    """Is G copying its training digits? For ``n`` samples and ``n`` held-out real digits (never
    trained on), the pixel distance to the nearest training digit. Images in [-1, 1]; distances
    reported on the [0, 1] pixel scale (half the [-1, 1] ones). A copying G would sit near 0, far
    below the held-out digits."""
    z = torch.randn(n, g.noise_dim, generator=torch.Generator().manual_seed(seed + 2))
    fakes = generate(g, z, labels_for(None, n))
    pool = torch.from_numpy(np.asarray(train, dtype=np.float32).reshape(len(train), -1))  # (N, 784)

    def nearest_dist(x: np.ndarray) -> np.ndarray:
        return torch.cdist(torch.from_numpy(x.reshape(len(x), -1)), pool).min(dim=1).values.numpy() / 2

    pick = np.random.default_rng(seed).permutation(len(held))[:n]  # held-out digits come sorted by class
    d_fake, d_real = nearest_dist(fakes), nearest_dist(np.asarray(held[pick], dtype=np.float32))
    return {
        "n": n,
        "fake_median": float(np.median(d_fake)),
        "fake_min": float(d_fake.min()),
        "real_median": float(np.median(d_real)),
        "real_min": float(d_real.min()),
    }


def one_per_class_cheat(g: ImageGenerator, copies: int = 100, seed: int = QUALITY_SEED) -> dict[str, float]:
    """The Inception Score's blind spot, measured: one sample per digit, each repeated ``copies``
    times. The score (which never looks at real data) stays high; the Frechet distance, which
    compares the spread of features with real digits, explodes."""
    z = torch.randn(10, g.noise_dim, generator=torch.Generator().manual_seed(seed + 3))
    ten = generate(g, z, labels_for(None, 10))  # (10, 28, 28): one of each digit
    probs, feats = classifier.predict(classifier.shipped(), np.repeat(ten, copies, axis=0))
    return {
        "score": image_metrics.mnist_score(probs),
        "frechet": image_metrics.frechet_distance(feats, classifier.held_out_features()),
    }


def discriminator_quality(model: Pretrained, seed: int = QUALITY_SEED) -> dict[str, float]:
    """How well the final D tells the 1,000 held-out real digits from 1,000 fresh fakes: accuracy of
    its own verdict (score above 0 = "real"), the area under the ROC curve (1/2 = guessing), and the
    threshold on its score that makes it right most often on these 2,000 images (the game's line)."""
    held = mnist.held_out()
    z = torch.randn(len(held), model.cfg.noise_dim, generator=torch.Generator().manual_seed(seed + 1))
    y = labels_for(None, len(held))
    s_real = d_scores(model.D, held.images, held.labels)
    s_fake = d_scores(model.D, generate(model.G, z, y), y.numpy())
    scores = np.concatenate([s_real, s_fake])
    ranks = scores.argsort(kind="stable").argsort() + 1
    n = len(s_real)

    def accuracy(threshold: float) -> float:
        return float(((s_real > threshold).mean() + (s_fake <= threshold).mean()) / 2)

    candidates = np.sort(scores)
    best = max(candidates, key=accuracy)
    return {
        "accuracy": accuracy(0.0),
        "says_real_on_real": float((s_real > 0).mean()),
        "says_real_on_fake": float((s_fake > 0).mean()),
        "auc": float((ranks[:n].sum() - n * (n + 1) / 2) / (n * len(s_fake))),
        "threshold": float(best),
        "accuracy_at_threshold": accuracy(float(best)),
    }
