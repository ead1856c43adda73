"""Plotly figures (as plain dicts: cheaper to build than go.Figure, same JSON) for the toy lessons:
the data and D, the noise map, the metric curves (``ui/chart_style.py`` has what every chart shares)."""

from __future__ import annotations

from typing import Any

import numpy as np

from gan_core import losses
from gan_core.toy.config import ToyConfig
from gan_core.toy.trainer import Snapshot
from ui.chart_style import D_SCALE, DCOL, FAKE, PUSH, REAL, SMALL, figure_loss_pair, hline, layout, thin

N_ARROWS = 60


def _segments(starts: np.ndarray, ends: np.ndarray) -> tuple[list, list]:
    """x, y lists drawing one line segment per row, separated by None (one trace, many lines)."""
    xs: list = []
    ys: list = []
    for (x0, y0), (x1, y1) in zip(starts.tolist(), ends.tolist()):
        xs += [x0, x1, None]
        ys += [y0, y1, None]
    return xs, ys


def _range(axis: np.ndarray) -> tuple[float, float]:
    """The range a snapshot's axis spans: the lesson's plot range, in the data's own units."""
    return float(axis[0]), float(axis[-1])


def push_max(push: np.ndarray) -> float:
    """The largest component of a snapshot's push vectors (0 for none)."""
    return float(np.abs(push).max()) if push.size else 0.0


def _arrow_scale(push: np.ndarray, length: float, run_max: float | None = None) -> np.ndarray:
    """Push vectors drawn so that ``run_max`` (the largest push of the whole run; default: this
    frame's) is ``length`` long. On the run's fixed scale a vanishing gradient is drawn short."""
    norm = max(run_max or 0.0, push_max(push))
    return push * (length / norm) if norm > 0 else push * 0


def _push_name(push: np.ndarray, run_max: float | None) -> str:
    now = push_max(push)
    scale = f"; full length = {run_max:.2g}, the run's largest" if run_max else ""
    return f"where D pushes the fakes (|grad| up to {now:.2g} now{scale})"


def figure_1d(snap: Snapshot, cfg: ToyConfig, layers: set[str], run_push: float | None = None) -> dict[str, Any]:
    """Goodfellow et al.'s Figure 1, live: p_data, p_G, D(x) on one axis; z -> x below.
    ``run_push``: the largest push of the run, which fixes the arrows' scale for the whole run."""
    lo, hi = _range(snap.axis)
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
        dx = _arrow_scale(snap.push[idx, 0], (hi - lo) / 12, run_push)
        y0 = np.full(len(idx), -0.06 * ymax)
        sx, sy = _segments(np.stack([xf, y0], 1), np.stack([xf + dx, y0], 1))
        traces.append(
            {
                "type": "scatter",
                "x": sx,
                "y": sy,
                "mode": "lines",
                "name": _push_name(snap.push, run_push),
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
        name = "D(x): P(real)" if losses.is_probability(cfg.loss) else "D(x) (critic score)"
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
    # explicit ticks: left alone, plotly aligns them with the density axis's gridlines (0.099, 0.353, ...)
    y2 = (
        {"range": [0, 1.05], "tickmode": "array", "tickvals": [0, 0.25, 0.5, 0.75, 1]}
        if losses.is_probability(cfg.loss)
        else {"tickmode": "auto"}
    )
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
    lo, hi = _range(snap.axis)
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


def figure_2d(snap: Snapshot, cfg: ToyConfig, layers: set[str], run_push: float | None = None) -> dict[str, Any]:
    """Real and fake points over D's heatmap, gradient arrows on fakes (on the run's fixed scale,
    ``run_push``), G's warped noise grid. Own data: each axis in its own units, the plot square."""
    lo, hi = _range(snap.axis)
    y_axis = snap.axis if snap.axis_y is None else snap.axis_y
    y_lo, y_hi = _range(y_axis)
    traces: list[dict[str, Any]] = []
    if "d" in layers:
        prob = losses.is_probability(cfg.loss)
        traces.append(
            {
                "type": "heatmap",
                "x": snap.axis.tolist(),
                "y": y_axis.tolist(),
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
                "line": {"color": "#8a8a8a", "width": 0.7},
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
        end = start + _arrow_scale(snap.push[idx], (hi - lo) / 15, run_push)
        sx, sy = _segments(start, end)
        traces.append(
            {
                "type": "scatter",
                "x": sx,
                "y": sy,
                "mode": "lines",
                "name": _push_name(snap.push, run_push),
                "line": {"color": PUSH, "width": 1.5},
                "hoverinfo": "skip",
            }
        )
    return {
        "data": traces,
        "layout": layout(
            height=560,
            xaxis={"range": [lo, hi], "constrain": "domain"},
            yaxis={"range": [y_lo, y_hi], "scaleanchor": "x", "scaleratio": (hi - lo) / (y_hi - y_lo)},
        ),
    }


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
        if np.isfinite(np.asarray(e["high_quality_fraction"], dtype=float)).any():
            dist += [
                {
                    "type": "scatter",
                    "x": e["step"],
                    "y": e["high_quality_fraction"],
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
