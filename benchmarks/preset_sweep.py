"""Try a change to a toy preset on several seeds: final metrics and training seconds per seed.

Trains the preset with the changes (a JSON object of ToyConfig fields) to its budget with the
lesson's trainer, evaluates once at the end, and prints one line per seed and a summary line. The
records tables in docs/performance.md ("Toy records") were made with it.

    python benchmarks/preset_sweep.py grid25-converges '{"d_layers": 4}' --seeds 0 1 2 3 4
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from benchmarks.presets_table import summarise  # noqa: E402
from gan_core.toy.presets import PRESETS  # noqa: E402
from gan_core.toy.trainer import ToyTrainer  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("preset", choices=sorted(PRESETS))
    ap.add_argument("changes", nargs="?", default="{}", help="JSON object of ToyConfig fields, e.g. '{\"pac\": 2}'")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2, 3, 4])
    args = ap.parse_args()
    torch.set_num_threads(1)
    base = PRESETS[args.preset].config()
    changes = json.loads(args.changes)
    scores, seconds = [], []
    for seed in args.seeds:
        cfg = dataclasses.replace(base, seed=seed, **changes)
        trainer = ToyTrainer(cfg)
        t0 = time.perf_counter()
        trainer.step(cfg.steps)
        seconds.append(time.perf_counter() - t0)
        scores.append(summarise(trainer.evaluate(), percent_digits=1))
        print(f"  seed {seed}: {scores[-1]} ({seconds[-1]:.1f} s)", flush=True)
    print(f"{args.preset} {args.changes}: {'; '.join(scores)}; at most {max(seconds):.1f} s")


if __name__ == "__main__":
    main()
