"""``python -m gan_core toy`` and ``presets``: train toy GANs headless with the lessons' code.

    python -m gan_core toy --dataset ring8 --loss non_saturating --steps 3000 --seed 0 --json out.json
    python -m gan_core toy --preset 2d-mode-collapse
    python -m gan_core presets

Every ToyConfig field is a flag (``--lr-g`` or ``--lr_g``). ``--preset NAME`` starts from a named
preset; ``--dataset X`` without ``--preset`` starts from X's converging preset. Flags you give
override the preset.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

import torch

from gan_core import headless, settings
from gan_core.cli import common
from gan_core.toy import presets
from gan_core.toy.config import DEFAULT, ToyConfig
from gan_core.toy.trainer import ToyTrainer


def add_commands(sub: Any) -> None:
    toy = sub.add_parser("toy", help="train a toy 1-D or 2-D GAN and report metrics")
    toy.add_argument("--preset", choices=sorted(presets.PRESETS), help="start from a named preset")
    toy.add_argument("--json", metavar="PATH", help="write the result as JSON here ('-' for stdout)")
    toy.add_argument("--eval-every", type=int, default=100, help="evaluate metrics every N steps (default 100)")
    toy.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    common.add_config_flags(toy, DEFAULT)
    toy.set_defaults(command_run=run)
    sub.add_parser("presets", help="list the named presets").set_defaults(command_run=list_presets)


def resolve_config(args: argparse.Namespace) -> tuple[ToyConfig, str]:
    """Preset (explicit, or the dataset's converging one), then the flags given. Raises ValueError."""
    given = common.given(args, ToyConfig)
    name = args.preset or presets.converging_preset_for(given.get("dataset", DEFAULT.dataset))
    base = presets.PRESETS[name].config()
    values = {k: settings.coerce(k, v, ToyConfig) for k, v in given.items()}
    if "dataset" in values and base.dataset != values["dataset"]:
        name += f" (dataset {values['dataset']})"
    return settings.from_dict(values, base), name


def run_toy(cfg: ToyConfig, eval_every: int = 100, progress: TextIO | None = None) -> dict[str, Any]:
    """Train ``cfg`` to its budget, evaluating every ``eval_every`` steps. Returns the JSON report."""
    torch.set_num_threads(1)

    def show(run: headless.HeadlessRun, m: dict[str, float]) -> None:
        key = "w1" if "w1" in m else "modes_captured"
        common.progress_line(progress, run.trainer.step_count, cfg.steps, run.seconds, f"{key}={m.get(key, 0):.3f}")

    run = headless.train(ToyTrainer(cfg), eval_every, show if progress is not None else None)
    if progress is not None:
        progress.write("\n")
    return (
        run.report()
        | {
            "metrics": {k: round(v, 6) for k, v in run.metrics.items()},
            "steps_to_target": None if run.target is None else run.target[0],
        }
        | run.tail()
    )


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    try:
        cfg, preset_name = resolve_config(args)
    except ValueError as err:
        parser.error(str(err))
    show = not args.quiet and sys.stderr.isatty()
    report = run_toy(cfg, args.eval_every, sys.stderr if show else None)
    report["preset"] = preset_name
    common.write_report(report, args.json)
    if not args.quiet:
        summary = ", ".join(f"{k}={v:.4g}" for k, v in report["metrics"].items())
        print(
            f"{preset_name}: {report['steps']} steps in {report['seconds']:.1f}s; {summary}; "
            f"steps_to_target={report['steps_to_target']}; flags={[f['name'] for f in report['flags']] or 'none'}",
            file=sys.stderr,
        )
    return 0


def list_presets(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    for p in presets.PRESETS.values():
        print(f"{p.name:22s} {p.dim}-D  {p.title}: {p.explanation}")
    return 0
