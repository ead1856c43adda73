"""What every command of ``python -m gan_core`` shares: flags from a config class, the progress
line, and the JSON report."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from gan_core.settings import field_choices, field_kind, fields_of


def add_config_flags(parser: argparse.ArgumentParser, base: Any) -> None:
    """One flag per field of ``base``'s config class (``--lr-g`` or ``--lr_g``), help from its
    metadata; values stay strings for ``settings.from_dict`` to check."""
    cls = type(base)
    group = parser.add_argument_group("config (defaults come from the preset)")
    for name, f in fields_of(cls).items():
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


def given(args: argparse.Namespace, cls: type) -> dict[str, Any]:
    """The config flags the user gave (the others are None)."""
    return {name: getattr(args, name) for name in fields_of(cls) if getattr(args, name) is not None}


def progress_line(out: TextIO, step: int, total: int, seconds: float, extra: str = "") -> None:
    """Redraw the one-line progress bar: ``[####......] step/total steps  seconds  extra``."""
    width = 30
    filled = int(width * step / total)
    out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {step}/{total} steps  {seconds:5.1f}s  {extra}")
    out.flush()


def write_report(report: dict[str, Any], path: str | None) -> None:
    """The JSON report of a headless run: to stdout for ``-``, to the file ``path``, or nowhere."""
    text = json.dumps(report, indent=2)
    if path == "-":
        print(text)
    elif path:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
