"""The body shared by the 1-D and 2-D toy lessons: presets, controls, live view, health, share."""

from __future__ import annotations

import streamlit as st

from gan_core import losses
from gan_core.toy import script
from gan_core.toy.config import OWN_DATASETS, ToyConfig
from gan_core.toy.health import WARMUP_STEPS
from gan_core.toy.presets import PRESETS, presets_for
from gan_core.toy.trainer import Snapshot, ToyTrainer
from ui import charts, controls, lesson_parts, live_lesson, your_data
from ui.live import Run

LAYERS = {
    1: {"real": "Real density", "fake": "Generated density", "d": "D(x)", "arrows": "Gradient arrows"},
    2: {"d": "D heatmap", "real": "Real", "fake": "Fake", "arrows": "Gradient arrows", "grid": "Noise grid"},
}
LEGEND = {
    1: "**How to read it.** Green: the real density. Purple: what G currently produces. Dashed brick-red: D(x), the "
    "discriminator's probability that x is real (right axis); at the end it should be flat at 1/2. Orange "
    "arrows under the axis: where D's gradient pushes the fakes next, on one scale for the whole run (the "
    "run's strongest push is full length), so a vanishing gradient shows as arrows shrinking.",
    2: "**How to read it.** Green dots are real, purple dots are G's fakes. The background is D: red-orange "
    "where it says *real*, blue where it says *fake*, clear where it cannot tell. Orange lines: where D's gradient pushes each fake, on one scale for the whole run (a vanishing "
    "gradient shrinks them). Grey mesh "
    "(noise dimension 2): an even grid in z-space bent by G; where cells shrink, G piles up probability.",
}


def render(ns: str, dim: int, base_preset: str) -> None:
    """The whole lesson below its intro text."""
    base = PRESETS[base_preset].config()
    presets = presets_for(dim)
    live_lesson.render(
        live_lesson.LiveLesson(
            ns=ns,
            base=base,
            presets=presets,
            init=lambda: _init(ns, dim, base, presets),
            panel=lambda: controls.config_panel(ns, dim),
            make=lambda cfg: ToyTrainer(cfg, points=_points(ns, dim, cfg)),
            draw=lambda r, s: _draw(ns, dim, r, s),
            draw_curves=lambda r, s, scrub: _draw_curves(ns, r, s, scrub),
            code_title="this run's losses and one training step",
            code=_code,
            always=("dataset", "seed"),
            before_run=lambda cfg: cfg.dataset not in OWN_DATASETS or your_data.panel(ns, dim) is not None,
            link_extra=lambda cfg: your_data.link_params(ns, dim) if cfg.dataset in OWN_DATASETS else {},
            downloads=lambda params, run: lesson_parts.share_box(ns, params, run, lambda: _take_home(ns, run)),
        )
    )


def _init(ns: str, dim: int, base: ToyConfig, presets: list) -> list[str]:
    """A first visit: the link's settings, hide/lock, and its data (``data=``, for own data)."""
    first = not st.session_state.get(controls.key(ns, "_initialised"))
    notes = controls.init_state(ns, dim, base, presets={p.name: p for p in presets})
    return notes + (your_data.from_url(ns, dim) if first else [])


def _points(ns: str, dim: int, cfg: ToyConfig):
    return your_data.current(ns, dim) if cfg.dataset in OWN_DATASETS else None


def _take_home(ns: str, run) -> None:
    """The run as a standalone script and as a notebook (torch and numpy only)."""
    trainer: ToyTrainer = run.trainer
    cfg, points = trainer.cfg, trainer.points
    st.markdown(
        "**Take the run home.** One Python file that needs only torch and numpy: this run's settings, data, "
        "networks, loss and training loop, written out to read. `python run.py` trains from step 0 with this "
        "seed and prints the same final metrics as this page's run would reach with these settings "
        f"(to within {script.TOLERANCE:g}). Settings changed mid-run are not replayed: the file uses the "
        "settings as they are now, from the start."
    )
    preset = st.session_state.get(f"{ns}.preset")
    lesson = f"the {cfg.dim}-D toy lesson" + (f", preset {preset}" if preset else "")
    lesson_parts.download_row(
        ns,
        [
            (
                "script",
                "This run as a Python script",
                lambda: script.script(cfg, points, lesson=lesson),
                "run.py",
                "text/x-python",
            ),
            (
                "notebook",
                "The same as a Jupyter notebook",
                lambda: script.notebook(cfg, points, lesson=lesson),
                "run.ipynb",
                "application/x-ipynb+json",
            ),
        ],
        icon=":material/code:",
    )


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
    run_push = max((charts.push_max(s.push) for s in run.timeline), default=0.0)  # the arrows' fixed scale
    left, right = st.columns([3, 2]) if dim == 2 else (st.container(), None)
    with left:
        if dim == 1:
            st.plotly_chart(charts.figure_1d(snap, cfg, layers, run_push), key=f"{ns}.chart.main", width="stretch")
            noise = charts.figure_noise_map(snap, cfg)
            if noise is not None:
                st.plotly_chart(noise, key=f"{ns}.chart.noise_map", width="stretch")
            else:
                st.caption("Set the noise dimension to 1 to see how G maps each z to an x.")
        else:
            st.plotly_chart(charts.figure_2d(snap, cfg, layers, run_push), key=f"{ns}.chart.main", width="stretch")
            if snap.noise_map is None:
                st.caption("Set the noise dimension to 2 to see G's warped noise grid.")
        st.caption(LEGEND[dim])
    with right if right is not None else st.container():
        lesson_parts.health_panel(
            snap,
            WARMUP_STEPS,
            "Healthy: no failure detected. D(x) and D(G(z)) near 1/2 is necessary, not enough: check that the "
            "fakes cover all of the real data.",
            ns,
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
    elif "modes_captured" in m:
        tiles = [
            ("Modes captured", m["modes_captured"]),
            ("High quality", m["high_quality_fraction"]),
            ("JS (bits)", m["js"]),
        ] + tiles
    else:
        tiles = [("Energy distance", m["energy_distance"]), ("JS (bits)", m["js"])] + tiles
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


def _code(cfg: ToyConfig) -> list:
    """The functions of this run's game (its loss) and of one training step."""
    rules = losses.LOSSES[cfg.loss]
    return [rules.d_loss, rules.g_loss, ToyTrainer._d_update, ToyTrainer._g_update]
