"""What one update of a configuration costs, estimated before it runs, and what a shared server allows.

A live lesson trains between pictures and stops between any two updates when the learner presses
Pause (``ChunkedTrainer.step(stop=...)``). One update itself cannot be cut: with every network and
trick at its maximum, a single discriminator update takes seconds, and Pause would wait for it. So
a lesson refuses to train a combination whose costliest update would take longer than
``MAX_UPDATE_S``, and says which settings make it heavy.

The estimate counts the floating-point operations of the real networks (torch's FlopCounterMode on
one sample's forward pass), times what an update does with them: a forward pass over the batch,
a backward pass about twice that, penalties (WGAN-GP, R1) a double backward through D. Minibatch
discrimination compares every pair of samples, element by element: that part is memory-bound and
costs per element, not per flop. Both rates were fitted on one core of the reference machine
(the 2-core CI machine); ``benchmarks/update_cost.py`` prints the estimate beside the measured
time for a range of settings (within about 1.5x either way, a little high for big networks).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import torch
from torch.utils.flop_counter import FlopCounterMode

from gan_core import models
from gan_core.config import DATASETS_1D, DATASETS_2D, ToyConfig
from gan_core.image_models import ImageDiscriminator, ImageGenerator

MAX_UPDATE_S = 0.4  # the costliest single update a live lesson will run (Pause waits at most this)
FLOPS_PER_S = 3.5e10  # matrix products and convolutions on one core of the reference machine (fitted)
PAIR_S = 1.2e-8  # seconds per pair and kernel feature of minibatch discrimination, forward (fitted)
OVERHEAD_S = 0.003  # per update: Python, the optimiser step, small tensors
BACKWARD = 2.0  # a backward pass costs about twice the forward
DOUBLE_BACKWARD = 6.0  # a gradient penalty: forward, a backward with graph, and a backward through that


@dataclass(frozen=True)
class Cost:
    """Estimated seconds of one D update, one G update and one iteration (k_d D + k_g G updates)."""

    d_update: float
    g_update: float
    k_d: int
    k_g: int
    heavy: tuple[str, ...] = ()  # the settings that make it costly, as a learner reads them

    @property
    def iteration(self) -> float:
        return self.k_d * self.d_update + self.k_g * self.g_update

    @property
    def largest(self) -> float:
        return max(self.d_update, self.g_update)

    @property
    def allowed(self) -> bool:
        return self.largest <= MAX_UPDATE_S


def _heavy(cfg: Any, drivers: tuple[str, ...]) -> tuple[str, ...]:
    """The cost drivers among ``cfg``'s fields that are above their defaults ("batch size 2048")."""
    default = type(cfg)()
    out = []
    for name in drivers:
        value, base = getattr(cfg, name), getattr(default, name)
        if value == base or (isinstance(value, (int, float)) and not isinstance(value, bool) and value < base):
            continue
        label = name.replace("_", " ")
        out.append(label if value is True else f"{label} {value:g}" if isinstance(value, float) else f"{label} {value}")
    return tuple(out)


def _flops(module: torch.nn.Module, *inputs: Any) -> float:
    with torch.no_grad(), FlopCounterMode(display=False) as counter:
        module(*inputs)
    return float(counter.get_total_flops())


@lru_cache(maxsize=64)
def _toy_flops(dim: int, noise_dim: int, g_layers: int, g_width: int, d_layers: int, d_width: int, pac: int):
    """(G's forward flops per sample, D's body-and-head flops per pack of ``pac`` samples)."""
    dataset = DATASETS_1D[0] if dim == 1 else DATASETS_2D[0]
    cfg = ToyConfig(
        dataset=dataset,
        noise_dim=noise_dim,
        g_layers=g_layers,
        g_width=g_width,
        d_layers=d_layers,
        d_width=d_width,
        pac=pac,
        batch_size=8 * pac,
    )
    g, d = models.Generator(cfg), models.Discriminator(cfg)
    return _flops(g, torch.zeros(1, noise_dim)), _flops(d, torch.zeros(pac, dim))


def toy(cfg: Any) -> Cost:
    """The cost of a ``ToyConfig``'s updates."""
    g, d_pack = _toy_flops(cfg.dim, cfg.noise_dim, cfg.g_layers, cfg.g_width, cfg.d_layers, cfg.d_width, cfg.pac)
    B, pac = cfg.batch_size, cfg.pac

    def d_forward(samples: int) -> float:  # seconds of D on ``samples`` samples, judged against as many
        packs = samples / pac
        pairs = packs * packs * 8 * 4 if cfg.minibatch_disc else 0.0  # 8 kernels of 4 features (models.py)
        return packs * d_pack / FLOPS_PER_S + pairs * PAIR_S

    train = 1 + BACKWARD
    d_update = B * g / FLOPS_PER_S + 2 * train * d_forward(B)  # G draws the fakes, D trains on real and fake
    penalties = (cfg.loss == "wgan_gp" and cfg.gp_weight > 0) + (cfg.r1_weight > 0)
    d_update += penalties * DOUBLE_BACKWARD * d_forward(B)
    g_update = train * (B * g / FLOPS_PER_S + d_forward(B))  # through D (frozen) into G
    heavy = _heavy(cfg, ("batch_size", "g_width", "d_width", "g_layers", "d_layers", "minibatch_disc", "pac"))
    heavy += ("the WGAN-GP penalty",) * (cfg.loss == "wgan_gp" and cfg.gp_weight > 0)
    heavy += ("the R1 penalty",) * (cfg.r1_weight > 0)
    return Cost(OVERHEAD_S + d_update, OVERHEAD_S + g_update, cfg.k_d, cfg.k_g, heavy)


@lru_cache(maxsize=64)
def _image_flops(arch: str, noise_dim: int, width: int, conditional: bool) -> tuple[float, float]:
    g, d = ImageGenerator(arch, noise_dim, width, conditional), ImageDiscriminator(arch, width, conditional)
    y = torch.zeros(1, dtype=torch.long) if conditional else None
    return _flops(g.eval(), torch.zeros(1, noise_dim), y), _flops(d.eval(), torch.zeros(1, 28, 28), y)


def mnist(cfg: Any) -> Cost:
    """The cost of an ``MnistConfig``'s updates."""
    g, d = _image_flops(cfg.arch, cfg.noise_dim, cfg.width, cfg.conditional)
    B, train = cfg.batch_size, 1 + BACKWARD
    d_update = OVERHEAD_S + (B * g + 2 * train * B * d) / FLOPS_PER_S
    g_update = OVERHEAD_S + train * B * (g + d) / FLOPS_PER_S
    heavy = _heavy(cfg, ("batch_size", "width", "noise_dim"))
    return Cost(d_update, g_update, cfg.k_d, cfg.k_g, heavy)


def refusal(cost: Cost) -> str | None:
    """Why a lesson will not train these settings (markdown), or None when it may."""
    if cost.allowed:
        return None
    which = "D" if cost.d_update >= cost.g_update else "G"
    lower = ", ".join(cost.heavy) if cost.heavy else "the widths and the batch size"
    return (
        f"**Too heavy for a shared server.** One {which} update with these settings would take about "
        f"{cost.largest:.1f} s of CPU; a live lesson allows {MAX_UPDATE_S:g} s, so that Pause stops training "
        f"within a second and the rest of the class keeps its share. What makes it heavy: {lower}. "
        "Lower one of them to train (the command line, `python -m gan_core`, has no such limit)."
    )


@lru_cache(maxsize=64)
def _mlp_flops(sizes: tuple[int, ...]) -> float:
    return _flops(models.mlp(list(sizes), "leaky_relu"), torch.zeros(1, sizes[0]))


def learned_loss(cfg: Any) -> Cost:
    """The cost of a ``LearnedLossConfig``'s iteration, which is one update here: the MSE model, the
    GAN (and the mixed model) each take one step on the same batch. Reported as the D update, with
    no separate G update (k_d = 1, k_g = 0)."""
    hidden = (cfg.width,) * cfg.hidden_layers
    net = _mlp_flops((1, *hidden, 1))
    g, d = _mlp_flops((1 + cfg.noise_dim, *hidden, 1)), _mlp_flops((2, *hidden, 1))
    train, B = 1 + BACKWARD, cfg.batch_size
    gan = B * g + 2 * train * B * d + train * B * (g + d)  # D's step on real and fake, then G's through D
    total = train * B * net + gan * (2 if cfg.mixed else 1)
    heavy = _heavy(cfg, ("batch_size", "width", "hidden_layers", "mixed"))
    return Cost(OVERHEAD_S * 3 + total / FLOPS_PER_S, 0.0, 1, 0, heavy)
