"""Command line for the learned-loss lesson: race the MSE model against the GAN headless.

    python -m gan_core learned-loss --task ring --steps 2000 --seed 0 --json out.json
    python -m gan_core learned-loss --preset three-waves

Every LearnedLossConfig field is a flag (``--lr-d`` or ``--lr_d``, ``--mixed true``); ``--preset NAME``
starts from one of the lesson's presets, and flags you give override it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

import torch

from gan_core import headless, settings
from gan_core.cli import common
from gan_core.learned_loss.config import DEFAULT, MODEL_NAMES, MODELS, LearnedLossConfig
from gan_core.learned_loss.presets import PRESETS
from gan_core.learned_loss.trainer import LearnedLossTrainer


def add_commands(sub: Any) -> None:
    """Register the ``learned-loss`` command on ``python -m gan_core``'s subparsers."""
    p = sub.add_parser("learned-loss", help="train an MSE model and a conditional GAN side by side, report both")
    p.add_argument("--preset", choices=sorted(PRESETS), help="start from one of the lesson's presets")
    p.add_argument("--json", metavar="PATH", help="write the result as JSON here ('-' for stdout)")
    p.add_argument("--eval-every", type=int, default=50, help="score the models every N steps (default 50)")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    common.add_config_flags(p, DEFAULT)
    p.set_defaults(command_run=run_command)


def resolve_config(args: argparse.Namespace) -> LearnedLossConfig:
    """The preset (or the lesson's defaults), then the flags given. Raises ValueError."""
    base = PRESETS[args.preset].config() if args.preset else DEFAULT
    return settings.from_dict(common.given(args, LearnedLossConfig), base)


def run(
    cfg: LearnedLossConfig, eval_every: int = 50, progress: Callable[[headless.HeadlessRun], None] | None = None
) -> dict[str, Any]:
    """Train ``cfg`` headless to its budget, scoring every ``eval_every`` steps. Returns a JSON-ready
    report: every model's final metrics, the step and training seconds at which the GAN first
    clearly looked more real (``steps_to_target``, ``seconds_to_target``), and the score history."""
    trained = headless.train(
        LearnedLossTrainer(cfg), eval_every, None if progress is None else lambda r, m: progress(r)
    )
    m, target = trained.metrics, trained.target
    return (
        trained.report()
        | {
            "metrics": {
                name: {"error": round(m[f"{name}_error"], 6), "on_branch": round(m[f"{name}_on_branch"], 4)}
                for name in MODELS
                if f"{name}_error" in m
            },
            "reference": {k: round(v, 6) for k, v in trained.trainer.reference.items()},
            "steps_to_target": None if target is None else target[0],
            "seconds_to_target": None if target is None else round(target[1], 3),
        }
        | trained.tail()
    )


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


def run_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        cfg = resolve_config(args)
    except ValueError as err:
        parser.error(str(err))
    torch.set_num_threads(1)
    show = not args.quiet and sys.stderr.isatty()

    def progress(trained: headless.HeadlessRun) -> None:
        common.progress_line(sys.stderr, trained.trainer.step_count, cfg.steps, trained.seconds)

    report = run(cfg, args.eval_every, progress if show else None)
    if show:
        sys.stderr.write("\n")
    report["preset"] = args.preset
    common.write_report(report, args.json)
    if not args.quiet:
        print(summary(report), file=sys.stderr)
    return 0
