"""How fast the "Put a GAN on it" lesson shows its point, on this machine.

Table 1: training iterations/s (1 thread; one iteration updates every model once), median of
--repeats runs of --steps iterations after a warm-up, for each preset.
Table 2: for each preset with several answers per x, the training seconds (and steps) until the
GAN's on-branch fraction first beats the MSE model's by 40 points (the lesson's target: scored every
--eval-every steps; scoring time not counted), median over --seeds seeds, and both models' scores
at the end of the budget.
With --browser N: the same for a learner, in headless Chromium against `streamlit run app.py`: the
wall-clock seconds from pressing Play on the default lesson (seeds 0..N-1) until the progress line
says the GAN clearly looks more real, and the iterations/s the page shows then.

    python benchmarks/learned_loss_speed.py [--repeats 5] [--seeds 5] [--steps 500] [--eval-every 25]
                                            [--browser 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from gan_core.cli.learned_loss import run  # noqa: E402
from gan_core.learned_loss.config import LearnedLossConfig  # noqa: E402
from gan_core.learned_loss.presets import PRESETS  # noqa: E402
from gan_core.learned_loss.tasks import TASK_INFO  # noqa: E402
from gan_core.learned_loss.trainer import LearnedLossTrainer  # noqa: E402


def iterations_per_second(cfg: LearnedLossConfig, steps: int) -> float:
    t = LearnedLossTrainer(dataclasses.replace(cfg, steps=steps + 50), n_eval=100)
    t.step(50)  # warm-up
    t0 = time.perf_counter()
    t.step(steps)
    return steps / (time.perf_counter() - t0)


def browser_times(seeds: int) -> list[tuple[float, float]]:
    """(seconds from Play to the target on the progress line, iterations/s shown) per seed."""
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS, start_server

    proc, base = start_server()
    out = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            for seed in range(seeds):
                context = browser.new_context(viewport={"width": 1400, "height": 1400})
                page = context.new_page()
                page.goto(f"{base}/put-a-gan-on-it?seed={seed}")
                page.get_by_role("button", name="Play").wait_for(timeout=60_000)
                page.wait_for_timeout(500)
                page.get_by_role("button", name="Play").click()
                t0 = time.perf_counter()
                page.wait_for_function(
                    "() => /looks more real/.test(document.querySelector('[data-testid=stProgress]')?.innerText || '')",
                    timeout=60_000,
                    polling=20,
                )
                seconds = time.perf_counter() - t0
                text = page.get_by_test_id("stProgress").first.inner_text()
                rate = re.search(r"([\d,]+) iterations/s", text)
                out.append((seconds, float(rate.group(1).replace(",", "")) if rate else float("nan")))
                context.close()
            browser.close()
    finally:
        proc.terminate()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=500, help="iterations per speed measurement")
    ap.add_argument("--eval-every", type=int, default=25, help="scoring interval while looking for the target")
    ap.add_argument("--presets", nargs="*", default=list(PRESETS), help="which presets (default: all)")
    ap.add_argument("--browser", type=int, default=0, metavar="N", help="also time N seeds in Chromium")
    args = ap.parse_args()
    torch.set_num_threads(1)
    if args.browser:
        times = browser_times(args.browser)
        print(
            f"Browser, default lesson, seeds 0-{args.browser - 1}: seconds from Play to 'the GAN clearly looks more real'"
        )
        print(" / ".join(f"{s:.1f}" for s, _ in times), f"(median {statistics.median(s for s, _ in times):.1f} s);")
        print("iterations/s shown:", " / ".join(f"{r:.0f}" for _, r in times), "\n")

    print(f"Table 1: training iterations/s, 1 thread, median of {args.repeats} runs of {args.steps} iterations")
    print("| preset | models | it/s |\n|---|---|---:|")
    for name in args.presets:
        cfg = PRESETS[name].config()
        rate = statistics.median(iterations_per_second(cfg, args.steps) for _ in range(args.repeats))
        models = "MSE, GAN, MSE + GAN" if cfg.mixed else "MSE, GAN"
        print(f"| {name} | {models} | {rate:.0f} |", flush=True)

    print(
        f"\nTable 2: training seconds (steps) until the GAN is 40 points more often on a branch than the MSE "
        f"model, median of {args.seeds} seeds; scores at the end of the budget (median over seeds)"
    )
    print(
        "| preset | seconds to target (steps) | reached | budget | MSE model: MSE, on branch | GAN: MSE, on branch "
        "| MSE + GAN: MSE, on branch | GAN on branch per seed | best MSE | real on branch |"
        "\n|---|---:|---:|---:|---|---|---|---|---:|---:|"
    )
    for name in args.presets:
        base = PRESETS[name].config()
        if TASK_INFO[base.task].n_branches < 2:
            continue
        reports = [run(dataclasses.replace(base, seed=s), args.eval_every) for s in range(args.seeds)]
        hits = [r for r in reports if r["steps_to_target"] is not None]
        secs = statistics.median(r["seconds_to_target"] for r in hits) if hits else float("nan")
        steps = statistics.median(r["steps_to_target"] for r in hits) if hits else float("nan")

        def med(model: str, key: str, rs: list = reports) -> float:
            return statistics.median(r["metrics"][model][key] for r in rs)

        mix = f"{med('mix', 'error'):.3f}, {med('mix', 'on_branch'):.0%}" if base.mixed else "-"
        per_seed = " / ".join(f"{r['metrics']['gan']['on_branch']:.0%}" for r in reports)
        print(
            f"| {name} | {secs:.2f} ({steps:.0f}) | {len(hits)}/{len(reports)} | {base.steps} "
            f"| {med('mse', 'error'):.3f}, {med('mse', 'on_branch'):.0%} | {med('gan', 'error'):.3f}, "
            f"{med('gan', 'on_branch'):.0%} | {mix} | {per_seed} | {statistics.median(r['reference']['best_error'] for r in reports):.3f} "
            f"| {statistics.median(r['reference']['real_on_branch'] for r in reports):.0%} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
