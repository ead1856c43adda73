"""The settings toolkit every lesson's config is built with.

A config is a frozen dataclass whose fields are made by ``setting``: a default, a one-line "why"
(``help``), a group for the UI and either a numeric range or a fixed set of choices (a ``Literal``
type). From those fields alone, pages build their widgets, the command line its flags, and share
links their parameters; ``validate_fields`` checks a config, ``from_dict`` (strict) and
``from_query`` (lenient, with a note per ignored value) build one.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Mapping
from dataclasses import field
from typing import Any, Literal

from gan_core import literal


def setting(
    default: Any, group: str, help: str, lo: float | None = None, hi: float | None = None, log: bool = False
) -> Any:
    """A dataclass field with UI/CLI metadata: ``group``, ``help`` (the why) and a range."""
    meta = {"group": group, "help": help, "lo": lo, "hi": hi, "log": log}
    return field(default=default, metadata=meta)


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINT_CACHE.get(cls)
    if hints is None:
        hints = _HINT_CACHE[cls] = typing.get_type_hints(cls)
    return hints


_HINT_CACHE: dict[type, dict[str, Any]] = {}


def field_choices(f: dataclasses.Field, cls: type) -> tuple[str, ...] | None:
    """The allowed values of a Literal-typed field of config class ``cls``, or None."""
    hint = _hints(cls)[f.name]
    return typing.get_args(hint) if typing.get_origin(hint) is Literal else None


def validate_fields(cfg: Any) -> None:
    """Check every field of a config dataclass built with ``setting``: choices, types, ranges.
    Raises ValueError naming the field and what is allowed. Shared by every lesson's config."""
    for f in dataclasses.fields(cfg):
        value = getattr(cfg, f.name)
        choices = field_choices(f, type(cfg))
        if choices is not None:
            if value not in choices:
                raise ValueError(f"{f.name}={value!r} is not allowed; choose one of {', '.join(choices)}")
            continue
        if f.type in ("bool", bool):
            if not isinstance(value, bool):
                raise ValueError(f"{f.name} must be true or false, got {value!r}")
            continue
        lo, hi = f.metadata["lo"], f.metadata["hi"]
        if f.type in ("int", int) and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValueError(f"{f.name} must be a whole number in [{lo}, {hi}], got {value!r}")
        if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
            raise ValueError(f"{f.name} must be a number in [{lo}, {hi}], got {value!r}")
        if lo is not None and not (lo <= value <= hi):
            raise ValueError(f"{f.name}={value} is out of range; allowed: {lo} to {hi}")


def fields_of(cls: type) -> dict[str, dataclasses.Field]:
    """The fields of a config class, by name, in declaration order."""
    return {f.name: f for f in dataclasses.fields(cls)}


def field_kind(name: str, cls: type) -> type:
    """Python type of a config field: str (choices), bool, int or float."""
    hint = _hints(cls)[name]
    if typing.get_origin(hint) is Literal:
        return str
    return hint


def coerce(name: str, raw: Any, cls: type) -> Any:
    """Turn a raw value (a URL or CLI string, a JSON value) into the field's type. Raises ValueError."""
    kind = field_kind(name, cls)
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in ("1", "true", "yes", "on"):
            return True
        if word in ("0", "false", "no", "off"):
            return False
        raise ValueError(f"{name} must be true or false, got {raw!r}")
    if kind is int:
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        try:
            return int(str(raw).strip())
        except ValueError:
            raise ValueError(f"{name} must be a whole number, got {raw!r}") from None
    if kind is float:
        try:
            return float(str(raw).strip())
        except ValueError:
            raise ValueError(f"{name} must be a number, got {raw!r}") from None
    return str(raw).strip()


def changed(old: Any, new: Any) -> list[str]:
    """The names of the fields whose values differ between two configs of one class, in order."""
    return [f.name for f in dataclasses.fields(new) if getattr(new, f.name) != getattr(old, f.name)]


def to_dict(cfg: Any) -> dict[str, Any]:
    """All fields as plain JSON-friendly values."""
    return dataclasses.asdict(cfg)


def from_dict(values: Mapping[str, Any], base: Any) -> Any:
    """Strict: build a config from ``values`` over ``base`` (its class decides the fields);
    unknown keys or bad values raise ValueError."""
    cls = type(base)
    unknown = set(values) - set(fields_of(cls))
    if unknown:
        raise ValueError(f"unknown config field(s): {', '.join(sorted(unknown))}")
    return dataclasses.replace(base, **{k: coerce(k, v, cls) for k, v in values.items()})


def to_query(cfg: Any, base: Any = None) -> dict[str, str]:
    """URL parameters for a share link: only the fields that differ from ``base`` (default: the
    class defaults), so links stay short."""
    base = type(cfg)() if base is None else base
    out: dict[str, str] = {}
    for name in fields_of(type(cfg)):
        value = getattr(cfg, name)
        if value != getattr(base, name):
            out[name] = (
                ("1" if value else "0")
                if isinstance(value, bool)
                else f"{value:g}"
                if isinstance(value, float)
                else str(value)
            )
    return out


MAX_QUERY_VALUE = 100  # characters: the longest valid value (a float's repr, a choice) is far shorter


def from_query(params: Mapping[str, Any], base: Any, other_keys: tuple[str, ...] = ()) -> tuple[Any, list[str]]:
    """Lenient: parse URL parameters over ``base`` (its class decides the fields). Returns the
    config and a note (markdown, every value from the link escaped by ``gan_core.literal``) for each
    value that was ignored.

    A bad value falls back to ``base``'s value with a note; an unknown key (not a config field and
    not in ``other_keys``, which the page handles itself) is ignored with a note; never raises.
    """
    cls = type(base)
    names = fields_of(cls)
    notes: list[str] = []
    cfg = base
    for key, raw in params.items():
        if isinstance(raw, (list, tuple)):
            raw = raw[-1] if raw else ""
        if key not in names:
            if key not in other_keys:
                notes.append(f"Ignored unknown link parameter {literal.code(key or '(no name)')}.")
            continue
        if len(str(raw)) > MAX_QUERY_VALUE:  # no setting needs that much; keep the note readable
            notes.append(
                f"Ignored {literal.code(key + '=...')}: the value is {len(str(raw)):,} characters long. "
                f"Using {literal.code(repr(getattr(base, key)))}."
            )
            continue
        try:
            cfg = dataclasses.replace(cfg, **{key: coerce(key, raw, cls)})
        except ValueError as err:
            notes.append(
                f"Ignored {literal.code(f'{key}={raw}')}: {literal.plain(str(err), literal.LIMIT * 2)}. "
                f"Using {literal.code(repr(getattr(base, key)))}."
            )
    return cfg, notes


@dataclasses.dataclass(frozen=True)
class Preset:
    """A one-click setting of a lesson: overrides on its config's defaults (``base``), a title, two
    sentences saying what it shows, and (where tests check it over several seeds) what it is
    expected to do. A share link names it: ``?preset=<name>``."""

    name: str
    title: str
    explanation: str
    overrides: dict[str, Any]
    base: Any  # the lesson's default config: its class decides the fields
    expect: str | None = None  # e.g. "converges", "mode_collapse", "digits"
    dim: int | None = None  # the toy lessons: 1-D or 2-D
    fixes: str | None = None  # a "Fix it" preset: the name of the failure preset it starts from

    def config(self, **changes: Any) -> Any:
        """The preset's config, with optional further changes."""
        return from_dict({**self.overrides, **changes}, self.base)

    def changes_from(self, other: Preset) -> list[tuple[str, Any, Any]]:
        """(setting, other's value, this preset's value) for every setting that differs, in order:
        what a "Fix it" preset really changes from the failure it fixes."""
        a, b = other.config(), self.config()
        return [(name, getattr(a, name), getattr(b, name)) for name in changed(a, b)]
