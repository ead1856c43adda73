"""The pretrained DCGAN: our own conditional DCGAN for digits, shipped as safetensors with a card.

One weights file (``gan_core/weights/dcgan_mnist.safetensors``) holds the final generator (the EMA
copy the trainer samples from), the final discriminator and a few generator snapshots from early
in training; its card (``dcgan_mnist.json``, and ``dcgan_mnist.md`` for people) holds the sha256
checked at load, how it was trained, the command that reproduces it and what it scores. Recreate
both with ``python -m gan_core train-dcgan`` (``gan_core/dcgan/train.py``).

The explorer's operations are in ``explorer.py``, the card's quality numbers in ``quality.py``,
the "spot the fake" game in ``game.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import torch

from gan_core import literal
from gan_core.cards import WEIGHTS_DIR, WeightsError, checked_card, sha256
from gan_core.digits.config import DEFAULT, MnistConfig
from gan_core.digits.models import ImageDiscriminator, ImageGenerator
from gan_core.settings import from_dict, to_dict

WEIGHTS = WEIGHTS_DIR / "dcgan_mnist.safetensors"
CARD = WEIGHTS_DIR / "dcgan_mnist.json"
CARD_MD = WEIGHTS_DIR / "dcgan_mnist.md"
FORMAT = "gan-classroom-dcgan/1"
META_KEY = "gan_classroom"
RECREATE = "python -m gan_core train-dcgan"


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
