"""Command line: train toy GANs headless with the same code the lessons use.

    python -m gan_core toy --dataset ring8 --loss non_saturating --steps 3000 --seed 0 --json out.json
    python -m gan_core toy --preset 2d-mode-collapse
    python -m gan_core presets
    python -m gan_core mnist --preset fast-digits --json out.json    (see cli_images.py)
    python -m gan_core learned-loss --task ring --json out.json       (see learned_loss_cli.py)

Every ToyConfig field is a flag (``--lr-g`` or ``--lr_g``). ``--preset NAME`` starts from a named
preset; ``--dataset X`` without ``--preset`` starts from X's converging preset. Flags you give
override the preset.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from typing import Any, TextIO

import torch

from gan_core import config, learned_loss_cli, presets
from gan_core.config import FIELDS, ToyConfig, coerce, field_choices, field_kind
from gan_core.data import mode_centers
from gan_core.metrics import reached_target
from gan_core.trainer import ToyTrainer

# Metric names in the JSON report: spelled out for people reading it without the code.
REPORT_NAMES = {"modes": "modes_captured", "hq": "high_quality_fraction", "energy": "energy_distance"}


def _add_config_flags(parser: argparse.ArgumentParser, base: Any = config.DEFAULT) -> None:
    """One flag per field of ``base``'s config class (ToyConfig unless told), help from its metadata."""
    cls = type(base)
    group = parser.add_argument_group("config (defaults come from the preset)")
    for name, f in config.fields_of(cls).items():
        kind = field_kind(name, cls)
        choices = field_choices(f, cls)
        lo, hi = f.metadata["lo"], f.metadata["hi"]
        extra = f" [{lo} to {hi}]" if lo is not None else ""
        if kind is bool:
            extra = " [true/false]"
        flags = [f"--{name.replace('_', '-')}"] + ([f"--{name}"] if "_" in name else [])
        group.add_argument(
            *flags,
            dest=name,
            default=None,
            choices=choices,
            metavar=None if choices else kind.__name__.upper(),
            help=f"{f.metadata['help']}{extra} (default {getattr(base, name)})",
        )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gan_core", description="GAN Classroom, headless.")
    sub = parser.add_subparsers(dest="command", required=True)
    toy = sub.add_parser("toy", help="train a toy 1-D or 2-D GAN and report metrics")
    toy.add_argument("--preset", choices=sorted(presets.PRESETS), help="start from a named preset")
    toy.add_argument("--json", metavar="PATH", help="write the result as JSON here ('-' for stdout)")
    toy.add_argument("--eval-every", type=int, default=100, help="evaluate metrics every N steps (default 100)")
    toy.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    _add_config_flags(toy)
    sub.add_parser("presets", help="list the named presets")
    from gan_core import cli_images  # the digit commands live in their own module

    cli_images.add_commands(sub)
    learned_loss_cli.add_parser(sub)
    return parser


def resolve_config(args: argparse.Namespace) -> tuple[ToyConfig, str]:
    """Preset (explicit, or the dataset's converging one), then the flags given. Raises ValueError."""
    given = {name: getattr(args, name) for name in FIELDS if getattr(args, name) is not None}
    name = args.preset or presets.converging_preset_for(given.get("dataset", config.DEFAULT.dataset))
    base = presets.PRESETS[name].config()
    values = {k: coerce(k, v) for k, v in given.items()}
    if "dataset" in values and presets.PRESETS[name].config().dataset != values["dataset"]:
        name += f" (dataset {values['dataset']})"
    return config.from_dict(values, base), name


def run_toy(cfg: ToyConfig, eval_every: int = 100, progress: TextIO | None = None) -> dict[str, Any]:
    """Train ``cfg`` to its budget, evaluating every ``eval_every`` steps. Returns the JSON report."""
    torch.set_num_threads(1)
    trainer = ToyTrainer(cfg)
    centers = mode_centers(cfg)
    n_modes = None if centers is None else len(centers)
    steps_to_target = None
    seconds = 0.0
    while not trainer.finished and trainer.diverged is None:
        t0 = time.perf_counter()
        trainer.step(min(eval_every, cfg.steps - trainer.step_count))
        seconds += time.perf_counter() - t0  # training time only; evaluation is reporting
        m = trainer.evaluate()
        if steps_to_target is None and reached_target(m, n_modes):
            steps_to_target = trainer.step_count
        if progress is not None:
            _progress(progress, trainer.step_count, cfg.steps, seconds, m)
    if progress is not None:
        progress.write("\n")
    m = trainer.evaluate()
    evals = trainer.evals.arrays()
    return {
        "config": config.to_dict(cfg),
        "steps": trainer.step_count,
        "seconds": round(seconds, 3),
        "iterations_per_second": round(trainer.step_count / seconds, 1) if seconds > 0 else None,
        "metrics": {REPORT_NAMES.get(k, k): round(v, 6) for k, v in m.items()},
        "flags": [{"name": f.name, "title": f.title, "message": f.message} for f in trainer.flags],
        "steps_to_target": steps_to_target,
        "diverged": trainer.diverged,
        "history": {k: [round(float(x), 6) for x in v] for k, v in evals.items()},
    }


def _progress(out: TextIO, step: int, total: int, seconds: float, m: dict[str, float]) -> None:
    width = 30
    filled = int(width * step / total)
    key = "w1" if "w1" in m else "modes"
    out.write(
        f"\r[{'#' * filled}{'.' * (width - filled)}] {step}/{total} steps  {seconds:5.1f}s  {key}={m.get(key, 0):.3f}"
    )
    out.flush()


def write_report(report: dict[str, Any], path: str | None) -> None:
    """The JSON report of a headless run: to stdout for ``-``, to the file ``path``, or nowhere."""
    text = json.dumps(report, indent=2)
    if path == "-":
        print(text)
    elif path:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from gan_core import cli_images

    if args.command in cli_images.COMMANDS:
        return cli_images.run(args, parser)
    if args.command == "learned-loss":
        return learned_loss_cli.main(args, parser)
    if args.command == "presets":
        for p in presets.PRESETS.values():
            print(f"{p.name:22s} {p.dim}-D  {p.title}: {p.explanation}")
        return 0
    try:
        cfg, preset_name = resolve_config(args)
    except ValueError as err:
        parser.error(str(err))
    show = not args.quiet and sys.stderr.isatty()
    report = run_toy(cfg, args.eval_every, sys.stderr if show else None)
    report["preset"] = preset_name
    write_report(report, args.json)
    if not args.quiet:
        summary = ", ".join(f"{k}={v:.4g}" for k, v in report["metrics"].items())
        print(
            f"{preset_name}: {report['steps']} steps in {report['seconds']:.1f}s; {summary}; "
            f"steps_to_target={report['steps_to_target']}; flags={[f['name'] for f in report['flags']] or 'none'}",
            file=sys.stderr,
        )
    return 0
