"""Where every preset stands: final metrics and health flags over several seeds, on this machine.

Trains each preset to its budget exactly as the lesson does (evaluating every 100 steps) and
prints a Markdown table: the preset, what it is meant to show, per-seed final metrics, the flags
the health monitor raised during the run and at the end, and training seconds.

    python benchmarks/presets_table.py [--seeds 3] [--only NAME ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from gan_core.toy.presets import PRESETS  # noqa: E402
from gan_core.toy.trainer import ToyTrainer  # noqa: E402


def summarise(m: dict[str, float], percent_digits: int = 0) -> str:
    """A run's headline metric: W1 in 1-D, modes and high quality on ring/grid, else JS."""
    if "w1" in m:
        return f"W1 {m['w1']:.3f}"
    if "modes_captured" in m:
        return f"{m['modes_captured']:.0f} modes, high quality {m['high_quality_fraction']:.{percent_digits}%}"
    return f"JS {m['js']:.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--only", nargs="*", help="preset names (default: all)")
    args = ap.parse_args()
    torch.set_num_threads(1)
    print("| preset | shows | final metrics per seed | flags seen (all seeds) | flags at the end | s (median) |")
    print("|---|---|---|---|---|---:|")
    for name in args.only or PRESETS:
        finals, seen_all, end_all, secs = [], set(), set(), []
        for seed in range(args.seeds):
            t = ToyTrainer(PRESETS[name].config(seed=seed))
            seconds = 0.0
            while not t.finished and t.diverged is None:
                t0 = time.perf_counter()
                t.step(100)
                seconds += time.perf_counter() - t0
                t.evaluate()
                seen_all |= {f.name for f in t.flags}
            finals.append(summarise(t.evaluate()))
            end_all |= {f.name for f in t.flags}
            secs.append(seconds)
        p = PRESETS[name]
        print(
            f"| {name} | {p.expect.replace('_', ' ')} | {'; '.join(finals)} | {', '.join(sorted(seen_all)) or '-'} | "
            f"{', '.join(sorted(end_all)) or '-'} | {statistics.median(secs):.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
