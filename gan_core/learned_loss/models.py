"""The two ways to train the same network: a hand-written loss (mean squared error) and a learned
one (a conditional GAN, whose discriminator D(x, y) judges whether y looks like a real answer for
x). Both take their updates from ``gan_core/learned_loss/trainer.py``, on the same batches."""

from __future__ import annotations

import copy
from typing import Any

import torch

from gan_core import ema, losses
from gan_core.learned_loss.config import LearnedLossConfig
from gan_core.toy.models import init_weights, mlp


def mse_loss(y_pred: torch.Tensor, y_real: torch.Tensor) -> torch.Tensor:
    """The hand-written loss: mean over the batch of (f(x) - y)^2. Minimised by f(x) = E[y | x]."""
    return ((y_pred - y_real) ** 2).mean()


class MSEModel:
    """f(x) -> y, trained with mean squared error. Same hidden layers as G; no noise input (it
    could not use it: noise cannot lower an expected squared error)."""

    def __init__(self, cfg: LearnedLossConfig, rng: torch.Generator) -> None:
        self.net = mlp([1] + [cfg.width] * cfg.hidden_layers + [1], "leaky_relu")
        init_weights(self.net, rng)
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
        self.rng = torch.Generator().manual_seed(seed)
        self.noise_dim = cfg.noise_dim
        hidden = [cfg.width] * cfg.hidden_layers
        self.G = mlp([1 + cfg.noise_dim] + hidden + [1], "leaky_relu")
        self.D = mlp([2] + hidden + [1], "leaky_relu")
        init_weights(self.G, self.rng)
        init_weights(self.D, self.rng)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=cfg.lr_g, betas=(0.5, 0.999), fused=True)
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=cfg.lr_d, betas=(0.5, 0.999), fused=True)
        self._d_params = list(self.D.parameters())
        self.ema_decay = cfg.g_ema
        self.G_ema = copy.deepcopy(self.G) if cfg.g_ema > 0 else None  # what the lesson shows
        self.ema_updates = 0

    def noise(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.noise_dim, generator=self.rng)  # (n, noise_dim)

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

    def update_ema(self) -> None:
        """G_ema <- beta G_ema + (1 - beta) G after each G update, beta = min(g_ema, (1 + t)/(10 + t)):
        early on an average over the t updates so far, not a drag towards the random start."""
        if self.G_ema is not None:
            self.ema_updates += 1
            ema.update(self.G_ema, self.G, self.ema_decay, self.ema_updates)

    def modules(self) -> dict[str, Any]:
        parts = {"G": self.G, "D": self.D, "opt_g": self.opt_g, "opt_d": self.opt_d}
        return parts | ({"G_ema": self.G_ema} if self.G_ema is not None else {})
