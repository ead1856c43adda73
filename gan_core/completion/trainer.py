"""Complete a digit: the MSE model, a conditional GAN and (optionally) pix2pix's mix of the two,
trained side by side on the same batches to draw the hidden part of handwritten digits.

- **MSE model** f(seen): minimise the mean squared error to the real hidden pixels. Its optimum is
  the average of every completion that fits the seen part: where the top of a digit could end as a
  7 or a 9, a grey smear of both. The lowest error, and no real digit.
- **GAN** G(seen, z): D learns to tell real digits from digits completed by G; G learns to fool
  it. Each z gives one sharp, plausible completion; several z give several (a 7 and a 9 from the
  same top). Its error is higher: it commits to one answer, which is often not the real one.
- **MSE + GAN** (pix2pix): G minimises MSE + adv_weight x the adversarial loss.

The lesson's numbers, measured every ``EVAL_EVERY`` iterations on N_EVAL held-out digits (never
trained on): the evaluation classifier's view (the share it classifies confidently, and as the real
digit; the Frechet distance of its features to those of the other held-out digits), sharpness
against the real digits', the variety over z, and the squared error.
``CompletionTrainer`` offers the live-trainer contract (``gan_core.stepping.LiveTrainer``).
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import torch

from gan_core import cost as cost_model
from gan_core.completion import masks
from gan_core.completion import metrics as scores
from gan_core.completion.config import EVAL_COLUMNS, LIVE_FIELDS, STEP_COLUMNS, CompletionConfig
from gan_core.completion.cost import estimate as estimate_cost
from gan_core.completion.models import AdversarialCompleter, MSECompleter
from gan_core.digits import classifier
from gan_core.digits import data as mnist
from gan_core.digits import metrics as image_metrics
from gan_core.history import History
from gan_core.side_by_side import SideBySideTrainer

N_EVAL = 500  # held-out digits scored at each evaluation: 50 of each class
N_SHOW = 8  # the held-out digits the lesson shows
N_VARIANTS = 6  # completions of each shown digit under different z
N_VARIETY = 50  # held-out digits whose completions under N_VARIANTS z measure the variety
SHOWN_DIGITS = (7, 4, 9, 3, 1, 5, 8, 2)  # the labels of the shown digits: several have tops that fit two digits
EVAL_EVERY = 50  # a live snapshot re-scores the models when this many iterations have passed
HIDDEN_GREY = -0.6  # the hidden part in the pictures of what the models are given: dark grey, not ink
SHARP_ENOUGH = 0.8  # "as sharp as real": within 20% of the real digits' sharpness
FRECHET_SHARE = 0.5  # "looks real where MSE does not": at most half the MSE model's Frechet distance


@dataclass(frozen=True)
class CompletionSnapshot:
    """A frame of the run at ``step``: uint8 pictures, ready to draw, and the latest scores."""

    step: int
    seen: np.ndarray  # (N_SHOW, 28, 28) uint8: what the models are given (hidden part dark grey)
    real: np.ndarray  # (N_SHOW, 28, 28) uint8: the real digits
    completed: dict[str, np.ndarray]  # model -> (N_SHOW, 28, 28) uint8 whole digits (GANs: fixed z)
    variants: dict[str, np.ndarray]  # GAN model -> (N_SHOW, N_VARIANTS, 28, 28) uint8, one per z
    guesses: dict[str, np.ndarray]  # model (and "real") -> (N_SHOW,) the judge's digit
    confidence: dict[str, np.ndarray]  # model (and "real") -> (N_SHOW,) its confidence
    labels: np.ndarray  # (N_SHOW,) the real digits' labels
    metrics: dict[str, float]  # the latest evaluation (at metrics["step"])
    diverged: str | None


@lru_cache(maxsize=2)
def _digits(data_dir: str | None) -> tuple[torch.Tensor, str | None, torch.Tensor, np.ndarray]:
    """Training images (N, 28, 28), the note about them, and the held-out digits and labels: read
    once per process, shared read-only by every run."""
    train, note = mnist.training_digits(data_dir)
    held = mnist.held_out()
    return torch.from_numpy(train.images), note, torch.from_numpy(held.images), held.labels


@lru_cache(maxsize=1)
def _features_of_others() -> np.ndarray:
    """The judge's features of the held-out digits outside the evaluation set (computed once)."""
    held = mnist.held_out()
    others = np.setdiff1d(np.arange(len(held)), _pick(held.labels, N_EVAL // 10))
    return classifier.predict(classifier.shipped(), held.images[others])[1]


def _pick(labels: np.ndarray, per_class: int, order: tuple[int, ...] | None = None) -> np.ndarray:
    """Indices of the first ``per_class`` held-out digits of each class (in ``order``, or 0-9)."""
    classes = order or tuple(range(10))
    return np.concatenate([np.flatnonzero(labels == c)[:per_class] for c in classes])


class CompletionTrainer(SideBySideTrainer):
    """Trains the chosen models (``cfg.models``) side by side, in steps."""

    LIVE_FIELDS = LIVE_FIELDS
    TARGET_LABEL = "the GAN's digits look real, the MSE model's do not"
    ROLLBACK_EVERY = 20  # a rollback copy at most this many iterations old

    def __init__(self, cfg: CompletionConfig, *, data_dir: str | None = None, history_rows: int = 2000) -> None:
        self.cfg = cfg
        directory = data_dir or os.environ.get(mnist.ENV_DATA_DIR)
        self.x_train, self.data_note, held, held_labels = _digits(directory)
        self.mask = masks.mask(cfg.mask)
        self.rng = torch.Generator().manual_seed(cfg.seed)  # the data batches
        trains = cfg.trains
        self.mse = (
            MSECompleter(cfg.width, cfg.noise_dim, cfg.lr_mse, self.mask, torch.Generator().manual_seed(cfg.seed + 1))
            if "mse" in trains
            else None
        )
        # The mixed model starts from the GAN's weights and noise: only the loss differs.
        self.gans = {
            name: AdversarialCompleter(cfg.width, cfg.noise_dim, cfg.lr_g, cfg.lr_d, cfg.g_ema, self.mask, cfg.seed + 2)
            for name in ("gan", "mix")
            if name in trains
        }
        fixed = torch.Generator().manual_seed(cfg.seed + 1_000_003)  # noise of the pictures and scores
        eval_idx = _pick(held_labels, N_EVAL // 10)
        self.eval_x, self.eval_labels = held[eval_idx], held_labels[eval_idx]
        self.eval_z = torch.randn(N_EVAL, cfg.noise_dim, generator=fixed)
        self.variety_z = torch.randn(N_VARIANTS, cfg.noise_dim, generator=fixed)
        show_idx = _pick(held_labels, 1, SHOWN_DIGITS)
        self.show_x, self.show_labels = held[show_idx], held_labels[show_idx]
        self.step_count = 0
        self.d_updates = self.g_updates = 0
        self.diverged: str | None = None
        self.history = History(STEP_COLUMNS, history_rows)
        self.evals = History(EVAL_COLUMNS, history_rows // 4)
        self.metrics: dict[str, float] = {}
        self._last: dict[str, torch.Tensor] = {}
        SideBySideTrainer.__init__(self)
        self._real_features = _features_of_others()  # the Frechet distance's real set
        real_probs, real_features = classifier.predict(classifier.shipped(), self.eval_x.numpy())
        self.reference = {  # what the real digits score: the ceilings and floors of the charts
            "real_sharpness": scores.sharpness(self.eval_x, self.mask),
            "real_frechet": image_metrics.frechet_distance(real_features, self._real_features),
            **{f"real_{k}": v for k, v in scores.judged(real_probs, self.eval_labels).items()},
        }

    @property
    def adversarial(self) -> list[tuple[str, AdversarialCompleter]]:
        return list(self.gans.items())

    def _mse_parts(self) -> dict[str, Any]:
        return {"mse": self.mse.net, "opt_mse": self.mse.opt} if self.mse is not None else {}

    @property
    def models(self) -> tuple[str, ...]:
        return self.cfg.trains

    def cost(self) -> cost_model.Cost:
        """What one iteration of these settings costs (a live lesson refuses the heaviest)."""
        return estimate_cost(self.cfg)

    def _apply_live(self) -> None:
        cfg = self.cfg
        optimisers = [(self.mse.opt, cfg.lr_mse)] if self.mse is not None else []
        for model in self.gans.values():
            optimisers += [(model.opt_g, cfg.lr_g), (model.opt_d, cfg.lr_d)]
        for opt, lr in optimisers:
            for group in opt.param_groups:
                group["lr"] = lr

    # --- training -----------------------------------------------------------------------------
    def _batch(self) -> tuple[torch.Tensor]:
        idx = torch.randint(0, len(self.x_train), (self.cfg.batch_size,), generator=self.rng)
        return (self.x_train[idx],)  # (B, 28, 28)

    def _d_updates(self, real: torch.Tensor) -> None:
        for name, model in self.gans.items():
            self._last[f"{name}_d_loss"] = model.d_step(real)
        self.d_updates += 1

    def _g_updates(self, real: torch.Tensor) -> None:
        if self.mse is not None:
            self._last["mse_loss"] = self.mse.step(real)
        if "gan" in self.gans:
            self._last["gan_g_loss"] = self.gans["gan"].g_step(real)[0]
        if "mix" in self.gans:
            self._last["mix_g_loss"], self._last["mix_mse"] = self.gans["mix"].g_step(
                real, adv_weight=self.cfg.adv_weight, mse_weight=1.0
            )
        for model in self.gans.values():
            model.update_ema()
        self.g_updates += 1

    def players(self) -> dict[str, list[torch.nn.Module]]:
        """Step D moves every discriminator; Step G the MSE model and every G."""
        g = ([self.mse.net] if self.mse is not None else []) + [m.G for m in self.gans.values()]
        return {"D": [m.D for m in self.gans.values()], "G": g}

    # --- looking at the run -------------------------------------------------------------------
    @torch.no_grad()
    def complete(self, images: torch.Tensor, z: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        """Every model's whole digits (N, 28, 28) in [-1, 1] for the real ``images`` (their hidden
        part is never read); the GANs with noise ``z`` (default: the fixed evaluation noise), from
        their EMA copies of G when ``g_ema`` > 0."""
        z = self.eval_z[: len(images)] if z is None else z
        out = {"mse": self.mse(images)} if self.mse is not None else {}
        for name, model in self.gans.items():
            out[name] = model.sample(images, z)
        return out

    @torch.no_grad()
    def variants(self, images: torch.Tensor, z: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        """Each GAN's completions of every image under each noise vector of ``z`` (default: the
        fixed N_VARIANTS): model -> (N, n_z, 28, 28)."""
        z = self.variety_z if z is None else z
        n, k = len(images), len(z)
        many, zs = images.repeat_interleave(k, dim=0), z.repeat(n, 1)
        return {name: model.sample(many, zs).view(n, k, 28, 28) for name, model in self.gans.items()}

    def evaluate(self) -> dict[str, float]:
        """Score every model on the N_EVAL held-out digits; record the scores and return them."""
        m: dict[str, float] = dict(self.reference)
        completed = self.complete(self.eval_x)
        spread = self.variants(self.eval_x[:N_VARIETY])
        probs, features = classifier.predict(classifier.shipped(), torch.cat(list(completed.values())).numpy())
        for i, (name, images) in enumerate(completed.items()):
            part = slice(i * N_EVAL, (i + 1) * N_EVAL)
            m.update({f"{name}_{k}": v for k, v in scores.judged(probs[part], self.eval_labels).items()})
            m[f"{name}_frechet"] = image_metrics.frechet_distance(features[part], self._real_features)
            m[f"{name}_sharpness"] = scores.sharpness(images, self.mask)
            m[f"{name}_error"] = scores.error(images, self.eval_x, self.mask)
            m[f"{name}_variety"] = scores.variety(spread[name], self.mask) if name in spread else 0.0
        m["step"] = float(self.step_count)
        self.metrics = m = self._record_evaluation(m)
        return m

    @torch.no_grad()
    def snapshot(self) -> CompletionSnapshot:
        """The shown digits now; the scores are re-measured when EVAL_EVERY iterations have passed."""
        if not self.metrics or self.step_count - int(self.metrics["step"]) >= EVAL_EVERY:
            self.evaluate()
        completed = self.complete(self.show_x)
        names = list(completed)
        probs = classifier.predict(classifier.shipped(), torch.cat([self.show_x, *completed.values()]).numpy())[0]
        parts = dict(zip(["real", *names], np.split(probs, 1 + len(names))))
        seen = masks.paste(self.show_x, torch.full_like(self.show_x, HIDDEN_GREY), self.mask)
        return CompletionSnapshot(
            step=self.step_count,
            seen=mnist.to_uint8(seen.numpy()),
            real=mnist.to_uint8(self.show_x.numpy()),
            completed={k: mnist.to_uint8(v.numpy()) for k, v in completed.items()},
            variants={k: mnist.to_uint8(v.numpy()) for k, v in self.variants(self.show_x).items()},
            guesses={k: p.argmax(1) for k, p in parts.items()},
            confidence={k: p.max(1).astype(np.float32) for k, p in parts.items()},
            labels=self.show_labels,
            metrics=dict(self.metrics),
            diverged=self.diverged,
        )

    def completions_npz(self) -> bytes:
        """The N_EVAL held-out digits every model completed, as an .npz file: ``top`` (what the
        models were given, the hidden part 0), ``real``, one array per model trained, float32 in
        [0, 1], (N, 28, 28), whole digits; and ``labels`` (N,)."""
        real = self.eval_x
        arrays = {"top": masks.paste(real, -torch.ones_like(real), self.mask), "real": real} | self.complete(real)
        out = {k: ((v.numpy() + 1) / 2).clip(0, 1).astype(np.float32) for k, v in arrays.items()}
        buf = io.BytesIO()
        np.savez_compressed(buf, **out, labels=self.eval_labels.astype(np.int64))
        return buf.getvalue()

    def reached_target(self, m: dict[str, float]) -> bool | None:
        """Whether the GAN's completions look real where the MSE model's do not: as sharp as the real
        digits (within 20%, either way: a random net's noise is too sharp) while the MSE model's are
        below 80%, and at most half the MSE model's Frechet distance to real digits. None when the
        run does not race those two."""
        if "gan_sharpness" not in m or "mse_sharpness" not in m:
            return None
        real = m["real_sharpness"]
        sharp = abs(m["gan_sharpness"] / real - 1) <= 1 - SHARP_ENOUGH and m["mse_sharpness"] < SHARP_ENOUGH * real
        return sharp and m["gan_frechet"] <= FRECHET_SHARE * m["mse_frechet"]
