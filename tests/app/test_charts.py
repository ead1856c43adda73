"""Our Plotly figures are plain dicts that skip plotly's per-refresh validation in the live view
(ui/charts.py): this is where they are validated, for every layer and both lessons."""

from __future__ import annotations

import plotly.graph_objects as go
import plotly.tools
import pytest

from gan_core import ToyConfig, ToyTrainer
from ui import chart_style, charts


@pytest.mark.parametrize(
    "cfg",
    [
        ToyConfig(noise_dim=1, steps=50),
        ToyConfig(dataset="ring8", steps=50),
        ToyConfig(dataset="moons", noise_dim=3, loss="wgan_gp", steps=50),
    ],
)
def test_every_figure_is_a_valid_plotly_figure(cfg):
    t = ToyTrainer(cfg)
    t.step(20)
    snap = t.snapshot()
    figs = charts.figure_metrics(t.history.arrays(), t.evals.arrays(), cfg)
    if cfg.dim == 1:
        figs += [charts.figure_1d(snap, cfg, {"real", "fake", "d", "arrows"})]
        figs += [f for f in [charts.figure_noise_map(snap, cfg)] if f is not None]
    else:
        figs += [charts.figure_2d(snap, cfg, {"real", "fake", "d", "arrows", "grid"})]
    for fig in figs:
        go.Figure(fig)  # raises on any invalid property
        assert fig["layout"]["meta"] == chart_style.PREVALIDATED


def test_only_marked_figures_skip_validation():
    with pytest.raises(ValueError):
        plotly.tools.return_figure_from_figure_or_data({"data": [{"type": "scatter", "bogus": 1}]}, True)
    marked = {"data": [], "layout": {"meta": chart_style.PREVALIDATED}}
    assert plotly.tools.return_figure_from_figure_or_data(marked, True) is marked


def test_scrubbing_cuts_the_metric_charts_at_the_chosen_step():
    t = ToyTrainer(ToyConfig(steps=300))
    for _ in range(3):
        t.step(100)
        t.evaluate()
    loss_fig = charts.figure_metrics(t.history.arrays(), t.evals.arrays(), t.cfg, upto=150)[0]
    assert max(loss_fig["data"][0]["x"]) == 150
    assert len(loss_fig["data"][0]["x"]) <= chart_style.MAX_CHART_POINTS


@pytest.mark.parametrize("cfg", [ToyConfig(steps=50), ToyConfig(dataset="ring8", steps=50)])
def test_gradient_arrows_are_drawn_on_the_runs_scale_so_a_vanishing_gradient_is_short(cfg):
    import dataclasses

    import numpy as np

    t = ToyTrainer(cfg)
    t.step(5)
    snap = t.snapshot()
    weak = dataclasses.replace(snap, push=snap.push / 100)  # the same frame, its gradient 100x weaker

    def longest(s, run_push):
        draw = charts.figure_1d if cfg.dim == 1 else charts.figure_2d
        fig = draw(s, cfg, {"arrows"}, run_push)
        arrows = next(tr for tr in fig["data"] if str(tr["name"]).startswith("where D pushes"))
        xs, ys = (np.array([v for v in arrows[a] if v is not None], float) for a in ("x", "y"))
        seg = np.hypot(xs[1::2] - xs[0::2], ys[1::2] - ys[0::2]) if cfg.dim == 2 else np.abs(xs[1::2] - xs[0::2])
        return float(seg.max()), arrows["name"]

    full, _ = longest(snap, charts.push_max(snap.push))
    short, name = longest(weak, charts.push_max(snap.push))  # the run's largest push fixes the scale
    assert short == pytest.approx(full / 100, rel=1e-3)
    assert f"{charts.push_max(weak.push):.2g}" in name  # the legend prints |grad| now
    rescaled, _ = longest(weak, None)  # without the run's scale each frame would be drawn full length
    assert rescaled == pytest.approx(full, rel=1e-3)
