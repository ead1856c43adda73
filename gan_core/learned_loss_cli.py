"""Command line for the learned-loss lesson: race the MSE model against the GAN headless.

    python -m gan_core learned-loss --task ring --steps 2000 --seed 0 --json out.json
    python -m gan_core learned-loss --preset three-waves

Every LearnedLossConfig field is a flag (``--lr-d`` or ``--lr_d``, ``--mixed true``); ``--preset NAME``
starts from one of the lesson's presets, and flags you give override it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import torch

from gan_core import config
from gan_core.learned_loss import DEFAULT, MODEL_NAMES, PRESETS, LearnedLossConfig, LearnedLossTrainer, run


def add_parser(sub: Any) -> None:
    """Register the ``learned-loss`` command on ``python -m gan_core``'s subparsers."""
    from gan_core.cli import _add_config_flags  # cli imports this module: import at call time

    p = sub.add_parser("learned-loss", help="train an MSE model and a conditional GAN side by side, report both")
    p.add_argument("--preset", choices=sorted(PRESETS), help="start from one of the lesson's presets")
    p.add_argument("--json", metavar="PATH", help="write the result as JSON here ('-' for stdout)")
    p.add_argument("--eval-every", type=int, default=50, help="score the models every N steps (default 50)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    _add_config_flags(p, DEFAULT)


def resolve_config(args: argparse.Namespace) -> LearnedLossConfig:
    """The preset (or the lesson's defaults), then the flags given. Raises ValueError."""
    base = PRESETS[args.preset].config() if args.preset else DEFAULT
    given = {name: getattr(args, name) for name in config.fields_of(LearnedLossConfig)}
    return config.from_dict({k: v for k, v in given.items() if v is not None}, base)


def summary(report: dict[str, Any]) -> str:
    """One paragraph a person can read: both models' scores and when the difference showed."""
    cfg = report["config"]
    lines = [
        f"{cfg['task']}: {report['steps']} steps in {report['seconds']:.1f} s "
        f"({report['iterations_per_second']} iterations/s)"
    ]
    for name, m in report["metrics"].items():
        lines.append(
            f"  {MODEL_NAMES[name]:10s} MSE to the data {m['error']:.4f}   on a real branch {m['on_branch']:.0%}"
        )
    ref = report["reference"]
    lines.append(f"  (best possible MSE {ref['best_error']:.4f}; real data on a branch {ref['real_on_branch']:.0%})")
    if report["steps_to_target"] is not None:
        lines.append(
            f"The GAN clearly looked more real from step {report['steps_to_target']} "
            f"({report['seconds_to_target']:.2f} s of training)."
        )
    return "\n".join(lines)


def main(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        cfg = resolve_config(args)
    except ValueError as err:
        parser.error(str(err))
    torch.set_num_threads(1)
    show = not args.quiet and sys.stderr.isatty()

    def progress(trainer: LearnedLossTrainer, seconds: float) -> None:
        width, step, total = 30, trainer.step_count, trainer.cfg.steps
        filled = int(width * step / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {step}/{total} steps  {seconds:5.1f}s")
        sys.stderr.flush()

    report = run(cfg, args.eval_every, progress if show else None)
    if show:
        sys.stderr.write("\n")
    report["preset"] = args.preset
    from gan_core.cli import write_report  # cli.py imports this module: import at call time

    write_report(report, args.json)
    if not args.quiet:
        print(summary(report), file=sys.stderr)
    return 0
