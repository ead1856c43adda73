"""Put a GAN on it: the same network trained with mean squared error and with a learned loss.

A pipeline that turns inputs x into outputs y is usually trained with a hand-written loss, such
as mean squared error. Replace that loss by a classifier D(x, y) that judges whether y looks like a
real answer for x, and train the transformation G(x, z) to fool it: that is a conditional GAN.

On a task whose answer is not a single value (``gan_core.branches``) the two disagree visibly:

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
budget) and offers the live view's trainer protocol (``ui.live.LiveTrainer``).
"""

from __future__ import annotations

import copy
import dataclasses
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from gan_core import branches, losses
from gan_core import cost as cost_model
from gan_core.branches import TASK_INFO, TaskName
from gan_core.config import _f, from_dict, to_dict, validate_fields
from gan_core.history import History
from gan_core.models import init_weights, mlp
from gan_core.stepping import ChunkedTrainer


@dataclass(frozen=True, kw_only=True)
class LearnedLossConfig:
    """Everything that defines a learned-loss run. Same config + same seed = same run."""

    # --- Data ---------------------------------------------------------------------------------
    task: TaskName = _f("two_branches", "Data", "Which inputs and answers: for most tasks each x has several right y.")
    data_noise: float = _f(0.05, "Data", "Std of the gaussian noise on each real answer y.", 0.0, 0.5)
    # --- Networks -----------------------------------------------------------------------------
    hidden_layers: int = _f(3, "Networks", "Hidden layers of every network (MSE model, G and D): a fair race.", 1, 4)
    width: int = _f(64, "Networks", "Neurons per hidden layer of every network.", 8, 256)
    noise_dim: int = _f(
        1, "Networks", "Dimension of z, G's second input: the randomness it uses to pick an answer.", 1, 8
    )
    # --- Training -----------------------------------------------------------------------------
    lr_mse: float = _f(2e-3, "Training", "Learning rate of the MSE model.", 1e-6, 1.0, True)
    lr_g: float = _f(2e-3, "Training", "Generator learning rate (GAN and mixed model).", 1e-6, 1.0, True)
    lr_d: float = _f(
        2e-3, "Training", "Discriminator learning rate: how fast the learned loss learns.", 1e-6, 1.0, True
    )
    batch_size: int = _f(128, "Training", "(x, y) pairs per step, the same batch for every model.", 8, 2048)
    steps: int = _f(
        2000, "Training", "Training budget in iterations (every model updates once per iteration).", 1, 100_000
    )
    seed: int = _f(0, "Training", "Seeds weights, noise and data: the same seed replays the same run.", 0, 2**31 - 1)
    g_ema: float = _f(
        0.995,
        "Training",
        "Show the GANs' answers from a moving average of G's weights: it averages out D and G's chase (0 = raw G).",
        0.0,
        0.9999,
    )
    # --- Mixed model --------------------------------------------------------------------------
    mixed: bool = _f(False, "Mixed model", "Also train a third model with MSE + adv_weight x the adversarial loss.")
    adv_weight: float = _f(
        0.03,
        "Mixed model",
        "Weight of the adversarial term next to MSE in the mixed model: small = MSE wins, samples between branches.",
        1e-6,
        1.0,
        True,
    )

    def __post_init__(self) -> None:
        validate_fields(self)


DEFAULT = LearnedLossConfig()

# Settings that apply to the running game; anything else changes the networks or the data.
LIVE_FIELDS = frozenset({"lr_mse", "lr_g", "lr_d", "batch_size", "steps", "adv_weight"})

STEP_COLUMNS = ("step", "mse_loss", "d_loss", "g_loss", "d_real", "d_fake", "mix_d_loss", "mix_g_loss")
MODELS = ("mse", "gan", "mix")
EVAL_COLUMNS = ("step",) + tuple(f"{m}_{k}" for m in MODELS for k in ("error", "on_branch"))
MODEL_NAMES = {"mse": "MSE model", "gan": "GAN", "mix": "MSE + GAN"}
TARGET_GAP = 0.4  # "clearly": the GAN's on-branch fraction beats the MSE model's by 40 points


@dataclass(frozen=True)
class LearnedLossPreset:
    """A one-click setting of the lesson, with two sentences saying what it shows."""

    name: str
    title: str
    explanation: str
    overrides: dict[str, Any] = dataclasses.field(default_factory=dict)

    def config(self, **changes: Any) -> LearnedLossConfig:
        return from_dict({**self.overrides, **changes}, DEFAULT)


PRESETS: dict[str, LearnedLossPreset] = {
    p.name: p
    for p in (
        LearnedLossPreset(
            "two-branches",
            "Two branches",
            "Each x has two right answers, +sqrt(x) and -sqrt(x). The MSE model settles on their average, 0, "
            "within a second; the GAN's samples land on the branches.",
        ),
        LearnedLossPreset(
            "ring",
            "A ring",
            "The real pairs form a circle. The MSE model draws a line through its middle, where no real point "
            "lies; the GAN draws the ring.",
            {"task": "ring"},
        ),
        LearnedLossPreset(
            "three-waves",
            "Three waves",
            "Three intertwined answers per x; their average is flat 0. Harder for the GAN: it needs wider "
            "networks and a few thousand steps before its samples find all three waves.",
            {"task": "three_waves", "width": 128, "batch_size": 256, "lr_g": 1e-3, "lr_d": 1e-3, "steps": 6000},
        ),
        LearnedLossPreset(
            "one-curve",
            "One right answer",
            "The control: one answer per x. Now the average is a real answer, so the MSE model is right, "
            "and simpler and steadier than the GAN.",
            {"task": "one_curve"},
        ),
        LearnedLossPreset(
            "mixed",
            "MSE + GAN",
            "A third model minimises MSE + 0.03 x the adversarial loss. The MSE term pulls its samples back "
            "towards the average; raise adv_weight live and watch them move out to the branches.",
            {"mixed": True},
        ),
        LearnedLossPreset(
            "noisy",
            "Noisy answers",
            "With a lot of noise the two branches blur into one band, and the average is close enough to "
            "count as a real answer near x = 0: the difference between the losses shrinks.",
            {"data_noise": 0.25},
        ),
    )
}


def mse_loss(y_pred: torch.Tensor, y_real: torch.Tensor) -> torch.Tensor:
    """The hand-written loss: mean over the batch of (f(x) - y)^2. Minimised by f(x) = E[y | x]."""
    return ((y_pred - y_real) ** 2).mean()


class MSEModel:
    """f(x) -> y, trained with mean squared error. Same hidden layers as G; no noise input (it
    could not use it: noise cannot lower an expected squared error)."""

    def __init__(self, cfg: LearnedLossConfig, gen: torch.Generator) -> None:
        self.net = mlp([1] + [cfg.width] * cfg.hidden_layers + [1], "leaky_relu")
        init_weights(self.net, gen)
        self.opt = torch.optim.Adam(self.net.parameters(), lr=cfg.lr_mse, fused=True)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)  # (B, 1)

    def step(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """One update with the hand-written loss: minimise mean (f(x) - y)^2."""
        loss = mse_loss(self.net(x), y)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        return loss.detach()


class ConditionalGAN:
    """G(x, z) -> y and the learned loss D(x, y) -> logit of "real pair", with their optimisers and
    their own noise stream (so adding a model never changes another model's run)."""

    def __init__(self, cfg: LearnedLossConfig, seed: int) -> None:
        self.gen = torch.Generator().manual_seed(seed)
        self.noise_dim = cfg.noise_dim
        hidden = [cfg.width] * cfg.hidden_layers
        self.G = mlp([1 + cfg.noise_dim] + hidden + [1], "leaky_relu")
        self.D = mlp([2] + hidden + [1], "leaky_relu")
        init_weights(self.G, self.gen)
        init_weights(self.D, self.gen)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=cfg.lr_g, betas=(0.5, 0.999), fused=True)
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=cfg.lr_d, betas=(0.5, 0.999), fused=True)
        self._d_params = list(self.D.parameters())
        self.ema_decay = cfg.g_ema
        self.G_ema = copy.deepcopy(self.G) if cfg.g_ema > 0 else None  # what the lesson shows
        self.ema_updates = 0

    def noise(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.noise_dim, generator=self.gen)  # (n, noise_dim)

    def generate(self, x: torch.Tensor, z: torch.Tensor | None = None) -> torch.Tensor:
        z = self.noise(len(x)) if z is None else z
        return self.G(torch.cat([x, z], dim=1))  # (B, 1 + noise_dim) -> (B, 1)

    @torch.no_grad()
    def sample(self, x: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        """The answers the lesson shows and scores: from the EMA copy of G when there is one."""
        return (self.G_ema or self.G)(torch.cat([x, z], dim=1))  # (B, 1)

    def judge(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        return self.D(torch.cat([x, y], dim=1)).squeeze(1)  # (B, 2) -> (B,) logits

    def d_step(self, x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """The learned loss learns: D sees real pairs (x, y) and generated pairs (x, G(x, z)) and
        maximises log D(x, y) + log(1 - D(x, G(x, z))). Returns d_loss, mean D(x, y), mean D(x, G(x, z))."""
        with torch.no_grad():
            y_fake = self.generate(x)
        d_real, d_fake = self.judge(x, y), self.judge(x, y_fake)
        loss = losses.d_loss_bce(d_real, d_fake)
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        return loss.detach(), torch.sigmoid(d_real.detach()).mean(), torch.sigmoid(d_fake.detach()).mean()

    def g_step(
        self, x: torch.Tensor, y: torch.Tensor, adv_weight: float = 1.0, mse_weight: float = 0.0
    ) -> torch.Tensor:
        """G learns from the learned loss: minimise adv_weight * -log D(x, G(x, z)) (D frozen), plus
        mse_weight * mean (G(x, z) - y)^2 for the mixed model. Returns G's loss."""
        y_fake = self.generate(x)
        for p in self._d_params:
            p.requires_grad_(False)  # D is frozen while G learns
        loss = adv_weight * losses.g_loss_non_saturating(self.judge(x, y_fake))
        if mse_weight > 0:
            loss = loss + mse_weight * mse_loss(y_fake, y)
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        for p in self._d_params:
            p.requires_grad_(True)
        self.opt_g.step()
        return loss.detach()

    @torch.no_grad()
    def update_ema(self) -> None:
        """G_ema <- beta G_ema + (1 - beta) G after each G update, beta = min(g_ema, (1 + t)/(10 + t)):
        early on an average over the t updates so far, not a drag towards the random start."""
        if self.G_ema is None:
            return
        self.ema_updates += 1
        beta = min(self.ema_decay, (1 + self.ema_updates) / (10 + self.ema_updates))
        for p_ema, p in zip(self.G_ema.parameters(), self.G.parameters()):
            p_ema.lerp_(p, 1 - beta)

    def modules(self) -> dict[str, Any]:
        parts = {"G": self.G, "D": self.D, "opt_g": self.opt_g, "opt_d": self.opt_d}
        return parts | ({"G_ema": self.G_ema} if self.G_ema is not None else {})


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


class LearnedLossTrainer(ChunkedTrainer):
    """Trains the MSE model, the GAN and (optionally) the mixed model side by side, in steps."""

    LIVE_FIELDS = LIVE_FIELDS
    TARGET_LABEL = "the GAN clearly looks more real"  # what ``reached_target`` means, for the live view

    def __init__(
        self, cfg: LearnedLossConfig, *, n_eval: int = 2000, n_show: int = 400, history_rows: int = 2000
    ) -> None:
        self.cfg = cfg
        self.gen = torch.Generator().manual_seed(cfg.seed)  # the data batches
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
        ChunkedTrainer.__init__(self)
        self.reference = {  # what the data itself scores: the floors and ceilings of the charts
            "best_error": branches.best_error(cfg.task, self.fixed_x, cfg.data_noise),
            "real_on_branch": branches.on_branch_fraction(cfg.task, self.fixed_x, self.fixed_y, cfg.data_noise),
        }

    @property
    def adversarial(self) -> list[tuple[str, ConditionalGAN]]:
        return [("gan", self.gan)] + ([("mix", self.mix)] if self.mix is not None else [])

    def cost(self) -> cost_model.Cost:
        """What one update of these settings costs (a live lesson refuses the heaviest)."""
        return cost_model.learned_loss(self.cfg)

    def update_config(self, cfg: LearnedLossConfig) -> None:
        """Apply live settings (learning rates, batch size, budget, adv_weight) mid-run.
        Raises ValueError if any other field differs: those need a new trainer."""
        changed = {f.name for f in dataclasses.fields(cfg) if getattr(cfg, f.name) != getattr(self.cfg, f.name)}
        if changed - LIVE_FIELDS:
            raise ValueError(f"{', '.join(sorted(changed - LIVE_FIELDS))} change the networks or data: start a new run")
        self.cfg = cfg
        optimisers = [(self.mse.opt, cfg.lr_mse)]
        for _, model in self.adversarial:
            optimisers += [(model.opt_g, cfg.lr_g), (model.opt_d, cfg.lr_d)]
        for opt, lr in optimisers:
            for group in opt.param_groups:
                group["lr"] = lr

    # --- training -----------------------------------------------------------------------------
    def _batch(self) -> tuple[torch.Tensor, torch.Tensor]:
        return branches.sample(self.cfg.task, self.cfg.batch_size, self.cfg.data_noise, self.gen)

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

    def step_d(self) -> None:
        """One update of every discriminator only (every G fixed), on a fresh batch."""
        if self.diverged is None:
            self._keep_good(always=True)
            self._d_updates(*self._batch())
            self._check_finite(record=False)

    def step_g(self) -> None:
        """One update of every transformation only (the MSE model and every G; D frozen)."""
        if self.diverged is None:
            self._keep_good(always=True)
            self._g_updates(*self._batch())
            self._check_finite(record=False)

    def _iteration(self) -> None:
        """One batch of real pairs: each D updates once on it, then the MSE model and each G once."""
        x, y = self._batch()
        self._d_updates(x, y)
        self._g_updates(x, y)

    def _row(self) -> dict[str, float]:
        names = list(self._last)  # the losses stay tensors until here: one sync per iteration
        values = torch.stack([self._last[k] for k in names]).tolist() if names else []
        return dict(zip(names, values))

    # --- state --------------------------------------------------------------------------------
    def _parts(self) -> dict[str, Any]:
        parts: dict[str, Any] = {"mse": self.mse.net, "opt_mse": self.mse.opt}
        for name, model in self.adversarial:
            parts.update({f"{name}.{k}": v for k, v in model.modules().items()})
        return parts

    def _generators(self) -> dict[str, torch.Generator]:
        return {"data": self.gen} | {name: model.gen for name, model in self.adversarial}

    def _capture(self) -> dict[str, Any]:
        state = {k: v.state_dict() for k, v in self._parts().items()}
        state["rng"] = {k: g.get_state() for k, g in self._generators().items()}
        state["counts"] = (self.step_count, self.d_updates, self.g_updates)
        state["ema_updates"] = {name: model.ema_updates for name, model in self.adversarial}
        return copy.deepcopy(state)

    def _restore(self, state: dict[str, Any]) -> None:
        for k, v in self._parts().items():
            v.load_state_dict(state[k])
        for k, g in self._generators().items():
            g.set_state(state["rng"][k])
        self.step_count, self.d_updates, self.g_updates = state["counts"]
        for name, model in self.adversarial:
            model.ema_updates = state["ema_updates"][name]

    def state_dict(self) -> dict[str, Any]:
        """Everything needed to continue this run exactly: config, weights, optimisers, RNG, history."""
        state = self._capture() | self._position()
        state.update(config=to_dict(self.cfg), history=self.history.state(), evals=self.evals.state())
        return state

    def load_state_dict(self, state: dict[str, Any]) -> None:
        """Continue a run saved by ``state_dict`` (its config must match this trainer's networks)."""
        self.update_config(from_dict(state["config"], DEFAULT))
        self._restore(state)
        self._set_position(state)
        self.history = History.from_state(state["history"])
        self.evals = History.from_state(state["evals"])

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
        m = {k: (v if math.isfinite(v) else math.nan) for k, v in m.items()}
        last = self.evals.last()
        if last is None or last["step"] != self.step_count:
            self.evals.append(self.step_count, **m)
        return m

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

    def reached_target(self, snap: LearnedLossSnapshot) -> bool | None:
        """Whether the GAN's on-branch fraction beats the MSE model's by TARGET_GAP (None: a task
        with one right answer, where there is nothing to beat)."""
        if TASK_INFO[self.cfg.task].n_branches < 2:
            return None
        return snap.metrics["gan_on_branch"] - snap.metrics["mse_on_branch"] >= TARGET_GAP


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().numpy().astype(np.float32)


def run(
    cfg: LearnedLossConfig, eval_every: int = 50, progress: Callable[[LearnedLossTrainer, float], None] | None = None
) -> dict[str, Any]:
    """Train ``cfg`` headless to its budget, scoring every ``eval_every`` steps. Returns a JSON-ready
    report: both models' final metrics, the step and training seconds at which the GAN first
    clearly looked more real (``steps_to_target``, ``seconds_to_target``), and the score history."""
    trainer = LearnedLossTrainer(cfg)
    seconds = 0.0
    target: tuple[int, float] | None = None
    no_target = TASK_INFO[cfg.task].n_branches < 2
    while not trainer.finished and trainer.diverged is None:
        t0 = time.perf_counter()
        trainer.step(min(eval_every, cfg.steps - trainer.step_count))
        seconds += time.perf_counter() - t0  # training time only; scoring is reporting
        m = trainer.evaluate()
        if target is None and not no_target and m["gan_on_branch"] - m["mse_on_branch"] >= TARGET_GAP:
            target = (trainer.step_count, seconds)
        if progress is not None:
            progress(trainer, seconds)
    m = trainer.evaluate()
    return {
        "config": to_dict(cfg),
        "steps": trainer.step_count,
        "seconds": round(seconds, 3),
        "iterations_per_second": round(trainer.step_count / seconds, 1) if seconds > 0 else None,
        "metrics": {
            name: {"error": round(m[f"{name}_error"], 6), "on_branch": round(m[f"{name}_on_branch"], 4)}
            for name in MODELS
            if f"{name}_error" in m
        },
        "reference": {k: round(v, 6) for k, v in trainer.reference.items()},
        "steps_to_target": None if target is None else target[0],
        "seconds_to_target": None if target is None else round(target[1], 3),
        "diverged": trainer.diverged,
        "history": {k: [round(float(x), 6) for x in v] for k, v in trainer.evals.arrays().items()},
    }
