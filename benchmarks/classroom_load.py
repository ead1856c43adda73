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
p95), the server's CPU and resident memory, errors and exceptions.

Memory: before the first class, one learner visits every page (and plays each live lesson for a
few seconds) and leaves; once its session is dropped, the server's resident size is the warm
baseline (torch, datasets, the classifier and the pretrained generator, loaded once per process).
The largest class then runs --again more times (a second class after the first: memory must not
creep). After the last class every session closes and the script watches the server's memory for
--ttl-wait seconds: it should come back near that baseline. The server runs with a short
disconnected-session TTL and housekeeping interval (ui/housekeeping.py) so this fits in the run.

    python benchmarks/classroom_load.py                      # N = 1 5 10 20 30 30, 20 s each
    python benchmarks/classroom_load.py --window 15 --by-page   # the README's table, per-page latency
    python benchmarks/classroom_load.py --sizes 5 30 --window 30 --server-arg=--runner.postScriptGC=true
    python benchmarks/classroom_load.py --class          # a class joins and answers the bank (classroom_class.py)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.st_client import Session  # noqa: E402
from tests.e2e.conftest import start_server, stop  # noqa: E402
from ui.housekeeping import resident_mib  # noqa: E402

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
HOUSEKEEPING_S = 5


def proc_stats(pid: int) -> tuple[float, float]:
    """(CPU seconds used so far, resident MiB) of a process, from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return cpu, resident_mib(pid)


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


async def warm_up(url: str, pages: dict) -> None:
    """One learner visits every page, plays each live lesson for a few seconds, and leaves."""
    for page, query in pages["training"] + pages["browsing"]:
        async with Session(url, page, query) as s:
            await s.wait_finished(120)
            if "Play" in s.buttons:
                await s.click("Play")
                await asyncio.sleep(3)
                await s.click("Pause")
                await s.wait_for(lambda x: "Play" in x.buttons and not x.running, 60)


def settle(pid: int, seconds: float, label: str) -> float:
    """Watch the server's resident memory every 5 s for ``seconds``; returns the last reading."""
    t0 = time.perf_counter()
    rss = proc_stats(pid)[1]
    while time.perf_counter() - t0 < seconds:
        time.sleep(5)
        rss = proc_stats(pid)[1]
        print(f"  {label} +{time.perf_counter() - t0:.0f} s: {rss:.0f} MiB", flush=True)
    return rss


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
    ap.add_argument(
        "--again", type=int, default=1, help="then run the largest class this many more times (memory must not creep)"
    )
    ap.add_argument("--by-page", action="store_true", help="also print browsing latency per page")
    ap.add_argument("--server-arg", action="append", default=[], help="extra `streamlit run` flag")
    ap.add_argument(
        "--class",
        dest="class_mode",
        action="store_true",
        help="instead: --learners join one class and answer the whole bank (benchmarks/classroom_class.py)",
    )
    ap.add_argument("--learners", type=int, default=30, help="with --class: the class's size")
    ap.add_argument("--databases", nargs="*", default=["sqlite", "postgres"], choices=["sqlite", "postgres"])
    ap.add_argument("--postgres-url", help="with --class: a PostgreSQL server (default: start a throw-away one)")
    args = ap.parse_args()
    if args.class_mode:
        from benchmarks.classroom_class import run

        run(args.learners, args.databases, args.postgres_url)
        return
    extra = ("--server.disconnectedSessionTTL", str(TTL_S), *args.server_arg)
    log = Path(tempfile.mkstemp(prefix="classroom-load-", suffix=".log")[1])
    env = {"GAN_CLASSROOM_HOUSEKEEPING_S": str(HOUSEKEEPING_S)}
    proc, url = start_server(extra_args=extra, log=log, env=env)
    try:
        pages = {"training": list(TRAINING), "browsing": list(BROWSING)}
        for path, (file, kind, query) in EXTRA.items():
            if (ROOT / "lessons" / file).exists():
                pages[kind].append((path, query))
        time.sleep(2)
        rss_cold = proc_stats(proc.pid)[1]
        print(f"server pid {proc.pid}, log {log}; cold: {rss_cold:.0f} MiB resident; pages: {pages}", flush=True)
        print("warm-up: one learner visits every page and leaves", flush=True)
        asyncio.run(warm_up(url, pages))
        baseline = settle(proc.pid, TTL_S + 2 * HOUSEKEEPING_S + 5, "warm-up closed")
        print(f"warm baseline: {baseline:.0f} MiB\n", flush=True)
        print(
            "| N | training / browsing | pictures/s per trainer (median, worst) | steps in window (worst) | "
            "Pause latency s (median, worst) | interaction s (p50, p95) | server CPU | server MiB | errors |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        peak = baseline
        for n in args.sizes + [max(args.sizes)] * args.again:
            cpu_a, _ = proc_stats(proc.pid)
            t_a = time.perf_counter()
            client_cpu = time.process_time()
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
                f"{f'{pct(lat, 0.5):.2f}, {pct(lat, 0.95):.2f}' if lat else '-'} | {cpu_pct:.0f}% | {rss:.0f} | "
                f"{res['errors'] + len(res['exceptions'])} |",
                flush=True,
            )
            if args.by_page and browsers:
                by_page: dict[str, list[float]] = {}
                for r in browsers:
                    by_page.setdefault(r["page"], []).extend(r.get("latencies", []))
                print(
                    "    by page (p50, p95, max, count): "
                    + "; ".join(
                        f"{p} {pct(v, 0.5):.2f}/{pct(v, 0.95):.2f}/{max(v):.2f}/{len(v)}"
                        for p, v in by_page.items()
                        if v
                    )
                    + f"; load client CPU {100 * (time.process_time() - client_cpu) / (time.perf_counter() - t_a):.0f}%",
                    flush=True,
                )
            for e in res["exceptions"][:3]:
                print(f"  exception: {e}", flush=True)
        print(
            f"\nmemory: warm baseline {baseline:.0f} MiB, peak {peak:.0f} MiB; every session closed "
            f"(disconnected-session TTL {TTL_S} s, housekeeping every {HOUSEKEEPING_S} s):",
            flush=True,
        )
        rss = settle(proc.pid, args.ttl_wait, "class closed")
        print(
            f"after {args.ttl_wait:.0f} s: {rss:.0f} MiB, {rss - baseline:+.0f} MiB against the warm baseline",
            flush=True,
        )
        for line in log.read_text(errors="replace").splitlines():
            if "Housekeeping" in line:
                print("  server:", line.split("Housekeeping", 1)[1].lstrip(": "), flush=True)
    finally:
        stop(proc)


if __name__ == "__main__":
    main()
