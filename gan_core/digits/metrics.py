"""Metrics on a classifier's view of generated images: pure functions of probabilities and features.

- class histogram and its KL divergence to uniform (how evenly the ten digits are covered);
- the "MNIST score": the Inception Score's formula, exp(E_x KL(p(y|x) || p(y))), with our digit
  classifier in place of Inception: high when each image is clearly one digit (peaked p(y|x)) and
  all digits appear (flat p(y)); at most 10;
- the Frechet distance between two Gaussians fitted to feature sets (FID's formula);
- the fraction of images the classifier is confident about.
"""

from __future__ import annotations

import numpy as np

EPS = 1e-12


def class_histogram(probs: np.ndarray) -> np.ndarray:
    """Fraction of images whose most likely class is c, for c = 0..9. probs: (N, 10)."""
    counts = np.bincount(np.asarray(probs).argmax(axis=1), minlength=probs.shape[1])
    return counts / max(len(probs), 1)


def kl_to_uniform(hist: np.ndarray) -> float:
    """KL(hist || uniform) in bits: 0 when every class is equally common, log2(10) ~ 3.32 when
    all images are one class."""
    h = np.asarray(hist, dtype=np.float64)
    h = h / max(h.sum(), EPS)
    nz = h > 0
    return float((h[nz] * np.log2(h[nz] * len(h))).sum())


def mnist_score(probs: np.ndarray) -> float:
    """exp(mean over x of KL(p(y|x) || p(y))), p(y) the mean of p(y|x): Inception Score's formula."""
    p = np.clip(np.asarray(probs, dtype=np.float64), EPS, 1.0)
    marginal = p.mean(axis=0, keepdims=True)
    kl = (p * (np.log(p) - np.log(marginal))).sum(axis=1)
    return float(np.exp(kl.mean()))


def frechet_distance(a: np.ndarray, b: np.ndarray) -> float:
    """||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2)) for Gaussians fitted to feature rows.

    Tr((S_a S_b)^(1/2)) is computed as the sum of square roots of the eigenvalues of
    S_a^(1/2) S_b S_a^(1/2), which is symmetric positive semi-definite (no complex sqrtm needed).
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    mu_a, mu_b = a.mean(0), b.mean(0)
    s_a, s_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    w, v = np.linalg.eigh(s_a)
    root_a = (v * np.sqrt(np.clip(w, 0, None))) @ v.T  # S_a^(1/2)
    middle = root_a @ s_b @ root_a
    eig = np.linalg.eigvalsh((middle + middle.T) / 2)
    tr_sqrt = np.sqrt(np.clip(eig, 0, None)).sum()
    return float(max(((mu_a - mu_b) ** 2).sum() + np.trace(s_a) + np.trace(s_b) - 2 * tr_sqrt, 0.0))


def classes_present(probs: np.ndarray, threshold: float = 0.9, min_share: float = 0.01) -> int:
    """How many digit classes at least ``min_share`` of the images are confidently (>= ``threshold``)
    classified as. Noise that the classifier shrugs at counts for no class."""
    p = np.asarray(probs)
    sure = p.max(axis=1) >= threshold
    counts = np.bincount(p.argmax(axis=1)[sure], minlength=p.shape[1])
    return int((counts >= max(1, min_share * len(p))).sum())


def confident_fraction(probs: np.ndarray, threshold: float = 0.9) -> float:
    """Fraction of images whose most likely class has probability >= ``threshold``."""
    return float((np.asarray(probs).max(axis=1) >= threshold).mean())


def recognisable(m: dict[str, float], confident: float = 0.6, classes: int = 8) -> bool:
    """The lesson's "recognisable digits" mark: >= 60% of samples classified with confidence >= 0.9
    and at least 8 of the 10 digit classes present."""
    return bool(m.get("confident", 0.0) >= confident and m.get("classes", 0.0) >= classes)
