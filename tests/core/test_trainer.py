import math

import numpy as np
import pytest
import torch

from gan_core import ToyConfig, ToyTrainer
from gan_core.history import History

SMALL = dict(g_width=16, d_width=16, batch_size=32, steps=500)


def params(module):
    return [p.detach().clone() for p in module.parameters()]


def same(a, b):
    return all(torch.equal(x, y) for x, y in zip(a, b))


def test_k_d_and_k_g_count_updates_and_the_budget_stops_training():
    t = ToyTrainer(ToyConfig(**{**SMALL, "steps": 5}, k_d=3, k_g=2))
    assert t.step(100) == 5 and t.finished
    assert (t.d_updates, t.g_updates) == (15, 10)
    assert t.step(1) == 0


def test_snapshot_shapes_1d_with_noise_mapping():
    t = ToyTrainer(ToyConfig(**SMALL, noise_dim=1))
    t.step(5)
    s = t.snapshot()
    assert s.step == 5 and s.dim == 1
    assert s.x_fake.shape == (500, 1) and s.x_real.shape == (500, 1) and s.push.shape == (500, 1)
    assert s.axis.shape == s.d_values.shape == s.real_density.shape == s.fake_density.shape == (200,)
    assert s.noise_map.shape == (105, 2)
    assert np.all(np.diff(s.noise_map[:, 0]) > 0)  # z axis increasing
    assert s.x_fake.dtype == np.float32
    assert {"w1", "js", "d_real", "d_fake", "coverage"} <= set(s.metrics)
    assert np.all((s.d_values > 0) & (s.d_values < 1))


def test_snapshot_shapes_2d_with_warped_grid():
    t = ToyTrainer(ToyConfig(dataset="ring8", **SMALL, pac=2))
    t.step(5)
    s = t.snapshot()
    assert s.d_values.shape == (32, 32) and s.noise_map.shape == (21, 21, 2)
    assert {"modes_captured", "high_quality_fraction", "energy_distance", "js"} <= set(s.metrics)


def test_push_arrows_point_where_lowering_g_loss_moves_the_fakes():
    t = ToyTrainer(ToyConfig(**SMALL))
    t.step(20)
    s = t.snapshot()
    x = torch.from_numpy(s.x_fake)
    ref = t.sampler(t.fixed_z[:500]).detach()
    from gan_core import losses

    base = losses.g_loss(t.cfg.loss, t.D.score_points(x, ref)).item()
    moved = losses.g_loss(t.cfg.loss, t.D.score_points(x + 1e-3 * torch.from_numpy(s.push), ref)).item()
    assert moved < base


def test_a_huge_learning_rate_is_caught_and_rolled_back():
    t = ToyTrainer(ToyConfig(**SMALL, optimizer="sgd", lr_g=1.0, lr_d=1.0, loss="wgan_gp", gp_weight=0.0))
    t.step(500)
    assert t.diverged is not None
    assert all(torch.isfinite(p).all() for p in t.G.parameters())
    assert math.isfinite(t.snapshot().metrics["w1"])


def test_live_settings_apply_and_structural_ones_are_refused():
    import dataclasses

    cfg = ToyConfig(**SMALL)
    t = ToyTrainer(cfg)
    t.update_config(dataclasses.replace(cfg, lr_g=0.05, k_d=2))
    assert t.opt_g.param_groups[0]["lr"] == pytest.approx(0.001)  # applied at the next step
    t.step(1)
    assert t.opt_g.param_groups[0]["lr"] == pytest.approx(0.05)
    with pytest.raises(ValueError, match="g_width"):
        t.update_config(dataclasses.replace(cfg, g_width=32))


def test_history_is_bounded_and_still_spans_the_run():
    h = History(("step", "x"), max_rows=10)
    for s in range(1, 1001):
        h.append(s, x=s * 2.0)
    a = h.arrays()
    assert len(h) <= 10 and a["step"][-1] == 1000 and a["step"][0] <= 128
    assert np.all(a["x"] == a["step"] * 2)


def test_default_1d_gaussian_preset_converges_end_to_end():
    from gan_core.toy.presets import PRESETS

    t = ToyTrainer(PRESETS["1d-converges"].config())
    t.step(10_000)
    assert t.evaluate()["w1"] < 0.05
