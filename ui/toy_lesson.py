"""The body shared by the 1-D and 2-D toy lessons: presets, controls, live view, health, share."""

from __future__ import annotations

import csv
import inspect
import io
import json

import numpy as np
import streamlit as st

from gan_core import losses
from gan_core.config import ToyConfig, to_dict
from gan_core.health import WARMUP_STEPS
from gan_core.presets import PRESETS, presets_for
from gan_core.trainer import Snapshot, ToyTrainer
from ui import charts, checkpoints, controls, lesson_parts, live
from ui.live import Run

LAYERS = {
    1: {"real": "Real density", "fake": "Generated density", "d": "D(x)", "arrows": "Gradient arrows"},
    2: {"d": "D heatmap", "real": "Real", "fake": "Fake", "arrows": "Gradient arrows", "grid": "Noise grid"},
}
LEGEND = {
    1: "**How to read it.** Green: the real density. Purple: what G currently produces. Dashed red: D(x), the "
    "discriminator's probability that x is real (right axis); at the end it should be flat at 1/2. Orange "
    "arrows under the axis: where D's gradient pushes the fakes next.",
    2: "**How to read it.** Green dots are real, purple dots are G's fakes. The background is D: red where it "
    "says *real*, blue where it says *fake*. Orange lines: where D's gradient pushes each fake. Grey mesh "
    "(noise dimension 2): an even grid in z-space bent by G; where cells shrink, G piles up probability.",
}


def render(ns: str, dim: int, base_preset: str) -> None:
    """The whole lesson below its intro text."""
    base = PRESETS[base_preset].config()
    notes = controls.init_state(ns, dim, base, presets={p.name: p for p in presets_for(dim)})
    if notes:
        st.session_state[f"{ns}.link_notes"] = notes
    lesson_parts.link_notes(ns)
    lesson_parts.presets_row(ns, presets_for(dim))
    cfg = controls.config_panel(ns, dim)
    if cfg is None:
        st.warning("Fix the highlighted settings in the sidebar to continue.")
        return
    params = controls.sync_url(cfg, base)
    run = live.get_run(ns, cfg)
    if run.note:
        st.caption(run.note)
    live.buttons(ns, run)
    live.live_area(ns, lambda r, s: _draw(ns, dim, r, s), lambda r, s, scrub: _draw_curves(ns, r, s, scrub))
    share_box(ns, params, run)
    _show_code(cfg)
    checkpoints.render(ns)


def _draw(ns: str, dim: int, run: Run, snap: Snapshot) -> None:
    cfg = run.trainer.cfg
    options = LAYERS[dim]
    chosen = st.pills(
        "Layers",
        list(options),
        default=list(options),
        format_func=options.get,
        selection_mode="multi",
        key=f"{ns}.layers",
        persist_state=controls.PERSIST,
    )
    layers = set(chosen or [])
    left, right = st.columns([3, 2]) if dim == 2 else (st.container(), None)
    with left:
        if dim == 1:
            st.plotly_chart(charts.figure_1d(snap, cfg, layers), key=f"{ns}.chart.main", width="stretch")
            noise = charts.figure_noise_map(snap, cfg)
            if noise is not None:
                st.plotly_chart(noise, key=f"{ns}.chart.noise_map", width="stretch")
            else:
                st.caption("Set the noise dimension to 1 to see how G maps each z to an x.")
        else:
            st.plotly_chart(charts.figure_2d(snap, cfg, layers), key=f"{ns}.chart.main", width="stretch")
            if snap.noise_map is None:
                st.caption("Set the noise dimension to 2 to see G's warped noise grid.")
        st.caption(LEGEND[dim])
    with right if right is not None else st.container():
        lesson_parts.health_panel(
            snap, WARMUP_STEPS, "Healthy: no failure detected. Watch D(x) and D(G(z)) approach 1/2."
        )
        _metric_tiles(snap)


def _draw_curves(ns: str, run: Run, snap: Snapshot, scrubbing: bool) -> None:
    figs = charts.figure_metrics(
        run.trainer.history.arrays(), run.trainer.evals.arrays(), run.trainer.cfg, upto=snap.step if scrubbing else None
    )
    for col, fig, name in zip(st.columns(3), figs, ("loss", "d", "dist")):
        col.plotly_chart(fig, key=f"{ns}.chart.{name}", width="stretch")
    if scrubbing:
        st.caption(
            f"Showing the snapshot at step {snap.step:,}; the run itself is at step "
            f"{run.trainer.step_count:,}. Play continues from the latest step."
        )


def _metric_tiles(snap: Snapshot) -> None:
    m = snap.metrics
    tiles = [("D(x)", m["d_real"]), ("D(G(z))", m["d_fake"])]
    if "w1" in m:
        tiles = [("W1 to real", m["w1"]), ("JS (bits)", m["js"])] + tiles
    elif "modes" in m:
        tiles = [("Modes captured", m["modes"]), ("High quality", m["hq"]), ("JS (bits)", m["js"])] + tiles
    else:
        tiles = [("Energy distance", m["energy"]), ("JS (bits)", m["js"])] + tiles
    cols = st.columns(3)
    for i, (label, value) in enumerate(tiles):
        col = cols[i % 3]
        text = (
            f"{value:.0f}"
            if label == "Modes captured"
            else f"{value:.0%}"
            if label == "High quality"
            else f"{value:.3f}"
        )
        col.metric(label, text)


def share_box(ns: str, params: dict[str, str], run: Run) -> None:
    """The share link (``params``: what sync_url wrote to the address bar) and the downloads."""
    with st.expander("Share and download", icon=":material/share:"):
        lesson_parts.share_link(params)
        trainer = run.trainer
        c1, c2 = st.columns(2)
        c1.download_button(
            "Run as JSON (config + history)",
            _run_json(trainer),
            file_name=f"{ns}-run.json",
            mime="application/json",
            key=f"{ns}.dl_json",
            icon=":material/download:",
        )
        c2.download_button(
            "Metric history as CSV",
            _run_csv(trainer),
            file_name=f"{ns}-history.csv",
            mime="text/csv",
            key=f"{ns}.dl_csv",
            icon=":material/download:",
        )


def _run_json(trainer: ToyTrainer) -> str:
    def clean(table: dict[str, np.ndarray]) -> dict[str, list]:
        return {k: [None if not np.isfinite(x) else round(float(x), 6) for x in v] for k, v in table.items()}

    return json.dumps(
        {
            "config": to_dict(trainer.cfg),
            "steps": trainer.step_count,
            "diverged": trainer.diverged,
            "history": clean(trainer.history.arrays()),
            "evaluations": clean(trainer.evals.arrays()),
        },
        indent=1,
    )


def _run_csv(trainer: ToyTrainer) -> str:
    h, e = trainer.history.arrays(), trainer.evals.arrays()
    by_step = {int(s): {k: float(v[i]) for k, v in h.items()} for i, s in enumerate(h["step"])}
    for i, s in enumerate(e["step"]):
        row = by_step.setdefault(int(s), {"step": float(s)})
        row.update({f"eval_{k}": float(v[i]) for k, v in e.items() if k != "step"})
    columns = list(h) + [f"eval_{k}" for k in e if k != "step"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for s in sorted(by_step):
        writer.writerow(
            ["" if c not in by_step[s] or not np.isfinite(by_step[s][c]) else f"{by_step[s][c]:.6g}" for c in columns]
        )
    return out.getvalue()


def _show_code(cfg: ToyConfig) -> None:
    with st.expander("Show the code: this run's losses and one training step", icon=":material/code:"):
        st.caption("The exact functions this lesson runs, read from gan_core (not a copy).")
        d_fn = {
            "minimax": losses.d_loss_bce,
            "non_saturating": losses.d_loss_bce,
            "lsgan": losses.d_loss_lsgan,
            "wgan_gp": losses.d_loss_wasserstein,
            "hinge": losses.d_loss_hinge,
        }[cfg.loss]
        g_fn = {
            "minimax": losses.g_loss_minimax,
            "non_saturating": losses.g_loss_non_saturating,
            "lsgan": losses.g_loss_lsgan,
            "wgan_gp": losses.g_loss_wasserstein,
            "hinge": losses.g_loss_wasserstein,
        }[cfg.loss]
        for fn in (d_fn, g_fn, ToyTrainer._d_update, ToyTrainer._g_update):
            st.code(inspect.getsource(fn), language="python")
