"""Your own data for the toy lessons: points a learner draws or uploads, as the real distribution.

``Points`` holds the values in the learner's own units, (n, 1) or (n, 2). Training sees them
standardised (each axis to mean 0, std 1), so one set of learning rates suits data in metres or in
millions; pictures show the learner's units again. A real batch is n points drawn with replacement,
each moved by a little gaussian noise (``JITTER`` standard units): a few hundred drawn points then
make a smooth distribution instead of a few hundred spikes that G could only copy.

``parse_csv`` reads an upload (one number per line in 1-D, two in 2-D, header optional) and raises
``DataFileError`` naming the first problem and its line. ``to_link``/``from_link`` carry a small
set in a share link, each coordinate quantised to one byte of its axis's range.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import math
from dataclasses import dataclass

import numpy as np
import torch

MAX_BYTES = 256 * 1024  # an uploaded file: 5,000 rows of two numbers fit in ~100 KB
MAX_ROWS = 5_000
MIN_ROWS = 10
LINK_MAX_POINTS = 500  # more than this and the link carries no data: hand out the CSV instead
JITTER = 0.05  # std of the noise on each drawn real sample, in standard units
LINK_VERSION = "1"


class DataFileError(ValueError):
    """An upload that cannot be used: the message names the problem (and its line)."""


@dataclass(frozen=True, eq=False)
class Points:
    """A learner's dataset, in their units: ``values`` (n, dim), float64."""

    values: np.ndarray

    def __post_init__(self) -> None:
        v = np.asarray(self.values, dtype=np.float64)
        if v.ndim != 2 or v.shape[1] not in (1, 2):
            raise ValueError(f"points must have shape (n, 1) or (n, 2), got {v.shape}")
        if len(v) < MIN_ROWS:
            raise ValueError(f"only {len(v)} point{'s' if len(v) != 1 else ''}: at least {MIN_ROWS} are needed")
        if not np.isfinite(v).all():
            raise ValueError("every coordinate must be a finite number")
        flat = [axis for axis in range(v.shape[1]) if np.ptp(v[:, axis]) == 0]
        if flat:
            name = "xy"[flat[0]]
            raise ValueError(f"every {name} is {v[0, flat[0]]:g}: the data needs some spread")
        object.__setattr__(self, "values", v)

    @property
    def dim(self) -> int:
        return int(self.values.shape[1])

    def __len__(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> np.ndarray:
        return self.values.mean(axis=0)

    @property
    def std(self) -> np.ndarray:
        return self.values.std(axis=0)

    def standard(self) -> torch.Tensor:
        """The values standardised per axis, float32 (n, dim): what training sees."""
        return torch.as_tensor((self.values - self.mean) / self.std, dtype=torch.float32)

    def to_units(self, x: np.ndarray) -> np.ndarray:
        """Standard units back to the learner's: x (..., dim)."""
        return (x * self.std + self.mean).astype(np.float32)

    @property
    def fingerprint(self) -> str:
        """Short and stable: tells two datasets apart (a changed drawing restarts the run)."""
        return hashlib.sha256(self.values.tobytes()).hexdigest()[:12]


def sample(points: torch.Tensor, n: int, rng: torch.Generator) -> torch.Tensor:
    """n real samples from standardised points (m, dim): drawn with replacement, each jittered."""
    idx = torch.randint(0, len(points), (n,), generator=rng)  # which of the learner's points
    return points[idx] + JITTER * torch.randn(n, points.shape[1], generator=rng)


def plot_range(standard: np.ndarray) -> tuple[float, float]:
    """One range (in standard units) that shows every point with a margin, for both axes."""
    lo, hi = float(standard.min()), float(standard.max())
    pad = 0.15 * (hi - lo) + 3 * JITTER
    return lo - pad, hi + pad


# ---- files ----------------------------------------------------------------------------------------
def parse_csv(raw: bytes, dim: int | None = None) -> Points:
    """Points from a CSV upload: ``dim`` numbers per line (None: as many as the first line has,
    1 or 2), separated by commas, semicolons, tabs or spaces; a first line that is not numbers is
    a header. Raises DataFileError naming the first problem and its line."""
    if len(raw) > MAX_BYTES:
        raise DataFileError(f"the file is {len(raw) / 1024:,.0f} KB; the limit is {MAX_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError("the file is not text (UTF-8): save it as CSV") from None
    rows: list[list[float]] = []
    for number, cells in _lines(text):
        values = []
        for cell in cells:
            try:
                value = float(cell)
            except ValueError:
                if not rows and number == _first_line(text):
                    values = None  # a header line
                    break
                raise DataFileError(f"line {number}: {_short(cell)!r} is not a number") from None
            if not math.isfinite(value):
                raise DataFileError(f"line {number}: {_short(cell)} is not a finite number")
            values.append(value)
        if values is None:
            continue
        if dim is None:
            if len(values) not in (1, 2):
                raise DataFileError(f"line {number}: {len(values)} columns; use 1 (1-D data) or 2 (x, y)")
            dim = len(values)
        if len(values) != dim:
            want = "one number" if dim == 1 else "two numbers (x, y)"
            raise DataFileError(f"line {number}: expected {want}, found {len(values)}")
        if len(rows) == MAX_ROWS:
            raise DataFileError(f"more than {MAX_ROWS:,} points (line {number:,}); keep at most {MAX_ROWS:,}")
        rows.append(values)
    if not rows:
        raise DataFileError("the file has no numbers in it")
    try:
        return Points(np.array(rows))
    except ValueError as err:
        raise DataFileError(str(err)) from None


def _lines(text: str):
    """(line number, cells) for each non-empty line."""
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if any(sep in line for sep in ",;\t"):
            sep = next(s for s in ",;\t" if s in line)
            cells = next(csv.reader([line], delimiter=sep))
        else:
            cells = line.split()
        yield number, [c.strip() for c in cells]


def _first_line(text: str) -> int:
    return next((n for n, _ in _lines(text)), 0)


def _short(cell: str) -> str:
    return cell if len(cell) <= 20 else cell[:19] + "…"


def to_csv(points: Points) -> str:
    """The points as CSV with a header (x or x,y), in the learner's units."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["x", "y"][: points.dim])
    writer.writerows([[f"{v:.6g}" for v in row] for row in points.values.tolist()])
    return out.getvalue()


# ---- links ----------------------------------------------------------------------------------------
def to_link(points: Points) -> str | None:
    """A compact text for a share link (None: more than LINK_MAX_POINTS points). Each coordinate
    is one byte of its axis's [min, max]: the link keeps the picture, to 1/255 of the range."""
    if len(points) > LINK_MAX_POINTS:
        return None
    v = points.values
    lo, hi = v.min(axis=0), v.max(axis=0)
    q = np.round((v - lo) / (hi - lo) * 255).astype(np.uint8)  # (n, dim)
    bounds = "_".join(f"{a:.9g}_{b:.9g}" for a, b in zip(lo, hi))
    body = base64.urlsafe_b64encode(q.tobytes()).decode().rstrip("=")
    return f"{LINK_VERSION}~{points.dim}~{bounds}~{body}"  # "~": URL-safe, and in no number nor base64url


def from_link(text: str, dim: int) -> Points:
    """The points of ``to_link``'s text. Raises ValueError saying what is wrong."""
    parts = text.split("~")
    if len(parts) != 4 or parts[0] != LINK_VERSION:
        raise ValueError("not a data link this app wrote")
    if parts[1] != str(dim):
        raise ValueError(f"{parts[1]}-D data, and this lesson is {dim}-D")
    try:
        bounds = [float(b) for b in parts[2].split("_")]
        body = (parts[3] + "=" * (-len(parts[3]) % 4)).encode()
        q = np.frombuffer(base64.b64decode(body, altchars=b"-_", validate=True), dtype=np.uint8)
    except ValueError:
        raise ValueError("the data in the link is damaged") from None
    if len(bounds) != 2 * dim or len(q) % dim or not all(math.isfinite(b) for b in bounds):
        raise ValueError("the data in the link is damaged")
    lo, hi = np.array(bounds[0::2]), np.array(bounds[1::2])
    return Points(lo + q.reshape(-1, dim) / 255 * (hi - lo))


# ---- drawing --------------------------------------------------------------------------------------
def from_heights(heights: list[float], lo: float, hi: float, n: int = 1_000) -> Points:
    """1-D: a density drawn as bar heights over [lo, hi] becomes n points, one at each of n
    equal-probability quantiles of that piecewise-constant density (no randomness)."""
    h = np.clip(np.nan_to_num(np.asarray(heights, dtype=np.float64)), 0, None)
    if h.sum() <= 0:
        raise ValueError("the drawn density is empty: draw some bars")
    edges = np.linspace(lo, hi, len(h) + 1)
    cdf = np.concatenate([[0.0], np.cumsum(h) / h.sum()])
    u = (np.arange(n) + 0.5) / n
    return Points(np.interp(u, cdf, edges).reshape(-1, 1))


def example(dim: int) -> Points:
    """The drawing a learner starts from: three bumps of different sizes (1-D), a smiling face (2-D)."""
    if dim == 1:
        xs = np.linspace(0, 10, 40)
        bumps = 1.0 * np.exp(-0.5 * ((xs - 2) / 0.6) ** 2) + 0.5 * np.exp(-0.5 * ((xs - 5.5) / 0.5) ** 2)
        return from_heights((bumps + 0.8 * np.exp(-0.5 * ((xs - 8) / 0.8) ** 2)).tolist(), 0, 10, 400)
    t = np.linspace(0, 2 * np.pi, 120, endpoint=False)
    face = np.stack([np.cos(t), np.sin(t)], 1)
    eye = np.array([-0.35, 0.35]) + 0.08 * np.stack([np.cos(t[::6]), np.sin(t[::6])], 1)  # 20 points
    eyes = np.concatenate([eye, eye * [-1, 1]])
    s = np.linspace(-0.5, 0.5, 40)
    mouth = np.stack([s, -0.3 - 0.6 * (0.25 - s**2)], 1)
    return Points(np.round(np.concatenate([face, eyes, mouth]), 3))
