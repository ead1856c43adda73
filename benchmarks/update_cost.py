"""The cost model of gan_core/cost.py against the clock: for a range of settings, the estimated and
the measured seconds of one D update and one G update (median of several), and their ratio.

    python benchmarks/update_cost.py [--repeats 5]

A ratio near 1 means the estimate is right; the live lessons refuse settings whose estimate is over
cost.MAX_UPDATE_S, so what matters most is that no heavy combination is estimated far too low.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

from gan_core import cost
from gan_core.digits import cost as digits_cost
from gan_core.digits.config import MnistConfig
from gan_core.digits.trainer import MnistTrainer
from gan_core.learned_loss import cost as learned_loss_cost
from gan_core.learned_loss.config import LearnedLossConfig
from gan_core.learned_loss.trainer import LearnedLossTrainer
from gan_core.toy import cost as toy_cost
from gan_core.toy.config import ToyConfig
from gan_core.toy.trainer import ToyTrainer

TOY = {
    "default 2-D": {},
    "width 256, depth 4": dict(g_width=256, d_width=256, g_layers=4, d_layers=4),
    "batch 2048": dict(batch_size=2048),
    "wide, batch 1024": dict(g_width=256, d_width=256, g_layers=4, d_layers=4, batch_size=1024),
    "wgan-gp, batch 1024": dict(loss="wgan_gp", batch_size=1024),
    "r1 + wgan-gp, wide, batch 512": dict(
        loss="wgan_gp", r1_weight=1.0, g_width=256, d_width=256, g_layers=4, d_layers=4, batch_size=512
    ),
    "minibatch disc, batch 2048": dict(minibatch_disc=True, batch_size=2048),
    "minibatch disc, pac 4, batch 2048": dict(minibatch_disc=True, pac=4, batch_size=2048),
    "heaviest allowed in the browser test": dict(
        g_width=256, d_width=256, g_layers=4, d_layers=4, batch_size=2048, k_d=10, k_g=10, loss="wgan_gp"
    ),
    "the issue's maxed link": dict(
        g_width=256,
        d_width=256,
        g_layers=4,
        d_layers=4,
        batch_size=2048,
        k_d=10,
        k_g=10,
        loss="wgan_gp",
        gp_weight=100,
        r1_weight=100,
        minibatch_disc=True,
        pac=4,
    ),
}
MNIST = {
    "default": {},
    "width 64": dict(width=64),
    "width 64, batch 256": dict(width=64, batch_size=256),
    "width 128, batch 128": dict(width=128, batch_size=128),
    "maxed (width 128, batch 256)": dict(width=128, batch_size=256),
    "fc, width 128, batch 256": dict(arch="fc", width=128, batch_size=256),
    "conditional, width 96, batch 256": dict(conditional=True, width=96, batch_size=256),
    "width 64, batch 96": dict(width=64, batch_size=96),
    "width 128, batch 32": dict(width=128, batch_size=32),
}
LEARNED_LOSS = {
    "default": {},
    "width 256, depth 4, batch 1024": dict(width=256, hidden_layers=4, batch_size=1024),
    "width 256, depth 4, batch 2048, mixed": dict(width=256, hidden_layers=4, batch_size=2048, mixed=True),
    "width 128, depth 4, batch 2048, mixed": dict(width=128, hidden_layers=4, batch_size=2048, mixed=True),
}


def _median_s(fn, repeats: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    torch.set_num_threads(1)  # as the server runs
    print(
        f"| lesson | settings | D est. s | D meas. s | ratio | G est. s | G meas. s | ratio | allowed (limit {cost.MAX_UPDATE_S:g} s) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for family, table, make, estimate in (
        ("toy", TOY, lambda kw: ToyTrainer(ToyConfig(dataset="ring8", **kw)), lambda t: toy_cost.estimate(t.cfg)),
        ("mnist", MNIST, lambda kw: MnistTrainer(MnistConfig(**kw)), lambda t: digits_cost.estimate(t.cfg)),
        (
            "learned loss",
            LEARNED_LOSS,
            lambda kw: LearnedLossTrainer(LearnedLossConfig(**kw)),
            lambda t: learned_loss_cost.estimate(t.cfg),
        ),
    ):
        for name, kw in table.items():
            trainer = make(kw)
            est = estimate(trainer)
            if family == "learned loss":  # one update per iteration: shown as D, no G column
                d, g = _median_s(trainer._iteration, args.repeats), float("nan")
            else:
                d = _median_s(trainer._d_update, args.repeats)
                g = _median_s(trainer._g_update, args.repeats)
            print(
                f"| {family} | {name} | {est.d_update:.3f} | {d:.3f} | {est.d_update / d:.2f} | "
                f"{est.g_update:.3f} | {g:.3f} | {est.g_update / g if g == g else float('nan'):.2f} | {'yes' if est.allowed else 'no'} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
