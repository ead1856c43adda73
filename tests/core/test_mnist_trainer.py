"""The MNIST trainer: reproducibility, who moves in each step, divergence, checkpoints, presets."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
import torch

from gan_core import cli
from gan_core.cli import digits as cli_images
from gan_core.digits.config import MNIST_PRESETS, MnistConfig
from gan_core.digits.trainer import MnistTrainer, load_generator

TINY = {"width": 8, "batch_size": 16, "steps": 100, "eval_every": 10}  # ROLLBACK_EVERY is 20


def params(module: torch.nn.Module) -> torch.Tensor:
    return torch.cat([p.detach().flatten() for p in module.parameters()])


def test_snapshot_grid_and_metrics():
    t = MnistTrainer(MnistConfig(conditional=True, **TINY))
    t.step(10)
    snap = t.snapshot()
    assert snap.grid.shape == (80, 28, 28) and snap.grid.dtype == np.uint8
    assert np.array_equal(snap.grid_labels, np.arange(80) % 10)
    assert snap.guesses.shape == (80,) and ((0 <= snap.confidence) & (snap.confidence <= 1)).all()
    for key in ("confident", "classes", "kl_uniform", "score", "frechet", "as_asked", "d_real", "d_fake"):
        assert math.isfinite(snap.metrics[key]), key
    unconditional = MnistTrainer(MnistConfig(**TINY)).snapshot()
    assert unconditional.grid.shape == (64, 28, 28) and unconditional.grid_labels is None


def test_metrics_are_measured_every_eval_every_steps():
    t = MnistTrainer(MnistConfig(**{**TINY, "eval_every": 20}))
    t.snapshot()
    for _ in range(5):
        t.step(10)
        t.snapshot()
    assert t.evals.arrays()["step"].tolist() == [0, 20, 40]


def test_nan_pauses_the_run_rolls_back_and_keeps_history():
    t = MnistTrainer(MnistConfig(**TINY))
    t.step(30)
    at_30 = params(t.G).clone()
    t.step(3)  # a rollback copy is taken here (step 30): at most ROLLBACK_EVERY iterations old
    with torch.no_grad():
        next(t.D.parameters()).fill_(float("nan"))
    done = t.step(5)
    assert done == 1 and t.diverged is not None and "diverged at step 34" in t.diverged
    assert t.step_count == 30 and torch.equal(params(t.G), at_30)
    assert t.history.arrays()["step"].tolist() == list(range(1, 31))
    assert t.step(5) == 0  # paused until reset
    assert [f.name for f in t.snapshot().flags] == ["diverged"]


def test_live_settings_apply_and_structural_ones_refuse():
    t = MnistTrainer(MnistConfig(**TINY))
    t.update_config(MnistConfig(**{**TINY, "lr_g": 1e-3}))
    assert t.opt_g.param_groups[0]["lr"] == 1e-3
    with pytest.raises(ValueError, match="arch"):
        t.update_config(MnistConfig(**{**TINY, "arch": "fc"}))


def test_generator_download_loads_and_samples_the_same():
    t = MnistTrainer(MnistConfig(conditional=True, g_ema=0.9, **TINY))
    t.step(5)
    g, cfg = load_generator(io.BytesIO(t.generator_bytes()))
    assert cfg == t.cfg
    z, y = t.grid_z[:8], t.grid_y[:8]
    assert np.allclose(g(z, y).numpy(), t.sample(z, y), atol=1e-6)


def test_config_validation_names_the_field():
    with pytest.raises(ValueError, match="noise_dim=1 is out of range"):
        MnistConfig(noise_dim=1)
    with pytest.raises(ValueError, match="arch='resnet' is not allowed"):
        MnistConfig(arch="resnet")


def test_cli_mnist_report_and_sample(tmp_path, capsys):
    out, gen = tmp_path / "r.json", tmp_path / "g.pt"
    code = cli.main(
        ["mnist", "--arch", "fc", "--width", "8", "--steps", "20", "--eval-every", "10", "--conditional", "1",
         "--json", str(out), "--save-generator", str(gen), "--quiet"]
    )  # fmt: skip
    assert code == 0
    report = json.loads(out.read_text())
    assert report["steps"] == 20 and report["config"]["conditional"] is True
    assert report["history"]["step"] == [0, 10, 20]
    assert 0 <= report["metrics"]["confident"] <= 1
    npz = tmp_path / "s.npz"
    assert cli.main(["sample", "--checkpoint", str(gen), "--n", "12", "--digit", "3", "--out", str(npz)]) == 0
    with np.load(npz) as z:
        assert z["images"].shape == (12, 28, 28) and z["images"].min() >= 0 and z["images"].max() <= 1
        assert (z["labels"] == 3).all()
    images, _ = cli_images.sample(str(gen), 12, 0, 3)
    with np.load(npz) as z:
        assert np.array_equal(images, z["images"])  # same seed, same images


def test_cli_rejects_bad_values_with_the_field_name(capsys):
    with pytest.raises(SystemExit):
        cli.main(["mnist", "--lr-g", "5"])
    assert "lr_g=5.0 is out of range" in capsys.readouterr().err


@pytest.mark.slow
def test_fast_digits_preset_draws_recognisable_digits_quickly():
    t = MnistTrainer(MNIST_PRESETS["fast-digits"].config())
    t.step(600)
    m = t.evaluate()
    assert m["confident"] >= 0.6 and m["classes"] >= 8, m
    assert m["as_asked"] >= 0.6
    assert not t.flags


@pytest.mark.slow
@pytest.mark.parametrize(("name", "flag"), [("mode-collapse", "mode_collapse"), ("d-wins", "discriminator_wins")])
def test_failure_presets_show_their_failure(name, flag):
    t = MnistTrainer(MNIST_PRESETS[name].config())
    t.step(300)  # the monitor judges nothing before its warm-up
    while t.step_count < 500 and flag not in [f.name for f in t.flags]:
        t.step(50)
        t.evaluate()
    assert flag in [f.name for f in t.flags], [f.name for f in t.flags]


def test_cli_samples_the_shipped_dcgan_and_its_snapshots(tmp_path):
    """The first model a learner tries to sample from: the shipped DCGAN file, with --digit (the
    evaluation classifier, an independent judge, reads the digit asked for) and --step."""
    from gan_core.dcgan import model as dcgan_model
    from gan_core.digits import classifier

    weights = str(dcgan_model.WEIGHTS)
    npz = tmp_path / "s.npz"
    assert cli.main(["sample", "--checkpoint", weights, "--n", "200", "--digit", "7", "--out", str(npz)]) == 0
    with np.load(npz) as z:
        images, labels = z["images"], z["labels"]
    assert images.shape == (200, 28, 28) and (labels == 7).all()

    def sevens(x: np.ndarray) -> float:
        probs, _ = classifier.predict(classifier.shipped(), x * 2 - 1)
        return float((probs.argmax(1) == 7).mean())

    assert sevens(images) > 0.9
    early, _ = cli_images.sample(weights, 200, 0, 7, step=100)
    assert not np.allclose(early, images)  # the step-100 snapshot is another, far worse, generator
    assert sevens(early) < sevens(images)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--step", "7"], "keeps the generator at steps 100, 1,000, 3,000, 8,000, not at 7"),
        (["--checkpoint", "README.md", "--step", "100"], "--step picks a snapshot of a DCGAN weights file"),
    ],
)
def test_cli_sample_names_what_is_wrong(tmp_path, capsys, args, message):
    from gan_core.dcgan import model as dcgan_model

    base = ["sample", "--checkpoint", str(dcgan_model.WEIGHTS), "--n", "4", "--out", str(tmp_path / "s.npz")]
    with pytest.raises(SystemExit):
        cli.main(base + args)
    assert message in capsys.readouterr().err
