"""Refresh rate and training throughput of the live toy lessons in headless Chromium.

Starts `streamlit run app.py` on a free localhost port, opens each lesson from a deep link, presses
Play, and for WINDOW seconds counts how often the step counter in the page changes (a
MutationObserver in the page: one count per redraw the learner sees) and how far the step moves.
Prints a table; compare it with `python benchmarks/toy_speed.py` (headless iterations/s).
Then, per converging preset, the wall-clock seconds from pressing Play to the progress bar's
"converged at" (the lesson's target: W1 < 0.1, or all ring modes captured at >= 50% high quality),
and the server's resident memory. With --memory S it also samples the page's JS heap while playing
for S seconds and prints the median of the first and second half (flat = no growth).
Where the time goes, per redraw: the websocket bytes and messages the server sent, and the share of
the window the browser's main thread spent in long animation frames (> 50 ms: script, layout, paint).

    python benchmarks/browser_refresh.py [--window 10] [--repeats 3] [--memory 180]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS, start_server  # noqa: E402
from ui.housekeeping import resident_mib  # noqa: E402

OBSERVE = """() => {
  window.__updates = 0;
  new MutationObserver(() => { window.__updates += 1; }).observe(document.body, {subtree: true, characterData: true, childList: true});
  window.__stepText = () => document.querySelector('[data-testid=stProgress]')?.innerText || '';
  let last = window.__stepText(); window.__redraws = 0;
  // the browser's share: main-thread time in frames longer than 50 ms (script, style, layout, paint)
  window.__busy = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__busy += e.duration; })
    .observe({type: 'long-animation-frame', buffered: false});
  setInterval(() => { const t = window.__stepText(); if (t !== last) { window.__redraws += 1; last = t; } }, 20);
}"""
STEP = re.compile(r"Step ([\d,]+) of")
LESSONS = {"toy-1d": "/toy-1d?seed=0&steps=100000", "toy-2d": "/toy-2d?seed=0&steps=100000"}


def step_of(page) -> int:
    m = STEP.search(page.evaluate("() => window.__stepText()"))
    return int(m.group(1).replace(",", "")) if m else 0


def measure(browser, url: str, window: float, memory_s: float) -> dict[str, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    received = [0, 0]  # websocket messages and bytes from the server

    def on_frame(payload: str | bytes) -> None:
        received[0] += 1
        received[1] += len(payload)

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    page.goto(url)
    page.get_by_role("button", name="Play").wait_for(timeout=60_000)
    page.evaluate(OBSERVE)
    page.get_by_role("button", name="Play").click()
    page.get_by_role("button", name="Pause").wait_for(timeout=20_000)
    time.sleep(2.0)  # warm-up: first chunk, chart creation
    r0, s0, t0 = page.evaluate("() => window.__redraws"), step_of(page), time.perf_counter()
    m0, b0, busy0 = received[0], received[1], page.evaluate("() => window.__busy")
    time.sleep(window)
    r1, s1, t1 = page.evaluate("() => window.__redraws"), step_of(page), time.perf_counter()
    m1, b1, busy1 = received[0], received[1], page.evaluate("() => window.__busy")
    heap: list[float] = []
    end = time.perf_counter() + memory_s
    while time.perf_counter() < end:
        # after a forced full GC (Chromium started with --expose-gc): live memory, not GC timing
        heap.append(page.evaluate("() => { window.gc(); return performance.memory.usedJSHeapSize; }") / 2**20)
        time.sleep(5)
    page.get_by_role("button", name="Pause").click()
    page.close()
    redraws = max(r1 - r0, 1)
    out = {
        "refresh_per_s": (r1 - r0) / (t1 - t0),
        "iterations_per_s": (s1 - s0) / (t1 - t0),
        "kb_per_redraw": (b1 - b0) / redraws / 1000,
        "messages_per_redraw": (m1 - m0) / redraws,
        "browser_busy_share": (busy1 - busy0) / 1000 / (t1 - t0),
    }
    if len(heap) >= 4:
        half = len(heap) // 2
        out["heap_first_half_mb"] = statistics.median(heap[:half])
        out["heap_second_half_mb"] = statistics.median(heap[half:])
        out["heap_series"] = heap
    return out


def time_to_converged(browser, url: str, preset_label: str, limit: float = 120.0) -> float | None:
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(url)
    page.get_by_role("button", name=preset_label, exact=True).click()
    page.get_by_role("button", name="Play").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Play").click()
    t0 = time.perf_counter()
    try:
        page.wait_for_function(
            "() => (document.querySelector('[data-testid=stProgress]')?.innerText || '').includes('converged at')",
            timeout=limit * 1000,
            polling=100,
        )
        return time.perf_counter() - t0
    except Exception:
        return None
    finally:
        page.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--window", type=float, default=10.0)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--memory", type=float, default=0.0, help="also sample JS heap for this many seconds")
    ap.add_argument("--memory-only", action="store_true", help="skip the refresh and convergence tables")
    ap.add_argument("--lesson", action="append", choices=sorted(LESSONS), help="only these lessons (default: both)")
    ap.add_argument(
        "--server-arg",
        action="append",
        default=[],
        help="extra `streamlit run` flag, e.g. "
        "--server-arg=--global.minCachedMessageSize=10000 (Streamlit's default, for comparison)",
    )
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    lessons = {k: v for k, v in LESSONS.items() if not args.lesson or k in args.lesson}
    proc, base = start_server(extra_args=tuple(args.server_arg))
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=LAUNCH_ARGS + ["--enable-precise-memory-info", "--js-flags=--expose-gc"]
            )
            if not args.memory_only:
                print(
                    f"{'lesson':8s} {'refresh/s (median)':>19s} {'iterations/s (median)':>22s} {'kB/redraw':>10s} "
                    f"{'msgs/redraw':>12s} {'browser busy':>13s}  runs"
                )
                for name, path in lessons.items():
                    runs = [measure(browser, base + path, args.window, 0) for _ in range(args.repeats)]
                    rr = statistics.median(r["refresh_per_s"] for r in runs)
                    it = statistics.median(r["iterations_per_s"] for r in runs)
                    detail = ", ".join(f"{r['refresh_per_s']:.1f}/s {r['iterations_per_s']:.0f}it/s" for r in runs)
                    kb = statistics.median(r["kb_per_redraw"] for r in runs)
                    msgs = statistics.median(r["messages_per_redraw"] for r in runs)
                    busy = statistics.median(r["browser_busy_share"] for r in runs)
                    print(f"{name:8s} {rr:19.1f} {it:22.0f} {kb:10.0f} {msgs:12.1f} {busy:13.0%}  {detail}", flush=True)
                before = resident_mib(proc.pid)
                print(f"\nserver memory after the refresh runs: {before:.0f} MiB resident")
                print("\n| preset | seconds from Play to 'converged' (median) | runs |\n|---|---:|---|")
                converging = (("/toy-1d", "It converges"), ("/toy-2d", "It converges: ring of 8"))
                for lesson, label in converging:
                    runs = [time_to_converged(browser, base + lesson, label) for _ in range(args.repeats)]
                    ok = [r for r in runs if r is not None]
                    med = f"{statistics.median(ok):.1f}" if ok else "never"
                    print(
                        f"| {lesson} {label} | {med} | {', '.join('never' if r is None else f'{r:.1f}' for r in runs)} |",
                        flush=True,
                    )
                after, n = resident_mib(proc.pid), 2 * args.repeats
                print(
                    f"server memory: {after:.0f} MiB resident; the {n} sessions above (each trained to convergence, "
                    f"kept for Streamlit's disconnected-session TTL) added {(after - before) / max(n, 1):.1f} MiB each"
                )
            if args.memory:
                for name, path in lessons.items():
                    r = measure(browser, base + path, 1.0, args.memory)
                    print(
                        f"{name}: JS heap median first half {r['heap_first_half_mb']:.1f} MiB, "
                        f"second half {r['heap_second_half_mb']:.1f} MiB over {args.memory:.0f} s of play "
                        f"(every 5 s after a forced GC: {', '.join(f'{x:.0f}' for x in r['heap_series'])})"
                    )
            browser.close()
    finally:
        proc.kill()


if __name__ == "__main__":
    main()
