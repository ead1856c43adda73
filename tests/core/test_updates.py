"""step_and_compare: a D update moves only D's weights, a G update only G's (D frozen)."""

from __future__ import annotations

import pytest

from gan_core.toy.config import ToyConfig
from gan_core.toy.trainer import ToyTrainer
from gan_core.toy.updates import compare, step_and_compare, weights

SMALL = {"g_width": 8, "d_width": 8, "g_layers": 1, "d_layers": 1, "batch_size": 32, "steps": 10}


def test_a_d_step_changes_only_d_and_a_g_step_only_g():
    t = ToyTrainer(ToyConfig(**SMALL), n_eval=500)
    d = step_and_compare(t, "D")
    assert d.update == "D" and d.g.changed == 0 and d.g.max_abs_change == 0.0
    assert d.d.changed == d.d.params > 0 and d.d.max_abs_change > 0
    assert d.g.params == sum(p.numel() for p in t.G.parameters())
    assert d.d_real[1] != d.d_real[0]  # D's verdict on the same real batch moved
    g = step_and_compare(t, "G")
    assert g.d.changed == 0 and g.d.max_abs_change == 0.0 and g.g.changed > 0
    assert g.d_real[0] == g.d_real[1]  # D frozen: its verdict on real data cannot move
    assert g.d_fake[1] != g.d_fake[0]  # G's fakes moved
    assert (t.d_updates, t.g_updates, t.step_count) == (1, 1, 0)


def test_compare_counts_changed_parameters_and_refuses_different_networks():
    t = ToyTrainer(ToyConfig(**SMALL), n_eval=500)
    before = weights(t.D)
    after = {k: v.clone() for k, v in before.items()}
    name = next(iter(after))
    after[name].view(-1)[:3] += 0.5
    change = compare("D", before, after)
    assert change.changed == 3 and change.max_abs_change == pytest.approx(0.5)
    with pytest.raises(ValueError):
        compare("D", before, weights(t.G))
    with pytest.raises(ValueError):
        step_and_compare(t, "both")
