"""What every chart shares: colours kept across the course (real = green, fake = purple, D = the
background), the layout, thinning a history for a chart, the loss and D(x) pair of charts, and a
shortcut past plotly's re-validation of our plain-dict figures."""

from __future__ import annotations

from typing import Any

import numpy as np

from gan_core import losses

PREVALIDATED = "gan-classroom:prevalidated"


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
        if isinstance(figure_or_data, dict) and figure_or_data.get("layout", {}).get("meta") == PREVALIDATED:
            return figure_or_data
        return original(figure_or_data, validate_figure)

    fast._gan_classroom = True  # type: ignore[attr-defined]
    plotly.tools.return_figure_from_figure_or_data = fast


_skip_revalidation()

# The course's colours: real = green (teal), fake = purple, D = brick red, D's push = orange. They
# stay apart (CIEDE2000 >= 20) for normal vision and simulated protanopia, deuteranopia and
# tritanopia, and stand out from both themes' backgrounds: tests/app/test_colours.py, which also
# prints the table quoted in docs/learners.md. Backgrounds, fonts and gridlines are left to
# Streamlit's plotly theme, so every chart follows the learner's light or dark theme.
REAL, FAKE, DCOL, PUSH = "#179583", "#7b3fe4", "#b84440", "#e59b47"
NEUTRAL = "#8a8a8a"  # reference lines and thin guides: a mid grey, as legible on white as on dark
# D's heatmap: blue = "fake" (0), red-orange = "real" (1), transparent = can't tell (1/2), so the
# midpoint is the page's own background in either theme. Explicit colours: a named scale can be
# replaced by the app theme's.
D_FAKE_END, D_REAL_END = "#216ab8", "#e85a2c"


def rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:g})"


D_SCALE = [
    [0.0, rgba(D_FAKE_END, 1)],
    [0.499, rgba(D_FAKE_END, 0)],  # each half fades its own hue: no washed-out white on a dark page
    [0.501, rgba(D_REAL_END, 0)],
    [1.0, rgba(D_REAL_END, 1)],
]
MAX_CHART_POINTS = 300  # per line in the metric charts


def layout(**extra: Any) -> dict[str, Any]:
    base = {
        "margin": {"l": 50, "r": 20, "t": 30, "b": 40},
        "height": 420,
        "legend": {"orientation": "h", "y": -0.15},
        "uirevision": "keep",
        "meta": PREVALIDATED,
    }
    base.update(extra)
    return base


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
            title={
                "text": "Losses (dotted: value at equilibrium)"
                if g_eq is not None
                else "Losses (a critic's scores have no fixed level)",
                "font": {"size": 13},
            },
            **SMALL,
            shapes=[hline(y, c) for y, c in ((d_eq, DCOL), (g_eq, FAKE)) if y is not None],
        ),
    }
    prob = losses.is_probability(loss)
    d_fig = {
        "data": [
            {"type": "scatter", "x": h["step"], "y": h["d_real"], "name": "D(x)", "line": {"color": REAL}},
            {"type": "scatter", "x": h["step"], "y": h["d_fake"], "name": "D(G(z))", "line": {"color": FAKE}},
        ],
        "layout": layout(
            title={"text": "D(x) and D(G(z))" + (" (1/2 = D can only guess)" if prob else ""), "font": {"size": 13}},
            **SMALL,
            shapes=[hline(0.5, NEUTRAL)] if prob else [],
        ),
    }
    return [loss_fig, d_fig]


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
