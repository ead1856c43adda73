"""The learned-loss lesson's library: tasks, scores, config, and the MSE-vs-GAN race itself."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest
import torch

from gan_core.cli.learned_loss import run
from gan_core.learned_loss import tasks as branches
from gan_core.learned_loss.config import DEFAULT, LearnedLossConfig
from gan_core.learned_loss.models import mse_loss
from gan_core.learned_loss.presets import PRESETS
from gan_core.learned_loss.trainer import LearnedLossTrainer
from gan_core.settings import from_query, to_query

SMALL = dict(width=16, batch_size=32, steps=500)


def params(module):
    return [p.detach().clone() for p in module.parameters()]


def same(a, b):
    return all(torch.equal(x, y) for x, y in zip(a, b))


# --- tasks and scores ----------------------------------------------------------------------------
@pytest.mark.parametrize("task", branches.TASKS)
def test_samples_lie_on_their_branches_and_are_reproducible(task):
    x, y = branches.sample(task, 1000, 0.0, torch.Generator().manual_seed(0))
    x2, y2 = branches.sample(task, 1000, 0.0, torch.Generator().manual_seed(0))
    assert x.shape == y.shape == (1000, 1) and torch.equal(x, x2) and torch.equal(y, y2)
    lo, hi = branches.TASK_INFO[task].x_range
    assert lo <= float(x.min()) and float(x.max()) <= hi
    assert float(branches.branch_distance(task, x, y).max()) < 1e-5
    k = branches.TASK_INFO[task].n_branches
    assert branches.branch_values(task, x[:, 0]).shape == (k, 1000)


def test_every_branch_is_used_about_equally():
    x, y = branches.sample("two_branches", 4000, 0.0, torch.Generator().manual_seed(1))
    upper = float((y[x > 0.04] > 0).float().mean())
    assert 0.45 < upper < 0.55


def test_on_branch_fraction_hand_computed_cases():
    x = torch.tensor([0.25, 0.25, 1.0, 0.81])
    on = torch.sqrt(x) * torch.tensor([1.0, -1.0, 1.0, -1.0])  # exactly on a branch
    assert branches.on_branch_fraction("two_branches", x, on, noise=0.0) == 1.0
    midpoint = torch.zeros(4)  # the average of +sqrt(x) and -sqrt(x): at least 0.5 from both
    assert branches.on_branch_fraction("two_branches", x, midpoint, noise=0.0) == 0.0
    half = torch.tensor([0.5, -0.5 + 0.09, 0.0, 0.0])  # on, within tolerance 0.1, off, off
    assert branches.on_branch_fraction("two_branches", x, half, noise=0.0) == 0.5
    # ring: (0, +-1) is on, (0, 0) is the centre, 1 away from both halves
    assert branches.on_branch_fraction("ring", torch.zeros(2), torch.tensor([1.0, -1.0]), noise=0.0) == 1.0
    assert branches.on_branch_fraction("ring", torch.zeros(2), torch.zeros(2), noise=0.0) == 0.0
    # three waves at x = 0: cos(0) = 1, cos(2pi/3) = cos(4pi/3) = -0.5; their average 0 is on none
    assert branches.on_branch_fraction("three_waves", torch.zeros(1), torch.zeros(1), noise=0.0) == 0.0
    assert branches.on_branch_fraction("three_waves", torch.zeros(2), torch.tensor([1.0, -0.5]), 0.0) == 1.0


def test_tolerance_is_two_noise_std_but_at_least_a_tenth():
    assert branches.tolerance(0.0) == 0.1 and branches.tolerance(0.05) == 0.1 and branches.tolerance(0.2) == 0.4


def test_error_and_best_error_closed_forms():
    assert branches.error(torch.tensor([1.0, 0.0]), torch.tensor([0.0, 2.0])) == pytest.approx(2.5)
    x = torch.tensor([0.25, 1.0])  # Var(+-sqrt(x)) = x, plus the noise variance
    assert branches.best_error("two_branches", x, 0.1) == pytest.approx((0.25 + 1.0) / 2 + 0.01)
    assert branches.best_error("one_curve", x, 0.2) == pytest.approx(0.04)
    # Monte Carlo: predicting the conditional mean (0) scores the floor; a perfect sampler twice it
    gen = torch.Generator().manual_seed(0)
    xs, ys = branches.sample("two_branches", 100_000, 0.05, gen)
    _, ys2 = branches.sample("two_branches", 100_000, 0.05, torch.Generator().manual_seed(0))
    floor = branches.best_error("two_branches", xs, 0.05)
    assert branches.error(torch.zeros_like(ys), ys) == pytest.approx(floor, rel=0.02)
    sampler = torch.sqrt(xs) * (2 * torch.randint(0, 2, xs.shape, generator=gen) - 1)
    assert branches.error(sampler, ys) == pytest.approx(2 * floor, rel=0.03)
    assert mse_loss(torch.tensor([[1.0], [3.0]]), torch.tensor([[0.0], [1.0]])).item() == pytest.approx(2.5)


# --- config --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("task", "mnist", "choose one of two_branches"),
        ("data_noise", 0.9, "out of range"),
        ("hidden_layers", 2.5, "whole number"),
        ("lr_d", math.nan, "must be a number"),
        ("mixed", "yes", "true or false"),
        ("seed", -1, "out of range"),
    ],
)
def test_config_validation_names_the_field_and_what_is_allowed(field, value, message):
    with pytest.raises(ValueError, match=message):
        LearnedLossConfig(**{field: value})


def test_config_url_round_trip_and_lenient_parsing():
    cfg = LearnedLossConfig(task="ring", seed=7, lr_d=5e-4, mixed=True)
    query = to_query(cfg)
    assert query == {"task": "ring", "seed": "7", "lr_d": "0.0005", "mixed": "1"}
    back, notes = from_query(query, DEFAULT)
    assert back == cfg and notes == []
    back, notes = from_query({"task": "spiral", "width": "9999", "seed": "3", "zzz": "1"}, DEFAULT)
    assert (back.task, back.width, back.seed) == ("two_branches", 64, 3)
    assert len(notes) == 3 and any("task=spiral" in n for n in notes) and any("zzz" in n for n in notes)


def test_presets_are_valid_configs():
    for p in PRESETS.values():
        cfg = p.config()
        assert isinstance(cfg, LearnedLossConfig) and p.explanation
    assert PRESETS["mixed"].config().mixed and PRESETS["three-waves"].config().task == "three_waves"


# --- the trainer ---------------------------------------------------------------------------------


def test_adding_the_mixed_model_does_not_change_the_other_two():
    alone, both = (
        LearnedLossTrainer(LearnedLossConfig(**SMALL)),
        LearnedLossTrainer(LearnedLossConfig(**SMALL, mixed=True)),
    )
    alone.step(5)
    both.step(5)
    assert same(params(alone.gan.G), params(both.gan.G)) and same(params(alone.mse.net), params(both.mse.net))
    assert not same(params(both.mix.G), params(both.gan.G))  # same start, different loss


def test_budget_stops_and_live_settings_apply_but_others_refuse():
    t = LearnedLossTrainer(LearnedLossConfig(**{**SMALL, "steps": 4}))
    assert t.step(10) == 4 and t.finished and t.step(1) == 0
    t.update_config(dataclasses.replace(t.cfg, lr_g=1e-4, adv_weight=0.5, steps=8))
    assert t.gan.opt_g.param_groups[0]["lr"] == 1e-4 and not t.finished
    with pytest.raises(ValueError, match="width"):
        t.update_config(dataclasses.replace(t.cfg, width=32))


def test_a_nan_rolls_back_to_the_chunk_start_and_pauses():
    t = LearnedLossTrainer(LearnedLossConfig(**SMALL))
    t.step(5)
    with torch.no_grad():
        t.mse.net[0].weight[0, 0] = math.nan
    assert t.step(5) == 1
    assert t.diverged and "mse_loss" in t.diverged and t.step_count == 5
    assert len(t.history) == 5 and t.step(1) == 0


def test_g_ema_changes_what_is_shown_not_how_g_trains():
    raw, averaged = (
        LearnedLossTrainer(LearnedLossConfig(**SMALL, g_ema=0.0)),
        LearnedLossTrainer(LearnedLossConfig(**SMALL)),
    )
    raw.step(20)
    averaged.step(20)
    assert raw.gan.G_ema is None and same(params(raw.gan.G), params(averaged.gan.G))
    x, z = raw.fixed_x[:50], raw.fixed_z[:50]
    assert torch.equal(raw.outputs(x, z)["gan"], raw.gan.generate(x, z).detach())
    assert not torch.equal(averaged.outputs(x, z)["gan"], averaged.gan.generate(x, z).detach())
    assert averaged.gan.ema_updates == 20


def test_snapshot_shapes_and_scores():
    t = LearnedLossTrainer(LearnedLossConfig(**SMALL, mixed=True), n_eval=300, n_show=100)
    t.step(2)
    s = t.snapshot(n_axis=50, n_grid=20)
    assert s.step == 2 and s.x.shape == s.y_real.shape == (100,)
    assert set(s.y_model) == {"gan", "mix"} and s.y_model["gan"].shape == (100,)
    assert s.branches.shape == (2, 50) and s.mse_curve.shape == (50,) and s.d_values.shape == (20, 20)
    assert np.all((s.d_values > 0) & (s.d_values < 1)) and s.x.dtype == np.float32
    for name in ("mse", "gan", "mix"):
        assert 0 <= s.metrics[f"{name}_on_branch"] <= 1 and s.metrics[f"{name}_error"] >= 0
    assert s.metrics["real_on_branch"] > 0.9
    assert len(t.evals) == 1
    assert t.reached_target(s.metrics) is False
    one = LearnedLossTrainer(LearnedLossConfig(**SMALL, task="one_curve"), n_eval=100)
    assert one.reached_target(one.snapshot().metrics) is None


def _race(seed: int, steps: int = 1000) -> tuple[LearnedLossTrainer, list[float]]:
    """Train the default two-branch race; return the trainer and the GAN's on-branch fraction at
    the last five evaluations (every 100 steps)."""
    t = LearnedLossTrainer(LearnedLossConfig(task="two_branches", steps=steps, seed=seed))
    recent = []
    while not t.finished:
        t.step(100)
        recent.append(t.evaluate()["gan_on_branch"])
    return t, recent[-5:]


def _check_race(t: LearnedLossTrainer, recent: list[float]) -> None:
    """MSE answers sit between the branches (near 0); the GAN's land on them."""
    x = torch.linspace(0.25, 1.0, 200).unsqueeze(1)  # away from x = 0, where the branches meet
    out = t.outputs(x, torch.randn(200, 1, generator=torch.Generator().manual_seed(5)))
    assert float(out["mse"].abs().max()) < 0.2, "the MSE model should answer the average, 0"
    assert branches.on_branch_fraction("two_branches", x, out["mse"], 0.05) == 0.0
    m = t.evaluate()
    assert m["mse_on_branch"] < 0.05
    assert min(recent) > 0.8 and max(recent) > 0.9, recent  # and stays there (the EMA of G shows no dips)
    assert m["mse_error"] < m["gan_error"]  # ...and still the MSE model has the lower error
    assert m["mse_error"] == pytest.approx(m["best_error"], rel=0.05)


def test_mse_averages_the_branches_and_the_gan_lands_on_them():
    _check_race(*_race(seed=0))


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6, 7, 8, 9])
def test_the_race_over_several_seeds(seed):
    _check_race(*_race(seed))


def test_run_reports_both_models_and_when_the_difference_showed():
    report = run(LearnedLossConfig(steps=300, seed=0), eval_every=100)
    assert report["steps"] == 300 and set(report["metrics"]) == {"mse", "gan"}
    assert report["steps_to_target"] in (100, 200, 300)
    assert report["seconds_to_target"] <= report["seconds"]
    assert report["history"]["step"] == [100.0, 200.0, 300.0]
    assert run(LearnedLossConfig(task="one_curve", steps=100), eval_every=100)["steps_to_target"] is None


# --- command line --------------------------------------------------------------------------------
def test_command_line_reports_both_models(tmp_path, capsys):
    from gan_core.cli import main

    out = tmp_path / "out.json"
    argv = ["learned-loss", "--preset", "mixed", "--task", "ring", "--steps", "200", "--seed", "2"]
    assert main([*argv, "--lr-d", "0.001", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["config"]["task"] == "ring" and report["config"]["mixed"] is True
    assert report["config"]["lr_d"] == 1e-3 and report["preset"] == "mixed"
    assert set(report["metrics"]) == {"mse", "gan", "mix"}
    assert {"error", "on_branch"} == set(report["metrics"]["gan"])
    assert "MSE model" in capsys.readouterr().err


def test_command_line_bad_value_names_the_allowed_range(capsys):
    from gan_core.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(["learned-loss", "--width", "5"])
    assert exit_info.value.code == 2
    assert "width=5 is out of range; allowed: 8 to 256" in capsys.readouterr().err
