"""Put a GAN on it: the same network trained with mean squared error and with a learned loss.

A pipeline that turns inputs x into outputs y is usually trained with a hand-written loss, such
as mean squared error. Replace that loss by a classifier D(x, y) that judges whether y looks like a
real answer for x, and train the transformation G(x, z) to fool it: that is a conditional GAN.

On a task whose answer is not a single value (``gan_core.learned_loss.tasks``) the two disagree visibly:

- **MSE model** f(x): minimise mean (f(x) - y)^2. Its optimum is the average of the real answers,
  E[y | x], which falls between the branches: the lowest error, and no real answer.
- **GAN** G(x, z): D maximises log D(x, y) + log(1 - D(x, G(x, z))); G minimises
  -log D(x, G(x, z)) (non-saturating). Its samples land on the branches: they look real, and
  their squared error is higher (about twice the MSE model's floor when G is perfect). Its answers
  are drawn from an exponential moving average of G's weights (``g_ema``; training uses G itself):
  D and G keep chasing each other, and the average does not jump with every chase.
- **MSE + GAN** (optional): G minimises mean (G(x, z) - y)^2 + adv_weight * (-log D(x, G(x, z))),
  as pix2pix does; the MSE term pulls samples back between the branches.

``LearnedLossTrainer`` steps all models together (same data batches, same network size, same
budget) and offers the live-trainer contract (``gan_core.stepping.LiveTrainer``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from gan_core import cost as cost_model
from gan_core.history import History
from gan_core.learned_loss import tasks as branches
from gan_core.learned_loss.config import EVAL_COLUMNS, LIVE_FIELDS, STEP_COLUMNS, TARGET_GAP, LearnedLossConfig
from gan_core.learned_loss.cost import estimate as estimate_cost
from gan_core.learned_loss.models import ConditionalGAN, MSEModel
from gan_core.learned_loss.tasks import TASK_INFO
from gan_core.side_by_side import SideBySideTrainer


@dataclass(frozen=True)
class LearnedLossSnapshot:
    """A frozen picture of the run at ``step``: float32 numpy arrays, ready to draw."""

    step: int
    x: np.ndarray  # (n_show,) fixed inputs
    y_real: np.ndarray  # (n_show,) a real answer for each x
    y_model: dict[str, np.ndarray]  # model -> (n_show,) its output at x (GANs: with fixed noise z)
    axis: np.ndarray  # (n_axis,) x points of the curves below
    branches: np.ndarray  # (K, n_axis) the real branches f_k(x)
    mse_curve: np.ndarray  # (n_axis,) the MSE model's answer along the axis
    d_axis: np.ndarray  # (n_grid,) y points of D's heatmap (its x points: ``d_x``)
    d_x: np.ndarray  # (n_grid,)
    d_values: np.ndarray  # (n_grid, n_grid) the GAN's D(x, y) as P(real pair), [y, x]
    metrics: dict[str, float]
    diverged: str | None


class LearnedLossTrainer(SideBySideTrainer):
    """Trains the MSE model, the GAN and (optionally) the mixed model side by side, in steps."""

    LIVE_FIELDS = LIVE_FIELDS
    TARGET_LABEL = "the GAN clearly looks more real"  # what ``reached_target`` means, for the live view

    def __init__(
        self, cfg: LearnedLossConfig, *, n_eval: int = 2000, n_show: int = 400, history_rows: int = 2000
    ) -> None:
        self.cfg = cfg
        self.rng = torch.Generator().manual_seed(cfg.seed)  # the data batches
        self.mse = MSEModel(cfg, torch.Generator().manual_seed(cfg.seed + 1))
        # The mixed model starts from the GAN's weights and noise: only the loss differs.
        self.gan = ConditionalGAN(cfg, cfg.seed + 2)
        self.mix = ConditionalGAN(cfg, cfg.seed + 2) if cfg.mixed else None
        fixed = torch.Generator().manual_seed(cfg.seed + 1_000_003)  # frames and metrics
        self.fixed_x, self.fixed_y = branches.sample(cfg.task, n_eval, cfg.data_noise, fixed)
        self.fixed_z = torch.randn(n_eval, cfg.noise_dim, generator=fixed)
        self.n_show = min(n_show, n_eval)
        self.step_count = 0
        self.d_updates = self.g_updates = 0
        self.diverged: str | None = None
        self.history = History(STEP_COLUMNS, history_rows)
        self.evals = History(EVAL_COLUMNS, history_rows // 4)
        self._last: dict[str, torch.Tensor] = {}
        SideBySideTrainer.__init__(self)
        self.reference = {  # what the data itself scores: the floors and ceilings of the charts
            "best_error": branches.best_error(cfg.task, self.fixed_x, cfg.data_noise),
            "real_on_branch": branches.on_branch_fraction(cfg.task, self.fixed_x, self.fixed_y, cfg.data_noise),
        }

    @property
    def adversarial(self) -> list[tuple[str, ConditionalGAN]]:
        return [("gan", self.gan)] + ([("mix", self.mix)] if self.mix is not None else [])

    def cost(self) -> cost_model.Cost:
        """What one update of these settings costs (a live lesson refuses the heaviest)."""
        return estimate_cost(self.cfg)

    def _apply_live(self) -> None:
        cfg = self.cfg
        optimisers = [(self.mse.opt, cfg.lr_mse)]
        for _, model in self.adversarial:
            optimisers += [(model.opt_g, cfg.lr_g), (model.opt_d, cfg.lr_d)]
        for opt, lr in optimisers:
            for group in opt.param_groups:
                group["lr"] = lr

    # --- training -----------------------------------------------------------------------------
    def _batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        return branches.sample(self.cfg.task, self.cfg.batch_size, self.cfg.data_noise, self.rng)

    def _d_updates(self, x: torch.Tensor, y: torch.Tensor) -> None:
        d_loss, d_real, d_fake = self.gan.d_step(x, y)
        self._last.update(d_loss=d_loss, d_real=d_real, d_fake=d_fake)
        if self.mix is not None:
            self._last["mix_d_loss"] = self.mix.d_step(x, y)[0]
        self.d_updates += 1

    def _g_updates(self, x: torch.Tensor, y: torch.Tensor) -> None:
        self._last["mse_loss"] = self.mse.step(x, y)
        self._last["g_loss"] = self.gan.g_step(x, y)
        if self.mix is not None:
            self._last["mix_g_loss"] = self.mix.g_step(x, y, adv_weight=self.cfg.adv_weight, mse_weight=1.0)
        for _, model in self.adversarial:
            model.update_ema()
        self.g_updates += 1

    def _mse_parts(self) -> dict[str, Any]:
        return {"mse": self.mse.net, "opt_mse": self.mse.opt}

    def players(self) -> dict[str, list[torch.nn.Module]]:
        """Step D moves every discriminator; Step G the MSE model and every G."""
        return {"D": [m.D for _, m in self.adversarial], "G": [self.mse.net] + [m.G for _, m in self.adversarial]}

    # --- looking at the run -------------------------------------------------------------------
    @torch.no_grad()
    def outputs(self, x: torch.Tensor | None = None, z: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
        """Every model's answer at inputs x (default: the fixed evaluation inputs, with fixed noise);
        the GANs' from their EMA copies of G when ``g_ema`` > 0."""
        x = self.fixed_x if x is None else x
        z = self.fixed_z[: len(x)] if z is None else z
        out = {"mse": self.mse(x)}
        for name, model in self.adversarial:
            out[name] = model.sample(x, z)
        return out  # model -> (n, 1)

    def evaluate(self, outputs: dict[str, torch.Tensor] | None = None) -> dict[str, float]:
        """Score every model on the fixed pairs (error and on-branch fraction), record the scores.
        ``outputs``: the models' answers at the fixed inputs if the caller already has them."""
        cfg = self.cfg
        outputs = self.outputs() if outputs is None else outputs
        m: dict[str, float] = dict(self.reference)
        for name, y_model in outputs.items():
            m[f"{name}_error"] = branches.error(y_model, self.fixed_y)
            m[f"{name}_on_branch"] = branches.on_branch_fraction(cfg.task, self.fixed_x, y_model, cfg.data_noise)
        return self._record_evaluation(m)

    @torch.no_grad()
    def snapshot(self, n_axis: int = 101, n_grid: int = 40) -> LearnedLossSnapshot:
        """A frame of the current state (evaluates the metrics too)."""
        cfg = self.cfg
        outputs = self.outputs()
        m = self.evaluate(outputs)
        (x_lo, x_hi), (y_lo, y_hi) = branches.plot_range(cfg.task, cfg.data_noise)
        lo, hi = TASK_INFO[cfg.task].x_range
        axis = torch.linspace(lo, hi, n_axis)
        d_x, d_y = torch.linspace(x_lo, x_hi, n_grid), torch.linspace(y_lo, y_hi, n_grid)
        gy, gx = torch.meshgrid(d_y, d_x, indexing="ij")  # (n_grid, n_grid) each; row = y
        d_values = torch.sigmoid(self.gan.judge(gx.reshape(-1, 1), gy.reshape(-1, 1))).reshape(n_grid, n_grid)
        k = self.n_show
        return LearnedLossSnapshot(
            step=self.step_count,
            x=_np(self.fixed_x[:k, 0]),
            y_real=_np(self.fixed_y[:k, 0]),
            y_model={name: _np(y[:k, 0]) for name, y in outputs.items() if name != "mse"},
            axis=_np(axis),
            branches=_np(branches.branch_values(cfg.task, axis)),
            mse_curve=_np(self.mse(axis.unsqueeze(1))[:, 0]),
            d_axis=_np(d_y),
            d_x=_np(d_x),
            d_values=_np(d_values),
            metrics=m,
            diverged=self.diverged,
        )

    def reached_target(self, m: dict[str, float]) -> bool | None:
        """Whether the GAN's on-branch fraction beats the MSE model's by TARGET_GAP (None: a task
        with one right answer, where there is nothing to beat)."""
        if TASK_INFO[self.cfg.task].n_branches < 2:
            return None
        return m["gan_on_branch"] - m["mse_on_branch"] >= TARGET_GAP


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy().astype(np.float32)


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy().astype(np.float32)
