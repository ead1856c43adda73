"""Plotly figures (plain, prevalidated dicts, like ui/charts.py) for the digit-completion lesson:
each model's scores over the run, against the real digits' (dotted). Colours as in "Put a GAN on
it": the MSE model coral, the GAN purple, the mix pink."""

from __future__ import annotations

from typing import Any

import numpy as np

from gan_core.completion.config import MODEL_NAMES
from ui.chart_style import REAL, SMALL, hline, layout, thin
from ui.learned_loss_charts import COLORS

CHARTS = {  # metric -> (title, y-axis format, the real digits' reference key)
    "sharpness": ("Sharpness of the drawn part (dotted: real digits)", None, "real_sharpness"),
    "frechet": ("Frechet distance to real digits (lower = more alike)", None, "real_frechet"),
    "confident": ("The judge is sure (confidence >= 0.9)", ".0%", "real_confident"),
    "error": ("Squared error to the real digit (lower = closer)", None, None),
    "variety": ("Variety over z (how much z changes the drawing)", None, None),
}


LOSSES = (  # history column, label, model, dash
    ("mse_loss", "MSE model's loss", "mse", "solid"),
    ("gan_d_loss", "GAN: d_loss", "gan", "dot"),
    ("gan_g_loss", "GAN: g_loss", "gan", "solid"),
    ("mix_d_loss", "MSE + GAN: d_loss", "mix", "dot"),
    ("mix_g_loss", "MSE + GAN: g_loss", "mix", "solid"),
)


def figure_curves(
    history: dict[str, np.ndarray],
    evals: dict[str, np.ndarray],
    reference: dict[str, float],
    models: tuple[str, ...],
    upto: int | None = None,
) -> list[dict[str, Any]]:
    """One small chart per metric of CHARTS (a line per model over the steps, the real digits'
    value dotted where there is one), then the training losses."""
    e, h = thin(evals, upto), thin(history, upto)
    figs = []
    for metric, (title, fmt, ref) in CHARTS.items():
        lines = [
            {
                "type": "scatter",
                "x": e["step"],
                "y": e[f"{m}_{metric}"],
                "name": MODEL_NAMES[m],
                "line": {"color": COLORS[m], "width": 2.5},
            }
            for m in models
        ]
        yaxis: dict[str, Any] = {"rangemode": "tozero"}
        if fmt:
            yaxis = {"range": [0, 1.05], "tickformat": fmt}
        figs.append(
            {
                "data": lines,
                "layout": layout(
                    title={"text": title, "font": {"size": 13}},
                    shapes=[hline(reference[ref], REAL)] if ref else [],
                    yaxis=yaxis,
                    **SMALL,
                ),
            }
        )
    losses = [
        {"type": "scatter", "x": h["step"], "y": h[col], "name": name, "line": {"color": COLORS[m], "dash": dash}}
        for col, name, m, dash in LOSSES
        if m in models
    ]
    figs.append({"data": losses, "layout": layout(title={"text": "Training losses", "font": {"size": 13}}, **SMALL)})
    return figs
