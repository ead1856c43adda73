"""Control panels built from a config dataclass's fields (ToyConfig, MnistConfig, ...), and the
share-link plumbing.

Widgets are keyed ``<ns>.<field>`` so tests can drive them and presets can set them. On a
learner's first visit the URL's parameters seed the widgets (bad ones fall back with a note);
afterwards every change is written back to the URL, so the address bar is always a share link.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from gan_core import literal, settings
from gan_core.settings import Preset, field_choices, field_kind, fields_of
from gan_core.toy import config
from gan_core.toy.config import DATASETS_1D, DATASETS_2D, FIELDS, ToyConfig

GROUPS = ("Data", "Networks", "Training", "Tricks")
HIDDEN = {1: {"ring_radius", "spread"}, 2: {"center", "scale"}}
PAGE_KEYS = ("preset", "hide", "lock")  # URL parameters the page itself owns
PERSIST = "session"  # widget values survive a visit to another page (else Streamlit drops them)
PARTS = {"presets": "the presets row", "health": "the health monitor"}  # what a link may hide besides settings
LOCKED_HELP = "Locked by this lesson's link: your teacher chose this value."
CHOICE_LABELS = {"own_1d": "own_1d: your own data", "own_2d": "own_2d: your own data"}
_INT_STEPS = {"seed": 1, "steps": 100}  # +/- step of whole-number inputs (default 8: widths, batch)
_LR_GRID = [k * 10.0**e for e in range(-6, 0) for k in (1, 2, 5)] + [1.0]
_LABELS = {
    "lr_g": "lr_g (generator)",
    "lr_d": "lr_d (discriminator)",
    "k_d": "k_d: D steps per iteration",
    "k_g": "k_g: G steps per iteration",
    "steps": "Training budget (iterations)",
    "pac": "PacGAN pack size",
    "minibatch_disc": "Minibatch discrimination",
    "lr_decay": "Decay learning rates",
    "r1_weight": "R1 penalty weight",
    "gp_weight": "Gradient penalty weight (WGAN-GP)",
    "eval_every": "Judge the samples every N steps",
    "arch": "Architecture",
    "width": "Width (base channels / units)",
    "data": "Training data",
    "conditional": "Conditional (pick the digit)",
    "g_ema": "G EMA decay (0 = off)",
    "lr_mse": "lr_mse (MSE model)",
    "mixed": "Train the mixed model (MSE + GAN)",
    "adv_weight": "adv_weight (adversarial term)",
}


def key(ns: str, name: str) -> str:
    return f"{ns}.{name}"


def visible_fields(dim: int) -> list[str]:
    return [n for n in FIELDS if n not in HIDDEN[dim]]


def init_state(ns: str, dim: int, base: ToyConfig, presets: Mapping[str, Any] | None = None) -> list[str]:
    """The toy lessons' first visit: the URL over ``base``, with the dataset kept to this lesson's."""

    def same_dim(cfg: ToyConfig) -> tuple[ToyConfig, list[str]]:
        allowed = DATASETS_1D if dim == 1 else DATASETS_2D
        if cfg.dataset in allowed:
            return cfg, []
        note = (
            f"Ignored {literal.code('dataset=' + cfg.dataset)}: this lesson shows {', '.join(allowed)}. "
            f"Using {literal.code(repr(base.dataset))}."
        )
        return dataclasses.replace(cfg, dataset=base.dataset), [note]

    return init_from_url(ns, base, PAGE_KEYS + ("data",), fix=same_dim, presets=presets)


def init_from_url(
    ns: str,
    base: Any,
    other_keys: tuple[str, ...] = PAGE_KEYS,
    fix: Callable[[Any], tuple[Any, list[str]]] | None = None,
    presets: Mapping[str, Any] | None = None,
) -> list[str]:
    """Seed the widgets once per session: from the URL where it has values, else from ``base``
    (any config dataclass). ``?preset=NAME`` (one of ``presets``) starts from that preset, and
    the link's other values apply over it. ``fix`` may correct a parsed config and add notes.
    Returns the notes about URL values that were ignored (shown once)."""
    flag = key(ns, "_initialised")
    if st.session_state.get(flag):
        return []
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    notes = read_shape(ns, params, list(fields_of(type(base))))
    wanted = (params.get("preset") or [""])[-1]
    if wanted and presets is not None:
        if wanted in presets:
            base = presets[wanted].config()
            st.session_state[key(ns, "preset")] = wanted
        else:
            notes.append(
                f"Ignored {literal.code('preset=' + wanted)}: no such preset here; presets: {', '.join(presets)}."
            )
    cfg, more = settings.from_query(params, base, other_keys=other_keys)
    notes += more
    if fix is not None:
        cfg, more = fix(cfg)
        notes += more
    set_widgets(ns, cfg)
    st.session_state[flag] = True
    return notes


@dataclasses.dataclass(frozen=True)
class Shape:
    """What a teacher's link hides (settings, or the parts in PARTS) and locks (settings shown but
    not changeable). Either way the setting keeps the value the link gives it."""

    hide: frozenset[str] = frozenset()
    lock: frozenset[str] = frozenset()

    @property
    def fixed(self) -> frozenset[str]:
        """Settings the learner cannot change (a preset leaves them as they are, too)."""
        return (self.hide | self.lock) - set(PARTS)

    def params(self) -> dict[str, str]:
        """The link's ``hide=``/``lock=`` parameters (none when nothing is hidden or locked)."""
        return {k: ",".join(sorted(v)) for k, v in (("hide", self.hide), ("lock", self.lock)) if v}


def shape(ns: str) -> Shape:
    """The lesson's shape, as the learner's first visit read it from the link."""
    return st.session_state.get(key(ns, "_shape"), Shape())


def parse_shape(params: Mapping[str, Any], names: list[str]) -> tuple[Shape, list[str]]:
    """``hide=a,b&lock=c`` over the settings ``names`` (and PARTS for hide). Unknown names are
    ignored with a note (markdown, the link's text escaped); a name both hidden and locked is hidden."""
    notes: list[str] = []
    found: dict[str, set[str]] = {"hide": set(), "lock": set()}
    for which in found:
        raw = params.get(which)
        raw = raw[-1] if isinstance(raw, (list, tuple)) and raw else raw
        if not raw:
            continue
        allowed = set(names) | (set(PARTS) if which == "hide" else set())
        bad = []
        for name in str(raw)[: settings.MAX_QUERY_VALUE * 4].split(","):
            name = name.strip()
            if name in allowed:
                found[which].add(name)
            elif name:
                bad.append(name)
        if bad:
            what = "settings" + (f", or {', '.join(PARTS)}" if which == "hide" else "")
            shown = ", ".join(literal.code(b) for b in bad[:5]) + (" ..." if len(bad) > 5 else "")
            notes.append(
                f"Ignored {literal.code(which + '=')} {shown}: {which} takes names of {what} on this page "
                f"({', '.join(names[:6])}, ...). The rest of the link applies."
            )
    return Shape(frozenset(found["hide"]), frozenset(found["lock"] - found["hide"])), notes


def read_shape(ns: str, params: Mapping[str, Any], names: list[str]) -> list[str]:
    """A first visit: keep the link's hide/lock for the session; the notes for what was ignored."""
    found, notes = parse_shape(params, names)
    st.session_state[key(ns, "_shape")] = found
    return notes


def set_widgets(ns: str, cfg: Any) -> None:
    """Put every field's value of ``cfg`` into its widget's state (presets, URL, reset)."""
    for name in fields_of(type(cfg)):
        st.session_state[key(ns, name)] = getattr(cfg, name)


def widget(
    ns: str,
    name: str,
    cls: type,
    choices: tuple[str, ...] | None = None,
    label: str | None = None,
    disabled: bool = False,
) -> None:
    """One field's widget, chosen from its type and metadata; ``choices`` narrows a Literal field.
    ``disabled``: shown, not changeable (a teacher's link locked it)."""
    f = fields_of(cls)[name]
    k, help_ = key(ns, name), f.metadata["help"] + (f"\n\n{LOCKED_HELP}" if disabled else "")
    label = label or _LABELS.get(name, name.replace("_", " ").capitalize())
    label = f"{label} :material/lock:" if disabled else label
    common = {"key": k, "help": help_, "persist_state": PERSIST, "disabled": disabled}
    kind, choices = field_kind(name, cls), choices or field_choices(f, cls)
    if choices is not None:
        st.selectbox(label, choices, format_func=lambda v: CHOICE_LABELS.get(v, v), **common)
    elif kind is bool:
        st.toggle(label, **common)
    elif f.metadata["log"]:
        current = float(st.session_state[k])
        lo, hi = f.metadata["lo"], f.metadata["hi"]
        options = sorted({v for v in _LR_GRID if lo <= v <= hi} | {current})  # only values the config accepts
        st.select_slider(label, options=options, format_func=lambda v: f"{v:.0e}" if v < 0.01 else f"{v:g}", **common)
    elif kind is int:
        lo, hi = int(f.metadata["lo"]), int(f.metadata["hi"])
        if hi - lo <= 16 and name != "seed":
            st.slider(label, lo, hi, **common)
        else:
            st.number_input(label, lo, hi, step=_INT_STEPS.get(name, 8), **common)
    else:
        lo, hi = float(f.metadata["lo"]), float(f.metadata["hi"])
        step = float(10 ** math.floor(math.log10((hi - lo) / 100)))
        st.number_input(label, lo, hi, step=step, format="%g", **common)


def panel(
    ns: str,
    base: Any,
    names: list[str] | None = None,
    groups: tuple[str, ...] = GROUPS,
    expanded: tuple[str, ...] = ("Data", "Training"),
    choices: dict[str, tuple[str, ...]] | None = None,
) -> Any | None:
    """Draw the grouped controls of ``base``'s config class in the sidebar and return the config
    they describe. Returns None, with the error shown beside the controls, if the combination is
    invalid. Settings a teacher's link hides are not drawn and those it locks are disabled; both
    keep the link's values."""
    cls = type(base)
    fields = fields_of(cls)
    names = list(fields) if names is None else names
    st.session_state[key(ns, "_panel_names")] = names  # the lesson-link builder offers these
    fixed = shape(ns)
    shown = [n for n in names if n not in fixed.hide]
    with st.sidebar:
        if fixed.fixed:
            st.caption(
                ":material/lock: This lesson's link fixes some settings"
                + (f" ({len(fixed.hide - set(PARTS))} hidden)" if fixed.hide - set(PARTS) else "")
                + ": they keep the link's values."
            )
        for group in groups:
            members = [n for n in shown if fields[n].metadata["group"] == group]
            if not members:
                continue
            with st.expander(group, expanded=group in expanded):
                for name in members:
                    widget(ns, name, cls, (choices or {}).get(name), disabled=name in fixed.lock)
    values = {name: st.session_state[key(ns, name)] for name in fields}
    try:
        return settings.from_dict(values, base)
    except ValueError as err:
        st.sidebar.error(f"These settings don't fit together: {err}")
        return None


def config_panel(ns: str, dim: int) -> ToyConfig | None:
    """The toy lessons' controls (fields of the other dimension hidden)."""
    datasets = DATASETS_1D if dim == 1 else DATASETS_2D
    names = visible_fields(dim)
    if st.session_state.get(key(ns, "dataset")) in config.OWN_DATASETS:  # the shape settings of built-in data
        names = [n for n in names if n not in ("center", "scale", "ring_radius", "spread")]
    return panel(ns, config.DEFAULT, names, choices={"dataset": datasets})


def apply_preset(ns: str, preset: Preset) -> None:
    """Callback: load a preset into the widgets (the page then resets the run)."""
    set_widgets(ns, preset.config())
    st.session_state[key(ns, "preset")] = preset.name


def sync_url(
    cfg: Any, base: Any, extra: dict[str, Any] | None = None, always: tuple[str, ...] = ("dataset", "seed")
) -> dict[str, str]:
    """Write the config into the address bar: the fields that differ from the lesson's ``base``
    (what a first visit starts from), and the ``always`` fields."""
    params = settings.to_query(cfg, base)
    params.update({name: str(getattr(cfg, name)) for name in always})
    params.update({k: str(v) for k, v in (extra or {}).items()})
    current = {k: st.query_params.get(k) for k in st.query_params}
    if current != params:
        st.query_params.from_dict(params)
    return params
