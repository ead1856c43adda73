"""Seconds of training until the MNIST GAN draws recognisable digits.

"Recognisable": the evaluation classifier gives >= 60% of 256 fixed-noise samples confidence
>= 0.9, with >= 8 digit classes present. The clock counts training only (evaluations every
--eval-every steps are excluded), 1 torch thread. Median over seeds.

    python benchmarks/mnist_time_to_digits.py                   # the "Fast digits" preset, 3 seeds
    python benchmarks/mnist_time_to_digits.py --preset fast-digits --set lr_g=2e-4 --seeds 0 1
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from gan_core.digits import metrics as image_metrics  # noqa: E402
from gan_core.digits.config import MNIST_PRESETS  # noqa: E402
from gan_core.digits.trainer import MnistTrainer  # noqa: E402
from gan_core.settings import from_dict  # noqa: E402


def time_to_digits(cfg, limit_s: float, eval_every: int) -> tuple[float | None, int, dict]:
    trainer = MnistTrainer(cfg)
    seconds = 0.0
    m: dict = {}
    while seconds < limit_s and not trainer.finished:
        t0 = time.perf_counter()
        trainer.step(eval_every)
        seconds += time.perf_counter() - t0
        m = trainer.evaluate()
        if image_metrics.recognisable(m):
            return seconds, trainer.step_count, m
    return None, trainer.step_count, m


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--preset", default="fast-digits", choices=sorted(MNIST_PRESETS))
    ap.add_argument("--set", nargs="*", default=[], metavar="FIELD=VALUE", help="override config fields")
    ap.add_argument("--seeds", nargs="*", type=int, default=[0, 1, 2])
    ap.add_argument("--limit", type=float, default=180.0, help="give up after this many training seconds")
    ap.add_argument("--eval-every", type=int, default=50)
    args = ap.parse_args()
    torch.set_num_threads(1)
    overrides = dict(kv.split("=", 1) for kv in args.set)
    base = MNIST_PRESETS[args.preset].config(steps=50_000)
    cfg = from_dict(overrides, base)
    print(f"preset {args.preset} {overrides or ''}\n")
    print("| seed | seconds to recognisable digits | steps | confident | classes | Frechet |")
    print("|---|---|---|---|---|---|")
    times = []
    for seed in args.seeds:
        secs, steps, m = time_to_digits(from_dict({"seed": seed}, cfg), args.limit, args.eval_every)
        times.append(secs if secs is not None else float("inf"))
        shown = f"{secs:.1f}" if secs is not None else f"not within {args.limit:.0f} s"
        print(
            f"| {seed} | {shown} | {steps} | {m.get('confident', 0):.0%} | {m.get('classes', 0):.0f} | "
            f"{m.get('frechet', float('nan')):.0f} |",
            flush=True,
        )
    med = statistics.median(times)
    print(f"\nmedian: {med:.1f} s" if med != float("inf") else "\nmedian: not reached")


if __name__ == "__main__":
    main()
