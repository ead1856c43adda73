"""Plotly figures (as plain dicts: cheaper to build than go.Figure, same JSON) for the toy lessons.

Colours are kept across every chart: real = grey/green, fake = purple, D = the background.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gan_core import losses
from gan_core.config import ToyConfig
from gan_core.data import plot_range
from gan_core.trainer import Snapshot

_PREVALIDATED = "gan-classroom:prevalidated"


def _skip_revalidation() -> None:
    """st.plotly_chart rebuilds every figure as a validated go.Figure (~15 ms per chart, measured
    here), several times a second during play. Our figures are plain dicts whose shape
    tests/app/test_charts.py checks against go.Figure once, so figures marked by ``layout`` skip that
    step; anything else goes through plotly's own function unchanged."""
    import plotly.tools

    original = plotly.tools.return_figure_from_figure_or_data
    if getattr(original, "_gan_classroom", False):
        return

    def fast(figure_or_data: Any, validate_figure: bool = True) -> Any:
        if isinstance(figure_or_data, dict) and figure_or_data.get("layout", {}).get("meta") == _PREVALIDATED:
            return figure_or_data
        return original(figure_or_data, validate_figure)

    fast._gan_classroom = True  # type: ignore[attr-defined]
    plotly.tools.return_figure_from_figure_or_data = fast


_skip_revalidation()

REAL, FAKE, DCOL, PUSH = "#2a9d8f", "#7b3fe4", "#e76f51", "#f4a261"
# D's heatmap: blue = "fake" (0), white = can't tell (1/2), red = "real" (1). Explicit colours:
# a named scale can be replaced by the app theme's.
D_SCALE = [[0.0, "#2166ac"], [0.25, "#92c5de"], [0.5, "#f7f7f7"], [0.75, "#f4a582"], [1.0, "#b2182b"]]
N_ARROWS = 60
MAX_CHART_POINTS = 300  # per line in the metric charts


def layout(**extra: Any) -> dict[str, Any]:
    base = {
        "margin": {"l": 50, "r": 20, "t": 30, "b": 40},
        "height": 420,
        "legend": {"orientation": "h", "y": -0.15},
        "uirevision": "keep",
        "meta": _PREVALIDATED,
    }
    base.update(extra)
    return base


def _segments(starts: np.ndarray, ends: np.ndarray) -> tuple[list, list]:
    """x, y lists drawing one line segment per row, separated by None (one trace, many lines)."""
    xs: list = []
    ys: list = []
    for (x0, y0), (x1, y1) in zip(starts.tolist(), ends.tolist()):
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return xs, ys


def _arrow_scale(push: np.ndarray, length: float) -> np.ndarray:
    """Scale push vectors so the longest of them is ``length`` (direction and relative size kept)."""
    norm = float(np.abs(push).max()) if push.size else 0.0
    return push * (length / norm) if norm > 0 else push * 0


def figure_1d(snap: Snapshot, cfg: ToyConfig, layers: set[str]) -> dict[str, Any]:
    """Goodfellow et al.'s Figure 1, live: p_data, p_G, D(x) on one axis; z -> x below."""
    lo, hi = plot_range(cfg)
    x = snap.axis.tolist()
    traces: list[dict[str, Any]] = []
    if "real" in layers:
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": snap.real_density.tolist(),
                "name": "real density p_data",
                "fill": "tozeroy",
                "line": {"color": REAL},
                "opacity": 0.5,
            }
        )
    if "fake" in layers:
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": snap.fake_density.tolist(),
                "name": "generated density p_G",
                "line": {"color": FAKE, "width": 3},
            }
        )
    ymax = float(max(snap.real_density.max(), min(snap.fake_density.max(), 3 * snap.real_density.max()), 1e-6))
    if "arrows" in layers:
        idx = np.linspace(0, len(snap.x_fake) - 1, N_ARROWS).astype(int)
        xf = snap.x_fake[idx, 0]
        dx = _arrow_scale(snap.push[idx, 0], (hi - lo) / 12)
        y0 = np.full(len(idx), -0.06 * ymax)
        sx, sy = _segments(np.stack([xf, y0], 1), np.stack([xf + dx, y0], 1))
        traces.append(
            {
                "type": "scatter",
                "x": sx,
                "y": sy,
                "mode": "lines",
                "name": "where D pushes the fakes",
                "line": {"color": PUSH, "width": 2},
                "hoverinfo": "skip",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": (xf + dx).tolist(),
                "y": y0.tolist(),
                "mode": "markers",
                "showlegend": False,
                "hoverinfo": "skip",
                "marker": {
                    "color": PUSH,
                    "size": 7,
                    "symbol": ["triangle-right" if d >= 0 else "triangle-left" for d in dx],
                },
            }
        )
    if "d" in layers:
        name = "D(x): P(real)" if cfg.loss in ("minimax", "non_saturating") else "D(x) (critic score)"
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": snap.d_values.tolist(),
                "name": name,
                "yaxis": "y2",
                "line": {"color": DCOL, "dash": "dash", "width": 2},
            }
        )
    y2 = {"range": [0, 1.05]} if cfg.loss in ("minimax", "non_saturating") else {}
    fig = {
        "data": traces,
        "layout": layout(
            xaxis={"range": [lo, hi], "title": {"text": "x"}},
            yaxis={"title": {"text": "density"}, "range": [-0.12 * ymax, 1.15 * ymax]},
            yaxis2={"overlaying": "y", "side": "right", "title": {"text": "D(x)"}, "showgrid": False, **y2},
        ),
    }
    return fig


def figure_noise_map(snap: Snapshot, cfg: ToyConfig) -> dict[str, Any] | None:
    """1-D with noise_dim 1: lines from each z (bottom) to G(z) (top), as in Goodfellow et al. Fig. 1."""
    if snap.noise_map is None or snap.dim != 1:
        return None
    lo, hi = plot_range(cfg)
    z, gz = snap.noise_map[:, 0], snap.noise_map[:, 1]
    zmin, zmax = float(z.min()), float(z.max())
    z_on_axis = lo + (z - zmin) / max(zmax - zmin, 1e-9) * (hi - lo)  # z's range drawn across the x axis
    sx, sy = _segments(np.stack([z_on_axis, np.zeros_like(z)], 1), np.stack([gz, np.ones_like(z)], 1))
    return {
        "data": [
            {
                "type": "scatter",
                "x": sx,
                "y": sy,
                "mode": "lines",
                "line": {"color": FAKE, "width": 1},
                "opacity": 0.6,
                "hoverinfo": "skip",
                "name": "z -> G(z)",
            },
        ],
        "layout": layout(
            height=170,
            showlegend=False,
            margin={"l": 50, "r": 20, "t": 10, "b": 30},
            xaxis={"range": [lo, hi], "title": {"text": "x = G(z)  (top);  z, equal-probability steps (bottom)"}},
            yaxis={"tickvals": [0, 1], "ticktext": ["z", "x"], "range": [-0.1, 1.1]},
        ),
    }


def figure_2d(snap: Snapshot, cfg: ToyConfig, layers: set[str]) -> dict[str, Any]:
    """Real and fake points over D's heatmap, gradient arrows on fakes, G's warped noise grid."""
    lo, hi = plot_range(cfg)
    traces: list[dict[str, Any]] = []
    if "d" in layers:
        prob = cfg.loss in ("minimax", "non_saturating")
        traces.append(
            {
                "type": "heatmap",
                "x": snap.axis.tolist(),
                "y": snap.axis.tolist(),
                "z": np.round(snap.d_values, 3).tolist(),
                "colorscale": D_SCALE,
                "zmin": 0 if prob else None,
                "zmax": 1 if prob else None,
                "opacity": 0.55,
                "colorbar": {"title": {"text": "D(x)"}, "len": 0.8},
                "hovertemplate": "D=%{z}<extra></extra>",
                "zsmooth": "best",
            }
        )
    if "grid" in layers and snap.noise_map is not None:
        g = snap.noise_map
        rows = [g[i] for i in range(g.shape[0])] + [g[:, j] for j in range(g.shape[1])]
        xs: list = []
        ys: list = []
        for line in rows:
            xs += line[:, 0].tolist() + [None]
            ys += line[:, 1].tolist() + [None]
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "name": "G's warped noise grid",
                "line": {"color": "#444", "width": 0.7},
                "opacity": 0.5,
                "hoverinfo": "skip",
            }
        )
    if "real" in layers:
        traces.append(
            {
                "type": "scatter",
                "x": snap.x_real[:, 0].tolist(),
                "y": snap.x_real[:, 1].tolist(),
                "mode": "markers",
                "name": "real",
                "marker": {"color": REAL, "size": 5, "opacity": 0.7},
            }
        )
    if "fake" in layers:
        traces.append(
            {
                "type": "scatter",
                "x": snap.x_fake[:, 0].tolist(),
                "y": snap.x_fake[:, 1].tolist(),
                "mode": "markers",
                "name": "fake = G(z)",
                "marker": {"color": FAKE, "size": 5, "opacity": 0.8},
            }
        )
    if "arrows" in layers:
        idx = np.linspace(0, len(snap.x_fake) - 1, N_ARROWS * 2).astype(int)
        start = snap.x_fake[idx]
        end = start + _arrow_scale(snap.push[idx], (hi - lo) / 15)
        sx, sy = _segments(start, end)
        traces.append(
            {
                "type": "scatter",
                "x": sx,
                "y": sy,
                "mode": "lines",
                "name": "where D pushes the fakes",
                "line": {"color": PUSH, "width": 1.5},
                "hoverinfo": "skip",
            }
        )
    return {
        "data": traces,
        "layout": layout(
            height=560,
            xaxis={"range": [lo, hi], "constrain": "domain"},
            yaxis={"range": [lo, hi], "scaleanchor": "x", "scaleratio": 1},
        ),
    }


def thin(table: dict[str, np.ndarray], upto: int | None = None) -> dict[str, list]:
    """A history table as chart-ready lists: rows up to step ``upto``, at most MAX_CHART_POINTS of
    them (evenly spaced; the newest always kept), rounded, NaN/inf as gaps."""
    keep = np.flatnonzero(table["step"] <= upto) if upto is not None else np.arange(len(table["step"]))
    if len(keep) > MAX_CHART_POINTS:  # fewer points to send and draw; the newest always kept
        keep = keep[np.linspace(0, len(keep) - 1, MAX_CHART_POINTS).round().astype(int)]
    return {k: [None if not np.isfinite(x) else x for x in np.round(v[keep], 5).tolist()] for k, v in table.items()}


SMALL = {"height": 260, "margin": {"l": 45, "r": 10, "t": 35, "b": 35}}


def figure_loss_pair(h: dict[str, list], loss: str) -> list[dict[str, Any]]:
    """Losses with their equilibrium lines, and D(x)/D(G(z)), from a thinned step history."""
    d_eq, g_eq = losses.equilibrium(loss)
    loss_fig = {
        "data": [
            {"type": "scatter", "x": h["step"], "y": h["d_loss"], "name": "d_loss", "line": {"color": DCOL}},
            {"type": "scatter", "x": h["step"], "y": h["g_loss"], "name": "g_loss", "line": {"color": FAKE}},
        ],
        "layout": layout(
            title={"text": "Losses (dotted: value at equilibrium)", "font": {"size": 13}},
            **SMALL,
            shapes=[hline(d_eq, DCOL), hline(g_eq, FAKE)],
        ),
    }
    prob = loss in ("minimax", "non_saturating")
    d_fig = {
        "data": [
            {"type": "scatter", "x": h["step"], "y": h["d_real"], "name": "D(x)", "line": {"color": REAL}},
            {"type": "scatter", "x": h["step"], "y": h["d_fake"], "name": "D(G(z))", "line": {"color": FAKE}},
        ],
        "layout": layout(
            title={"text": "D(x) and D(G(z))" + (" (1/2 = D can only guess)" if prob else ""), "font": {"size": 13}},
            **SMALL,
            shapes=[hline(0.5, "#888")] if prob else [],
        ),
    }
    return [loss_fig, d_fig]


def figure_metrics(
    history: dict[str, np.ndarray], evals: dict[str, np.ndarray], cfg: ToyConfig, upto: int | None = None
) -> list[dict[str, Any]]:
    """Three small charts: losses with their equilibrium lines, D(x)/D(G(z)), distance metrics."""
    h, e = thin(history, upto), thin(evals, upto)
    loss_fig, d_fig = figure_loss_pair(h, cfg.loss)
    small = SMALL
    if cfg.dim == 1:
        dist = [
            {"type": "scatter", "x": e["step"], "y": e["w1"], "name": "W1", "line": {"color": FAKE}},
            {"type": "scatter", "x": e["step"], "y": e["js"], "name": "JS (bits)", "line": {"color": DCOL}},
        ]
        title, shapes = "Distance to the real data (dotted: W1 = 0.1)", [hline(0.1, FAKE)]
        dist_layout = {"yaxis": {"type": "log"}}
    else:
        dist = [{"type": "scatter", "x": e["step"], "y": e["js"], "name": "JS (bits)", "line": {"color": DCOL}}]
        if np.isfinite(np.asarray(e["hq"], dtype=float)).any():
            dist += [
                {
                    "type": "scatter",
                    "x": e["step"],
                    "y": e["hq"],
                    "name": "high-quality fraction",
                    "line": {"color": REAL},
                },
                {
                    "type": "scatter",
                    "x": e["step"],
                    "y": e["coverage"],
                    "name": "modes captured (share)",
                    "line": {"color": FAKE},
                },
            ]
        title, shapes, dist_layout = "Convergence metrics", [], {"yaxis": {"range": [0, 1.05]}}
    dist_fig = {
        "data": dist,
        "layout": layout(title={"text": title, "font": {"size": 13}}, **small, shapes=shapes, **dist_layout),
    }
    return [loss_fig, d_fig, dist_fig]


def hline(y: float, color: str) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": y,
        "y1": y,
        "line": {"color": color, "dash": "dot", "width": 1.5},
    }
