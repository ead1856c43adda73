"""The MNIST lesson's body: presets, controls, the live sample grid, the judge's metrics, downloads."""

from __future__ import annotations

import numpy as np
import streamlit as st

from gan_core import export
from gan_core.cards import WeightsError
from gan_core.digits import classifier
from gan_core.digits import data as mnist
from gan_core.digits import pictures as images
from gan_core.digits.config import DEFAULT, MNIST_PRESETS, MnistConfig
from gan_core.digits.health import WARMUP_STEPS
from gan_core.digits.trainer import N_EVAL, MnistSnapshot, MnistTrainer
from ui import chart_style, controls, digit_charts, lesson_parts, lesson_questions, live_lesson
from ui.live import Run

NS = "mnist"
GROUPS = ("Data", "Networks", "Training", "Tricks")
SHOW_REAL = 16


@st.cache_resource(show_spinner="Loading the evaluation classifier and the real digits...")
def _judge() -> tuple[dict[str, float], np.ndarray]:
    """Once per server process: the classifier (checksum-verified), its real-vs-real reference at
    N_EVAL, and a fixed row of held-out real digits for comparison."""
    reference = classifier.real_reference(N_EVAL)
    held = mnist.held_out()
    pick = np.random.default_rng(3).choice(len(held), SHOW_REAL, replace=False)
    return reference, mnist.to_uint8(held.images[pick])


def render() -> None:
    try:
        reference, real_row = _judge()
    except (WeightsError, mnist.DataError) as err:
        st.error(f"The evaluation classifier or the bundled digits could not be loaded. {err}", icon=":material/error:")
        st.caption("The lesson questions below work without them.")
        lesson_questions.render(NS)
        return
    live_lesson.render(
        live_lesson.LiveLesson(
            ns=NS,
            base=DEFAULT,
            presets=list(MNIST_PRESETS.values()),
            presets_per_row=3,
            init=lambda: controls.init_from_url(NS, DEFAULT, presets=MNIST_PRESETS),
            panel=lambda: controls.panel(NS, DEFAULT, groups=GROUPS, expanded=("Networks", "Training")),
            make=MnistTrainer,
            draw=lambda r, s: _draw(r, s, real_row, reference),
            draw_curves=lambda r, s, scrub: _draw_curves(r, s, scrub, reference),
            code_title="one D update and one G update",
            code=lambda cfg: [MnistTrainer._d_update, MnistTrainer._g_update],
            before_buttons=_data_note,
            downloads=_downloads,
        )
    )


def _data_note(run: Run) -> None:
    if run.trainer.data_note:
        st.warning(run.trainer.data_note, icon=":material/database:")


def _draw(run: Run, snap: MnistSnapshot, real_row: np.ndarray, reference: dict[str, float]) -> None:
    cfg: MnistConfig = run.trainer.cfg
    left, right = st.columns([3, 2])
    with left:
        cols = 10 if snap.grid_labels is not None else 8
        labelled = st.session_state.get(f"{NS}.labels", False)
        if labelled:
            texts = [f"{g}" for g in snap.guesses]
            ok = snap.confidence >= 0.9
            if snap.grid_labels is not None:
                ok &= snap.guesses == snap.grid_labels
            colours = [(80, 220, 120) if good else (255, 120, 90) for good in ok]
            picture = images.labelled_grid(snap.grid, cols, texts, colours, scale=3)
        else:
            picture = images.grid(snap.grid, cols, scale=3)
        what = "8 rows x 10 digits (column = the digit asked for)" if snap.grid_labels is not None else "8 x 8"
        st.image(
            images.png_bytes(picture),
            caption=f"Step {snap.step:,}: G(fixed noise), {what}. The same z every frame, so you watch the "
            "same samples sharpen.",
        )
        st.markdown("**Real digits** (held out, never trained on):")
        st.image(images.png_bytes(images.grid(real_row, SHOW_REAL, scale=2)))
    with right:
        lesson_parts.health_panel(snap, WARMUP_STEPS, ns=NS)
        _tiles(snap, reference, cfg)


def _tiles(snap: MnistSnapshot, reference: dict[str, float], cfg: MnistConfig) -> None:
    m = snap.metrics
    at = int(m.get("step", 0))
    st.markdown(f"**The judge's view** (evaluation classifier, {N_EVAL} samples, step {at:,}; real digits in grey)")
    rows = [
        ("Confident (>= 0.9)", f"{m['confident']:.0%}", f"real {reference['confident']:.0%}"),
        ("Digit classes", f"{m['classes']:.0f}/10", "real 10"),
        ("MNIST score", f"{m['score']:.2f}", f"real {reference['score']:.2f}, max 10"),
        ("Frechet distance", f"{m['frechet']:.0f}", f"real vs real {reference['frechet']:.0f}"),
        ("D(x)", f"{m.get('d_real', float('nan')):.2f}", _d_reference(cfg.loss)),
        ("D(G(z))", f"{m.get('d_fake', float('nan')):.2f}", _d_reference(cfg.loss)),
    ]
    if cfg.conditional and "as_asked" in m:
        rows.insert(2, ("Drawn as asked", f"{m['as_asked']:.0%}", "classified as the digit G was asked for"))
    cols = st.columns(3)
    for i, (label, value, note) in enumerate(rows):
        with cols[i % 3]:
            st.metric(label, value)
            st.caption(note)
    st.toggle(
        "Label each sample with the judge's guess",
        key=f"{NS}.labels",
        persist_state=controls.PERSIST,
        help="Green: classified with confidence >= 0.9 (and as the digit asked for, if conditional). Red: not.",
    )


def _draw_curves(run: Run, snap: MnistSnapshot, scrubbing: bool, reference: dict[str, float]) -> None:
    upto = snap.step if scrubbing else None
    h = chart_style.thin(run.trainer.history.arrays(), upto)
    e = chart_style.thin(run.trainer.evals.arrays(), upto)
    figs = chart_style.figure_loss_pair(h, run.trainer.cfg.loss) + digit_charts.figure_digit_metrics(e, reference)
    figs.append(digit_charts.figure_class_histogram(snap.metrics))
    names = ("loss", "d", "quality", "frechet", "classes")
    top, bottom = st.columns(3), st.columns(3)
    for col, fig, name in zip([*top, *bottom], figs, names):
        col.plotly_chart(fig, key=f"{NS}.chart.{name}", width="stretch")
    if scrubbing:
        st.caption(
            f"Showing the snapshot at step {snap.step:,}; the run itself is at step "
            f"{run.trainer.step_count:,}. Play continues from the latest step."
        )


def _downloads(params: dict[str, str], run: Run) -> None:
    with st.expander("Share and download", icon=":material/share:"):
        lesson_parts.share_link(params)
        lesson_parts.lesson_link_builder(NS, params)
        trainer: MnistTrainer = run.trainer
        c1, c2, c3 = st.columns(3)
        if c1.button(
            "Make the timeline GIF",
            key=f"{NS}.make_gif",
            help="Every saved grid of this run, as one animation.",
            disabled=len(run.timeline) < 2,
            width="stretch",
        ):
            cols = 10 if trainer.cfg.conditional else 8
            frames = [images.grid(s.grid, cols, scale=2) for s in run.timeline]
            captions = [f"step {s.step:,}" for s in run.timeline]
            st.session_state[f"{NS}.gif"] = (run.timeline[-1].step, images.gif_bytes(frames, captions))
        gif = st.session_state.get(f"{NS}.gif")
        if gif:
            c1.download_button(
                f"Download the GIF (to step {gif[0]:,})",
                gif[1],
                file_name="mnist-gan-timeline.gif",
                mime="image/gif",
                key=f"{NS}.dl_gif",
                icon=":material/download:",
                width="stretch",
            )
        with run.lock:
            weights = trainer.generator_bytes()
        c2.download_button(
            "Trained generator (.pt)",
            weights,
            file_name=f"mnist-generator-step{trainer.step_count}.pt",
            mime="application/octet-stream",
            key=f"{NS}.dl_generator",
            icon=":material/download:",
            help="Weights and config; sample from it with: python -m gan_core sample --checkpoint FILE",
            width="stretch",
        )
        c3.download_button(
            "Run as JSON (config + history)",
            export.run_json(trainer),
            file_name="mnist-run.json",
            mime="application/json",
            key=f"{NS}.dl_json",
            icon=":material/download:",
            width="stretch",
        )
        st.caption(
            "To sample from a downloaded generator on your machine: "
            "`python -m gan_core sample --checkpoint mnist-generator.pt --n 64 --out samples.npz`"
        )


def _d_reference(loss: str) -> str:
    """What D's output reads at equilibrium, for this loss (a hinge score has no fixed value)."""
    if loss == "hinge":
        return "a raw score: no fixed value (0 for a D that cannot tell)"
    return "1/2 at equilibrium (necessary, not sufficient)"
