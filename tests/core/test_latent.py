"""Latent paths against closed forms: endpoints, norms, the orthogonal midpoint."""

from __future__ import annotations

import math

import pytest
import torch

from gan_core.dcgan import latent


def unit(v: torch.Tensor) -> torch.Tensor:
    return v / v.norm()


def test_same_seed_same_noise_and_different_seeds_differ():
    a, b = latent.noise(42, 8, 64), latent.noise(42, 8, 64)
    assert a.shape == (8, 64) and torch.equal(a, b)
    assert not torch.equal(a, latent.noise(43, 8, 64))


@pytest.mark.parametrize("mode", latent.PATH_MODES)
def test_paths_start_and_end_at_the_endpoints(mode):
    z0, z1 = latent.noise(0, 2, 64)
    p = latent.path(z0, z1, 9, mode)
    assert p.shape == (9, 64)
    assert torch.allclose(p[0], z0, atol=1e-5) and torch.allclose(p[-1], z1, atol=1e-5)


def test_lerp_is_the_straight_line():
    z0, z1 = torch.tensor([1.0, 2.0]), torch.tensor([3.0, -2.0])
    assert torch.allclose(latent.lerp(z0, z1, 0.25), torch.tensor([1.5, 1.0]))


def test_lerp_midpoint_of_orthogonal_equal_norm_vectors_has_norm_over_sqrt2():
    z0, z1 = 3.0 * torch.eye(5)[0], 3.0 * torch.eye(5)[3]
    assert latent.lerp(z0, z1, 0.5).norm().item() == pytest.approx(3.0 / math.sqrt(2))


def test_slerp_of_unit_vectors_stays_on_the_unit_sphere_and_moves_at_constant_angle():
    z0, z1 = unit(latent.noise(1, 1, 64)[0]), unit(latent.noise(2, 1, 64)[0])
    p = latent.path(z0, z1, 11, "slerp")
    assert torch.allclose(p.norm(dim=1), torch.ones(11), atol=1e-5)
    omega = torch.arccos(torch.dot(z0, z1))
    for i, point in enumerate(p):
        angle = torch.arccos(torch.dot(z0, point).clamp(-1, 1))
        assert angle.item() == pytest.approx(i / 10 * omega.item(), abs=1e-3)


def test_slerp_of_orthogonal_vectors_is_cos_sin():
    z0, z1 = torch.tensor([2.0, 0.0]), torch.tensor([0.0, 2.0])
    t = 1 / 3
    expect = 2.0 * torch.tensor([math.cos(t * math.pi / 2), math.sin(t * math.pi / 2)])
    assert torch.allclose(latent.slerp(z0, z1, t), expect, atol=1e-6)


def test_slerp_of_parallel_vectors_falls_back_to_lerp():
    z = torch.tensor([1.0, 1.0])
    assert torch.allclose(latent.slerp(z, 2 * z, 0.5), 1.5 * z)


def test_gaussian_norms_concentrate_near_sqrt_d_and_lerp_midpoints_fall_inside():
    z = latent.noise(0, 2000, 64)
    norms = z.norm(dim=1)
    assert latent.typical_norm(64) == pytest.approx(norms.mean().item(), rel=0.01)
    assert latent.typical_norm(64) == pytest.approx(math.sqrt(64), rel=0.01)
    assert norms.std().item() < 0.1 * math.sqrt(64)
    mids = latent.lerp(z[:1000], z[1000:], 0.5).norm(dim=1)
    assert mids.mean().item() == pytest.approx(math.sqrt(64 / 2), rel=0.02)


def test_bad_paths_are_refused_with_the_allowed_values():
    z = torch.zeros(4)
    with pytest.raises(ValueError, match="at least 2"):
        latent.path(z, z, 1)
    with pytest.raises(ValueError, match="slerp, lerp"):
        latent.path(z, z, 4, "cubic")


def test_nudge_sets_only_the_given_coordinates():
    z = latent.noise(0, 1, 8)[0]
    moved = latent.nudge(z, {2: 1.5, 5: -2.0})
    assert moved[2].item() == 1.5 and moved[5].item() == -2.0
    keep = [0, 1, 3, 4, 6, 7]
    assert torch.equal(moved[keep], z[keep]) and z[2].item() != 1.5
