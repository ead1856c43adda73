"""Complete a digit: do the lesson's numbers hold? The MSE model against the GAN (and the mix), on
the N_EVAL held-out digits, after a preset's budget, for several seeds.

One table per preset: for each seed and model, the evaluation classifier's share of completed
digits it classifies with confidence >= 0.9 ("confident") and so as the real digit ("as real"),
the sharpness (mean gradient magnitude of the hidden part) as a share of the real digits', the
variety over z, the squared error to the real digit, and the training seconds (1 thread). Below
it, the issue's checks on every seed: the GAN confident >= 20 points more often than the MSE model,
its sharpness within 20% of the real digits' while the MSE model's is below 80%, the MSE model
with the lower error, and the GAN's completions closer to real digits as a set (the Frechet distance
of the classifier's features to the other 500 held-out digits').

    python benchmarks/completion.py [--presets mse-vs-gan the-race] [--seeds 0 1 2] [--set '{"steps": 900}']
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from gan_core.cli.completion import run  # noqa: E402
from gan_core.completion.config import MODEL_NAMES  # noqa: E402
from gan_core.completion.presets import PRESETS  # noqa: E402
from gan_core.completion.trainer import SHARP_ENOUGH  # noqa: E402

GAP = 0.20  # the "at least 20 points more often"


def checks(report: dict) -> dict[str, bool]:
    """The issue's checks on one run's report (only those its models allow)."""
    m, real = report["metrics"], report["reference"]["real_sharpness"]
    out: dict[str, bool] = {}
    if "gan" in m and "mse" in m:
        gan, mse = m["gan"], m["mse"]
        out["GAN confident >= MSE + 20 pts"] = gan["confident"] >= mse["confident"] + GAP
        out["GAN sharpness within 20% of real"] = abs(gan["sharpness"] / real - 1) <= 1 - SHARP_ENOUGH
        out["MSE sharpness < 80% of real"] = mse["sharpness"] < SHARP_ENOUGH * real
        out["MSE has the lower error"] = mse["error"] < gan["error"]
        out["GAN closer to real digits (Frechet)"] = gan["frechet"] < mse["frechet"]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--presets", nargs="+", default=["mse-vs-gan", "the-race"], choices=sorted(PRESETS))
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--set", default="{}", help="JSON of settings to change in every preset (a sweep)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    changes = json.loads(args.set)
    for name in args.presets:
        cfg0 = PRESETS[name].config(**changes)
        print(f"\n## {name}: {cfg0.models}, mask {cfg0.mask}, {cfg0.steps} steps" + (f", {changes}" if changes else ""))
        print("| seed | model | confident | as real | Frechet | sharpness / real | variety | error | seconds |")
        print("|---|---|---|---|---|---|---|---|---|")
        verdicts: dict[str, list[bool]] = {}
        for seed in args.seeds:
            report, _ = run(PRESETS[name].config(**changes, seed=seed), eval_every=cfg0.steps)
            ref = report["reference"]
            for model, s in report["metrics"].items():
                print(
                    f"| {seed} | {MODEL_NAMES[model]} | {s['confident']:.0%} | {s['as_real']:.0%} | {s['frechet']:.0f} | "
                    f"{s['sharpness'] / ref['real_sharpness']:.0%} | {s['variety']:.3f} | {s['error']:.4f} | "
                    f"{report['seconds']:.1f} |"
                )
            print(
                f"| {seed} | real digits | {ref['real_confident']:.0%} | {ref['real_as_real']:.0%} | "
                f"{ref['real_frechet']:.0f} | 100% | | | |"
            )
            for check, ok in checks(report).items():
                verdicts.setdefault(check, []).append(ok)
            sys.stdout.flush()
        for check, oks in verdicts.items():
            print(f"- {check}: {'holds' if all(oks) else 'FAILS'} on {sum(oks)}/{len(oks)} seeds")


if __name__ == "__main__":
    main()
