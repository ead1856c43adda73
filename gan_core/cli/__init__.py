"""Command line: train every lesson's GAN headless, with the same code the lessons use.

    python -m gan_core toy --dataset ring8 --steps 3000 --seed 0 --json out.json   (cli/toy.py)
    python -m gan_core presets                                                   (cli/toy.py)
    python -m gan_core export --preset ring8-converges --out run.py                (cli/toy.py)
    python -m gan_core mnist --preset fast-digits --json out.json                (cli/digits.py)
    python -m gan_core sample --checkpoint g.pt --n 64 --out samples.npz         (cli/digits.py)
    python -m gan_core train-classifier                                          (cli/digits.py)
    python -m gan_core train-dcgan --checkpoint-dir ckpt --resume                (cli/dcgan.py)
    python -m gan_core learned-loss --task ring --json out.json                  (cli/learned_loss.py)
    python -m gan_core complete --preset mse-vs-gan --out completions.npz        (cli/completion.py)
    python -m gan_core class create "Year 11"                                    (cli/classes.py)

Each command's module registers its parser and the function that runs it; this one only builds
the parser and dispatches. ``python -m gan_core COMMAND --help`` lists a command's flags.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from gan_core.cli import classes, completion, dcgan, digits, learned_loss, toy


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m gan_core", description="GAN Classroom, headless.")
    sub = parser.add_subparsers(dest="command", required=True)
    for module in (toy, digits, dcgan, learned_loss, completion, classes):
        module.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.command_run(args, parser)
