import json
import subprocess
import sys

from tests.conftest import ROOT


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "gan_core", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def test_toy_command_writes_the_documented_json(tmp_path):
    out = tmp_path / "out.json"
    r = run_cli(
        "toy",
        "--dataset",
        "ring8",
        "--loss",
        "non_saturating",
        "--steps",
        "150",
        "--seed",
        "3",
        "--g-width",
        "32",
        "--d_width",
        "32",
        "--json",
        str(out),
    )
    assert r.returncode == 0, r.stderr
    report = json.loads(out.read_text())
    assert {"config", "steps", "seconds", "metrics", "flags", "steps_to_target"} <= set(report)
    assert report["steps"] == 150 and report["config"]["seed"] == 3 and report["config"]["g_width"] == 32
    assert report["preset"] == "ring8-converges"  # --dataset alone starts from its converging preset
    assert report["config"]["r1_weight"] == 0.1
    assert {"modes_captured", "high_quality_fraction", "energy_distance", "js"} <= set(report["metrics"])
    assert report["seconds"] > 0


def test_1d_metrics_and_presets_listing():
    r = run_cli("toy", "--preset", "1d-converges", "--steps", "100", "--json", "-", "--quiet")
    assert r.returncode == 0, r.stderr
    report = json.loads(r.stdout)
    assert {"w1", "js"} <= set(report["metrics"]) and report["config"]["dataset"] == "gaussian"
    listing = run_cli("presets").stdout
    assert "ring8-converges" in listing and "2d-mode-collapse" in listing


def test_bad_flag_values_exit_with_a_message_naming_the_range():
    r = run_cli("toy", "--noise-dim", "99")
    assert r.returncode == 2
    assert "noise_dim=99 is out of range; allowed: 1 to 16" in r.stderr
    r = run_cli("toy", "--loss", "magic")
    assert r.returncode == 2 and "invalid choice" in r.stderr
