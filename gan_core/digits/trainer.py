"""The MNIST GAN trainer: advances in steps, publishes snapshots, never draws.

Same contract as the toy trainer (``step(n)``, ``step_d()``, ``step_g()``, ``snapshot()``,
``state_dict()``), so the lesson's live view drives both. A snapshot holds the fixed-noise sample
grid as uint8 (small: a timeline of them stays cheap) and the latest classifier metrics, measured
every ``cfg.eval_every`` iterations on 256 fixed-noise samples.
"""

from __future__ import annotations

import copy
import io
import math
import os
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch

from gan_core import cost as cost_model
from gan_core import losses
from gan_core.alternating import AlternatingTrainer
from gan_core.digits import classifier, health
from gan_core.digits import data as mnist
from gan_core.digits import metrics as image_metrics
from gan_core.digits.config import LIVE_FIELDS, MnistConfig
from gan_core.digits.cost import estimate as estimate_cost
from gan_core.digits.models import ImageDiscriminator, ImageGenerator, init_image
from gan_core.health import Flag
from gan_core.history import History
from gan_core.settings import from_dict, to_dict

STEP_COLUMNS = ("step", "d_loss", "g_loss", "d_real", "d_fake", "g_grad")
EVAL_COLUMNS = ("step", "confident", "classes", "kl_uniform", "score", "frechet", "d_real", "d_fake")
N_EVAL = 256  # samples the classifier judges at each evaluation (the benchmark's definition too)


@dataclass(frozen=True)
class MnistSnapshot:
    """A frame of the run at ``step``."""

    step: int
    grid: np.ndarray  # (n, 28, 28) uint8: G(fixed noise); 64 (8x8), or 80 (8 rows x 10 digits) if conditional
    grid_labels: np.ndarray | None  # (n,) the digit each grid cell was asked for (conditional only)
    guesses: np.ndarray  # (n,) the evaluation classifier's digit for each grid cell
    confidence: np.ndarray  # (n,) its confidence
    metrics: dict[str, float]  # latest evaluation (at metrics["step"]), plus d_real/d_fake now
    flags: tuple[Flag, ...]
    diverged: str | None


@lru_cache(maxsize=2)
def _training_tensors(data: str, data_dir: str | None) -> tuple[torch.Tensor, torch.Tensor, str | None]:
    """Training images (N, 28, 28) and labels, shared read-only by every run in the process."""
    if data == "full" and not data_dir:
        digits, note = (
            mnist.training_digits(None)[0],
            (
                "Full MNIST is not set up on this server (no data directory; see the README). "
                "Training on the 4,000 bundled digits instead."
            ),
        )
    else:
        digits, note = mnist.training_digits(data_dir if data == "full" else None)
    return torch.from_numpy(digits.images), torch.from_numpy(digits.labels), note


class MnistTrainer(AlternatingTrainer):
    """Owns G, D, their optimisers, the data and the run's random generators."""

    TARGET_LABEL = "recognisable digits"  # the progress bar: "recognisable digits at step N (S s of training)"

    LIVE_FIELDS = LIVE_FIELDS
    ROLLBACK_EVERY = 20  # a rollback copy at most this many iterations old (a copy costs ~1.6 ms)

    def __init__(self, cfg: MnistConfig, *, data_dir: str | None = None, history_rows: int = 2000) -> None:
        self.cfg = cfg
        directory = data_dir or os.environ.get(mnist.ENV_DATA_DIR)
        self.x_train, self.y_train, self.data_note = _training_tensors(cfg.data, directory)
        self.rng = torch.Generator().manual_seed(cfg.seed)
        fixed = torch.Generator().manual_seed(cfg.seed + 1_000_003)
        self.G = ImageGenerator(cfg.arch, cfg.noise_dim, cfg.width, cfg.conditional)
        self.D = ImageDiscriminator(cfg.arch, cfg.width, cfg.conditional)
        init_image(self.G, cfg.arch, self.rng)
        init_image(self.D, cfg.arch, self.rng)
        self.D.use_generator(self.rng)
        self.G_ema = copy.deepcopy(self.G).eval() if cfg.g_ema > 0 else None
        self._g_params, self._d_params = list(self.G.parameters()), list(self.D.parameters())
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=cfg.lr_g, betas=(cfg.beta1, 0.999))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=cfg.lr_d, betas=(cfg.beta1, 0.999))
        self.fixed_z = torch.randn(N_EVAL, cfg.noise_dim, generator=fixed)  # (256, noise_dim)
        self.fixed_y = torch.arange(N_EVAL) % 10 if cfg.conditional else None
        n_grid = 80 if cfg.conditional else 64
        self.grid_z = self.fixed_z[:n_grid]
        # conditional grid: 8 rows x 10 columns, column c asks for digit c
        self.grid_y = torch.arange(n_grid) % 10 if cfg.conditional else None
        self.step_count = 0
        self.d_updates = self.g_updates = 0
        self.diverged: str | None = None
        self.history = History(STEP_COLUMNS, history_rows)
        self.evals = History(EVAL_COLUMNS, history_rows // 4)
        self.flags: tuple[Flag, ...] = ()
        self.metrics: dict[str, float] = {}
        self._last: dict[str, float] = {}
        AlternatingTrainer.__init__(self)

    # --- training -----------------------------------------------------------------------------
    def cost(self) -> cost_model.Cost:
        """What one update of these settings costs (a live lesson refuses the heaviest)."""
        return estimate_cost(self.cfg)

    def _apply_live(self) -> None:
        cfg = self.cfg
        for opt, lr in ((self.opt_g, cfg.lr_g), (self.opt_d, cfg.lr_d)):
            for group in opt.param_groups:
                group["lr"], group["betas"] = lr, (cfg.beta1, group["betas"][1])

    def _batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        idx = torch.randint(0, len(self.x_train), (self.cfg.batch_size,), generator=self.rng)
        return self.x_train[idx], self.y_train[idx]  # (B, 28, 28), (B,)

    def _fake_labels(self, n: int) -> torch.Tensor | None:
        return torch.randint(0, 10, (n,), generator=self.rng) if self.cfg.conditional else None

    def _d_update(self) -> None:
        cfg = self.cfg
        x_real, y_real = self._batch()
        y_fake = self._fake_labels(cfg.batch_size)
        with torch.no_grad():
            x_fake = self.G(torch.randn(cfg.batch_size, cfg.noise_dim, generator=self.rng), y_fake)
        y_real = y_real if cfg.conditional else None
        d_real, d_fake = self.D(x_real, y_real), self.D(x_fake, y_fake)
        loss = losses.d_loss(cfg.loss, d_real, d_fake, cfg.label_smoothing)
        self._apply_d_loss(loss, d_real, d_fake)

    def _g_update(self) -> None:
        y_fake = self._fake_labels(self.cfg.batch_size)
        x_fake = self.G(torch.randn(self.cfg.batch_size, self.cfg.noise_dim, generator=self.rng), y_fake)
        loss, grad_norm = self._apply_g_loss(lambda: self.D(x_fake, y_fake))
        g_loss, g_grad = torch.stack([loss, grad_norm]).tolist()
        self._last.update(g_loss=g_loss, g_grad=g_grad)

    def _after_rollback(self) -> None:
        self.flags = health.assess(self)

    # --- looking at the run -------------------------------------------------------------------
    @torch.no_grad()
    def sample(self, z: torch.Tensor, y: torch.Tensor | None = None) -> np.ndarray:
        """Images (N, 28, 28) in [-1, 1] for noise ``z`` (and digits ``y`` if conditional), eval mode."""
        g = self.sampler
        was_training = g.training
        g.eval()  # batch norm uses its running statistics: a sample does not depend on its batch
        try:
            return g(z, y).numpy()
        finally:
            g.train(was_training)

    def evaluate(self) -> dict[str, float]:
        """Judge N_EVAL fixed-noise samples with the evaluation classifier; record and return."""
        m = classifier.evaluate(self.sample(self.fixed_z, self.fixed_y))
        last = self.history.last() or {}
        m.update(step=float(self.step_count), d_real=last.get("d_real", math.nan), d_fake=last.get("d_fake", math.nan))
        if self.cfg.conditional:
            guesses = classifier.judge(self.sample(self.fixed_z, self.fixed_y)).label
            m["as_asked"] = float((guesses == self.fixed_y.numpy()).mean())
        self.metrics = m = self._record_evaluation(m)
        self.flags = health.assess(self)
        return m

    def snapshot(self) -> MnistSnapshot:
        """The grid now; the classifier metrics are re-measured when ``eval_every`` steps have passed."""
        due = not self.metrics or self.step_count - int(self.metrics["step"]) >= self.cfg.eval_every
        if due:
            self.evaluate()
        grid = self.sample(self.grid_z, self.grid_y)
        verdict = classifier.judge(grid)
        last = self.history.last() or {}
        metrics = {**self.metrics, "d_real": last.get("d_real", math.nan), "d_fake": last.get("d_fake", math.nan)}
        return MnistSnapshot(
            step=self.step_count,
            grid=mnist.to_uint8(grid),
            grid_labels=None if self.grid_y is None else self.grid_y.numpy(),
            guesses=verdict.label,
            confidence=verdict.confidence.astype(np.float32),
            metrics=metrics,
            flags=self.flags,
            diverged=self.diverged,
        )

    def reached_target(self, m: dict[str, float]) -> bool:
        """ "Recognisable digits": the benchmark's mark, on the metrics ``m`` of an evaluation."""
        return image_metrics.recognisable(m)

    def generator_bytes(self) -> bytes:
        """The trained generator (the sampler) and its config, for ``python -m gan_core sample``."""
        buf = io.BytesIO()
        torch.save({"config": to_dict(self.cfg), "step": self.step_count, "G": self.sampler.state_dict()}, buf)
        return buf.getvalue()


def load_generator(source: str | io.BytesIO) -> tuple[ImageGenerator, MnistConfig]:
    """A generator saved by ``generator_bytes`` (weights_only: no code runs on load), in eval mode."""
    state = torch.load(source, map_location="cpu", weights_only=True)
    if not isinstance(state, dict) or "G" not in state or "config" not in state:
        raise ValueError("not a GAN Classroom generator file (expected 'config' and 'G')")
    cfg = from_dict(state["config"], MnistConfig())
    g = ImageGenerator(cfg.arch, cfg.noise_dim, cfg.width, cfg.conditional)
    g.load_state_dict(state["G"])
    return g.eval().requires_grad_(False), cfg
