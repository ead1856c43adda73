import math

import numpy as np
import pytest
import torch

from gan_core.toy import data
from gan_core.toy.config import DATASETS_1D, DATASETS_2D, OWN_DATASETS, ToyConfig

BUILT_IN_1D = tuple(d for d in DATASETS_1D if d not in OWN_DATASETS)
BUILT_IN_2D = tuple(d for d in DATASETS_2D if d not in OWN_DATASETS)


def gen(seed=0):
    return torch.Generator().manual_seed(seed)


@pytest.mark.parametrize("name", BUILT_IN_1D + BUILT_IN_2D)
def test_samplers_have_the_right_shape_and_are_reproducible(name):
    cfg = ToyConfig(dataset=name)
    a = data.sample_real(cfg, 300, gen(1))
    assert a.shape == (300, cfg.dim) and a.dtype == torch.float32
    assert torch.equal(a, data.sample_real(cfg, 300, gen(1)))
    assert not torch.equal(a, data.sample_real(cfg, 300, gen(2)))


@pytest.mark.parametrize("name", BUILT_IN_1D)
def test_1d_density_integrates_to_one_and_matches_the_sampler(name):
    cfg = ToyConfig(dataset=name, center=1.0, scale=2.0)
    xs = np.linspace(1.0 - 15 * 2.0, 1.0 + 15 * 2.0, 60001)  # wide: the log-normal's tail is long
    p = data.density_1d(cfg, xs)
    assert np.trapezoid(p, xs) == pytest.approx(1.0, abs=2e-3)
    x = data.sample_real(cfg, 200_000, gen()).numpy().ravel()
    mean = np.trapezoid(xs * p, xs)
    std = math.sqrt(np.trapezoid((xs - mean) ** 2 * p, xs))
    assert x.mean() == pytest.approx(mean, abs=0.02)
    assert x.std() == pytest.approx(std, rel=0.02)


def test_gaussian_uniform_and_lognormal_have_the_configured_mean_and_std():
    for name in ("gaussian", "uniform", "lognormal"):
        x = data.sample_real(ToyConfig(dataset=name, center=4.0, scale=1.25), 200_000, gen()).numpy()
        assert x.mean() == pytest.approx(4.0, abs=0.01), name
        assert x.std() == pytest.approx(1.25, rel=0.01), name


def test_benchmark_geometry_ring_and_grid():
    ring = data.mode_centers(ToyConfig(dataset="ring8"))
    assert ring.shape == (8, 2)
    np.testing.assert_allclose(np.linalg.norm(ring, axis=1), 1.0)
    angles = np.sort(np.mod(np.arctan2(ring[:, 1], ring[:, 0]), 2 * np.pi))
    np.testing.assert_allclose(angles, 2 * np.pi * np.arange(8) / 8, atol=1e-12)  # 8 distinct centres
    grid = data.mode_centers(ToyConfig(dataset="grid25"))
    assert sorted(set(grid[:, 0])) == [-4, -2, 0, 2, 4] and len({tuple(c) for c in grid}) == 25
    assert data.mode_std(ToyConfig(dataset="ring8")) == 0.01
    assert data.mode_std(ToyConfig(dataset="grid25")) == 0.05
    assert data.mode_std(ToyConfig(dataset="grid25", spread=2.0)) == 0.1


def test_ring_samples_sit_on_their_modes_with_the_benchmark_std():
    cfg = ToyConfig(dataset="ring8")
    x = data.sample_real(cfg, 50_000, gen()).numpy()
    d = np.linalg.norm(x[:, None] - data.mode_centers(cfg)[None], axis=2)
    nearest = d.argmin(axis=1)
    offsets = x - data.mode_centers(cfg)[nearest]
    assert offsets.std(axis=0) == pytest.approx([0.01, 0.01], rel=0.03)
    assert np.bincount(nearest, minlength=8).min() > 50_000 / 8 * 0.9
