"""A learner's own data: reading an upload, carrying it in a link, a drawn density, and training on it."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from gan_core.toy import own_data
from gan_core.toy.own_data import DataFileError, Points
from gan_core.toy.presets import PRESETS
from gan_core.toy.trainer import ToyTrainer


def csv(*lines: str) -> bytes:
    return "\n".join(lines).encode()


@pytest.mark.parametrize(
    ("raw", "dim", "values"),
    [
        (csv("x,y", *[f"{i},{i * i}" for i in range(10)]), 2, [[i, i * i] for i in range(10)]),
        (csv(*[f"{i};{-i}" for i in range(10)]), None, [[i, -i] for i in range(10)]),  # no header, semicolons
        (csv("# my heights", "height", *[str(150 + i) for i in range(12)], ""), 1, [[150 + i] for i in range(12)]),
        (("\ufeffa\tb\n" + "\n".join(f"{i}\t{i}.5" for i in range(10))).encode(), 2, [[i, i + 0.5] for i in range(10)]),
        (csv(*[f"  {i}   {2 * i}  " for i in range(10)]), 2, [[i, 2 * i] for i in range(10)]),  # spaces
    ],
)
def test_a_csv_is_read_with_or_without_a_header(raw, dim, values):
    assert np.array_equal(own_data.parse_csv(raw, dim).values, np.array(values, dtype=float))


@pytest.mark.parametrize(
    ("raw", "dim", "message"),
    [
        (csv("x,y", "1,2", "3,four"), 2, "line 3: 'four' is not a number"),
        (csv("1,2", "3,inf"), 2, "line 2: inf is not a finite number"),
        (csv("1,2", "3,4,5"), 2, "line 2: expected two numbers (x, y), found 3"),
        (csv("1", "2", "3,4"), 1, "line 3: expected one number, found 2"),
        (csv("1,2,3"), None, "line 1: 3 columns; use 1 (1-D data) or 2 (x, y)"),
        (csv(*["1,2"] * 3), 2, "only 3 points: at least 10 are needed"),
        (csv(*[f"{i},5" for i in range(20)]), 2, "every y is 5: the data needs some spread"),
        (csv("x,y"), 2, "the file has no numbers in it"),
        (b"\xff\xfe\x00x", 2, "the file is not text (UTF-8): save it as CSV"),
        (b"1,2\n" * 70_000, 2, "the file is 273 KB; the limit is 256 KB"),
        (
            csv(*[f"{i},{i}" for i in range(own_data.MAX_ROWS + 1)]),
            2,
            "more than 5,000 points (line 5,001); keep at most 5,000",
        ),
    ],
)
def test_a_bad_file_names_the_problem_and_its_line(raw, dim, message):
    with pytest.raises(DataFileError) as err:
        own_data.parse_csv(raw, dim)
    assert str(err.value) == message


def test_csv_round_trip():
    p = own_data.example(2)
    back = own_data.parse_csv(own_data.to_csv(p).encode(), 2)
    assert np.allclose(back.values, p.values, atol=1e-5)


def test_a_link_carries_the_points_to_a_byte_of_their_range():
    p = Points(np.random.default_rng(0).normal([100.0, -3.0], [20.0, 0.1], size=(300, 2)))
    text = own_data.to_link(p)
    assert text is not None and len(text) < 1000 and all(c.isalnum() or c in "-_~." for c in text)
    back = own_data.from_link(text, 2)
    step = np.ptp(p.values, axis=0) / 255
    assert np.all(np.abs(back.values - p.values) <= step / 2 * 1.001)
    assert own_data.to_link(Points(np.random.default_rng(0).normal(size=(own_data.LINK_MAX_POINTS + 1, 2)))) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hello", "not a data link this app wrote"),
        ("1~1~0_1~AAEC", "1-D data, and this lesson is 2-D"),
        ("1~2~0_1_0~AAEC", "damaged"),
        ("1~2~0_1_0_1~AAEC", "damaged"),  # three bytes: not whole (x, y) pairs
        ("1~2~0_1_0_1~AAE", "only 1 point: at least 10 are needed"),
        ("1~2~0_nan_0_1~" + "AAECAwQFBgcICQoLDA0ODxAREhMU", "damaged"),
    ],
)
def test_a_damaged_link_is_refused_with_the_reason(text, message):
    with pytest.raises(ValueError, match=message):
        own_data.from_link(text, 2)


def test_a_drawn_density_becomes_points_at_its_quantiles():
    p = own_data.from_heights([1.0, 3.0], 0.0, 2.0, n=1000)  # a quarter of the mass on [0, 1]
    assert len(p) == 1000 and p.dim == 1
    assert (p.values < 1).mean() == pytest.approx(0.25, abs=0.002)
    assert np.allclose(np.sort(p.values[:, 0]), p.values[:, 0])  # deterministic, in order
    with pytest.raises(ValueError, match="empty"):
        own_data.from_heights([0.0, 0.0], 0, 1)


def test_real_batches_are_the_points_with_a_little_noise():
    pts = torch.tensor([[0.0, 0.0], [10.0, 10.0]])
    x = own_data.sample(pts, 20_000, torch.Generator().manual_seed(0))
    near = torch.cdist(x, pts).min(dim=1)
    assert x.shape == (20_000, 2)
    assert float(near.values.max()) < 6 * own_data.JITTER * 2
    assert float((x[:, 0] > 5).float().mean()) == pytest.approx(0.5, abs=0.02)
    assert float(x[x[:, 0] < 5].std(dim=0).mean()) == pytest.approx(own_data.JITTER, rel=0.05)


def test_training_on_own_data_does_not_depend_on_its_units():
    """Standardised training: the same points in other units (x 1000, + 5) give the same metrics, and
    the pictures are the same pictures in those units."""
    small = own_data.example(2)
    big = Points(small.values * [1000.0, 1000.0] + [5.0, -5.0])
    cfg = PRESETS["ring8-converges"].config(dataset="own_2d", steps=40)
    runs = []
    for p in (small, big):
        t = ToyTrainer(cfg, points=p)
        t.step(40)
        runs.append((t.snapshot(), t))
    (s_small, t_small), (s_big, _) = runs
    for k, v in s_small.metrics.items():
        assert s_big.metrics[k] == pytest.approx(v, rel=1e-4, abs=1e-5), k
    assert np.allclose(s_big.x_fake, s_small.x_fake * 1000 + [5, -5], rtol=1e-4, atol=1e-2)
    assert np.allclose(s_big.axis_y, s_small.axis_y * 1000 - 5, rtol=1e-4, atol=1e-2)
    real = t_small.fixed_real.numpy()
    assert np.allclose(real.mean(axis=0), 0, atol=0.05) and np.allclose(real.std(axis=0), 1, atol=0.05)
    assert s_small.x_real.min() > small.values.min() - 0.2  # shown in the learner's units


def test_a_1d_run_on_own_data_draws_its_density_in_its_units():
    p = own_data.example(1)
    t = ToyTrainer(PRESETS["1d-converges"].config(dataset="own_1d", steps=20), points=p)
    t.step(20)
    s = t.snapshot()
    assert np.trapezoid(s.real_density, s.axis) == pytest.approx(1, abs=0.02)  # a density per unit of x
    assert s.axis[0] < p.values.min() and s.axis[-1] > p.values.max()
    assert {"w1", "js", "coverage"} <= set(s.metrics)


def test_the_trainer_wants_points_exactly_for_own_data():
    with pytest.raises(ValueError, match="points go with the datasets own_1d and own_2d"):
        ToyTrainer(PRESETS["ring8-converges"].config(dataset="own_2d"))
    with pytest.raises(ValueError, match="points go with"):
        ToyTrainer(PRESETS["ring8-converges"].config(), points=own_data.example(2))
    with pytest.raises(ValueError, match="1-D points for the 2-D dataset own_2d"):
        ToyTrainer(PRESETS["ring8-converges"].config(dataset="own_2d"), points=own_data.example(1))
