"""The toy lessons' "Your data" box: draw points (2-D) or a density (1-D), upload a CSV, or start
from the example; the data travels in the share link when it is small.

The learner's points live in ``st.session_state[f"{ns}.points"]`` (an (n, dim) array in their
units, possibly empty while they draw). A change of data starts a new run on it.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

from gan_core import literal
from gan_core.toy import own_data
from gan_core.toy.own_data import Points
from ui import draw_data
from ui.chart_style import REAL

BINS = 40  # bars of the 1-D drawing


def _key(ns: str, name: str) -> str:
    return f"{ns}.own.{name}"


def values(ns: str, dim: int) -> np.ndarray:
    """The learner's points so far, (n, dim) (the example until they change it)."""
    k = _key(ns, "values")
    if k not in st.session_state:
        _store(ns, own_data.example(dim).values, restart=False)
    return st.session_state[k]


def current(ns: str, dim: int) -> Points | None:
    """The learner's data as Points, or None while it has too few points to train on."""
    try:
        return Points(values(ns, dim))
    except ValueError:
        return None


def _store(
    ns: str, v: np.ndarray, restart: bool = True, note: str = "Your data changed: a new run started on it."
) -> None:
    st.session_state[_key(ns, "values")] = np.asarray(v, dtype=np.float64)  # (n, dim), n may be 0
    st.session_state[_key(ns, "view")] = _view(st.session_state[_key(ns, "values")])
    st.session_state.pop(_key(ns, "error"), None)  # the data changed: an older refusal no longer applies
    if restart and st.session_state.pop(f"{ns}.run", None) is not None:
        st.session_state[f"{ns}.put_away"] = note  # live.get_run shows it with the new run


def _view(v: np.ndarray) -> list[tuple[float, float]]:
    """The drawing's axes: the points with a margin (the example's frame while there are none)."""
    dim = v.shape[1] if v.ndim == 2 else 2
    if len(v) < 2:
        return [(-2.0, 2.0)] * dim if dim == 2 else [(0.0, 10.0)]
    out = []
    for axis in range(dim):
        lo, hi = float(v[:, axis].min()), float(v[:, axis].max())
        pad = max(0.15 * (hi - lo), 1e-6)
        out.append((lo - pad, hi + pad))
    return out


def from_url(ns: str, dim: int) -> list[str]:
    """A first visit's ``?data=``: the link's points, or a note saying why not (the example stays)."""
    raw = st.query_params.get("data")
    if not raw:
        return []
    try:
        _store(ns, own_data.from_link(raw, dim).values, restart=False)
    except ValueError as err:
        return [f"Ignored {literal.code('data=...')}: {literal.plain(str(err))}. Using the example drawing."]
    return []


def link_params(ns: str, dim: int) -> dict[str, str]:
    """``data=`` for the share link, where the data is small enough to travel in it."""
    points = current(ns, dim)
    text = None if points is None else own_data.to_link(points)
    return {"data": text} if text else {}


def panel(ns: str, dim: int) -> Points | None:
    """The box: the drawing, an upload, the example, what the data is. Returns the data to train on
    (None, with the reason shown, while there are too few points)."""
    v = values(ns, dim)
    with st.container(border=True, key=f"{ns}.own_box"):
        st.markdown(
            "**Your data.** "
            + (
                "Spray points onto the plane with the mouse or a finger (each stroke adds points where you "
                "drag), or upload a CSV of x, y pairs."
                if dim == 2
                else "Draw a density: drag across the bars to set their heights, or upload a CSV with one "
                "number per line."
            )
        )
        draw, upload = st.tabs(["Draw", "Upload a CSV"])
        with draw:
            _drawing(ns, dim, v)
        with upload:
            _upload(ns, dim)
        error = st.session_state.get(_key(ns, "error"))  # a refused file or an empty drawing
        if error:
            st.error(f"Nothing changed. {error}", icon=":material/error:")
        points = current(ns, dim)
        _summary(ns, dim, points)
    return points


def _drawing(ns: str, dim: int, v: np.ndarray) -> None:
    view = st.session_state.get(_key(ns, "view")) or _view(v)
    if dim == 2:
        result = draw_data.canvas(
            _key(ns, "canvas"),
            "points",
            view[0],
            view[1],
            REAL,
            f"{len(v):,} points. Each stroke adds points; Clear starts an empty plane.",
            points=np.round(v, 4).tolist(),
            max_points=own_data.MAX_ROWS,
        )
        stroke = result.stroke if result is not None else None
        if stroke:
            new = np.asarray(stroke, dtype=np.float64).reshape(-1, 2)
            keep = st.session_state[_key(ns, "view")]
            _store(ns, np.concatenate([v, new])[: own_data.MAX_ROWS])
            st.session_state[_key(ns, "view")] = keep  # the plane stays put while drawing
            st.rerun()
    else:
        lo, hi = view[0]
        counts, _ = np.histogram(v[:, 0], bins=BINS, range=(lo, hi)) if len(v) else (np.zeros(BINS), None)
        heights = (counts / max(counts.max(), 1)).round(4).tolist()
        result = draw_data.canvas(
            _key(ns, "canvas"),
            "density",
            (lo, hi),
            (0.0, 1.0),
            REAL,
            f"{BINS} bars from {lo:.3g} to {hi:.3g}; your data is {len(v):,} points spread as the bars say.",
            heights=heights,
        )
        drawn = result.heights if result is not None else None
        if drawn:
            try:
                points = own_data.from_heights(drawn, lo, hi, n=400)
            except ValueError as err:
                st.session_state[_key(ns, "error")] = str(err)
            else:
                _store(ns, points.values)
                st.session_state[_key(ns, "view")] = [(lo, hi)]
            st.rerun()
    c1, c2 = st.columns(2)
    c1.button(
        "Clear",
        key=_key(ns, "clear"),
        on_click=_clear,
        args=(ns, dim),
        icon=":material/delete:",
        width="stretch",
        help="Start from an empty plane" if dim == 2 else "Start from flat bars",
    )
    c2.button(
        "Start from the example",
        key=_key(ns, "example"),
        on_click=lambda: _store(ns, own_data.example(dim).values),
        icon=":material/restart_alt:",
        width="stretch",
    )


def _clear(ns: str, dim: int) -> None:
    if dim == 2:
        keep = st.session_state.get(_key(ns, "view"))
        _store(ns, np.zeros((0, 2)))
        st.session_state[_key(ns, "view")] = keep
    else:  # flat bars over the same axis: a uniform density to draw on
        lo, hi = (st.session_state.get(_key(ns, "view")) or [(0.0, 10.0)])[0]
        _store(ns, own_data.from_heights([1.0] * BINS, lo, hi, n=400).values)


def _upload(ns: str, dim: int) -> None:
    want = "one number per line (x)" if dim == 1 else "two numbers per line (x, y)"
    st.caption(
        f"A CSV or text file with {want}, separated by commas, semicolons, tabs or spaces; a header line is "
        f"optional. At most {own_data.MAX_ROWS:,} points and {own_data.MAX_BYTES // 1024} KB. A file with a "
        "problem changes nothing: the message names the line."
    )
    file = st.file_uploader("Points file", type=["csv", "txt"], key=_key(ns, "file"), label_visibility="collapsed")
    if file is None:
        return
    seen = _key(ns, "file_seen")
    if st.session_state.get(seen) != file.file_id:
        st.session_state[seen] = file.file_id
        try:
            if file.size > own_data.MAX_BYTES:  # refused unread
                raise own_data.DataFileError(
                    f"the file is {file.size / 1024:,.0f} KB; the limit is {own_data.MAX_BYTES // 1024} KB"
                )
            points = own_data.parse_csv(file.getvalue(), dim)
        except own_data.DataFileError as err:
            st.session_state[_key(ns, "error")] = f"{literal.plain(file.name)}: {literal.plain(str(err))}"
        else:
            _store(ns, points.values, note=f"Loaded {len(points):,} points from your file: a new run started on them.")
            st.rerun()


def _summary(ns: str, dim: int, points: Points | None) -> None:
    v = values(ns, dim)
    if points is None:
        st.info(
            f"{len(v)} point{'s' if len(v) != 1 else ''} so far: draw at least {own_data.MIN_ROWS} "
            "(or spread them out) to train on them.",
            icon=":material/draw:",
        )
        return
    lo, hi = v.min(axis=0), v.max(axis=0)
    ranges = ", ".join(f"{name} from {a:.3g} to {b:.3g}" for name, a, b in zip("xy", lo, hi))
    link = own_data.to_link(points)
    st.caption(
        f"{len(points):,} points: {ranges}. Pictures show your units; training and the metrics see the data "
        f"standardised (each axis to mean 0, std 1), and each real sample is one of your points moved by a "
        f"little noise (std {own_data.JITTER} in standard units). "
        + (
            "The share link carries the data."
            if link
            else f"That is more than a share link can carry ({own_data.LINK_MAX_POINTS}): download the CSV and "
            "hand it out; learners upload it here."
        )
    )
    st.download_button(
        "Download your data as CSV",
        own_data.to_csv(points),
        file_name=f"{ns}-data.csv",
        mime="text/csv",
        key=_key(ns, "download"),
        icon=":material/download:",
    )
