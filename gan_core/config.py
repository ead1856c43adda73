"""One frozen, validated configuration for the toy (1-D and 2-D) GAN lessons.

Every field has a default, a one-line "why" (``help``), a group for the UI and either a numeric
range or a fixed set of choices. Pages build their widgets from these fields; the command line
builds its flags from them; share links serialise them. Defaults live here and nowhere else.
"""

from __future__ import annotations

import dataclasses
import math
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from gan_core import literal

Dataset1D = Literal["gaussian", "mixture2", "uniform", "lognormal", "spikes"]
Dataset2D = Literal["ring8", "grid25", "moons", "spiral", "circles", "gaussian2d", "line"]
DatasetName = Literal[
    "gaussian",
    "mixture2",
    "uniform",
    "lognormal",
    "spikes",
    "ring8",
    "grid25",
    "moons",
    "spiral",
    "circles",
    "gaussian2d",
    "line",
]
DATASETS_1D: tuple[str, ...] = typing.get_args(Dataset1D)
DATASETS_2D: tuple[str, ...] = typing.get_args(Dataset2D)

LossName = Literal["minimax", "non_saturating", "lsgan", "wgan_gp", "hinge"]
OptimizerName = Literal["sgd", "adam", "rmsprop"]
ActivationName = Literal["relu", "leaky_relu", "tanh"]
NoiseName = Literal["uniform", "gaussian"]


def _f(default: Any, group: str, help: str, lo: float | None = None, hi: float | None = None, log: bool = False) -> Any:
    """A dataclass field with UI/CLI metadata: ``group``, ``help`` (the why) and a range."""
    meta = {"group": group, "help": help, "lo": lo, "hi": hi, "log": log}
    return field(default=default, metadata=meta)


@dataclass(frozen=True, kw_only=True)
class ToyConfig:
    """Everything that defines a toy GAN run. Same config + same seed = same run."""

    # --- Data ---------------------------------------------------------------------------------
    dataset: DatasetName = _f("gaussian", "Data", "The real distribution the generator must learn to forge.")
    center: float = _f(4.0, "Data", "1-D: where the real data sits (mean of the gaussian).", -10.0, 10.0)
    scale: float = _f(1.25, "Data", "1-D: how spread the real data is (std of the gaussian).", 0.1, 5.0)
    ring_radius: float = _f(1.0, "Data", "ring8: radius of the ring of 8 modes (benchmark: 1).", 0.25, 4.0)
    spread: float = _f(1.0, "Data", "2-D: multiplies each mode's std (1 = the VEEGAN benchmark geometry).", 0.1, 20.0)
    # --- Noise --------------------------------------------------------------------------------
    noise: NoiseName = _f("gaussian", "Networks", "Distribution of z, the generator's input; the shape matters little.")
    noise_dim: int = _f(2, "Networks", "Dimension of z; usually lower than the data needs, 1-2 can be drawn.", 1, 16)
    # --- Networks -----------------------------------------------------------------------------
    g_layers: int = _f(3, "Networks", "Hidden layers of G: more layers bend noise into sharper shapes.", 1, 4)
    g_width: int = _f(64, "Networks", "Neurons per hidden layer of G.", 4, 256)
    d_layers: int = _f(3, "Networks", "Hidden layers of D: a stronger judge draws finer boundaries.", 1, 4)
    d_width: int = _f(64, "Networks", "Neurons per hidden layer of D.", 4, 256)
    activation: ActivationName = _f(
        "leaky_relu", "Networks", "Hidden nonlinearity; leaky_relu keeps gradients alive for D."
    )
    # --- Training -----------------------------------------------------------------------------
    loss: LossName = _f("non_saturating", "Training", "The game's rules: which loss each player minimises.")
    optimizer: OptimizerName = _f("adam", "Training", "Update rule for both networks; Adam is the GAN default.")
    lr_g: float = _f(1e-3, "Training", "Generator learning rate: how far G moves per step.", 1e-6, 1.0, True)
    lr_d: float = _f(
        1e-3, "Training", "Discriminator learning rate; if D learns much faster, G starves.", 1e-6, 1.0, True
    )
    beta1: float = _f(
        0.5, "Training", "Adam's momentum; 0.5 (DCGAN) reacts faster to a moving opponent than 0.9.", 0.0, 0.99
    )
    k_d: int = _f(1, "Training", "D steps per iteration; WGAN-GP wants several (5), others 1.", 1, 10)
    k_g: int = _f(1, "Training", "G steps per iteration.", 1, 10)
    batch_size: int = _f(
        256, "Training", "Samples per step for each of real and fake; bigger = smoother gradients.", 8, 2048
    )
    steps: int = _f(
        2000, "Training", "Training budget in iterations (one iteration = k_d D steps + k_g G steps).", 1, 100_000
    )
    seed: int = _f(0, "Training", "Seeds weights, noise and data: the same seed replays the same run.", 0, 2**31 - 1)
    # --- Tricks -------------------------------------------------------------------------------
    label_smoothing: float = _f(
        0.0, "Tricks", "One-sided: D's target for real is 1 - s, so D can't become overconfident.", 0.0, 0.5
    )
    instance_noise: float = _f(
        0.0,
        "Tricks",
        "Std of gaussian noise added to D's inputs, decaying linearly to 0: blurs the two sets so they overlap.",
        0.0,
        2.0,
    )
    gp_weight: float = _f(
        10.0,
        "Tricks",
        "WGAN-GP's lambda: weight of (|grad D(x_hat)| - 1)^2 between real and fake (loss wgan_gp only).",
        0.0,
        100.0,
    )
    r1_weight: float = _f(
        0.0,
        "Tricks",
        "R1 penalty gamma/2 |grad D(x_real)|^2: keeps D smooth on the data, damps oscillation (any loss).",
        0.0,
        100.0,
    )
    minibatch_disc: bool = _f(
        False,
        "Tricks",
        "Minibatch discrimination: D also sees how alike the samples in a batch are, which exposes collapse.",
    )
    pac: int = _f(1, "Tricks", "PacGAN: D judges packs of m samples at once, so a collapsed G is easy to spot.", 1, 4)
    g_ema: float = _f(
        0.0,
        "Tricks",
        "Draw from an exponential moving average of G's weights (e.g. 0.999): averages out the wobble.",
        0.0,
        0.9999,
    )
    lr_decay: bool = _f(
        False,
        "Tricks",
        "Decay both learning rates linearly to 0 over the budget: the final steps refine instead of jitter.",
    )

    def __post_init__(self) -> None:
        validate_fields(self)
        if self.batch_size % self.pac:
            raise ValueError(f"batch_size={self.batch_size} must be a multiple of pac={self.pac}")

    @property
    def dim(self) -> int:
        """Dimension of the data: 1 or 2."""
        return 1 if self.dataset in DATASETS_1D else 2


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINT_CACHE.get(cls)
    if hints is None:
        hints = _HINT_CACHE[cls] = typing.get_type_hints(cls)
    return hints


_HINT_CACHE: dict[type, dict[str, Any]] = {}


def field_choices(f: dataclasses.Field, cls: type | None = None) -> tuple[str, ...] | None:
    """The allowed values of a Literal-typed field of ``cls`` (default ToyConfig), or None."""
    hint = _hints(cls or ToyConfig)[f.name]
    return typing.get_args(hint) if typing.get_origin(hint) is Literal else None


def validate_fields(cfg: Any) -> None:
    """Check every field of a config dataclass built with ``_f``: choices, types, ranges.
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


FIELDS: dict[str, dataclasses.Field] = fields_of(ToyConfig)
DEFAULT = ToyConfig()


def field_kind(name: str, cls: type | None = None) -> type:
    """Python type of a config field: str (choices), bool, int or float."""
    hint = _hints(cls or ToyConfig)[name]
    if typing.get_origin(hint) is Literal:
        return str
    return hint


def coerce(name: str, raw: Any, cls: type | None = None) -> Any:
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


def to_dict(cfg: Any) -> dict[str, Any]:
    """All fields as plain JSON-friendly values."""
    return dataclasses.asdict(cfg)


def from_dict(values: Mapping[str, Any], base: Any = DEFAULT) -> Any:
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


def from_query(
    params: Mapping[str, Any], base: Any = DEFAULT, other_keys: tuple[str, ...] = ()
) -> tuple[Any, list[str]]:
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
