"""A greedy learner beside an ordinary one, on one server (issue 19), measured without a browser.

    python benchmarks/greedy_learner.py [--window 10] [--pauses 5]

Two sessions of the lightweight websocket client (benchmarks/st_client.py): an ordinary learner
playing the 2-D lesson's default, and a greedy one playing the heaviest settings a live lesson
allows (about 0.3 s per D update, 20 updates an iteration). It prints the ordinary learner's
pictures per second alone and beside the greedy one (their ratio, measured in the same run), and
the greedy learner's Pause latency: from the click leaving the client to the server's answer
showing Play (median and worst of several presses). It also checks that the issue's maxed-out
link is refused. The browser is left out on purpose: on this 2-core machine Chromium's drawing
would take the cores the server is measured on.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.st_client import Session  # noqa: E402
from tests.e2e.conftest import start_server, stop  # noqa: E402

HEAVIEST = "g_width=256&d_width=256&g_layers=4&d_layers=4&batch_size=2048&k_d=10&k_g=10&loss=wgan_gp&r1_weight=0"
MAXED = (
    "g_width=256&d_width=256&g_layers=4&d_layers=4&batch_size=2048&k_d=10&k_g=10&loss=wgan_gp"
    "&gp_weight=100&r1_weight=100&minibatch_disc=1&pac=4"
)


async def pictures_per_s(s: Session, window: float) -> float:
    p0, t0 = s.stats.pictures, time.perf_counter()
    await asyncio.sleep(window)
    return (s.stats.pictures - p0) / (time.perf_counter() - t0)


def paused(s: Session) -> bool:
    return "Play" in s.buttons and "Pause" not in s.buttons and not s.running


async def measure(url: str, window: float, pauses: int) -> dict:
    out: dict = {}
    async with Session(url, "toy-2d", MAXED) as maxed:
        await maxed.wait_finished(120)
        out["maxed_refused"] = any("Too heavy for a shared server" in t for t in maxed.alerts)
    async with Session(url, "toy-2d") as ordinary, Session(url, "toy-2d", HEAVIEST) as greedy:
        await ordinary.wait_finished(120)
        await greedy.wait_finished(120)
        await ordinary.click("Play")
        await ordinary.wait_for(lambda x: x.step is not None and x.step > 0, 120)
        out["alone"] = await pictures_per_s(ordinary, window)
        latencies = []
        for _ in range(pauses):
            await greedy.click("Play")
            await greedy.wait_for(lambda x: "Pause" in x.buttons, 120)
            out["beside"] = await pictures_per_s(ordinary, window / pauses)  # the last window is reported
            sent = await greedy.click("Pause")
            latencies.append(await greedy.wait_for(paused, 120) - sent)
        out["pause"] = latencies
        out["greedy_updates"] = greedy.progress_text
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--window", type=float, default=10.0, help="seconds of pictures counted for each number")
    parser.add_argument("--pauses", type=int, default=5)
    args = parser.parse_args()
    proc, url = start_server()
    try:
        r = asyncio.run(measure(url, args.window, args.pauses))
    finally:
        stop(proc)
    print(
        "| maxed link refused | ordinary learner's pictures/s alone | beside the greedy one | ratio | greedy Pause s (median, worst) |"
    )
    print("|---|---|---|---|---|")
    print(
        f"| {'yes' if r['maxed_refused'] else 'NO'} | {r['alone']:.1f} | {r['beside']:.1f} | "
        f"{r['beside'] / r['alone']:.2f} | {statistics.median(r['pause']):.2f}, {max(r['pause']):.2f} |"
    )


if __name__ == "__main__":
    main()
