"""A class of N learners against one `streamlit run app.py` server on localhost.

Each learner is a lightweight client of Streamlit's websocket protocol (benchmarks/st_client.py):
it asks for a page, clicks buttons and re-runs fragments on the server's timers exactly as a
browser tab does, but draws nothing. Browser contexts would measure Chromium on this 2-core
machine, not the server: 30 tabs drawing Plotly would take the cores the server needs.

Half the learners train (Play on the live lessons, round-robin), half click through lessons
that do not train (quiz, intro, Home, and the other lessons' pages without pressing Play), one
interaction every --interval seconds. For each N it reports: pictures per second per training
learner (median, worst), steps each training run advanced (the worst one shows starvation),
Pause latency (click to the page showing Play again), interaction latency of the others (p50,
p95), the server's CPU and resident memory, errors and exceptions. After the last N it closes
every session and watches the server's memory for --ttl-wait seconds (the server runs with a
short disconnected-session TTL so sessions are dropped within the run).

    python benchmarks/classroom_load.py                      # N = 1 5 10 20 30, 20 s each
    python benchmarks/classroom_load.py --sizes 5 30 --window 30 --server-arg=--runner.postScriptGC=true
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.st_client import Session  # noqa: E402
from tests.e2e.conftest import start_server  # noqa: E402

# Live lessons and a link that keeps them training for the whole window.
TRAINING = [
    ("toy-1d", "steps=50000"),
    ("toy-2d", "steps=50000"),
    ("mnist", "steps=50000"),
    ("toy-2d", "dataset=grid25&steps=50000"),
]
BROWSING = [("quiz", ""), ("what-is-a-gan", ""), ("home", ""), ("mnist", "")]
# Lessons added once they exist: url path -> (file, kind, query)
EXTRA = {"put-a-gan-on-it": ("learned_loss.py", "training", "steps=50000"), "dcgan": ("dcgan.py", "browsing", "")}
TTL_S = 15


def proc_stats(pid: int) -> tuple[float, float]:
    """(CPU seconds used so far, resident MiB) of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024
    return cpu, rss


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


async def learner_training(s: Session, window: float, out: dict) -> None:
    await s.wait_finished(120)
    await s.click("Play")
    await s.wait_for(lambda x: x.step is not None and x.step > 0, 120)
    first_step, pictures0, t0 = s.step, s.stats.pictures, time.perf_counter()
    await asyncio.sleep(window)
    out["pictures_per_s"] = (s.stats.pictures - pictures0) / (time.perf_counter() - t0)
    out["steps"] = (s.step or 0) - first_step
    sent = await s.click("Pause")
    done = await s.wait_for(lambda x: "Play" in x.buttons and "Pause" not in x.buttons and not x.running, 120)
    out["pause_s"] = done - sent


async def learner_browsing(s: Session, window: float, interval: float, out: dict) -> None:
    await s.wait_finished(120)
    latencies = []
    t_end = time.perf_counter() + window
    while time.perf_counter() < t_end:
        await asyncio.sleep(interval)
        label = "Check" if "Check" in s.buttons else None
        sent = time.perf_counter()
        if label:
            await s.click(label)
        else:
            await s.rerun()
        await s.wait_finished(120)
        latencies.append(time.perf_counter() - sent)
    out["latencies"] = latencies


async def one_class(url: str, n: int, window: float, interval: float, pages: dict) -> dict:
    sessions, tasks, results = [], [], []
    n_train = (n + 1) // 2
    for i in range(n):
        if i < n_train:
            page, query = pages["training"][i % len(pages["training"])]
        else:
            page, query = pages["browsing"][(i - n_train) % len(pages["browsing"])]
        s = Session(url, page, query)
        await s.connect()
        sessions.append(s)
        out: dict = {"page": page, "training": i < n_train}
        results.append(out)
        if i < n_train:
            tasks.append(learner_training(s, window, out))
        else:
            tasks.append(learner_browsing(s, window, interval, out))
    try:
        await asyncio.gather(*tasks)
    finally:
        errors = sum(len(s.stats.errors) for s in sessions)
        exceptions = [e for s in sessions for e in s.stats.exceptions]
        for s in sessions:
            await s.close()
    return {"results": results, "errors": errors, "exceptions": exceptions}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="*", type=int, default=[1, 5, 10, 20, 30])
    ap.add_argument("--window", type=float, default=20.0, help="seconds of measurement per class size")
    ap.add_argument("--interval", type=float, default=2.0, help="seconds between a browsing learner's clicks")
    ap.add_argument("--ttl-wait", type=float, default=40.0, help="seconds to watch memory after closing")
    ap.add_argument("--server-arg", action="append", default=[], help="extra `streamlit run` flag")
    args = ap.parse_args()
    extra = ("--server.disconnectedSessionTTL", str(TTL_S), *args.server_arg)
    proc, url = start_server(extra_args=extra)
    try:
        pages = {"training": list(TRAINING), "browsing": list(BROWSING)}
        for path, (file, kind, query) in EXTRA.items():
            if (ROOT / "lessons" / file).exists():
                pages[kind].append((path, query))
        time.sleep(2)
        cpu0, rss0 = proc_stats(proc.pid)
        print(f"server pid {proc.pid}; idle: {rss0:.0f} MiB resident; pages: {pages}\n", flush=True)
        print(
            "| N | training / browsing | pictures/s per trainer (median, worst) | steps in window (worst) | "
            "Pause latency s (median, worst) | interaction s (p50, p95) | server CPU | server MiB | errors |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        peak = rss0
        for n in args.sizes:
            cpu_a, _ = proc_stats(proc.pid)
            t_a = time.perf_counter()
            res = asyncio.run(one_class(url, n, args.window, args.interval, pages))
            cpu_b, rss = proc_stats(proc.pid)
            peak = max(peak, rss)
            cpu_pct = 100 * (cpu_b - cpu_a) / (time.perf_counter() - t_a)
            trainers = [r for r in res["results"] if r["training"]]
            browsers = [r for r in res["results"] if not r["training"]]
            pics = [r.get("pictures_per_s", 0.0) for r in trainers]
            steps = [r.get("steps", 0) for r in trainers]
            pauses = [r.get("pause_s", float("nan")) for r in trainers]
            lat = [x for r in browsers for x in r.get("latencies", [])]
            print(
                f"| {n} | {len(trainers)} / {len(browsers)} | {statistics.median(pics):.1f}, {min(pics):.1f} | "
                f"{min(steps):,} | {statistics.median(pauses):.2f}, {max(pauses):.2f} | "
                f"{pct(lat, 0.5):.2f}, {pct(lat, 0.95):.2f} | {cpu_pct:.0f}% | {rss:.0f} | "
                f"{res['errors'] + len(res['exceptions'])} |",
                flush=True,
            )
            for e in res["exceptions"][:3]:
                print(f"  exception: {e}", flush=True)
        print(
            f"\nmemory: idle {rss0:.0f} MiB, peak {peak:.0f} MiB; after closing every session "
            f"(disconnected-session TTL {TTL_S} s):",
            flush=True,
        )
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < args.ttl_wait:
            time.sleep(10)
            print(f"  +{time.perf_counter() - t0:.0f} s: {proc_stats(proc.pid)[1]:.0f} MiB", flush=True)
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
