"""Command line for the digit-completion lesson: race the MSE model, the GAN and the mix headless.

    python -m gan_core complete --preset mse-vs-gan --steps 1400 --seed 0 --json out.json --out completions.npz

Every CompletionConfig field is a flag (``--lr-d`` or ``--lr_d``, ``--models mse-gan``); ``--preset
NAME`` starts from one of the lesson's presets, and flags you give override it. ``--out`` writes the
completed held-out digits: arrays ``top`` (what the models were given, the hidden part black),
``real``, and one per model trained (``mse``, ``gan``, ``mix``), each (N, 28, 28) in [0, 1], whole
digits (the seen part and the model's completion), with ``labels`` (N,).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from gan_core import headless, settings
from gan_core.cli import common
from gan_core.completion import masks
from gan_core.completion.config import DEFAULT, MODEL_NAMES, SCORES, CompletionConfig
from gan_core.completion.presets import PRESETS
from gan_core.completion.trainer import CompletionTrainer


def add_commands(sub: Any) -> None:
    """Register the ``complete`` command on ``python -m gan_core``'s subparsers."""
    p = sub.add_parser(
        "complete", help="complete the hidden part of held-out digits with an MSE model, a GAN and their mix"
    )
    p.add_argument("--preset", choices=sorted(PRESETS), help="start from one of the lesson's presets")
    p.add_argument("--json", metavar="PATH", help="write the report as JSON here ('-' for stdout)")
    p.add_argument(
        "--out", metavar="PATH", help="write the completed held-out digits (.npz: top, real, mse, gan, mix, labels)"
    )
    p.add_argument("--eval-every", type=int, default=100, help="score the models every N steps (default 100)")
    p.add_argument("--data-dir", help="directory with full MNIST's IDX files (default: the bundled digits)")
    p.add_argument("--quiet", action="store_true", help="no progress line or summary")
    common.add_config_flags(p, DEFAULT)
    p.set_defaults(command_run=run_command)


def resolve_config(args: argparse.Namespace) -> CompletionConfig:
    """The preset (or the lesson's defaults), then the flags given. Raises ValueError."""
    base = PRESETS[args.preset].config() if args.preset else DEFAULT
    return settings.from_dict(common.given(args, CompletionConfig), base)


def run(
    cfg: CompletionConfig,
    eval_every: int = 100,
    progress: Callable[[headless.HeadlessRun], None] | None = None,
    data_dir: str | None = None,
) -> tuple[dict[str, Any], CompletionTrainer]:
    """Train ``cfg`` headless to its budget, scoring every ``eval_every`` steps. Returns a JSON-ready
    report (every model's final scores, the real digits' as reference, when the GAN first drew as
    sharply as the real digits while the MSE model did not) and the trainer."""
    trainer = CompletionTrainer(cfg, data_dir=data_dir)
    trained = headless.train(trainer, eval_every, None if progress is None else lambda r, m: progress(r))
    m, target = trained.metrics, trained.target
    report = (
        trained.report()
        | {
            "data_note": trainer.data_note,
            "metrics": {name: {k: round(m[f"{name}_{k}"], 4) for k in SCORES} for name in trainer.models},
            "reference": {k: round(v, 4) for k, v in trainer.reference.items()},
            "n_eval": len(trainer.eval_x),
            "steps_to_target": None if target is None else target[0],
            "seconds_to_target": None if target is None else round(target[1], 3),
        }
        | trained.tail()
    )
    return report, trainer


def summary(report: dict[str, Any]) -> str:
    """A few lines a person can read: every model's scores against the real digits'."""
    cfg, ref = report["config"], report["reference"]
    lines = [
        f"{masks.MASK_INFO[cfg['mask']].title}: {report['steps']} steps in {report['seconds']:.1f} s "
        f"({report['iterations_per_second']} iterations/s), {report['n_eval']} held-out digits"
    ]
    lines.append(f"  {'':10s} {'confident':>9s} {'as real':>8s} {'sharpness':>9s} {'error':>7s} {'variety':>7s}")
    for name, s in report["metrics"].items():
        lines.append(
            f"  {MODEL_NAMES[name]:10s} {s['confident']:9.0%} {s['as_real']:8.0%} {s['sharpness']:9.3f} "
            f"{s['error']:7.4f} {s['variety']:7.3f}"
        )
    lines.append(f"  {'real':10s} {ref['real_confident']:9.0%} {ref['real_as_real']:8.0%} {ref['real_sharpness']:9.3f}")
    if report["steps_to_target"] is not None:
        lines.append(
            f"The GAN drew as sharply as real digits while the MSE model did not from step {report['steps_to_target']} "
            f"({report['seconds_to_target']:.1f} s of training)."
        )
    return "\n".join(lines)


def run_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        cfg = resolve_config(args)
    except ValueError as err:
        parser.error(str(err))
    if args.eval_every < 1:
        parser.error("--eval-every must be at least 1")
    torch.set_num_threads(1)
    show = not args.quiet and sys.stderr.isatty()

    def progress(trained: headless.HeadlessRun) -> None:
        common.progress_line(sys.stderr, trained.trainer.step_count, cfg.steps, trained.seconds)

    report, trainer = run(cfg, args.eval_every, progress if show else None, args.data_dir)
    if show:
        sys.stderr.write("\n")
    report["preset"] = args.preset
    common.write_report(report, args.json)
    if args.out:
        Path(args.out).write_bytes(trainer.completions_npz())
    if not args.quiet:
        print(summary(report), file=sys.stderr)
    return 0
