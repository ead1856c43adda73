import math

import pytest
import torch
import torch.nn.functional as F

from gan_core import losses

torch.manual_seed(0)
D_REAL = torch.randn(64) * 3
D_FAKE = torch.randn(64) * 3


def test_bce_d_loss_matches_torch_binary_cross_entropy():
    p_real, p_fake = torch.sigmoid(D_REAL), torch.sigmoid(D_FAKE)
    ref = F.binary_cross_entropy(p_real, torch.ones(64)) + F.binary_cross_entropy(p_fake, torch.zeros(64))
    assert losses.d_loss_bce(D_REAL, D_FAKE).item() == pytest.approx(ref.item(), rel=1e-5)


def test_one_sided_label_smoothing_only_moves_the_real_target():
    p_real, p_fake = torch.sigmoid(D_REAL), torch.sigmoid(D_FAKE)
    ref = F.binary_cross_entropy(p_real, torch.full((64,), 0.9)) + F.binary_cross_entropy(p_fake, torch.zeros(64))
    assert losses.d_loss_bce(D_REAL, D_FAKE, smoothing=0.1).item() == pytest.approx(ref.item(), rel=1e-5)


def test_generator_losses_match_their_formulas():
    p = torch.sigmoid(D_FAKE).double()
    assert losses.g_loss_minimax(D_FAKE).item() == pytest.approx(torch.log(1 - p).mean().item(), rel=1e-4)
    assert losses.g_loss_non_saturating(D_FAKE).item() == pytest.approx((-torch.log(p)).mean().item(), rel=1e-4)


def test_saturation_minimax_gradient_vanishes_where_non_saturating_does_not():
    logit = torch.tensor([-8.0], requires_grad=True)  # D is sure this fake is fake: D(G(z)) ~ 3e-4
    (g_mm,) = torch.autograd.grad(losses.g_loss_minimax(logit), logit)
    (g_ns,) = torch.autograd.grad(losses.g_loss_non_saturating(logit), logit)
    assert abs(g_mm.item()) < 1e-3 < 0.99 < abs(g_ns.item())


def test_lsgan_hinge_and_wasserstein_closed_forms():
    r, f = torch.tensor([1.0, 0.0]), torch.tensor([0.5, -2.0])
    assert losses.d_loss_lsgan(r, f).item() == pytest.approx(0.5 * (0 + 1) / 2 + 0.5 * (0.25 + 4) / 2)
    assert losses.g_loss_lsgan(f).item() == pytest.approx(0.5 * (0.25 + 9) / 2)
    assert losses.d_loss_hinge(r, f).item() == pytest.approx((0 + 1) / 2 + (1.5 + 0) / 2)
    assert losses.d_loss_wasserstein(r, f).item() == pytest.approx(-0.75 - 0.5)
    assert losses.g_loss_wasserstein(f).item() == pytest.approx(0.75)


@pytest.mark.parametrize("loss", ["minimax", "non_saturating", "lsgan", "wgan_gp", "hinge"])
def test_equilibrium_values_are_the_losses_at_d_one_half(loss):
    # "D can only guess": logit 0 (probability 1/2) for sigmoid losses, 1/2 for LSGAN, 0 for critics.
    out = torch.full((8,), 0.5 if loss == "lsgan" else 0.0)
    d_eq, g_eq = losses.equilibrium(loss)
    if d_eq is not None:
        assert losses.d_loss(loss, out, out).item() == pytest.approx(d_eq, abs=1e-6)
    if g_eq is not None:
        assert losses.g_loss(loss, out).item() == pytest.approx(g_eq, abs=1e-6)


@pytest.mark.parametrize("loss", ["wgan_gp", "hinge"])
def test_a_critics_g_loss_has_no_equilibrium_value(loss):
    # Adding a constant to every critic score changes G's loss but not the game: no level to expect.
    out = torch.zeros(8)
    assert losses.g_loss(loss, out + 3.0).item() != losses.g_loss(loss, out).item()
    assert losses.equilibrium(loss)[1] is None


class Linear(torch.nn.Module):
    def __init__(self, w):
        super().__init__()
        self.w = torch.nn.Parameter(torch.tensor(w))

    def forward(self, x):
        return x @ self.w


def test_gradient_penalty_of_a_linear_critic_is_its_slope_minus_one_squared():
    critic = Linear([3.0, 4.0])  # |grad| = 5 everywhere
    gp = losses.gradient_penalty(critic, torch.randn(16, 2), torch.randn(16, 2), torch.Generator().manual_seed(0))
    assert gp.item() == pytest.approx((5 - 1) ** 2)
    assert losses.r1_penalty(critic, torch.randn(16, 2)).item() == pytest.approx(0.5 * 25)


def test_d_prob_reads_sigmoid_losses_as_probabilities():
    assert losses.d_prob("minimax", torch.tensor(0.0)).item() == 0.5
    assert losses.d_prob("wgan_gp", torch.tensor(3.0)).item() == 3.0
    assert math.isclose(losses.equilibrium("non_saturating")[0], 2 * math.log(2))
