"""Command line for the digit lessons (run through ``python -m gan_core``):

    python -m gan_core mnist --preset fast-digits --steps 2000 --json out.json
    python -m gan_core mnist --arch fc --lr-g 2e-4 --data-dir ~/mnist --save-generator g.pt
    python -m gan_core sample --checkpoint g.pt --n 64 --out samples.npz
    python -m gan_core train-classifier --epochs 20 --seed 0

Every MnistConfig field is a flag, with the same names as the lesson's URL parameters.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import torch

from gan_core import headless, settings
from gan_core.cli import common
from gan_core.digits.config import DEFAULT, MNIST_PRESETS, MnistConfig

COMMANDS = ("mnist", "sample", "train-classifier", "train-dcgan")


def add_commands(sub: Any) -> None:
    m = sub.add_parser("mnist", help="train an MNIST GAN headless and report the classifier metrics")
    m.add_argument("--preset", choices=sorted(MNIST_PRESETS), help="start from a named preset")
    m.add_argument("--data-dir", help="directory with full MNIST's IDX files (used with --data full)")
    m.add_argument("--json", metavar="PATH", help="write the report as JSON here ('-' for stdout)")
    m.add_argument("--save-generator", metavar="PATH", help="save the trained generator (for `sample`)")
    m.add_argument("--quiet", action="store_true", help="no progress line or summary")
    common.add_config_flags(m, DEFAULT)
    m.set_defaults(command_run=run_command)
    s = sub.add_parser("sample", help="write images from a saved generator to an .npz file")
    s.add_argument(
        "--checkpoint",
        required=True,
        help="a generator saved by the lesson or by `mnist --save-generator`, or a DCGAN .safetensors file "
        "(the shipped one: gan_core/weights/dcgan_mnist.safetensors)",
    )
    s.add_argument("--n", type=int, default=64, help="how many images (default 64)")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--digit", type=int, choices=range(10), help="conditional generators: draw only this digit")
    s.add_argument("--step", type=int, help="DCGAN files: the generator saved at this training step (a snapshot)")
    s.add_argument("--out", required=True, help="output .npz: images (N, 28, 28) in [0, 1], labels if conditional")
    c = sub.add_parser("train-classifier", help="train the evaluation classifier and write its weights + card")
    c.add_argument("--epochs", type=int, default=20)
    c.add_argument("--seed", type=int, default=0)
    s.set_defaults(command_run=sample_command)
    c.set_defaults(command_run=train_classifier_command)


def resolve(args: argparse.Namespace) -> MnistConfig:
    """The preset (or the defaults), then the flags given. Raises ValueError."""
    base = MNIST_PRESETS[args.preset].config() if args.preset else DEFAULT
    return settings.from_dict(common.given(args, MnistConfig), base)


def run_mnist(cfg: MnistConfig, data_dir: str | None = None, progress: TextIO | None = None) -> tuple[dict, Any]:
    """Train ``cfg`` to its budget, judging the samples every ``eval_every`` steps. Returns the
    JSON report and the trainer."""
    from gan_core.digits.trainer import MnistTrainer

    torch.set_num_threads(1)
    trainer = MnistTrainer(cfg, data_dir=data_dir)

    def show(run: headless.HeadlessRun, m: dict[str, float]) -> None:
        extra = f"confident={m['confident']:.0%}  classes={m['classes']:.0f}  frechet={m['frechet']:.0f}"
        common.progress_line(progress, trainer.step_count, cfg.steps, run.seconds, extra)

    run = headless.train(trainer, cfg.eval_every, show if progress is not None else None, evaluate_first=True)
    if progress is not None:
        progress.write("\n")
    reached = None if run.target is None else {"step": run.target[0], "seconds": round(run.target[1], 2)}
    report = run.report() | {
        "data": "full MNIST" if cfg.data == "full" and trainer.data_note is None else "bundled digits",
        "data_note": trainer.data_note,
        "metrics": {k: round(v, 6) for k, v in run.metrics.items() if k != "step"},
        "recognisable_digits_at": reached,
    }
    return report | run.tail(), trainer


def sample(
    checkpoint: str, n: int, seed: int, digit: int | None = None, step: int | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Images (n, 28, 28) in [0, 1] from a saved generator, and the digits asked for (conditional).

    ``checkpoint``: a generator saved by the MNIST lesson or ``mnist --save-generator``, or a DCGAN
    weights file (``.safetensors`` with its card beside it, as ``train-dcgan`` writes and as the
    shipped ``gan_core/weights/dcgan_mnist.safetensors`` is); ``step`` picks one of a DCGAN file's
    snapshots. Raises ValueError saying what is wrong.
    """
    g, cfg = _generator(checkpoint, step)
    if digit is not None and not cfg.conditional:
        raise ValueError("--digit needs a conditional generator; this one draws digits it chooses itself")
    rng = torch.Generator().manual_seed(seed)
    z = torch.randn(n, cfg.noise_dim, generator=rng)
    labels = None
    if cfg.conditional:
        labels = torch.full((n,), digit) if digit is not None else torch.arange(n) % 10
    with torch.no_grad():
        x = g(z, labels)  # (n, 28, 28) in [-1, 1]
    return ((x + 1) / 2).clamp(0, 1).numpy(), None if labels is None else labels.numpy()


def _is_safetensors(path: str) -> bool:
    """A safetensors file starts with its header's length (8 bytes, little-endian), then '{'."""
    try:
        with open(path, "rb") as f:
            head = f.read(9)
    except OSError:
        return False
    return len(head) == 9 and head[8:9] == b"{"


def _generator(checkpoint: str, step: int | None) -> tuple[Any, Any]:
    from gan_core.dcgan import model as dcgan_model
    from gan_core.digits.trainer import load_generator

    if not _is_safetensors(checkpoint):
        if step is not None:
            raise ValueError("--step picks a snapshot of a DCGAN weights file (.safetensors); this is not one")
        return load_generator(checkpoint)
    weights = Path(checkpoint)
    try:
        pre = dcgan_model.load(weights, weights.with_suffix(".json"))
    except dcgan_model.WeightsError as err:
        raise ValueError(str(err).replace("`", "")) from None
    if step is None or step == pre.steps:
        return pre.G, pre.cfg
    if step not in pre.snapshots:
        kept = ", ".join(f"{s:,}" for s in [*sorted(pre.snapshots), pre.steps])
        raise ValueError(f"this file keeps the generator at steps {kept}, not at {step:,}")
    return pre.snapshots[step], pre.cfg


def train_classifier_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from gan_core.digits import classifier

    torch.set_num_threads(1)
    model, card = classifier.train(args.epochs, args.seed, log=lambda s: print(s, file=sys.stderr))
    classifier.save(model, card)
    print(f"held-out accuracy {card['held_out_accuracy']:.2%}; wrote {classifier.WEIGHTS} and {classifier.CARD}")
    return 0


def sample_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.n < 1:
        parser.error("--n must be at least 1")
    try:
        images, labels = sample(args.checkpoint, args.n, args.seed, args.digit, args.step)
    except (OSError, ValueError, RuntimeError) as err:
        parser.error(f"cannot sample from {args.checkpoint}: {err}")
    out = {"images": images.astype(np.float32)} | ({"labels": labels} if labels is not None else {})
    np.savez_compressed(args.out, **out)
    print(f"wrote {len(images)} images to {args.out}", file=sys.stderr)
    return 0


def run_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        cfg = resolve(args)
    except ValueError as err:
        parser.error(str(err))
    show = not args.quiet and sys.stderr.isatty()
    report, trainer = run_mnist(cfg, args.data_dir, sys.stderr if show else None)
    report["preset"] = args.preset
    common.write_report(report, args.json)
    if args.save_generator:
        Path(args.save_generator).write_bytes(trainer.generator_bytes())
    if not args.quiet:
        m = report["metrics"]
        print(
            f"{report['steps']} steps in {report['seconds']:.1f}s ({report['data']}); confident={m['confident']:.0%} "
            f"classes={m['classes']:.0f} score={m['score']:.2f} frechet={m['frechet']:.1f}; "
            f"recognisable at {report['recognisable_digits_at']}; flags={[f['name'] for f in report['flags']] or 'none'}",
            file=sys.stderr,
        )
    return 0
