"""``python -m gan_core toy`` and ``presets``: train toy GANs headless with the lessons' code.

    python -m gan_core toy --dataset ring8 --loss non_saturating --steps 3000 --seed 0 --json out.json
    python -m gan_core toy --preset 2d-mode-collapse
    python -m gan_core toy --data-file points.csv          (your own data: 1 or 2 numbers per line)
    python -m gan_core presets
    python -m gan_core export --preset ring8-converges --out run.py [--notebook run.ipynb]

Every ToyConfig field is a flag (``--lr-g`` or ``--lr_g``). ``--preset NAME`` starts from a named
preset; ``--dataset X`` without ``--preset`` starts from X's converging preset. Flags you give
override the preset.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

import torch

from gan_core import headless, settings
from gan_core.cli import common
from gan_core.toy import own_data, presets
from gan_core.toy.config import DEFAULT, ToyConfig
from gan_core.toy.trainer import ToyTrainer


def add_commands(sub: Any) -> None:
    toy = sub.add_parser("toy", help="train a toy 1-D or 2-D GAN and report metrics")
    toy.add_argument("--preset", choices=sorted(presets.PRESETS), help="start from a named preset")
    toy.add_argument("--json", metavar="PATH", help="write the result as JSON here ('-' for stdout)")
    toy.add_argument("--eval-every", type=int, default=100, help="evaluate metrics every N steps (default 100)")
    toy.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    toy.add_argument("--data-file", metavar="CSV", help=DATA_FILE_HELP)
    common.add_config_flags(toy, DEFAULT)
    toy.set_defaults(command_run=run)
    sub.add_parser("presets", help="list the named presets").set_defaults(command_run=list_presets)
    ex = sub.add_parser(
        "export", help="write a toy run as a standalone Python script (torch + numpy only) or a notebook"
    )
    ex.add_argument("--preset", choices=sorted(presets.PRESETS), help="start from a named preset")
    ex.add_argument("--out", metavar="PATH", help="the script to write (run it with `python PATH`)")
    ex.add_argument("--notebook", metavar="PATH", help="the same code as a Jupyter notebook (.ipynb)")
    ex.add_argument("--data-file", metavar="CSV", help=DATA_FILE_HELP)
    common.add_config_flags(ex, DEFAULT)
    ex.set_defaults(command_run=export_command)


DATA_FILE_HELP = (
    "train on your own points: a CSV with one number per line (1-D) or two (x, y), header optional "
    f"(at most {own_data.MAX_ROWS:,} rows); sets --dataset own_1d or own_2d"
)


def read_data_file(args: argparse.Namespace) -> own_data.Points | None:
    """The points of ``--data-file`` (None without it). Raises ValueError naming the file and the problem."""
    path = getattr(args, "data_file", None)
    if not path:
        return None
    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        raise ValueError(f"cannot read {path}: {err.strerror or err}") from None
    try:
        return own_data.parse_csv(raw)
    except own_data.DataFileError as err:
        raise ValueError(f"{path}: {err}") from None


def resolve_config(args: argparse.Namespace, points: own_data.Points | None = None) -> tuple[ToyConfig, str]:
    """Preset (explicit, or the dataset's converging one), then the flags given. With ``points``
    (``--data-file``) the dataset is own_1d or own_2d. Raises ValueError."""
    given = common.given(args, ToyConfig)
    if points is not None:
        own = f"own_{points.dim}d"
        if given.get("dataset", own) != own:
            raise ValueError(f"--data-file holds {points.dim}-D points: its dataset is {own}, not {given['dataset']}")
        given["dataset"] = own
    elif str(given.get("dataset", "")).startswith("own_"):
        raise ValueError(f"--dataset {given['dataset']} trains on your own points: give them with --data-file")
    name = args.preset or presets.converging_preset_for(given.get("dataset", DEFAULT.dataset))
    base = presets.PRESETS[name].config()
    values = {k: settings.coerce(k, v, ToyConfig) for k, v in given.items()}
    if "dataset" in values and base.dataset != values["dataset"]:
        name += f" (dataset {values['dataset']})"
    return settings.from_dict(values, base), name


def run_toy(
    cfg: ToyConfig,
    eval_every: int = 100,
    progress: TextIO | None = None,
    points: own_data.Points | None = None,
) -> dict[str, Any]:
    """Train ``cfg`` to its budget, evaluating every ``eval_every`` steps. Returns the JSON report.
    ``points``: the learner's own data (datasets own_1d and own_2d)."""
    torch.set_num_threads(1)

    def show(run: headless.HeadlessRun, m: dict[str, float]) -> None:
        key = "w1" if "w1" in m else "modes_captured"
        common.progress_line(progress, run.trainer.step_count, cfg.steps, run.seconds, f"{key}={m.get(key, 0):.3f}")

    run = headless.train(ToyTrainer(cfg, points=points), eval_every, show if progress is not None else None)
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
        points = read_data_file(args)
        cfg, preset_name = resolve_config(args, points)
    except ValueError as err:
        parser.error(str(err))
    show = not args.quiet and sys.stderr.isatty()
    report = run_toy(cfg, args.eval_every, sys.stderr if show else None, points)
    report["preset"] = preset_name
    if points is not None:
        report["data_file"] = {"path": args.data_file, "points": len(points), "metrics_units": "standardised"}
    common.write_report(report, args.json)
    if not args.quiet:
        summary = ", ".join(f"{k}={v:.4g}" for k, v in report["metrics"].items())
        print(
            f"{preset_name}: {report['steps']} steps in {report['seconds']:.1f}s; {summary}; "
            f"steps_to_target={report['steps_to_target']}; flags={[f['name'] for f in report['flags']] or 'none'}",
            file=sys.stderr,
        )
    return 0


def export_command(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from gan_core.toy import script

    if not (args.out or args.notebook):
        parser.error("say where to write the run: --out run.py and/or --notebook run.ipynb")
    try:
        points = read_data_file(args)
        cfg, preset_name = resolve_config(args, points)
    except ValueError as err:
        parser.error(str(err))
    lesson = f"preset {preset_name}, from the command line"
    for path, text in ((args.out, script.script), (args.notebook, script.notebook)):
        if path:
            Path(path).write_text(text(cfg, points, lesson=lesson))
            print(f"wrote {path}", file=sys.stderr)
    return 0


def list_presets(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    for p in presets.PRESETS.values():
        print(f"{p.name:22s} {p.dim}-D  {p.title}: {p.explanation}")
    return 0
