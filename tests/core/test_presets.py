"""Presets do what their names say, over several seeds (slow: still run in CI)."""

from __future__ import annotations

import numpy as np
import pytest

from gan_core import ToyTrainer
from gan_core.toy.presets import PRESETS, presets_for

pytestmark = pytest.mark.slow


def play(
    name: str, seed: int, eval_every: int = 100, until: str | None = None
) -> tuple[ToyTrainer, set[str], list[dict[str, float]]]:
    """Train a preset like the lesson does, to its budget (or until the health monitor names the flag
    ``until``); return the trainer, every flag seen, the metrics."""
    t = ToyTrainer(PRESETS[name].config(seed=seed))
    seen: set[str] = set()
    evals = []
    while not t.finished and t.diverged is None and until not in seen:
        t.step(eval_every)
        evals.append(t.evaluate())
        seen |= {f.name for f in t.flags}
    return t, seen, evals


def test_every_lesson_has_the_six_kinds_of_preset():
    for dim in (1, 2):
        titles = {p.title.split(":")[0] for p in presets_for(dim)}
        assert {
            "It converges",
            "Mode collapse",
            "Discriminator wins (saturating loss)",
            "Too-high learning rate",
            "Fix it",
        } <= titles
        for p in presets_for(dim):
            assert p.config().dim == dim
            assert p.explanation.count(". ") + p.explanation.count(".") >= 2  # two sentences


@pytest.mark.parametrize("seed", range(5))
def test_1d_gaussian_preset_reaches_w1_below_0_05(seed):
    t, seen, evals = play("1d-converges", seed)
    w1 = [m["w1"] for m in evals]
    assert min(w1) < 0.05, w1  # two independent 10k samples of the target differ by ~0.02
    assert w1[-1] < 0.1
    assert not seen & {"diverged", "mode_collapse", "discriminator_wins"}


def test_ring8_preset_captures_every_mode_for_every_seed():
    results = [play("ring8-converges", seed)[2][-1] for seed in range(3)]
    assert [m["modes_captured"] for m in results] == [8, 8, 8]
    assert np.mean([m["high_quality_fraction"] for m in results]) >= 0.5, results


def test_grid25_preset_captures_nearly_every_mode():
    results = [play("grid25-converges", seed)[2][-1] for seed in range(3)]
    assert np.mean([m["modes_captured"] for m in results]) >= 23, results
    assert np.mean([m["high_quality_fraction"] for m in results]) >= 0.5, results


FAILURES = [(p.name, p.expect) for p in PRESETS.values() if p.expect != "converges"]


@pytest.mark.parametrize(("name", "flag"), FAILURES)
def test_failure_presets_show_their_failure_and_the_monitor_names_it(name, flag):
    for seed in range(2):
        _, seen, _ = play(name, seed, until=flag)  # seen once is enough: the rest of the run adds nothing
        assert flag in seen, (name, seed, seen)


@pytest.mark.parametrize("name", ["1d-fix-ns", "2d-fix-ns", "2d-fix-wgan-gp", "1d-fix-wgan-gp"])
def test_fix_presets_end_healthy(name):
    for seed in range(2):
        t, _, evals = play(name, seed)
        final = {f.name for f in t.flags}
        assert not final & {"diverged", "discriminator_wins", "mode_collapse"}, (seed, final, evals[-1])
        if "modes_captured" in evals[-1]:
            assert evals[-1]["modes_captured"] == 8
        else:
            # WGAN-LP in 1-D: both bumps, W1 0.14-0.19 on seeds 0-4 (see its explanation); the
            # non-saturating fix ends at 0.25 on seed 0 (docs/performance.md, presets table)
            assert evals[-1]["w1"] < (0.25 if name == "1d-fix-wgan-gp" else 0.5)
