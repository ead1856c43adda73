"""The body of the digit-completion lesson: presets, controls, the live race of completions, the
judge's view, sharpness and error, share, code."""

from __future__ import annotations

import numpy as np
import streamlit as st

from gan_core.cards import WeightsError
from gan_core.completion import masks
from gan_core.completion import metrics as scores
from gan_core.completion import pictures as race
from gan_core.completion.config import DEFAULT, MODEL_NAMES, CompletionConfig
from gan_core.completion.models import AdversarialCompleter, CompletionNet, MSECompleter, PairCritic, hidden_mse
from gan_core.completion.presets import PRESETS
from gan_core.completion.trainer import N_EVAL, SHARP_ENOUGH, CompletionSnapshot, CompletionTrainer
from gan_core.digits import classifier
from gan_core.digits import data as mnist
from gan_core.digits import pictures as images
from ui import completion_charts as charts
from ui import controls, lesson_parts, lesson_questions, live_lesson
from ui.learned_loss_lesson import TILE_COLOR
from ui.live import Run

NS = "completion"
GROUPS = ("Task", "Networks", "Training", "Mixed model")
BUTTON_HELP = {
    "step": "One iteration: one batch of real digits; each D updates once, then the MSE model and each G once.",
    "step_d": "One update of each discriminator only; the completion nets stay fixed.",
    "step_g": "One update of the MSE model and of each G only; every D is frozen.",
}


@st.cache_resource(show_spinner="Loading the evaluation classifier and the real digits...")
def _ready() -> bool:
    """Once per server process: the classifier (checksum-verified) and the bundled digits."""
    classifier.shipped()
    mnist.held_out()
    return True


def render() -> None:
    """The whole lesson below its intro text."""
    try:
        _ready()
    except (WeightsError, mnist.DataError) as err:
        st.error(f"The evaluation classifier or the bundled digits could not be loaded. {err}", icon=":material/error:")
        st.caption("The lesson questions below work without them.")
        lesson_questions.render(NS)
        return
    live_lesson.render(
        live_lesson.LiveLesson(
            ns=NS,
            base=DEFAULT,
            presets=list(PRESETS.values()),
            presets_per_row=4,
            init=lambda: controls.init_from_url(NS, DEFAULT, presets=PRESETS),
            panel=lambda: controls.panel(NS, DEFAULT, groups=GROUPS, expanded=("Task", "Training", "Mixed model")),
            make=CompletionTrainer,
            draw=_draw,
            draw_curves=_draw_curves,
            code_title="the MSE step and the adversarial step",
            code=lambda cfg: {
                "MSE step": [hidden_mse, MSECompleter.step],
                "Adversarial step (D, then G)": [AdversarialCompleter.d_step, AdversarialCompleter.g_step],
                "The networks": [CompletionNet.forward, PairCritic.forward, masks.hide],
                "The scores": [scores.sharpness, scores.variety, scores.judged],
            },
            always=("mask", "seed"),
            button_help=BUTTON_HELP,
            before_buttons=_data_note,
            after_live=lambda run: _explain(run.trainer),
            downloads=_downloads,
        )
    )


def _downloads(params: dict[str, str], run: Run) -> None:
    """The share box, and the completed held-out digits as the command line writes them."""

    def completions() -> bytes:
        with run.lock:
            return run.trainer.completions_npz()

    def more() -> None:
        lesson_parts.download_row(
            NS, [("npz", f"Completed held-out digits (.npz, {N_EVAL})", completions, "digits.npz", "application/zip")]
        )
        st.caption(
            "Arrays `top` (what the models were given), `real` and one per model, each (500, 28, 28) in [0, 1]: "
            "the same file as `python -m gan_core complete --out completions.npz`."
        )

    lesson_parts.share_box(NS, params, run, more)


def _data_note(run: Run) -> None:
    if run.trainer.data_note:
        st.warning(run.trainer.data_note, icon=":material/database:")


def _draw(run: Run, snap: CompletionSnapshot) -> None:
    cfg: CompletionConfig = run.trainer.cfg
    info = masks.MASK_INFO[cfg.mask]
    labelled = st.session_state.get(f"{NS}.labels", False)
    left, right = st.columns([3, 2])
    with left:
        rows = [("Given", snap.seen), ("Real", snap.real)] + [(MODEL_NAMES[m], snap.completed[m]) for m in cfg.trains]
        keys = [None, "real", *cfg.trains]
        guesses = [None if k is None else (snap.guesses[k], snap.confidence[k] >= scores.CONFIDENT) for k in keys]
        st.image(
            images.png_bytes(race.rows_picture(rows, guesses=guesses if labelled else None)),
            caption=f"Step {snap.step:,}. Eight held-out digits (never trained on). Each model is given "
            f"{info.shown} and draws {info.drawn}; the GANs with one fixed z each.",
        )
        st.toggle(
            "Label each digit with the judge's guess",
            key=f"{NS}.labels",
            persist_state=controls.PERSIST,
            help="The evaluation classifier's digit in each corner: green when it is sure (confidence >= 0.9), "
            "coral when not.",
        )
        _variants(snap, snap.variants)
    with right:
        st.markdown(_verdict(snap, cfg))
        _tiles(snap, cfg)


def _variants(snap: CompletionSnapshot, variants: dict[str, np.ndarray]) -> None:
    """Each GAN's completions of the shown digits under several z: the first open, the mix's folded."""
    for i, (name, many) in enumerate(variants.items()):
        z_rows = [(f"z{k + 1}", many[:, k]) for k in range(many.shape[1])]
        title = f"{MODEL_NAMES[name]}: the same eight digits, {len(z_rows)} different z"
        with st.expander(title, expanded=i == 0, icon=":material/shuffle:"):
            st.image(
                images.png_bytes(race.rows_picture([("Given", snap.seen), *z_rows])),
                caption="Each row another noise vector z. Where the given part fits several digits, a GAN draws "
                "several of them; the MSE model has no z and always draws the same, averaged, completion.",
            )


def _tiles(snap: CompletionSnapshot, cfg: CompletionConfig) -> None:
    """The scores as one table, a row per model and the real digits' below: a projected page reads
    it across, model against model."""
    m = snap.metrics
    at = int(m.get("step", 0))
    rows = [
        f"| :{TILE_COLOR[name]}[**{MODEL_NAMES[name]}**] | {m[f'{name}_confident']:.0%} | {m[f'{name}_frechet']:.0f} "
        f"| {m[f'{name}_sharpness'] / m['real_sharpness']:.0%} | {m[f'{name}_error']:.3f} |"
        for name in cfg.trains
    ]
    st.markdown(
        f"**Scores** on {N_EVAL} held-out digits (step {at:,}):\n\n"
        "| | Judge is sure | Frechet | Sharpness | Sq. error |\n|---|---:|---:|---:|---:|\n"
        + "\n".join(rows)
        + f"\n| Real digits | {m['real_confident']:.0%} | {m['real_frechet']:.0f} | 100% | 0 |"
    )
    st.caption(
        "**Judge is sure**: the evaluation classifier gives the completed digit a confidence of at least 0.9. "
        "**Frechet**: how far the completed digits, as a set, are from real ones in the judge's eyes (the distance "
        "between its features of the two sets; lower = more alike; real digits against other real digits score "
        f"{m['real_frechet']:.0f}). **Sharpness**: the mean gradient magnitude of the drawn part, as a share of the "
        "real digits' (100% = as sharp as real); a smear has soft edges, and so does a faint stroke. **Sq. error**: "
        "the squared error to the real digit's hidden pixels (0-1 scale)."
    )
    with st.expander("More: as the real digit, variety over z"):
        st.markdown(
            "| | Sure, and the real digit | Variety over z |\n|---|---:|---:|\n"
            + "\n".join(
                f"| {MODEL_NAMES[name]} | {m[f'{name}_as_real']:.0%} | {m[f'{name}_variety']:.3f} |"
                for name in cfg.trains
            )
            + f"\n| Real digits | {m['real_as_real']:.0%} | |"
        )
        st.caption(
            "A GAN that draws a 9 under the top of a 7 draws a real digit, just not this one: the judge is sure, "
            "and it is not the real digit. The MSE model has no z, so its variety is 0."
        )


def _verdict(snap: CompletionSnapshot, cfg: CompletionConfig) -> str:
    """The race so far, in words."""
    m = snap.metrics
    if snap.step == 0:
        return "Press **Play** (or **Step**) to start: every model begins as a random network."
    if "mse" not in cfg.trains or not ({"gan", "mix"} & set(cfg.trains)):
        return "With one model there is no race: compare its row with the real digits, and its scores with theirs."
    other = "gan" if "gan" in cfg.trains else "mix"
    mse_err, gan_err = m["mse_error"], m[f"{other}_error"]
    real = m["real_sharpness"]
    mse_sharp, gan_sharp = m["mse_sharpness"] / real, m[f"{other}_sharpness"] / real
    lower = "MSE model" if mse_err <= gan_err else MODEL_NAMES[other]
    sharper = MODEL_NAMES[other] if gan_sharp >= mse_sharp else "MSE model"
    text = (
        f"**Right now:** the **{lower}** has the lower error ({min(mse_err, gan_err):.3f} vs "
        f"{max(mse_err, gan_err):.3f}); the **{sharper}** draws the sharper strokes "
        f"({max(mse_sharp, gan_sharp):.0%} vs {min(mse_sharp, gan_sharp):.0%} of the real digits' sharpness)."
    )
    if lower != sharper:
        text += " Closer on average and looking real are different goals."
    elif gan_sharp < SHARP_ENOUGH:
        text += " Early on the GAN's strokes are still faint: give it a few hundred steps."
    return text


def _draw_curves(run: Run, snap: CompletionSnapshot, scrubbing: bool) -> None:
    trainer: CompletionTrainer = run.trainer
    figs = charts.figure_curves(
        trainer.history.arrays(),
        trainer.evals.arrays(),
        trainer.reference,
        trainer.models,
        upto=snap.step if scrubbing else None,
    )
    names = [*charts.CHARTS, "losses"]
    for i in range(0, len(figs), 3):
        for col, fig, name in zip(st.columns(3), figs[i : i + 3], names[i : i + 3]):
            col.plotly_chart(fig, key=f"{NS}.chart.{name}", width="stretch")
    if scrubbing:
        st.caption(
            f"Showing the snapshot at step {snap.step:,}; the run itself is at step {trainer.step_count:,}. "
            "Play continues from the latest step."
        )


def _explain(trainer: CompletionTrainer) -> None:
    with st.expander("Why the lowest error draws the blurriest digit", icon=":material/help:", expanded=False):
        st.markdown(
            "The top half of a 7 also fits a 9, and the top of a 4 fits a 9 too. A model trained with mean "
            "squared error is rewarded for being *close on average*: its best answer is the average of every "
            "bottom that fits, weighted by how often each occurs. The average of a straight stroke and a loop is "
            "a grey smear of both, which no one ever wrote. It has the lowest squared error (a sharp answer "
            "that picks the wrong digit is far off), and it looks like no digit.\n\n"
            "**The GAN** is never told the real bottom. Its loss is a second network, D, that looks at whole "
            "digits (the given part and the drawn part together) and learns to tell real ones from completed "
            "ones. A smear is easy to spot, so G learns to draw one sharp bottom that fits the top; a different "
            "z picks a different one. Its squared error is higher: it commits, and is often right about the kind "
            "of digit and wrong about which one this was.\n\n"
            "**pix2pix** (Isola et al., 2017) trains image-to-image models with both: a reconstruction loss "
            "that keeps the answer close to the real one (L1 there, MSE here) plus lambda x an adversarial loss "
            "that keeps it sharp. Slide lambda and watch the trade."
        )
