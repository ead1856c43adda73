"""``python -m gan_core train-dcgan``: a tiny run writes weights, card and checkpoint; a run
stopped and resumed from its checkpoint ends exactly where an uninterrupted one does."""

from __future__ import annotations

import json

import pytest
import torch

from gan_core import cli
from gan_core.dcgan import model as dcgan
from gan_core.dcgan import train as dcgan_train

TINY = ["--steps", "10", "--width", "8", "--snapshots", "2,5", "--checkpoint-every", "3", "--quiet"]


def train(out, ckpt, *extra: str) -> int:
    return cli.main(["train-dcgan", *TINY, "--out-dir", str(out), "--checkpoint-dir", str(ckpt), *extra])


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    root = tmp_path_factory.mktemp("straight")
    assert train(root / "out", root / "ckpt") == 0
    return root


def test_a_tiny_run_writes_weights_card_and_checkpoint(uninterrupted):
    out = uninterrupted / "out"
    card = json.loads((out / dcgan.CARD.name).read_text())
    assert card["steps"] == 10 and card["snapshot_steps"] == [2, 5] and card["seed"] == 0
    assert card["command"] == "python -m gan_core train-dcgan --steps 10 --width 8 --snapshots 2,5"
    assert card["sha256"] == dcgan.sha256(out / dcgan.WEIGHTS.name)
    assert {"confident", "as_asked", "frechet", "frechet_real", "frechet_ratio"} <= set(card["quality"])
    assert set(card["growth"]) == {"2", "5", "10"} and card["train_seconds"] > 0
    assert "accuracy" in card["discriminator"] and card["storage"] == "float16"
    assert card["sha256"] in (out / dcgan.CARD_MD.name).read_text()
    model = dcgan.load(out / dcgan.WEIGHTS.name, out / dcgan.CARD.name)
    assert model.cfg.width == 8 and sorted(model.snapshots) == [2, 5] and model.steps == 10
    state = torch.load(dcgan_train.checkpoint_path(uninterrupted / "ckpt"), weights_only=True)
    assert state["trainer"]["step"] == 10 and set(state["snapshots"]) == {"2", "5"}
    assert "opt_g" in state["trainer"] and "opt_d" in state["trainer"]  # optimiser state: resumable


def test_stopped_and_resumed_run_gives_the_same_weights_as_an_uninterrupted_one(uninterrupted, tmp_path):
    out, ckpt = tmp_path / "out", tmp_path / "ckpt"
    assert train(out, ckpt, "--stop-after", "4") == 0  # past the step-2 snapshot, before the step-5 one
    assert not (out / dcgan.WEIGHTS.name).exists()
    assert torch.load(dcgan_train.checkpoint_path(ckpt), weights_only=True)["trainer"]["step"] == 4
    assert train(out, ckpt, "--resume") == 0
    straight = uninterrupted / "out" / dcgan.WEIGHTS.name
    assert dcgan.sha256(out / dcgan.WEIGHTS.name) == dcgan.sha256(straight)  # byte for byte


def test_resuming_with_other_flags_is_refused_with_the_difference(uninterrupted, tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["train-dcgan", *TINY, "--seed", "3", "--checkpoint-dir", str(uninterrupted / "ckpt"), "--resume"])
    assert "differs in seed" in capsys.readouterr().err


def test_bad_flags_exit_with_a_message(tmp_path, capsys):
    with pytest.raises(SystemExit):
        cli.main(["train-dcgan", "--steps", "10", "--snapshots", "20"])
    assert "snapshot steps [20]" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["train-dcgan", "--resume"])
    assert "need --checkpoint-dir" in capsys.readouterr().err


def test_the_recipe_is_the_fast_digits_preset_with_hinge_loss_and_no_ema():
    rec = dcgan_train.recipe(steps=100, snapshot_steps=(10,))
    assert rec.cfg.arch == "dcgan" and rec.cfg.conditional and rec.cfg.loss == "hinge" and rec.cfg.g_ema == 0
    assert (rec.cfg.lr_g, rec.cfg.lr_d, rec.cfg.beta1) == (1e-3, 5e-4, 0.5)
    assert dcgan_train.recipe(steps=500).snapshot_steps == (100,)  # the default snapshots that fit
