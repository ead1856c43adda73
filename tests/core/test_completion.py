"""Digit completion (gan_core.completion): masks, scores against closed forms, the models' losses,
the trainer's model choice and pictures, and the ``complete`` command's files."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from gan_core.cli import main
from gan_core.completion import masks
from gan_core.completion import metrics as scores
from gan_core.completion.config import MODELS_OF, CompletionConfig
from gan_core.completion.cost import estimate
from gan_core.completion.models import CompletionNet, PairCritic, hidden_mse
from gan_core.completion.presets import PRESETS
from gan_core.completion.trainer import N_EVAL, N_SHOW, N_VARIANTS, CompletionTrainer
from gan_core.digits import classifier

SMALL = dict(width=4, batch_size=8, steps=40)


@pytest.mark.parametrize("name,hidden", [("bottom", 392), ("right", 392), ("centre", 196)])
def test_each_mask_hides_the_part_it_names(name, hidden):
    m = masks.mask(name)
    assert m.sum() == hidden and set(m.unique().tolist()) == {0.0, 1.0}
    if name == "bottom":
        assert m[:14].sum() == 0 and m[14:].min() == 1
    if name == "right":
        assert m[:, :14].sum() == 0 and m[:, 14:].min() == 1
    with pytest.raises(ValueError, match="unknown mask"):
        masks.mask("diagonal")


@pytest.mark.parametrize("name", ["bottom", "right", "centre"])
def test_a_completion_never_reads_the_hidden_pixels_and_keeps_the_seen_ones(name):
    m = masks.mask(name)
    torch.manual_seed(0)
    net = CompletionNet(8, 4).eval()
    images, z = torch.rand(5, 28, 28) * 2 - 1, torch.randn(5, 4)
    other = images * (1 - m) + (torch.rand(5, 28, 28) * 2 - 1) * m  # the same seen part, other hidden pixels
    a, b = net(images, m, z), net(other, m, z)
    assert torch.equal(a, b)
    assert torch.equal(a * (1 - m), images * (1 - m))  # the seen part is the real one, exactly
    assert not torch.equal(net(images, m, torch.randn(5, 4)), a)  # z changes the drawn part


def test_the_critic_judges_whole_digits_and_hidden_mse_counts_only_hidden_pixels():
    m = masks.mask("bottom")
    d = PairCritic(4)
    assert d(torch.zeros(3, 28, 28), m).shape == (3,)
    real = torch.zeros(2, 28, 28)
    drawn = real.clone()
    drawn[:, :14] = 1.0  # wrong only where the model does not draw: no error
    assert hidden_mse(drawn, real, m) == 0
    drawn[:, 14:] = 0.5  # off by 0.5 on every hidden pixel
    assert hidden_mse(drawn, real, m).item() == pytest.approx(0.25)


def test_the_average_of_two_fitting_bottoms_has_the_lowest_squared_error():
    # the lesson's claim, in closed form: of two equally likely bottoms a and b, the average (a + b) / 2
    # has expected squared error |a - b|^2 / 4 per pixel, each one |a - b|^2 / 2
    m = masks.mask("bottom")
    seven, nine = -torch.ones(28, 28), -torch.ones(28, 28)
    seven[14:, 20:22] = 1  # a straight stroke down
    nine[14:20, 8:22] = 1  # a bar that closes a loop
    mean = (seven + nine) / 2

    def expected(answer: torch.Tensor) -> float:
        return (scores.error(answer[None], seven[None], m) + scores.error(answer[None], nine[None], m)) / 2

    assert expected(mean) < min(expected(seven), expected(nine))
    assert expected(mean) == pytest.approx(expected(seven) / 2)


def test_averaging_a_stroke_over_uncertain_positions_lowers_its_sharpness():
    # where the bottoms that fit differ in where a stroke lies, their average spreads its edges: the
    # mean gradient falls (for strokes that never overlap it would not: |grad (a + b)| = |grad a| + |grad b|)
    m = masks.mask("bottom")
    strokes = -torch.ones(5, 28, 28)
    for i in range(5):
        strokes[i, 14:, 10 + i : 13 + i] = 1  # the same 3-pixel stroke, 1 pixel further right each time
    # each row of one stroke: two edges of height 1; of the average (profile 0.2 0.4 0.6 0.6 0.6 0.4 0.2):
    # six steps of 0.2, so 1.2 / 2 = 60% of the gradient
    assert scores.sharpness(strokes.mean(0, keepdim=True), m) == pytest.approx(0.6 * scores.sharpness(strokes, m))


def test_scores_against_closed_forms():
    m = masks.mask("bottom")
    flat = torch.zeros(4, 28, 28)
    assert scores.sharpness(flat, m) == 0
    checker = (torch.arange(28)[:, None] + torch.arange(28)[None, :]) % 2 * 2.0 - 1  # 0/1 alternating pixels
    assert scores.sharpness(checker[None], m) == pytest.approx(1.0)
    same = torch.rand(3, 1, 28, 28).repeat(1, 5, 1, 1)
    assert scores.variety(same, m) == pytest.approx(0.0, abs=1e-7)
    coin = torch.stack([torch.full((28, 28), -1.0), torch.full((28, 28), 1.0)])[None]  # 0 or 1 on the [0, 1] scale
    assert scores.variety(coin, m) == pytest.approx(np.std([0.0, 1.0], ddof=1))
    probs = np.array([[0.95] + [0.05 / 9] * 9, [0.5, 0.5] + [0.0] * 8, [0.0] * 9 + [1.0]])
    assert scores.judged(probs, np.array([0, 0, 3])) == {"confident": pytest.approx(2 / 3), "as_real": 1 / 3}


@pytest.mark.parametrize("models", list(MODELS_OF))
def test_the_models_setting_trains_exactly_those_models(models):
    t = CompletionTrainer(CompletionConfig(**SMALL, models=models))
    t.step(2)
    trains = MODELS_OF[models]
    assert t.models == trains
    assert (t.mse is not None) == ("mse" in trains) and set(t.gans) == {"gan", "mix"} & set(trains)
    m = t.evaluate()
    assert all(f"{name}_sharpness" in m for name in trains)
    assert not any(f"{name}_error" in m for name in ("mse", "gan", "mix") if name not in trains)
    target = t.reached_target(m)
    assert target is None if not {"mse", "gan"} <= set(trains) else isinstance(target, bool)
    snap = t.snapshot()
    assert set(snap.completed) == set(trains) and set(snap.variants) == {"gan", "mix"} & set(trains)
    assert snap.seen.shape == snap.real.shape == (N_SHOW, 28, 28) and snap.seen.dtype == np.uint8
    assert all(many.shape == (N_SHOW, N_VARIANTS, 28, 28) for many in snap.variants.values())


def test_the_shown_digits_are_held_out_and_the_mix_starts_as_the_gan():
    t = CompletionTrainer(CompletionConfig(**SMALL))
    assert list(t.show_labels) == [7, 4, 9, 3, 1, 5, 8, 2]
    assert len(t.eval_x) == N_EVAL and np.bincount(t.eval_labels).tolist() == [N_EVAL // 10] * 10
    train = {x.numpy().tobytes() for x in t.x_train}
    assert not any(x.numpy().tobytes() in train for x in t.show_x)  # never trained on
    gan, mix = t.gans["gan"], t.gans["mix"]
    assert all(torch.equal(a, b) for a, b in zip(gan.G.parameters(), mix.G.parameters()))
    t.step(3)  # the same start, the same noise and batches: only the loss differs
    assert not all(torch.equal(a, b) for a, b in zip(gan.G.parameters(), mix.G.parameters()))


def test_the_real_digits_reference_is_the_classifiers_view_of_them():
    t = CompletionTrainer(CompletionConfig(**SMALL))
    probs = classifier.predict(classifier.shipped(), t.eval_x.numpy())[0]
    assert t.reference["real_confident"] == pytest.approx(float((probs.max(1) >= 0.9).mean()))
    assert t.reference["real_confident"] > 0.9  # the judge is sure of real digits


def test_adv_weight_applies_live_and_the_mask_restarts():
    t = CompletionTrainer(CompletionConfig(**SMALL))
    t.update_config(CompletionConfig(**SMALL, adv_weight=0.5, lr_d=1e-4))
    assert t.cfg.adv_weight == 0.5 and t.gans["gan"].opt_d.param_groups[0]["lr"] == 1e-4
    with pytest.raises(ValueError, match="mask"):
        t.update_config(CompletionConfig(**SMALL, mask="right"))


def test_every_preset_builds_and_the_default_is_allowed_on_a_shared_server():
    for p in PRESETS.values():
        cfg = p.config()
        assert estimate(cfg).allowed, p.name
    assert not estimate(CompletionConfig(width=64, batch_size=512)).allowed


def test_complete_command_writes_whole_digits_in_0_1_and_a_report(tmp_path, capsys):
    out, report = tmp_path / "c.npz", tmp_path / "r.json"
    argv = ["complete", "--preset", "mse-vs-gan", "--steps", "6", "--width", "4", "--seed", "3"]
    assert main([*argv, "--eval-every", "3", "--json", str(report), "--out", str(out), "--quiet"]) == 0
    arrays = np.load(out)
    assert set(arrays.files) == {"top", "real", "mse", "gan", "labels"}
    m = masks.mask("bottom").numpy().astype(bool)
    for k in ("top", "real", "mse", "gan"):
        a = arrays[k]
        assert a.shape == (N_EVAL, 28, 28) and a.dtype == np.float32 and a.min() >= 0 and a.max() <= 1
    for k in ("mse", "gan"):  # whole digits: the real top, the model's bottom
        assert np.array_equal(arrays[k][:, ~m], arrays["real"][:, ~m])
    assert arrays["top"][:, m].max() == 0 and np.array_equal(arrays["top"][:, ~m], arrays["real"][:, ~m])
    r = json.loads(report.read_text())
    assert r["steps"] == 6 and r["config"]["seed"] == 3 and set(r["metrics"]) == {"mse", "gan"}
    assert r["preset"] == "mse-vs-gan" and r["history"]["step"] == [3, 6]
    assert 0.9 < r["reference"]["real_confident"] <= 1
    # the same seed is the same run: the files match bit for bit
    again = tmp_path / "again.npz"
    main([*argv, "--eval-every", "3", "--out", str(again), "--quiet"])
    assert all(np.array_equal(arrays[k], np.load(again)[k]) for k in arrays.files)


def test_complete_command_refuses_bad_flags_with_a_message(capsys):
    with pytest.raises(SystemExit):
        main(["complete", "--mask", "diagonal"])
    assert "diagonal" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["complete", "--width", "1000"])
    assert "width" in capsys.readouterr().err
