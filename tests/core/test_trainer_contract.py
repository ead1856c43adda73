"""The live-trainer contract (``gan_core.stepping.LiveTrainer``), checked on every lesson's trainer:
the same seed gives the same run, ``step(3)`` equals three ``step(1)``, Step D moves only D and
Step G only G, a divergence rolls back, pauses and keeps the history, and ``state_dict`` continues
the same run. One test per property, run on each trainer; the trainers' own test files keep only
what is particular to them."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
import torch

from gan_core.completion.config import CompletionConfig
from gan_core.completion.trainer import CompletionTrainer
from gan_core.digits.config import MnistConfig
from gan_core.digits.trainer import MnistTrainer
from gan_core.learned_loss.config import LearnedLossConfig
from gan_core.learned_loss.trainer import LearnedLossTrainer
from gan_core.stepping import LiveTrainer
from gan_core.toy.config import ToyConfig
from gan_core.toy.trainer import ToyTrainer

TOY = dict(g_width=16, d_width=16, batch_size=32, steps=500)
MNIST = dict(width=8, batch_size=16, steps=500, eval_every=20)
CONFIGS = {  # each with the tricks that keep state of their own (EMA, decay, noise, penalties)
    "toy-1d": ToyConfig(**TOY, minibatch_disc=True, instance_noise=0.2, lr_decay=True, g_ema=0.9),
    "toy-ring8-r1": ToyConfig(**TOY, dataset="ring8", r1_weight=1.0, k_d=2, k_g=2),
    "mnist-fc": MnistConfig(**MNIST, arch="fc", g_ema=0.9),
    "mnist-dcgan-conditional": MnistConfig(**MNIST, arch="dcgan", conditional=True),
    "learned-loss-mixed": LearnedLossConfig(width=16, batch_size=32, steps=500, mixed=True),
    "completion-all": CompletionConfig(width=4, batch_size=8, steps=500),
}
TRAINERS = {
    ToyConfig: ToyTrainer,
    MnistConfig: MnistTrainer,
    LearnedLossConfig: LearnedLossTrainer,
    CompletionConfig: CompletionTrainer,
}


def make(case: str, **changes) -> LiveTrainer:
    cfg = dataclasses.replace(CONFIGS[case], **changes)
    return TRAINERS[type(cfg)](cfg)


def weights(t: LiveTrainer, side: str | None = None) -> list[torch.Tensor]:
    sides = [side] if side else ["D", "G"]
    return [p.detach().clone() for s in sides for m in t.players()[s] for p in m.parameters()]


def same(a: list[torch.Tensor], b: list[torch.Tensor]) -> bool:
    return len(a) == len(b) and all(torch.equal(x, y) for x, y in zip(a, b))


def equal(a, b) -> bool:
    """Deep equality of two saved states: tensors bit for bit, NaN equal to NaN."""
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.dtype == b.dtype and torch.equal(a, b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def same_run(a: LiveTrainer, b: LiveTrainer) -> bool:
    """Everything a run is: weights, EMA copies, optimisers, random generators, counts, histories."""
    ha, hb = a.history.arrays(), b.history.arrays()
    histories = ha.keys() == hb.keys() and all(np.array_equal(ha[k], hb[k], equal_nan=True) for k in ha)
    return histories and equal(a.state_dict(), b.state_dict())


cases = pytest.mark.parametrize("case", list(CONFIGS))


@cases
def test_the_same_seed_gives_the_same_run_and_another_seed_another(case):
    a, b, other = make(case), make(case), make(case, seed=1)
    for t in (a, b, other):
        t.step(3)
    assert same_run(a, b)
    assert not same(weights(a), weights(other)) and not same_run(a, other)


@cases
def test_step_3_equals_three_step_1_and_a_stopped_step_finishes_later(case):
    whole, ones, cut = make(case), make(case), make(case)
    whole.step(3)
    for _ in range(3):
        ones.step(1)
    calls = iter([False, True] * 10)  # stop after the first update of every call
    while cut.step_count < 3:
        cut.step(3 - cut.step_count, stop=lambda: next(calls))
    assert same_run(whole, ones) and same_run(whole, cut)


@cases
def test_step_d_moves_only_d_and_step_g_only_g(case):
    t = make(case)
    g0, d0 = weights(t, "G"), weights(t, "D")
    t.step_d()
    assert same(weights(t, "G"), g0) and not same(weights(t, "D"), d0)
    d1 = weights(t, "D")
    t.step_g()
    assert same(weights(t, "D"), d1), "D must stay fixed while G learns"
    assert not same(weights(t, "G"), g0)
    assert t.step_count == 0, "one player's step is not an iteration"


@cases
def test_a_divergence_rolls_back_pauses_and_keeps_the_history(case):
    t = make(case)
    t.step(4)
    d = t.players()["D"][0]
    d.forward = lambda *args, _real=d.forward, **kw: _real(*args, **kw) * float("nan")  # D now answers NaN
    assert t.step(3) == 1
    del d.forward
    assert t.diverged is not None and "diverged at step 5" in t.diverged and "rolled back" in t.diverged
    assert t.step_count <= 4, "back to the last good state"
    assert all(torch.isfinite(w).all() for w in weights(t))
    steps = t.history.arrays()["step"]
    assert len(steps) == t.step_count and (len(steps) == 0 or steps[-1] == t.step_count)
    assert t.step(3) == 0, "paused until reset"
    if hasattr(t, "flags"):  # a trainer with a health monitor names it
        assert [f.name for f in t.snapshot().flags] == ["diverged"]


@cases
def test_state_dict_continues_the_same_run(case):
    whole, half = make(case), make(case)
    whole.step(7)
    half.step(3)
    resumed = make(case)
    resumed.load_state_dict(half.state_dict())
    resumed.step(4)
    assert resumed.step_count == 7 and same_run(whole, resumed)


@cases
def test_live_settings_apply_and_the_others_are_refused(case):
    t = make(case)
    assert "steps" in t.LIVE_FIELDS
    t.update_config(dataclasses.replace(t.cfg, steps=t.cfg.steps + 1))
    assert t.cfg.steps == CONFIGS[case].steps + 1
    with pytest.raises(ValueError, match="seed"):  # a new seed is a new run
        t.update_config(dataclasses.replace(t.cfg, seed=t.cfg.seed + 1))
    assert t.cfg.seed == CONFIGS[case].seed
