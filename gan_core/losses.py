"""GAN losses. Each takes D's raw outputs (logits or critic scores) and returns a scalar to minimise.

Conventions: ``d_real`` = D(x) on real samples, ``d_fake`` = D(G(z)) on generated ones, both raw
(pre-sigmoid). With sigmoid losses D(x) as a probability is ``sigmoid(d_real)``. All means are over
the batch.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import torch
import torch.nn.functional as F

LossName = Literal["minimax", "non_saturating", "lsgan", "wgan_gp", "wgan_lp", "hinge"]


def d_loss_bce(d_real: torch.Tensor, d_fake: torch.Tensor, smoothing: float = 0.0) -> torch.Tensor:
    """D's binary cross-entropy: maximize log D(x) + log(1 - D(G(z))).

    As a loss: -[(1-s) log D(x) + s log(1 - D(x))] - log(1 - D(G(z))), with one-sided label
    smoothing s (real target 1 - s; fakes keep target 0). Minimum at equilibrium (D = 1/2): 2 log 2.
    """
    real = (1 - smoothing) * F.softplus(-d_real) + smoothing * F.softplus(d_real)
    return real.mean() + F.softplus(d_fake).mean()


def g_loss_minimax(d_fake: torch.Tensor) -> torch.Tensor:
    """The original (saturating) G loss: minimize log(1 - D(G(z))).

    Saturates early in training: when D confidently rejects fakes, D(G(z)) ~ 0 and the gradient
    of log(1 - D) vanishes, so G stops learning exactly when it is worst. Equilibrium: -log 2.
    """
    return -F.softplus(d_fake).mean()  # log(1 - sigmoid(l)) = -softplus(l)


def g_loss_non_saturating(d_fake: torch.Tensor) -> torch.Tensor:
    """The non-saturating G loss (Goodfellow et al. 2014): minimize -log D(G(z)).

    Same fixed point as minimax, but strong gradients when D rejects the fakes. Equilibrium: log 2.
    """
    return F.softplus(-d_fake).mean()  # -log(sigmoid(l)) = softplus(-l)


def d_loss_lsgan(d_real: torch.Tensor, d_fake: torch.Tensor, smoothing: float = 0.0) -> torch.Tensor:
    """Least squares GAN (Mao et al. 2017), D: minimize 1/2 (D(x) - (1-s))^2 + 1/2 D(G(z))^2.

    D regresses real to 1 - s and fake to 0; no sigmoid, so no saturation. Equilibrium: 0.25.
    """
    return 0.5 * ((d_real - (1 - smoothing)) ** 2).mean() + 0.5 * (d_fake**2).mean()


def g_loss_lsgan(d_fake: torch.Tensor) -> torch.Tensor:
    """Least squares GAN, G: minimize 1/2 (D(G(z)) - 1)^2. Equilibrium (D = 1/2): 0.125."""
    return 0.5 * ((d_fake - 1) ** 2).mean()


def d_loss_wasserstein(d_real: torch.Tensor, d_fake: torch.Tensor) -> torch.Tensor:
    """Wasserstein critic (Arjovsky et al. 2017): maximize D(x) - D(G(z)), i.e. minimize the negative.

    -d_loss estimates the Wasserstein-1 distance when D is 1-Lipschitz (the gradient penalty
    below keeps it so). Equilibrium: 0.
    """
    return d_fake.mean() - d_real.mean()


def g_loss_wasserstein(d_fake: torch.Tensor) -> torch.Tensor:
    """Wasserstein G (also hinge G): minimize -D(G(z)), i.e. raise the critic's score of fakes."""
    return -d_fake.mean()


def d_loss_hinge(d_real: torch.Tensor, d_fake: torch.Tensor) -> torch.Tensor:
    """Hinge D (Lim & Ye 2017; SAGAN): minimize max(0, 1 - D(x)) + max(0, 1 + D(G(z))).

    D stops pushing once a sample is beyond the margin. Equilibrium (D = 0 everywhere): 2.
    """
    return F.relu(1 - d_real).mean() + F.relu(1 + d_fake).mean()


def gradient_penalty(
    critic: torch.nn.Module,
    x_real: torch.Tensor,
    x_fake: torch.Tensor,
    rng: torch.Generator,
    one_sided: bool = False,
) -> torch.Tensor:
    """WGAN-GP (Gulrajani et al. 2017): E[(||grad D(x_hat)||_2 - 1)^2], x_hat = eps x + (1-eps) G(z).

    eps ~ U(0, 1) per sample, drawn from ``rng``. Pushes D towards 1-Lipschitz where it matters.
    ``one_sided`` (WGAN-LP, Petzka et al. 2018): E[max(0, ||grad D(x_hat)||_2 - 1)^2] only punishes
    slopes steeper than 1. The two-sided penalty also punishes flat stretches, which can hold a
    critic whose slope starts with the wrong sign in place (measured in the 1-D lesson).
    """
    eps = torch.rand(x_real.shape[0], 1, generator=rng)
    x_hat = (eps * x_real + (1 - eps) * x_fake).requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x_hat).sum(), x_hat, create_graph=True)
    excess = grad.norm(dim=1) - 1
    return ((excess.clamp(min=0) if one_sided else excess) ** 2).mean()


def r1_penalty(critic: torch.nn.Module, x_real: torch.Tensor) -> torch.Tensor:
    """R1 (Mescheder et al. 2018): 1/2 E||grad D(x)||^2 on real data (times gamma by the caller).

    Zero-centred: D is asked to be flat on the data, which removes the rotation that makes
    GAN training circle around the equilibrium instead of reaching it.
    """
    x = x_real.detach().requires_grad_(True)
    (grad,) = torch.autograd.grad(critic(x).sum(), x, create_graph=True)
    return 0.5 * (grad**2).sum(dim=1).mean()


@dataclass(frozen=True)
class Loss:
    """One game's rules: D's loss, G's loss, whether D's output reads as a probability of "real"
    (sigmoid losses) or as a raw score (LSGAN's regression target, a critic), and the losses' values
    when G is perfect and D can only guess (the reference lines on loss charts)."""

    d_loss: Callable[..., torch.Tensor]  # (d_real, d_fake[, smoothing]) -> scalar
    g_loss: Callable[[torch.Tensor], torch.Tensor]  # (d_fake) -> scalar
    probability: bool
    equilibrium: tuple[float | None, float | None]  # (d_loss, g_loss); None: no fixed value there
    smoothing: bool = True  # whether D's loss takes one-sided label smoothing
    penalty: Literal["two_sided", "one_sided"] | None = None  # the critic's gradient penalty (weight gp_weight)


LOSSES: dict[str, Loss] = {
    "minimax": Loss(d_loss_bce, g_loss_minimax, True, (2 * math.log(2), -math.log(2))),
    "non_saturating": Loss(d_loss_bce, g_loss_non_saturating, True, (2 * math.log(2), math.log(2))),
    "lsgan": Loss(d_loss_lsgan, g_loss_lsgan, False, (0.25, 0.125)),
    # A critic's scores have no fixed level: any constant can be added to them, so G's loss -E[D(G(z))]
    # and the penalised critic loss have no value to expect at equilibrium. Hinge's D loss does: 2, for
    # a D that scores everything 0 when it cannot tell.
    "wgan_gp": Loss(d_loss_wasserstein, g_loss_wasserstein, False, (None, None), False, "two_sided"),
    # WGAN-LP: the same critic, a penalty only on slopes steeper than 1 (gradient_penalty, one_sided)
    "wgan_lp": Loss(d_loss_wasserstein, g_loss_wasserstein, False, (None, None), False, "one_sided"),
    "hinge": Loss(d_loss_hinge, g_loss_wasserstein, False, (2.0, None), smoothing=False),
}


def _rules(loss: str) -> Loss:
    try:
        return LOSSES[loss]
    except KeyError:
        raise ValueError(f"unknown loss {loss!r}") from None


def d_loss(loss: LossName, d_real: torch.Tensor, d_fake: torch.Tensor, smoothing: float = 0.0) -> torch.Tensor:
    """D's loss for the named game (penalties are added by the trainer)."""
    rules = _rules(loss)
    return rules.d_loss(d_real, d_fake, smoothing) if rules.smoothing else rules.d_loss(d_real, d_fake)


def g_loss(loss: LossName, d_fake: torch.Tensor) -> torch.Tensor:
    """G's loss for the named game."""
    return _rules(loss).g_loss(d_fake)


def equilibrium(loss: LossName) -> tuple[float | None, float | None]:
    """(d_loss, g_loss) when G is perfect and D can only guess: the reference lines on loss charts
    (None where that loss has no fixed value: a critic's raw scores)."""
    return _rules(loss).equilibrium


def penalty(loss: str) -> Literal["two_sided", "one_sided"] | None:
    """The gradient penalty the critic of this game takes (weighted by ``gp_weight``), or None."""
    return _rules(loss).penalty


def is_critic(loss: str) -> bool:
    """A Wasserstein critic or a hinge D: raw, unbounded scores, so "confident" has no fixed level."""
    return loss in ("wgan_gp", "wgan_lp", "hinge")


def is_probability(loss: str) -> bool:
    """Whether D's output, through ``d_prob``, is a probability of "real" (else a raw score)."""
    return _rules(loss).probability


def d_prob(loss: LossName, d_out: torch.Tensor) -> torch.Tensor:
    """D's output as a learner reads it: a probability of "real" for sigmoid losses, the raw score
    (regression target 1 = real, 0 = fake) for LSGAN, the critic score for WGAN-GP and hinge."""
    return torch.sigmoid(d_out) if _rules(loss).probability else d_out
