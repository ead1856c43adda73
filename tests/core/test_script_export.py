"""An exported run (``gan_core.toy.script``) is a standalone program that replays the lesson's run.

Each exported file runs in a fresh ``python -I`` process in an empty folder, where gan_core cannot be
imported (checked), and its printed final metrics are compared with ToyTrainer's on the same
config and seed, within ``script.TOLERANCE``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest
import torch

from gan_core import cli
from gan_core.toy import own_data, script
from gan_core.toy.presets import PRESETS
from gan_core.toy.trainer import ToyTrainer

EVERY_TRICK = {
    "dataset": "moons",
    "loss": "wgan_lp",
    "optimizer": "rmsprop",
    "noise": "uniform",
    "activation": "tanh",
    "pac": 2,
    "minibatch_disc": True,
    "instance_noise": 0.3,
    "r1_weight": 0.5,
    "g_ema": 0.99,
    "lr_decay": True,
    "k_d": 2,
    "k_g": 2,
    "batch_size": 64,
    "g_width": 16,
    "d_width": 16,
}


def lesson_metrics(cfg, points=None) -> dict[str, float]:
    torch.set_num_threads(1)
    trainer = ToyTrainer(cfg, points=points)
    trainer.step(cfg.steps)
    m = trainer.evaluate()
    return {k: v for k, v in m.items() if not k.startswith("mean_")}  # the fakes' centre: the health monitor's


def run_standalone(path, tmp_path) -> dict[str, float]:
    """Run a file with ``python -I`` (no PYTHONPATH, no current folder on the path) in an empty folder."""
    done = subprocess.run(
        [sys.executable, "-I", str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    line = [x for x in done.stdout.splitlines() if x.startswith("final metrics: ")][-1]
    return json.loads(line.removeprefix("final metrics: "))


def assert_same(exported: dict[str, float], lesson: dict[str, float]) -> None:
    assert exported.keys() == lesson.keys()
    for k, v in lesson.items():
        assert exported[k] == pytest.approx(v, abs=script.TOLERANCE), k


def test_gan_core_is_not_importable_where_the_exports_run(tmp_path):
    done = subprocess.run([sys.executable, "-I", "-c", "import gan_core"], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode != 0 and "No module named 'gan_core'" in done.stderr


@pytest.mark.parametrize(
    ("name", "changes"),
    [
        ("1d-converges", {}),  # the 1-D lesson's default, whole
        ("ring8-converges", {"steps": 300}),
        ("grid25-converges", {"steps": 150}),
        ("1d-fix-wgan-gp", {"steps": 200}),
        ("2d-fix-wgan-gp", {"steps": 100}),
        ("1d-d-wins", {"steps": 200, "label_smoothing": 0.1}),
        ("2d-mode-collapse", {"steps": 100, **EVERY_TRICK}),
    ],
)
def test_exported_script_replays_the_lessons_run(tmp_path, name, changes):
    cfg = PRESETS[name].config(**changes)
    path = tmp_path / "run.py"
    path.write_text(script.script(cfg))
    assert "gan_core" not in path.read_text().replace("GAN Classroom", "")
    assert_same(run_standalone(path, tmp_path), lesson_metrics(cfg))


@pytest.mark.parametrize(("dataset", "name"), [("own_2d", "ring8-converges"), ("own_1d", "1d-converges")])
def test_exported_script_carries_the_learners_own_data(tmp_path, dataset, name):
    points = own_data.example(2 if dataset == "own_2d" else 1)
    cfg = PRESETS[name].config(dataset=dataset, steps=120)
    path = tmp_path / "run.py"
    path.write_text(script.script(cfg, points))
    assert f"your {len(points)} points" in path.read_text()
    assert_same(run_standalone(path, tmp_path), lesson_metrics(cfg, points))
    with pytest.raises(ValueError, match="points go with"):
        script.script(cfg)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["ring8-converges", "grid25-converges"])
def test_exported_preset_replays_the_whole_run(tmp_path, name):
    cfg = PRESETS[name].config()
    path = tmp_path / "run.py"
    path.write_text(script.script(cfg))
    exported = run_standalone(path, tmp_path)
    assert_same(exported, lesson_metrics(cfg))
    assert exported["modes_captured"] == (8 if name.startswith("ring8") else 25)


def test_notebook_holds_the_same_program(tmp_path):
    cfg = PRESETS["ring8-converges"].config(steps=100)
    nb = nbformat.reads(script.notebook(cfg), as_version=4)
    nbformat.validate(nb)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert code[-1] == "main()" and any(c.cell_type == "markdown" for c in nb.cells)
    path = tmp_path / "cells.py"
    path.write_text("\n\n\n".join(code) + "\n")
    assert_same(run_standalone(path, tmp_path), lesson_metrics(cfg))


def test_cli_export_writes_the_script_and_the_notebook(tmp_path, capsys):
    out, nb = tmp_path / "run.py", tmp_path / "run.ipynb"
    argv = ["export", "--preset", "1d-converges", "--lr-g", "0.002", "--out", str(out), "--notebook", str(nb)]
    assert cli.main(argv) == 0
    text = out.read_text()
    assert "LR_G = 0.002" in text and "preset 1d-converges" in text
    assert nbformat.reads(nb.read_text(), as_version=4).cells
    with pytest.raises(SystemExit):
        cli.main(["export", "--preset", "1d-converges"])
    assert "--out run.py and/or --notebook" in capsys.readouterr().err
