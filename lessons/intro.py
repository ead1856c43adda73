"""Lesson: what a GAN is, in plain words: the two players, the training loop (with a live look at
the frozen discriminator), the losses and their drawbacks, where GANs are used."""

import inspect
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from gan_core import glossary
from gan_core.alternating import AlternatingTrainer
from gan_core.settings import to_query
from gan_core.toy.presets import PRESETS
from gan_core.toy.trainer import ToyTrainer
from gan_core.toy.updates import StepReport, step_and_compare
from ui import lesson_parts, lesson_questions
from ui.course import by_id

DEMO = "intro.demo"  # session key: the small trainer of the frozen-D demo and its log of updates
DEMO_CONFIG = PRESETS["1d-converges"].config(g_width=16, d_width=16, g_ema=0.0)

PIPELINE = """
digraph {
  rankdir=LR; bgcolor="transparent"; nodesep=0.35; ranksep=0.45;
  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=12, color="#8a8a8a"];
  edge [fontname="Helvetica", fontsize=10, color="#8a8a8a"];
  z    [label="noise z\\n(e.g. 100 random numbers)", fillcolor="#eeeeee"];
  G    [label="Generator G", fillcolor="#e3d5fb", penwidth=2, color="#7b3fe4"];
  fake [label="fake samples G(z)", shape=note, fillcolor="#e3d5fb"];
  real [label="real samples x\\n(the training data)", shape=note, fillcolor="#d5f0d5"];
  D    [label="Discriminator D", fillcolor="#fbd9cf", penwidth=2, color="#d0462b"];
  p    [label="D(x): probability\\nthat x is real", shape=ellipse, fillcolor="#ffffff"];
  dl   [label="D's loss\\nreal -> 1, fake -> 0", fillcolor="#fff5cc"];
  gl   [label="G's loss\\nfake -> 'real'", fillcolor="#fff5cc"];
  z -> G -> fake -> D;
  real -> D;
  D -> p;
  p -> dl;
  p -> gl;
  dl -> D [style=dashed, color="#d0462b", fontcolor="#d0462b", label="update D"];
  gl -> G [style=dashed, color="#7b3fe4", fontcolor="#7b3fe4", label="update G\\n(through a frozen D)"];
}
"""

st.title("What is a GAN?")
st.markdown(
    "A **Generative Adversarial Network** (Goodfellow et al., 2014) is two neural networks playing a game. "
    "The **generator** is a forger: it makes fake banknotes. The **discriminator** is the police: it looks "
    "at a note and says *real* or *fake*. The police learn from real notes and from the forger's fakes; the "
    "forger learns from the police's verdicts. Each one's progress is the other's next challenge, so both "
    "get better together, until the fakes are so good that the police can only guess."
)

left, right = st.columns(2)
with left.container(border=True):
    st.markdown("#### :violet[The generator G]: the forger")
    st.markdown(
        "- **Input:** random noise *z*, for example 100 numbers drawn from a gaussian. Its distribution "
        "matters little, and it is usually much *smaller* than the output: real data fills only a thin slice "
        "of all possible images, and z just picks a point in it.\n"
        "- **Output:** a sample shaped like the data: one number in the toy lessons, a 28x28 image for "
        "MNIST. A new z gives a new sample.\n"
        "- **Never sees the real data.** It learns only through D's verdicts on its fakes."
    )
with right.container(border=True):
    st.markdown("#### :red[The discriminator D]: the police")
    st.markdown(
        "- **Input:** one sample *x*, real or fake; D is not told which.\n"
        "- **Output:** one number **D(x)** between 0 and 1, its probability that x is real. A plain binary "
        "classifier.\n"
        "- **At the end:** when G's samples follow the real distribution, the best D can do is D(x) = 1/2 "
        "everywhere: a coin flip. The converse does not hold: D(x) = 1/2 is *necessary*, not *sufficient*. "
        "A G that draws the same smudge for every z can leave D at 1/2 too (the MNIST lesson's *Mode "
        "collapse* preset): look at the samples, not only at D."
    )
lesson_questions.section("intro", "generator")
lesson_questions.section("intro", "discriminator")

st.header("The pipeline", divider="gray")
st.graphviz_chart(PIPELINE, width="content")
st.caption(
    "Noise goes into G; G's fakes and real samples go into D; D's probabilities make two losses. D's loss "
    "trains D to say 1 on real and 0 on fake; G's loss trains G to make D say 'real' on its fakes."
)

st.header("Training, step by step", divider="gray")
st.markdown(
    "One training iteration, repeated thousands of times:\n\n"
    "1. **Generate N fakes:** draw N noise vectors z and compute G(z).\n"
    "2. **Sample N real examples** from the training data.\n"
    "3. **Train D on both:** one gradient step on D's loss, real labelled 1 and fakes labelled 0. G is not "
    "changed (the fakes are treated as fixed data).\n"
    "4. **Pipe G into D:** draw fresh noise and compute D(G(z)), so the gradient can flow from D's verdict "
    "back into G.\n"
    "5. **Train G with the fakes labelled real, D frozen:** one gradient step on G's loss. The gradient "
    "passes *through* D, but D's weights stay put: with the labels flipped, updating D would teach it to "
    "call fakes real.\n"
    "6. **Repeat.** The toy lessons let you change how many D steps (k_d) and G steps (k_g) make one "
    "iteration."
)


# --- the frozen-D demo --------------------------------------------------------------------------
def _demo() -> dict:
    if DEMO not in st.session_state:
        st.session_state[DEMO] = {"trainer": ToyTrainer(DEMO_CONFIG, n_eval=1000), "log": []}
    return st.session_state[DEMO]


def _update(which: str) -> None:
    demo = _demo()
    demo["log"].append(step_and_compare(demo["trainer"], which))


def _report_table(r: StepReport) -> pd.DataFrame:
    rows = [
        {
            "network": "G (generator)" if c.network == "G" else "D (discriminator)",
            "parameters": c.params,
            "changed by this step": c.changed,
            "largest change |Δw|": f"{c.max_abs_change:.2e}" if c.max_abs_change else "0",
        }
        for c in (r.g, r.d)
    ]
    return pd.DataFrame(rows)


with st.container(border=True, key="intro.demo.box"):
    st.markdown("#### Try it: which weights does each step move?")
    st.markdown(
        "A small GAN from the 1-D lesson (G and D with 16 neurons per layer). Press a button to run one update "
        "and compare every weight before and after it."
    )
    c1, c2, c3, _ = st.columns([1, 1, 1, 2])
    c1.button("One D step", key="intro.demo.step_d", on_click=_update, args=("D",), type="primary", width="stretch")
    c2.button("One G step", key="intro.demo.step_g", on_click=_update, args=("G",), type="primary", width="stretch")
    c3.button(
        "Start over",
        key="intro.demo.reset",
        on_click=lambda: st.session_state.pop(DEMO, None),
        icon=":material/restart_alt:",
        width="stretch",
    )
    log: list[StepReport] = _demo()["log"]
    if not log:
        st.caption("No update yet. Predict first: which network's weights will a G step change?")
    else:
        last = log[-1]
        moved, still = ("D", "G") if last.update == "D" else ("G", "D")
        st.markdown(f"**Update {len(log)}: one {last.update} step.** Only {moved}'s weights moved; {still}'s did not.")
        st.table(_report_table(last), hide_index=True)
        (r0, r1), (f0, f1) = last.d_real, last.d_fake
        st.caption(
            f"D's average verdict on a fixed batch: real samples D(x) {r0:.4f} → {r1:.4f}, fakes D(G(z)) "
            f"{f0:.4f} → {f1:.4f}. "
            + (
                "A D step changes D, so both verdicts move."
                if last.update == "D"
                else "A G step changes only the fakes: D's verdict on real samples cannot move."
            )
        )
        d_steps = sum(r.update == "D" for r in log)
        st.caption(f"So far: {d_steps} D step(s), {len(log) - d_steps} G step(s).")
    with st.expander("Show the code: how the trainer freezes D during G's step", icon=":material/code:"):
        st.markdown(
            "G's step in every lesson's trainer: D's weights stop collecting gradients "
            "(`requires_grad_(False)`), G's loss is backpropagated *through* D into G, D is unfrozen, and "
            "only G's optimiser steps. The toy trainer's `_g_update` calls it with D's scores of G's batch."
        )
        st.code(inspect.getsource(AlternatingTrainer._apply_g_loss), language="python")
        st.code(inspect.getsource(ToyTrainer._g_update), language="python")


lesson_questions.section("intro", "training")


# --- the losses ---------------------------------------------------------------------------------
st.header("The value function and the losses", divider="gray")
st.markdown("The game in one line: D tries to **maximise** V, G tries to **minimise** it.")
st.latex(
    r"\min_G \max_D \; V(D, G) = \mathbb{E}_{x \sim p_\text{data}}\big[\log D(x)\big]"
    r" + \mathbb{E}_{z \sim p_z}\big[\log\big(1 - D(G(z))\big)\big]"
)
st.markdown(
    "**D's loss** is the binary cross-entropy of a classifier with real labelled 1 and fake labelled 0 "
    "(minimising it maximises V). At the equilibrium, D(x) = 1/2 everywhere and it equals 2 log 2 ≈ 1.386."
)
st.latex(r"L_D = -\,\mathbb{E}_{x}\big[\log D(x)\big] \;-\; \mathbb{E}_{z}\big[\log\big(1 - D(G(z))\big)\big]")

g_left, g_right = st.columns(2)
with g_left.container(border=True):
    st.markdown("**G's minimax loss** (the original, *saturating*): minimise V's second term.")
    st.latex(r"L_G^\text{minimax} = \mathbb{E}_{z}\big[\log\big(1 - D(G(z))\big)\big]")
    st.markdown(
        "*Drawback: it saturates.* Early in training D easily rejects the fakes, D(G(z)) ≈ 0. There "
        "log(1 − D) is not flat in D (its slope is −1), but D = σ(ℓ) is a "
        f"{glossary.link('sigmoid')} of D's {glossary.link('logit')} ℓ, and the "
        "sigmoid saturates: the gradient with respect to the logit, the one that reaches G, is"
    )
    st.latex(r"\frac{\partial}{\partial \ell}\log\big(1 - \sigma(\ell)\big) = -\sigma(\ell) = -D(G(z)) \;\to\; 0")
    st.markdown("G gets almost no gradient exactly when it is worst, and stops learning.")
with g_right.container(border=True):
    st.markdown("**G's non-saturating loss** (what almost everyone uses): make D say *real*.")
    st.latex(r"L_G^\text{NS} = -\,\mathbb{E}_{z}\big[\log D(G(z))\big]")
    st.markdown("Same fixed point, but the gradient is strongest where D rejects the fakes:")
    st.latex(r"\frac{\partial}{\partial \ell}\big({-\log \sigma(\ell)}\big) = -\big(1 - D(G(z))\big) \;\to\; -1")
    st.markdown(
        "*What it gives up: the minimax argument.* In practice it is the more stable choice (Goodfellow et "
        "al. recommend it in the 2014 paper itself). But G no longer minimises the V that D maximises, so the "
        "proof that the game minimises the Jensen-Shannon divergence (see *The theory behind GANs*) does not "
        "carry over; Arjovsky & Bottou (2017) show it minimises a mix of divergences that can favour "
        "dropping modes."
    )


def _open_in_toy_1d(preset_name: str, label: str) -> None:
    """A button that loads a preset into the 1-D lesson and opens it, keeping this session (and its
    quiz progress); the address below it is the same set-up as a shareable link for a new tab."""
    preset = PRESETS[preset_name]
    if st.button(label, key=f"intro.open.{preset_name}", on_click=lesson_parts.load_preset, args=("toy1d", preset)):
        lesson = by_id("toy1d")
        try:
            st.switch_page(lesson.path)
        except StreamlitAPIException:  # this page run on its own, without app.py's router
            st.caption(f"*{preset.title}* is loaded in {lesson.title}.")
    base = PRESETS["1d-converges"].config()
    cfg = preset.config()
    query = urlencode({**to_query(cfg, base), "dataset": cfg.dataset, "seed": cfg.seed})
    st.caption(f"Or [open it as a link in a new tab](/toy-1d?{query}) (a fresh session: the link holds the settings).")


with st.container(border=True):
    st.markdown(
        "**See it happen.** The 1-D lesson's preset *Discriminator wins (saturating loss)* trains with the "
        "minimax loss and a fast discriminator: the fakes stay where they started. *Fix it: non-saturating "
        "loss* changes only G's loss, and G escapes."
    )
    b1, b2 = st.columns(2)
    with b1:
        _open_in_toy_1d("1d-d-wins", "Open 'Discriminator wins' in the 1-D lesson")
    with b2:
        _open_in_toy_1d("1d-fix-ns", "Open 'Fix it: non-saturating loss'")
lesson_questions.section("intro", "losses")

# --- uses and misuse ----------------------------------------------------------------------------
st.header("Where GANs are used", divider="gray")
st.markdown(
    "- **Image generation:** faces, art, textures and product images that never existed (StyleGAN).\n"
    "- **Image-to-image translation:** sketches or maps to photos, day to night, horses to zebras "
    "(pix2pix, CycleGAN).\n"
    "- **Super-resolution:** upscaling photos with plausible fine detail (SRGAN).\n"
    "- **Data augmentation:** extra, synthetic training examples, for instance for rare classes or "
    "medical images where data is scarce.\n"
    "- **A learned loss:** wherever a hand-written loss such as mean squared error gives blurry averages, "
    "a discriminator can judge 'does this look real?' instead (see *Put a GAN on it*)."
)
st.header("Misuse and bias", divider="gray")
st.markdown(
    "- **Deepfakes.** The same realism makes fake photos, voices and videos of real people possible: "
    "impersonation, fraud, harassment and disinformation. Provenance tools, watermarks and detectors help, "
    "but none is a complete defence; consent and disclosure matter.\n"
    "- **Dataset bias.** A GAN imitates its training data, imbalances included, and mode collapse can make "
    "rare groups rarer still. Know (and document) what the data contains before trusting, or publishing, "
    "what a GAN makes of it."
)

lesson_questions.section("intro", "uses")
lesson_questions.render("intro")
