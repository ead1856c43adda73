"""The pretrained DCGAN: our own conditional DCGAN for digits, shipped as safetensors with a card.

One weights file (``gan_core/weights/dcgan_mnist.safetensors``) holds the final generator (the EMA
copy the trainer samples from), the final discriminator and a few generator snapshots from early
in training; its card (``dcgan_mnist.json``, and ``dcgan_mnist.md`` for people) holds the sha256
checked at load, how it was trained, the command that reproduces it and what it scores. Recreate
both with ``python -m gan_core train-dcgan`` (``gan_core/dcgan_train.py``).

Quality is measured on ``N_QUALITY`` samples (100 of each digit, fixed noise) with the evaluation
classifier (``gan_core/classifier.py``):

- confident: share of samples classified with probability >= 0.9;
- as_asked: share classified as the digit G was asked to draw;
- frechet: Frechet distance between the classifier's features (its 128-unit penultimate layer) of
  the samples and of the 1,000 held-out real digits;
- frechet_real: the same distance from 1,000 real training-split digits to the same 1,000
  held-out digits: what a generator that reproduced its training data would score at this N.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import torch

from gan_core import classifier, image_metrics, literal, mnist
from gan_core.classifier import WeightsError, checked_card, sha256
from gan_core.config import from_dict, to_dict
from gan_core.image_models import ImageDiscriminator, ImageGenerator
from gan_core.mnist_config import DEFAULT, MnistConfig

WEIGHTS = classifier.WEIGHTS_DIR / "dcgan_mnist.safetensors"
CARD = classifier.WEIGHTS_DIR / "dcgan_mnist.json"
CARD_MD = classifier.WEIGHTS_DIR / "dcgan_mnist.md"
FORMAT = "gan-classroom-dcgan/1"
META_KEY = "gan_classroom"
RECREATE = "python -m gan_core train-dcgan"
N_QUALITY = 1000
QUALITY_SEED = 2015  # the evaluation noise (Radford et al.'s year): fixed, so the card's numbers replay
QUALITY_BAR = {"confident": 0.90, "as_asked": 0.95, "frechet_ratio": 3.0}


@dataclass(frozen=True)
class Pretrained:
    """Everything the lesson needs, read-only: networks in eval mode without gradients."""

    G: ImageGenerator  # the final generator
    D: ImageDiscriminator  # the final discriminator (projection: judges "a real 7?")
    snapshots: dict[int, ImageGenerator]  # training step -> generator at that step (early ones)
    cfg: MnistConfig
    steps: int  # the final generator's step
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def d_threshold(self) -> float:
        """The score above which "spot the fake" lets D say "real": the card's best line on 2,000
        reference images (0, D's own boundary, when the card has none)."""
        return float(self.card.get("discriminator", {}).get("threshold", 0.0))


def _tensors(prefix: str, module: torch.nn.Module, dtype: torch.dtype) -> dict[str, torch.Tensor]:
    """A module's state as flat tensors; floating ones stored as ``dtype`` (float16 halves the file)."""
    out = {}
    for k, v in module.state_dict().items():
        v = v.detach().to(dtype) if v.is_floating_point() else v.detach()
        out[f"{prefix}.{k}"] = v.contiguous()
    return out


def save(
    model: Pretrained, card: dict[str, Any], weights: Path, card_path: Path, dtype: str = "float16"
) -> dict[str, Any]:
    """Write the weights file and its card (with sha256 and size); returns the card as written."""
    from safetensors.torch import save_file

    torch_dtype = {"float16": torch.float16, "float32": torch.float32}[dtype]
    tensors = _tensors("G", model.G, torch_dtype) | _tensors("D", model.D, torch_dtype)
    for step, g in model.snapshots.items():
        tensors |= _tensors(f"G@{step}", g, torch_dtype)
    info = {"format": FORMAT, "config": to_dict(model.cfg), "steps": model.steps, "snapshots": sorted(model.snapshots)}
    meta = {META_KEY: json.dumps(info, sort_keys=True)}  # one key: the file's bytes do not depend on dict order
    weights = Path(weights)
    weights.parent.mkdir(parents=True, exist_ok=True)
    save_file(tensors, str(weights), metadata=meta)
    card = {**card, "file": weights.name, "storage": dtype, "sha256": sha256(weights)}
    card["size_bytes"] = weights.stat().st_size
    Path(card_path).write_text(json.dumps(card, indent=2) + "\n")
    return card


def load(weights: Path | None = None, card_path: Path | None = None) -> Pretrained:
    """The pretrained DCGAN (default: the shipped files), checksum-verified, in eval mode.
    Raises WeightsError saying what is wrong and how to recreate the file."""
    from safetensors import SafetensorError, safe_open

    fix = f"Recreate it with `{RECREATE}`."
    weights, card_path = Path(weights or WEIGHTS), Path(card_path or CARD)
    card = checked_card(weights, card_path, "DCGAN", fix)
    try:
        with safe_open(str(weights), framework="pt") as f:
            info = json.loads((f.metadata() or {}).get(META_KEY, "{}"))
            tensors = {k: f.get_tensor(k) for k in f.keys()}
        if info.get("format") != FORMAT:
            raise ValueError(f"format {info.get('format')!r}, expected {FORMAT!r}")
        cfg = from_dict(info["config"], DEFAULT)
        snap_steps = [int(s) for s in info["snapshots"]]
        G = _generator(cfg, tensors, "G")
        D = ImageDiscriminator(cfg.arch, cfg.width, cfg.conditional)
        D.load_state_dict(_part(tensors, "D"))
        snapshots = {s: _generator(cfg, tensors, f"G@{s}") for s in snap_steps}
        steps = int(info["steps"])
    except (SafetensorError, RuntimeError, OSError, ValueError, KeyError) as err:
        raise WeightsError(
            f"{literal.path(weights)}: cannot load the weights ({literal.plain(str(err), 80)}). {fix}"
        ) from None
    return Pretrained(G, D.eval().requires_grad_(False), snapshots, cfg, steps, card)


def _part(tensors: dict[str, torch.Tensor], prefix: str) -> dict[str, torch.Tensor]:
    n = len(prefix) + 1
    return {k[n:]: v.float() if v.is_floating_point() else v for k, v in tensors.items() if k.startswith(prefix + ".")}


def _generator(cfg: MnistConfig, tensors: dict[str, torch.Tensor], prefix: str) -> ImageGenerator:
    g = ImageGenerator(cfg.arch, cfg.noise_dim, cfg.width, cfg.conditional)
    g.load_state_dict(_part(tensors, prefix))
    return g.eval().requires_grad_(False)


@lru_cache(maxsize=1)
def shipped() -> Pretrained:
    """The shipped DCGAN, loaded once per process (read-only)."""
    return load()


# --- using it -----------------------------------------------------------------------------------
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


# --- how good it is -------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def real_frechet() -> float:
    """1,000 real training-split digits (the first of its fixed order) against the 1,000 held-out
    ones, in the classifier's feature space: the floor for a generator at N = 1,000."""
    train, _ = mnist.split(mnist.load_bundled())
    feats = classifier.predict(classifier.shipped(), train.images[:N_QUALITY])[1]
    return image_metrics.frechet_distance(feats, classifier.held_out_features())


def quality(g: ImageGenerator, n: int = N_QUALITY, seed: int = QUALITY_SEED) -> dict[str, float]:
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
