"""The body of the "Put a GAN on it" lesson: presets, controls, the live race, scores, share, code."""

from __future__ import annotations

import streamlit as st

from gan_core import losses
from gan_core.learned_loss import tasks as branches
from gan_core.learned_loss.config import DEFAULT, MODEL_NAMES, LearnedLossConfig
from gan_core.learned_loss.models import ConditionalGAN, MSEModel, mse_loss
from gan_core.learned_loss.presets import PRESETS
from gan_core.learned_loss.tasks import TASK_INFO
from gan_core.learned_loss.trainer import LearnedLossSnapshot, LearnedLossTrainer
from ui import controls, live_lesson
from ui import learned_loss_charts as charts
from ui.live import Run

GROUPS = ("Data", "Networks", "Training", "Mixed model")
BUTTON_HELP = {
    "step": "One iteration: one batch of real pairs; each D updates once, then the MSE model and each G once.",
    "step_d": "One update of each discriminator only; the models that answer stay fixed.",
    "step_g": "One update of the MSE model and of each G only; every D is frozen.",
}
TILE_COLOR = {"mse": "orange", "gan": "violet", "mix": "violet"}  # the mix's dots are pink (a light violet)


def render(ns: str) -> None:
    """The whole lesson below its intro text."""
    live_lesson.render(
        live_lesson.LiveLesson(
            ns=ns,
            base=DEFAULT,
            presets=list(PRESETS.values()),
            presets_per_row=len(PRESETS),
            init=lambda: controls.init_from_url(ns, DEFAULT, presets=PRESETS),
            panel=lambda: controls.panel(ns, DEFAULT, groups=GROUPS, expanded=("Data", "Training", "Mixed model")),
            make=LearnedLossTrainer,
            draw=lambda r, s: _draw(ns, r, s),
            draw_curves=lambda r, s, scrub: _draw_curves(ns, r, s, scrub),
            code_title="the MSE step and the adversarial step",
            code=lambda cfg: {
                "MSE step": [mse_loss, MSEModel.step],
                "Adversarial step (D, then G)": [
                    ConditionalGAN.d_step,
                    ConditionalGAN.g_step,
                    ConditionalGAN.update_ema,
                ],
                "The GAN's two losses": [losses.d_loss_bce, losses.g_loss_non_saturating],
            },
            always=("task", "seed"),
            button_help=BUTTON_HELP,
            after_live=lambda run: _explain(run.trainer),
        )
    )


def _draw(ns: str, run: Run, snap: LearnedLossSnapshot) -> None:
    cfg: LearnedLossConfig = run.trainer.cfg
    options = {k: v for k, v in charts.LAYERS.items() if k != "mix" or cfg.mixed}
    chosen = st.pills(
        "Show",
        list(options),
        default=[k for k in options if k != "d"],
        format_func=options.get,
        selection_mode="multi",
        key=f"{ns}.show",
        persist_state=controls.PERSIST,
    )
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(charts.figure_pairs(snap, cfg, set(chosen or [])), key=f"{ns}.chart.main", width="stretch")
        st.caption(
            "**How to read it.** Green dots: real pairs (x, y); dotted lines: the real branches they lie on. "
            "Coral line: the MSE model's answer for each x (one answer, no noise). Purple dots: the GAN's "
            "answers G(x, z), one per x with a random z (from a moving average of G's weights, *G EMA decay*)"
            + ("; pink dots: the mixed model's" if cfg.mixed else "")
            + ". *D's opinion* shades the plane by what the GAN's discriminator says about a pair (x, y): "
            "red = real, blue = fake."
        )
    with right:
        task = TASK_INFO[cfg.task]
        st.markdown(f"**Task: {task.title}.** {task.formula}, noise std {cfg.data_noise:g} on y.")
        _tiles(snap, cfg)
        st.markdown(_verdict(snap, cfg))


def _tiles(snap: LearnedLossSnapshot, cfg: LearnedLossConfig) -> None:
    """One row per model: its name, its MSE to the data, its on-branch fraction."""
    m = snap.metrics
    for name in (k for k in ("mse", "gan", "mix") if f"{k}_error" in m):
        label, error, on = st.columns([1.1, 1, 1], vertical_alignment="center")
        label.markdown(f"#### :{TILE_COLOR[name]}[{MODEL_NAMES[name]}]")
        error.metric("MSE to the data", f"{m[f'{name}_error']:.3f}")
        on.metric("On a real branch", f"{m[f'{name}_on_branch']:.0%}")
    st.caption(
        f"For comparison: the lowest MSE any one-answer-per-x model can reach here is {m['best_error']:.3f}; "
        f"the real data lies on a branch {m['real_on_branch']:.0%} of the time (within "
        f"{branches.tolerance(cfg.data_noise):g} of one)."
    )


def _verdict(snap: LearnedLossSnapshot, cfg: LearnedLossConfig) -> str:
    """The race so far, in words."""
    m = snap.metrics
    if snap.step == 0:
        return "Press **Play** (or **Step**) to start the race: all models begin as random networks."
    mse_err, gan_err, mse_on, gan_on = m["mse_error"], m["gan_error"], m["mse_on_branch"], m["gan_on_branch"]
    lower = "MSE model" if mse_err <= gan_err else "GAN"
    real = "GAN" if gan_on >= mse_on else "MSE model"
    text = (
        f"**Right now:** the **{lower}** has the lower error ({min(mse_err, gan_err):.3f} vs "
        f"{max(mse_err, gan_err):.3f}); the **{real}** more often gives a real answer "
        f"({max(mse_on, gan_on):.0%} vs {min(mse_on, gan_on):.0%} on a branch)."
    )
    if TASK_INFO[cfg.task].n_branches > 1 and lower != real:
        text += " Lower error and looking real are different goals."
    return text


def _draw_curves(ns: str, run: Run, snap: LearnedLossSnapshot, scrubbing: bool) -> None:
    trainer: LearnedLossTrainer = run.trainer
    models = ("mse", "gan", "mix") if trainer.mix is not None else ("mse", "gan")
    figs = charts.figure_curves(
        trainer.history.arrays(),
        trainer.evals.arrays(),
        trainer.reference,
        models,
        upto=snap.step if scrubbing else None,
    )
    for col, fig, name in zip(st.columns(3), figs, ("error", "on_branch", "loss")):
        col.plotly_chart(fig, key=f"{ns}.chart.{name}", width="stretch")
    st.caption(
        "Dotted lines: on the left, the lowest error one answer per x can reach (the MSE model's target); "
        "in the middle, how often the real data itself lies on a branch (the GAN's target)."
    )
    if scrubbing:
        st.caption(
            f"Showing the snapshot at step {snap.step:,}; the run itself is at step {trainer.step_count:,}. "
            "Play continues from the latest step."
        )


def _explain(trainer: LearnedLossTrainer) -> None:
    tol = branches.tolerance(trainer.cfg.data_noise)
    with st.expander("What the two scores measure, and why they disagree", icon=":material/help:", expanded=False):
        st.markdown(
            "**MSE to the data** is the average of (answer - y)^2, where y is a real answer for the same x. "
            "Mean squared error is minimised by the *average* of the real answers, E[y | x]: the MSE model "
            "heads straight for it and reaches the dotted floor, the spread of the real answers around "
            "their average. No model that gives one answer per x can do better.\n\n"
            "**On a real branch** is the share of answers within "
            f"{tol:g} of a real branch (2 noise std, at least 0.1). The average of +1 and -1 is 0, which is "
            "neither: the MSE model's answers are rarely real ones.\n\n"
            "**The GAN** is never told the error. Its loss is a second network, D, trained to tell real pairs "
            "(x, y) from generated ones (x, G(x, z)); G is trained to fool D, so G's answers move to where real "
            "answers are. A perfect GAN gives real answers all the time, and scores *twice* the MSE floor: its "
            "answer and the real y are two independent draws, and they often sit on different branches. G itself "
            "wobbles (D and G keep chasing each other; the MSE model's loss is fixed, so it settles): the lesson "
            "draws the GAN's answers from a moving average of G's weights (*G EMA decay*, as in ProGAN and "
            "StyleGAN), which does not. Set it to 0 to watch the raw G.\n\n"
            "So a lower error does not mean a more realistic answer. That is why image models trained with MSE "
            "alone (the mean of many sharp possibilities) or L1 alone (their median) give blurry pictures, and why "
            "pix2pix and "
            "super-resolution GANs add a learned, adversarial loss."
        )
