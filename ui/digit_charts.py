"""Charts for the digit lessons: classifier metrics over training and the class histogram."""

from __future__ import annotations

from typing import Any

import numpy as np

from ui.chart_style import DCOL, FAKE, REAL, SMALL, hline, layout


def figure_digit_metrics(e: dict[str, list], reference: dict[str, float]) -> list[dict[str, Any]]:
    """From a thinned evaluation history: (1) how much looks like a digit, (2) the Frechet
    distance in the classifier's feature space, on a log axis, with real digits' value as the floor."""
    quality = [
        {"type": "scatter", "x": e["step"], "y": e["confident"], "name": "confident (>= 0.9)", "line": {"color": FAKE}},
        {
            "type": "scatter",
            "x": e["step"],
            "y": [None if c is None else c / 10 for c in e["classes"]],
            "name": "digit classes / 10",
            "line": {"color": DCOL},
        },
    ]
    q_fig = {
        "data": quality,
        "layout": layout(
            title={"text": "Does it look like digits? (dotted: real digits)", "font": {"size": 13}},
            **SMALL,
            yaxis={"range": [0, 1.05], "tickformat": ".0%"},
            shapes=[hline(reference["confident"], FAKE)],
        ),
    }
    fd_fig = {
        "data": [
            {"type": "scatter", "x": e["step"], "y": e["frechet"], "name": "Frechet distance", "line": {"color": FAKE}}
        ],
        "layout": layout(
            title={"text": "Frechet distance to real digits (dotted: real vs real)", "font": {"size": 13}},
            **SMALL,
            yaxis={"type": "log", "dtick": 1},
            shapes=[hline(reference["frechet"], REAL)],
            showlegend=False,
        ),
    }
    return [q_fig, fd_fig]


def figure_class_histogram(m: dict[str, float]) -> dict[str, Any]:
    """Share of samples the classifier puts in each digit class; an even mix is 10% each."""
    shares = [float(m.get(f"class_{c}", np.nan)) for c in range(10)]
    return {
        "data": [
            {
                "type": "bar",
                "x": [str(c) for c in range(10)],
                "y": shares,
                "marker": {"color": FAKE},
                "hovertemplate": "digit %{x}: %{y:.0%}<extra></extra>",
            }
        ],
        "layout": layout(
            title={"text": "Which digits does G draw? (dotted: an even mix)", "font": {"size": 13}},
            **SMALL,
            yaxis={"tickformat": ".0%", "rangemode": "tozero"},
            xaxis={"type": "category", "title": {"text": "digit (the classifier's verdict)"}},
            shapes=[hline(0.1, "#888")],
            showlegend=False,
        ),
    }
