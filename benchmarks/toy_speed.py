"""Speed and convergence of the toy GAN engine against a plain tutorial-style loop, on this machine.

Table 1: training iterations/s (1 thread) of the default 1-D and 2-D configs and of the lessons'
converging presets, for gan_core's ToyTrainer and for the baseline loop (benchmarks/baseline.py)
with the same networks and batch, measured in the same run: median of --repeats runs.
Table 2: seconds (and steps) of training until the lesson's target first holds (1-D: W1 < 0.1;
ring8/grid25: every mode captured with high-quality fraction >= 0.5), median over --seeds seeds,
for each converging preset and for the baseline with the preset's networks, batch and learning
rates but none of its tricks. Evaluation time is not counted for either.

    python benchmarks/toy_speed.py [--repeats 5] [--seeds 5] [--skip-grid]
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from benchmarks.baseline import median, time_baseline, train_baseline  # noqa: E402
from gan_core.cli.toy import run_toy  # noqa: E402
from gan_core.toy.config import ToyConfig  # noqa: E402
from gan_core.toy.presets import PRESETS  # noqa: E402
from gan_core.toy.trainer import ToyTrainer  # noqa: E402


def time_trainer(cfg: ToyConfig, steps: int) -> float:
    t = ToyTrainer(dataclasses.replace(cfg, steps=steps + 50))
    t.step(50)  # warm-up
    t0 = time.perf_counter()
    t.step(steps)
    return steps / (time.perf_counter() - t0)


def report_final(m: dict[str, float]) -> str:
    """Final W1 (1-D) or modes@high-quality fraction (ring/grid), short."""
    if "w1" in m:
        return f"{m['w1']:.3f}"
    return f"{m['modes_captured']:.0f}@{m['high_quality_fraction']:.0%}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=500, help="iterations per speed measurement")
    ap.add_argument("--skip-grid", action="store_true", help="leave out grid25 in table 2 (slowest)")
    args = ap.parse_args()
    torch.set_num_threads(1)

    speed = {
        "default 1-D (ToyConfig())": ToyConfig(),
        "default 2-D (ring8)": ToyConfig(dataset="ring8"),
        "preset 1d-converges": PRESETS["1d-converges"].config(),
        "preset ring8-converges": PRESETS["ring8-converges"].config(),
    }
    print("Table 1: training iterations/s, 1 thread, median of", args.repeats, "runs")
    print("| config | gan_core it/s | baseline it/s | ratio |\n|---|---:|---:|---:|")
    for name, cfg in speed.items():
        ours = median([time_trainer(cfg, args.steps) for _ in range(args.repeats)])
        base = median([time_baseline(cfg, args.steps) for _ in range(args.repeats)])
        print(f"| {name} | {ours:.0f} | {base:.0f} | {ours / base:.2f} |", flush=True)

    names = ["1d-converges", "ring8-converges"] + ([] if args.skip_grid else ["grid25-converges"])
    print(f"\nTable 2: training seconds to the target, median of {args.seeds} seeds (steps in brackets)")
    print(
        "| preset | gan_core s (steps) | reached | baseline s (steps) | reached | budget | gan_core at the end "
        "(per seed) | baseline at the end |\n|---|---:|---:|---:|---:|---:|---|---|"
    )
    for name in names:
        ours, base, ours_final, base_final = [], [], [], []
        for seed in range(args.seeds):
            cfg = PRESETS[name].config(seed=seed)
            r = run_toy(cfg, eval_every=100)
            if r["steps_to_target"] is not None:
                # seconds at the target step, pro rata from the run's measured iterations/s
                ours.append((r["steps_to_target"] / r["iterations_per_second"], r["steps_to_target"]))
            ours_final.append(report_final(r["metrics"]))
            b = train_baseline(cfg, cfg.steps)
            base_final.append(report_final(b["final"]))
            if b["steps_to_target"] is not None:
                base.append((b["seconds_to_target"], b["steps_to_target"]))

        def cell(xs: list[tuple[float, int]]) -> str:
            if not xs:
                return "never"
            return f"{median([x[0] for x in xs]):.1f} ({median([x[1] for x in xs]):.0f})"

        print(
            f"| {name} | {cell(ours)} | {len(ours)}/{args.seeds} | {cell(base)} | {len(base)}/{args.seeds} | "
            f"{PRESETS[name].config().steps} | {' / '.join(ours_final)} | {' / '.join(base_final)} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
