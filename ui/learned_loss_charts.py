"""Plotly figures (plain, prevalidated dicts, like ui/charts.py) for the "Put a GAN on it" lesson.

Colours: real pairs green, the MSE model coral, the GAN purple (the colour of fakes everywhere in
the app), the mixed model pink; D's opinion as in the toy lessons (red = "real", blue = "fake").
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gan_core.learned_loss import tasks as branches
from gan_core.learned_loss.config import MODEL_NAMES, LearnedLossConfig
from gan_core.learned_loss.trainer import LearnedLossSnapshot
from ui.chart_style import D_SCALE, FAKE, NEUTRAL, REAL, hline, layout, thin

# The mixed model pink, not blue: the GAN's purple looks blue to a deuteranope or protanope, and a
# blue next to it vanished (CIEDE2000 6 under simulated deuteranopia; pink: 23, ui/colour_vision.py).
COLORS = {"mse": "#e4572e", "gan": FAKE, "mix": "#dd99ee"}
BRANCH = NEUTRAL  # the real branches, dotted: a mid grey that reads on both themes
LAYERS = {
    "real": "Real pairs",
    "branches": "Real branches",
    "mse": "MSE model",
    "gan": "GAN",
    "mix": "MSE + GAN",
    "d": "D's opinion (GAN)",
}


def figure_pairs(snap: LearnedLossSnapshot, cfg: LearnedLossConfig, layers: set[str]) -> dict[str, Any]:
    """The real (x, y) pairs, the MSE model's answer per x (a line), the GAN's (and the mixed
    model's) samples G(x, z), the real branches, and optionally the GAN's D(x, y) behind them."""
    (x_lo, x_hi), (y_lo, y_hi) = branches.plot_range(cfg.task, cfg.data_noise)
    traces: list[dict[str, Any]] = []
    if "d" in layers:
        traces.append(
            {
                "type": "heatmap",
                "x": snap.d_x.tolist(),
                "y": snap.d_axis.tolist(),
                "z": np.round(snap.d_values, 3).tolist(),
                "colorscale": D_SCALE,
                "zmin": 0,
                "zmax": 1,
                "opacity": 0.5,
                "colorbar": {"title": {"text": "D(x, y)"}, "len": 0.8},
                "hovertemplate": "D(x, y) = %{z}<extra></extra>",
                "zsmooth": "best",
                "name": "D's opinion",
            }
        )
    if "real" in layers:
        traces.append(
            {
                "type": "scatter",
                "x": snap.x.tolist(),
                "y": snap.y_real.tolist(),
                "mode": "markers",
                "name": "real pairs (x, y)",
                "marker": {"color": REAL, "size": 5, "opacity": 0.45},
            }
        )
    if "branches" in layers:
        xs: list = []
        ys: list = []
        for branch in snap.branches:
            xs += snap.axis.tolist() + [None]
            ys += branch.tolist() + [None]
        traces.append(
            {
                "type": "scatter",
                "x": xs,
                "y": ys,
                "mode": "lines",
                "name": "real branches",
                "line": {"color": BRANCH, "width": 1.2, "dash": "dot"},
                "hoverinfo": "skip",
            }
        )
    for name in ("mix", "gan"):
        if name in layers and name in snap.y_model:
            traces.append(
                {
                    "type": "scatter",
                    "x": snap.x.tolist(),
                    "y": snap.y_model[name].tolist(),
                    "mode": "markers",
                    "name": f"{MODEL_NAMES[name]}: G(x, z)",
                    "marker": {"color": COLORS[name], "size": 5, "opacity": 0.75},
                }
            )
    if "mse" in layers:
        traces.append(
            {
                "type": "scatter",
                "x": snap.axis.tolist(),
                "y": snap.mse_curve.tolist(),
                "mode": "lines",
                "name": "MSE model: f(x)",
                "line": {"color": COLORS["mse"], "width": 5},
            }
        )
    return {
        "data": traces,
        "layout": layout(
            height=520,
            margin={"l": 55, "r": 20, "t": 20, "b": 50},
            legend={"orientation": "h", "y": -0.13, "font": {"size": 13}},
            xaxis={"range": [x_lo, x_hi], "title": {"text": "input x"}, "zeroline": False},
            yaxis={"range": [y_lo, y_hi], "title": {"text": "output y"}, "zeroline": False},
        ),
    }


def figure_curves(
    history: dict[str, np.ndarray],
    evals: dict[str, np.ndarray],
    reference: dict[str, float],
    models: tuple[str, ...],
    upto: int | None = None,
) -> list[dict[str, Any]]:
    """Three small charts over the run: each model's MSE to the data (dotted: the floor for one
    answer per x), its on-branch fraction (dotted: what real data scores), and the training losses."""
    e, h = thin(evals, upto), thin(history, upto)
    small = {"height": 280, "margin": {"l": 45, "r": 10, "t": 40, "b": 35}}

    def title(text: str) -> dict[str, Any]:
        return {"text": text, "font": {"size": 13}}

    def lines(metric: str) -> list[dict[str, Any]]:
        return [
            {
                "type": "scatter",
                "x": e["step"],
                "y": e[f"{m}_{metric}"],
                "name": MODEL_NAMES[m],
                "line": {"color": COLORS[m], "width": 2.5},
            }
            for m in models
        ]

    error_fig = {
        "data": lines("error"),
        "layout": layout(
            title=title("MSE to the data (lower = closer on average)"),
            shapes=[hline(reference["best_error"], NEUTRAL)],
            yaxis={"rangemode": "tozero"},
            **small,
        ),
    }
    on_fig = {
        "data": lines("on_branch"),
        "layout": layout(
            title=title("On a real branch (higher = looks real)"),
            shapes=[hline(reference["real_on_branch"], REAL)],
            yaxis={"range": [0, 1.05], "tickformat": ".0%"},
            **small,
        ),
    }
    loss_lines = [("mse_loss", "MSE model's loss", COLORS["mse"], "solid")]
    loss_lines += [("d_loss", "GAN: d_loss", COLORS["gan"], "dot"), ("g_loss", "GAN: g_loss", COLORS["gan"], "solid")]
    loss_fig = {
        "data": [
            {"type": "scatter", "x": h["step"], "y": h[col], "name": name, "line": {"color": c, "dash": dash}}
            for col, name, c, dash in loss_lines
        ],
        "layout": layout(title=title("Training losses"), **small),
    }
    return [error_fig, on_fig, loss_fig]
