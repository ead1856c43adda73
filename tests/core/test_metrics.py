import math

import numpy as np
import pytest

from gan_core.toy import metrics
from gan_core.toy.config import ToyConfig
from gan_core.toy.data import mode_centers

rng = np.random.default_rng(0)


def test_w1_of_shifted_samples_is_the_shift():
    a = rng.normal(size=1000)
    assert metrics.wasserstein1_1d(a, a + 0.7) == pytest.approx(0.7)


def test_w1_for_unequal_sizes_matches_the_cdf_integral():
    assert metrics.wasserstein1_1d(np.array([0.0]), np.array([0.0, 1.0])) == pytest.approx(0.5)
    a, b = rng.normal(size=300), rng.normal(1, 2, size=300)
    assert metrics.wasserstein1_1d(a, b) == pytest.approx(np.mean(np.abs(np.sort(a) - np.sort(b))))


def test_w1_of_two_gaussians_approaches_the_closed_form():
    # W1(N(0,1), N(0,2)) = E|X| * (2 - 1) = sqrt(2/pi)
    a, b = rng.normal(size=200_000), rng.normal(scale=2, size=200_000)
    assert metrics.wasserstein1_1d(a, b) == pytest.approx(math.sqrt(2 / math.pi), rel=0.02)


def test_js_is_zero_for_equal_one_for_disjoint_and_kl_matches_by_hand():
    p = np.array([0.5, 0.5, 0.0])
    q = np.array([0.0, 0.0, 1.0])
    assert metrics.js_divergence(p, p) == 0.0
    assert metrics.js_divergence(p, q) == pytest.approx(1.0)
    assert metrics.kl_divergence(np.array([0.5, 0.5]), np.array([0.25, 0.75])) == pytest.approx(
        0.5 * math.log2(2) + 0.5 * math.log2(0.5 / 0.75)
    )


def test_histogram_keeps_outliers_in_the_edge_bins():
    h = metrics.histogram(np.array([-100.0, 0.5, 100.0]), 0, 1, 4)
    assert h.tolist() == pytest.approx([1 / 3, 0, 1 / 3, 1 / 3])


def test_a_perfect_generator_scores_the_veegan_ceiling():
    cfg = ToyConfig(dataset="ring8")
    centers = mode_centers(cfg)
    x = centers[rng.integers(0, 8, 100_000)] + 0.01 * rng.normal(size=(100_000, 2))
    modes, hq = metrics.modes_captured(x, centers, 0.01)
    assert modes == 8
    assert hq == pytest.approx(1 - math.exp(-4.5), abs=0.002)  # P(chi_2 <= 3) ~ 98.9%


def test_collapsed_and_lost_generators():
    centers = mode_centers(ToyConfig(dataset="grid25"))
    one_mode = np.tile(centers[7], (2500, 1))
    assert metrics.modes_captured(one_mode, centers, 0.05) == (1, 1.0)
    between = np.full((2500, 2), 1.0)  # midway between modes: near none of them
    assert metrics.modes_captured(between, centers, 0.05) == (0, 0.0)


def test_energy_distance_closed_form_for_point_masses():
    a, b = np.zeros((50, 2)), np.tile([3.0, 4.0], (50, 1))
    assert metrics.energy_distance(a, b) == pytest.approx(2 * 5.0)
    assert metrics.energy_distance(a, a) == 0.0


def test_coverage_drops_when_half_the_data_is_missed():
    real = np.concatenate([rng.normal(-3, 0.3, 5000), rng.normal(3, 0.3, 5000)])
    assert metrics.coverage(real, real, -6, 6, 50) == pytest.approx(1.0)
    assert metrics.coverage(real, rng.normal(3, 0.3, 5000), -6, 6, 50) == pytest.approx(0.5, abs=0.03)


def test_reached_target():
    assert metrics.reached_target({"w1": 0.09}, None) is True
    assert metrics.reached_target({"w1": 0.2}, None) is False
    assert metrics.reached_target({"modes_captured": 8, "high_quality_fraction": 0.5}, 8) is True
    assert metrics.reached_target({"modes_captured": 7, "high_quality_fraction": 0.9}, 8) is False
    assert metrics.reached_target({"js": 0.1}, None) is None
