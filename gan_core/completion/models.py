"""One completion network, trained three ways: with mean squared error, as a conditional GAN, and
with both (pix2pix's recipe).

- ``CompletionNet`` G(seen, z): a small convolutional encoder-decoder. The encoder reads the digit
  with the hidden part blanked and the mask as a second channel (28 -> 14 -> 7); z is projected to
  a 7 x 7 map beside its features; the decoder draws 7 -> 14 -> 28, with a skip connection from
  the encoder's 14 x 14 layer (a U-Net in miniature), and only the masked pixels of its output are
  used. GroupNorm, not batch norm: a completion never depends on the other digits of its batch.
- ``PairCritic`` D: judges the whole digit, the seen part and the drawn part together, so it
  learns whether a bottom fits its top (a conditional discriminator on (top, bottom) pairs). DCGAN's
  discriminator: two stride-2 convolutions with LeakyReLU, batch norm on the second, a linear read-out.

The MSE model is the same network given z = 0 (noise cannot lower an expected squared error).
"""

from __future__ import annotations

import copy
from typing import Any

import torch
from torch import nn

from gan_core import ema, losses
from gan_core.completion import masks


class CompletionNet(nn.Module):
    def __init__(self, width: int, noise_dim: int) -> None:
        super().__init__()
        w = width
        self.noise_dim = noise_dim
        self.down1 = nn.Sequential(nn.Conv2d(2, w, 4, 2, 1), nn.LeakyReLU(0.2))  # (B, w, 14, 14)
        self.down2 = nn.Sequential(nn.Conv2d(w, 2 * w, 4, 2, 1), nn.GroupNorm(4, 2 * w), nn.LeakyReLU(0.2))  # 7x7
        self.noise = nn.Linear(noise_dim, w * 7 * 7)  # z as a (w, 7, 7) map beside the features
        self.up1 = nn.Sequential(nn.ConvTranspose2d(3 * w, w, 4, 2, 1), nn.GroupNorm(4, w), nn.ReLU())  # 14x14
        self.up2 = nn.Sequential(nn.ConvTranspose2d(2 * w, 1, 4, 2, 1), nn.Tanh())  # (B, 1, 28, 28)

    def forward(self, images: torch.Tensor, mask: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        """The whole digits (B, 28, 28) in [-1, 1]: the seen pixels of ``images``, the net's own
        under ``mask`` (``images``' hidden pixels are never read)."""
        h1 = self.down1(masks.hide(images, mask))
        h2 = self.down2(h1)
        zmap = self.noise(z).view(len(z), -1, 7, 7)
        drawn = self.up2(torch.cat([self.up1(torch.cat([h2, zmap], dim=1)), h1], dim=1))[:, 0]
        return masks.paste(images, drawn, mask)


class PairCritic(nn.Module):
    def __init__(self, width: int) -> None:
        super().__init__()
        w = width
        self.net = nn.Sequential(
            nn.Conv2d(2, w, 4, 2, 1),  # (B, w, 14, 14); input: the digit and the mask
            nn.LeakyReLU(0.2),
            nn.Conv2d(w, 2 * w, 4, 2, 1, bias=False),  # (B, 2w, 7, 7)
            nn.BatchNorm2d(2 * w),
            nn.LeakyReLU(0.2),
            nn.Flatten(),
            nn.Linear(2 * w * 7 * 7, 1),
        )

    def forward(self, images: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Raw scores (B,): high = "a real digit, its two parts belong together"."""
        return self.net(torch.stack([images, mask.expand_as(images)], dim=1))[:, 0]


def init_weights(module: nn.Module, rng: torch.Generator) -> None:
    """DCGAN's initialisation, from the run's own generator: N(0, 0.02) weights, N(1, 0.02) norm scales."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear)):
            nn.init.normal_(m.weight, 0.0, 0.02, generator=rng)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, (nn.BatchNorm2d, nn.GroupNorm)):
            nn.init.normal_(m.weight, 1.0, 0.02, generator=rng)
            nn.init.zeros_(m.bias)


def hidden_mse(drawn: torch.Tensor, real: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """The hand-written loss: the mean squared error over the hidden pixels only (the seen ones are
    copied, their error is 0). Minimised by the average of all the completions that fit."""
    return (((drawn - real) * mask) ** 2).sum() / (mask.sum() * len(real))


class MSECompleter:
    """The completion net trained with mean squared error (and z = 0)."""

    def __init__(self, width: int, noise_dim: int, lr: float, mask: torch.Tensor, rng: torch.Generator) -> None:
        self.net = CompletionNet(width, noise_dim)
        init_weights(self.net, rng)
        self.mask = mask
        self.opt = torch.optim.Adam(self.net.parameters(), lr=lr, betas=(0.5, 0.999))

    def __call__(self, images: torch.Tensor) -> torch.Tensor:
        return self.net(images, self.mask, torch.zeros(len(images), self.net.noise_dim))

    def step(self, real: torch.Tensor) -> torch.Tensor:
        """One update with the hand-written loss: minimise the MSE to the real hidden pixels."""
        loss = hidden_mse(self(real), real, self.mask)
        self.opt.zero_grad(set_to_none=True)
        loss.backward()
        self.opt.step()
        return loss.detach()


class AdversarialCompleter:
    """G(seen, z) and its learned loss D, with their optimisers, an EMA copy of G (what the lesson
    shows) and their own noise stream (so adding a model never changes another model's run)."""

    def __init__(
        self, width: int, noise_dim: int, lr_g: float, lr_d: float, g_ema: float, mask: torch.Tensor, seed: int
    ) -> None:
        self.rng = torch.Generator().manual_seed(seed)
        self.mask, self.noise_dim = mask, noise_dim
        self.G, self.D = CompletionNet(width, noise_dim), PairCritic(width)
        init_weights(self.G, self.rng)
        init_weights(self.D, self.rng)
        self.opt_g = torch.optim.Adam(self.G.parameters(), lr=lr_g, betas=(0.5, 0.999))
        self.opt_d = torch.optim.Adam(self.D.parameters(), lr=lr_d, betas=(0.5, 0.999))
        self._d_params = list(self.D.parameters())
        self.ema_decay = g_ema
        self.G_ema = copy.deepcopy(self.G).requires_grad_(False) if g_ema > 0 else None
        self.ema_updates = 0

    def noise(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.noise_dim, generator=self.rng)  # (n, noise_dim)

    @torch.no_grad()
    def sample(self, images: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
        """The completions the lesson shows and scores: from the EMA copy of G when there is one."""
        return (self.G_ema or self.G)(images, self.mask, z)

    def judge(self, images: torch.Tensor) -> torch.Tensor:
        return self.D(images, self.mask)

    def d_step(self, real: torch.Tensor) -> torch.Tensor:
        """The learned loss learns: D sees real digits and digits completed by G from the same seen
        parts, and maximises log D(real) + log(1 - D(completed)). Returns D's loss."""
        with torch.no_grad():
            fake = self.G(real, self.mask, self.noise(len(real)))
        loss = losses.d_loss_bce(self.judge(real), self.judge(fake))
        self.opt_d.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_d.step()
        return loss.detach()

    def g_step(self, real: torch.Tensor, adv_weight: float = 1.0, mse_weight: float = 0.0) -> tuple[torch.Tensor, ...]:
        """G learns from the learned loss: minimise adv_weight * -log D(completed) (D frozen), plus
        mse_weight * the MSE to the real hidden pixels for the mixed model. Returns G's loss and its MSE."""
        fake = self.G(real, self.mask, self.noise(len(real)))
        for p in self._d_params:
            p.requires_grad_(False)  # D is frozen while G learns
        error = hidden_mse(fake, real, self.mask)
        loss = adv_weight * losses.g_loss_non_saturating(self.judge(fake))
        if mse_weight > 0:
            loss = loss + mse_weight * error
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        for p in self._d_params:
            p.requires_grad_(True)
        self.opt_g.step()
        return loss.detach(), error.detach()

    def update_ema(self) -> None:
        """G_ema <- beta G_ema + (1 - beta) G after each G update (``gan_core.ema``)."""
        if self.G_ema is not None:
            self.ema_updates += 1
            ema.update(self.G_ema, self.G, self.ema_decay, self.ema_updates)

    def modules(self) -> dict[str, Any]:
        parts = {"G": self.G, "D": self.D, "opt_g": self.opt_g, "opt_d": self.opt_d}
        return parts | ({"G_ema": self.G_ema} if self.G_ema is not None else {})
