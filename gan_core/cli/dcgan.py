"""``python -m gan_core train-dcgan``: train the pretrained DCGAN lesson's weights and card.

    python -m gan_core train-dcgan                                   # reproduces the shipped files
    python -m gan_core train-dcgan --checkpoint-dir ckpt --resume    # resumable, in pieces
    python -m gan_core train-dcgan --steps 200 --out-dir /tmp/dc     # a quick try elsewhere

The training itself is gan_core/dcgan/train.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from gan_core.dcgan import card as dcgan_card
from gan_core.dcgan import model as dcgan
from gan_core.dcgan import quality as dcgan_quality
from gan_core.dcgan import train as dcgan_train

DEFAULT_SNAPSHOTS = ",".join(str(s) for s in dcgan_train.SNAPSHOT_STEPS)


def add_commands(sub: Any) -> None:
    d = sub.add_parser(
        "train-dcgan",
        help="train the pretrained-DCGAN lesson's conditional DCGAN; write its weights and model card",
        description="Train the conditional DCGAN of the pretrained-DCGAN lesson on the bundled digits' "
        "training split (CPU, one thread) and write dcgan_mnist.safetensors with its card "
        "(JSON and Markdown). The defaults reproduce the shipped files.",
    )
    d.add_argument("--steps", type=int, default=dcgan_train.STEPS, help="training iterations (default %(default)s)")
    d.add_argument("--seed", type=int, default=0, help="weights, noise and batches (default %(default)s)")
    d.add_argument(
        "--width", type=int, default=dcgan_train.WIDTH, help="base channel count of G and D (default %(default)s)"
    )
    d.add_argument(
        "--snapshots",
        default=DEFAULT_SNAPSHOTS,
        help="steps at which to keep a generator snapshot, comma-separated (default %(default)s)",
    )
    d.add_argument("--out-dir", help=f"where to write the weights and card (default {dcgan.WEIGHTS.parent})")
    d.add_argument("--checkpoint-dir", help="save the full training state here, to resume later")
    d.add_argument("--checkpoint-every", type=int, default=500, help="steps between checkpoints (default %(default)s)")
    d.add_argument("--resume", action="store_true", help="continue from the checkpoint in --checkpoint-dir, if any")
    d.add_argument("--stop-after", type=int, help="stop after this many more steps (writes a checkpoint, no weights)")
    d.add_argument("--float32", action="store_true", help="store float32 weights (default: float16, half the size)")
    d.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    d.set_defaults(command_run=run)


def reproduce_command(args: argparse.Namespace) -> str:
    """The command line that reproduces these weights: the flags that change the result."""
    parts = ["python -m gan_core train-dcgan"]
    if args.steps != dcgan_train.STEPS:
        parts.append(f"--steps {args.steps}")
    if args.seed:
        parts.append(f"--seed {args.seed}")
    if args.width != dcgan_train.WIDTH:
        parts.append(f"--width {args.width}")
    if args.snapshots != DEFAULT_SNAPSHOTS:
        parts.append(f"--snapshots {args.snapshots}")
    if args.float32:
        parts.append("--float32")
    return " ".join(parts)


def progress_bar(out: TextIO) -> Callable[[dcgan_train.Run], None]:
    """A one-line progress bar: steps, training time, speed, time left, D(x) and D(G(z))."""

    def show(run: dcgan_train.Run) -> None:
        t, total = run.trainer, run.recipe.cfg.steps
        filled = int(30 * t.step_count / total)
        rate = (t.step_count - (run.resumed_from or 0)) / max(run.seconds - run.seconds_before, 1e-9)
        eta = (total - t.step_count) / rate if rate > 0 else 0.0
        last = t.history.last() or {}
        out.write(
            f"\r[{'#' * filled}{'.' * (30 - filled)}] {t.step_count}/{total}  {run.seconds:5.0f} s  "
            f"{rate:5.1f} it/s  eta {eta / 60:4.1f} min  D(x) {last.get('d_real', 0):.2f}  "
            f"D(G(z)) {last.get('d_fake', 0):.2f} "
        )
        out.flush()

    return show


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Train (or resume), checkpoint, then write the weights and the card."""
    try:
        snaps = None  # the default snapshots that fit in --steps
        if args.snapshots != DEFAULT_SNAPSHOTS:
            snaps = tuple(int(s) for s in args.snapshots.split(",") if s.strip())
        rec = dcgan_train.recipe(args.steps, args.seed, args.width, snapshot_steps=snaps)
    except ValueError as err:
        parser.error(str(err))
    if args.checkpoint_every < 1 or (args.stop_after is not None and args.stop_after < 1):
        parser.error("--checkpoint-every and --stop-after must be at least 1")
    if (args.resume or args.stop_after) and not args.checkpoint_dir:
        parser.error("--resume and --stop-after need --checkpoint-dir (where the run's state is kept)")
    ckpt = Path(args.checkpoint_dir) if args.checkpoint_dir else None
    try:
        training = dcgan_train.start(rec, ckpt, resume=args.resume)
    except (ValueError, KeyError, RuntimeError, OSError) as err:
        parser.error(f"cannot resume: {err}")

    def say(text: str) -> None:
        if not args.quiet:
            print(text, file=sys.stderr)

    if args.resume:
        say(
            f"resuming from step {training.resumed_from}"
            if training.resumed_from is not None
            else "no checkpoint yet: starting"
        )
    started = time.perf_counter()
    show = progress_bar(sys.stderr) if not args.quiet and sys.stderr.isatty() else None
    try:
        dcgan_train.advance(
            training,
            checkpoint_dir=ckpt,
            checkpoint_every=args.checkpoint_every,
            stop_after=args.stop_after,
            progress=show,
        )
    except RuntimeError as err:
        print(f"\n{err}", file=sys.stderr)
        return 1
    if show:
        sys.stderr.write("\n")
    if not training.finished:
        say(
            f"stopped at step {training.trainer.step_count} of {rec.cfg.steps}; the checkpoint is in {ckpt}. "
            "Continue with the same flags and --resume."
        )
        return 0
    out_dir = Path(args.out_dir) if args.out_dir else dcgan.WEIGHTS.parent
    card = dcgan_card.finish(training, out_dir, reproduce_command(args), "float32" if args.float32 else "float16")
    q = card["quality"]
    say(
        f"{card['steps']} steps: {card['train_seconds']:.0f} s of training, {time.perf_counter() - started:.0f} s "
        f"in this session. {dcgan_quality.N_QUALITY} samples: confident {q['confident']:.1%}, as asked "
        f"{q['as_asked']:.1%}, Frechet {q['frechet']:.2f} (real vs real {q['frechet_real']:.2f}, ratio "
        f"{q['frechet_ratio']:.2f}); quality bar met: {card['quality_bar']['met']}. "
        f"Wrote {out_dir / card['file']} ({card['size_bytes'] / 1e6:.2f} MB) and its card."
    )
    return 0
