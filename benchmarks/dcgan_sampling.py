"""Sampling latency of the shipped pretrained DCGAN on the CPU (1 torch thread, eval mode, no
gradients): 1, 64 and 1,000 images, median of several runs after a warm-up. Also the DCGAN
explorer's first picture as the learner gets it: the 80-sample grid, labelled and PNG-encoded.

    python benchmarks/dcgan_sampling.py              # prints the table quoted in the README
    python benchmarks/dcgan_sampling.py --repeats 51
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from gan_core.dcgan import explorer as dcgan_explorer  # noqa: E402
from gan_core.dcgan import latent  # noqa: E402
from gan_core.dcgan import model as dcgan  # noqa: E402
from gan_core.dcgan.config import GRID_COLS, GRID_SIZE  # noqa: E402
from gan_core.digits import data as mnist
from gan_core.digits import pictures as images


def median_ms(fn: Callable[[], object], repeats: int) -> tuple[float, float, float]:
    """(median, min, max) milliseconds of ``repeats`` calls, after two warm-up calls."""
    fn()
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(1000 * (time.perf_counter() - t0))
    return statistics.median(times), min(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=21, help="timed runs per row (default 21)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    t0 = time.perf_counter()
    model = dcgan.load()
    load_ms = 1000 * (time.perf_counter() - t0)
    d = model.cfg.noise_dim
    rows = []
    for n in (1, 64, 1000):
        z, y = latent.noise(0, n, d), dcgan_explorer.labels_for(None, n)
        timing = median_ms(lambda z=z, y=y: dcgan_explorer.generate(model.G, z, y), args.repeats)
        rows.append((f"{n:,} image{'s' if n > 1 else ''}", n, timing))

    def grid_png() -> bytes:
        imgs = dcgan_explorer.generate(
            model.G, latent.noise(0, GRID_SIZE, d), dcgan_explorer.labels_for(None, GRID_SIZE)
        )
        labels = [str(i + 1) for i in range(GRID_SIZE)]
        return images.png_bytes(images.labelled_grid(mnist.to_uint8(imgs), GRID_COLS, labels, [(150,) * 3] * GRID_SIZE))

    rows.append(("explorer grid: 80 images + labels + PNG", GRID_SIZE, median_ms(grid_png, args.repeats)))
    print(
        f"Pretrained DCGAN (width {model.cfg.width}), torch {torch.__version__}, 1 thread; load + verify {load_ms:.0f} ms"
    )
    print(f"median of {args.repeats} runs after 2 warm-ups\n")
    print("| what | median ms | min ms | max ms | ms per image |")
    print("|---|---:|---:|---:|---:|")
    for name, n, (med, lo, hi) in rows:
        print(f"| {name} | {med:.1f} | {lo:.1f} | {hi:.1f} | {med / n:.2f} |")


if __name__ == "__main__":
    main()
