"""What the DCGAN lesson's sections share: the pretrained model and the real digits (loaded once per
server process, read-only), the measurements cached beside them, and how pictures are shown."""

from __future__ import annotations

import numpy as np
import streamlit as st
from PIL import Image, ImageDraw

from gan_core.dcgan import explorer as dcgan_explorer
from gan_core.dcgan import latent
from gan_core.dcgan import model as dcgan
from gan_core.dcgan import quality as dcgan_quality
from gan_core.dcgan.config import GRID_COLS, GRID_SIZE
from gan_core.digits import data as mnist
from gan_core.digits import pictures as images
from ui import controls

NS = "dcgan"
SCALE = 3  # grid pixels per digit pixel: crisp on a projector
N_SLIDERS = 5
PICK_COLOUR = (255, 170, 60)


def png(where: object, picture: np.ndarray | Image.Image | bytes, caption: str | None = None) -> None:
    """Show a picture as PNG (st.image would re-encode it as JPEG and blur the pixels)."""
    data = picture if isinstance(picture, bytes) else images.png_bytes(picture)
    where.image(data, caption=caption, output_format="PNG")  # type: ignore[attr-defined]


# --- shared, read-only things: once per server process ------------------------------------------
@st.cache_resource(show_spinner="Loading the pretrained DCGAN...")
def pretrained() -> dcgan.Pretrained:
    model = dcgan.load()  # checksum-verified; eval mode, no gradients
    dcgan_explorer.generate(
        model.G, latent.noise(0, GRID_SIZE, model.cfg.noise_dim), dcgan_explorer.labels_for(None, GRID_SIZE)
    )
    return model  # warmed up: the first learner's timing is not the kernels' first-call setup


@st.cache_resource(show_spinner="Loading the real digits...")
def real_digits() -> tuple[mnist.Digits, mnist.Digits]:
    """(training split, held-out split): the copying check's pool and the real side of the game."""
    return mnist.split(mnist.load_bundled())


@st.cache_resource(show_spinner="Measuring how far samples are from the training digits...")
def copy_summary(_pretrained: dcgan.Pretrained, weights_sha: str) -> dict[str, float]:
    train, held = real_digits()
    return dcgan_quality.copy_check(_pretrained.G, train.images, held.images)


@st.cache_resource(show_spinner="Scoring a cheating generator...")
def cheat(_pretrained: dcgan.Pretrained, weights_sha: str) -> dict[str, float]:
    return dcgan_quality.one_per_class_cheat(_pretrained.G)


def grid_picture(imgs: np.ndarray, pick: int | None) -> Image.Image:
    """The sample grid with each sample's number in its corner and the picked one framed."""
    labels = [str(i + 1) for i in range(len(imgs))]
    colours = [PICK_COLOUR if pick == i + 1 else (150, 150, 150) for i in range(len(imgs))]
    picture = images.labelled_grid(mnist.to_uint8(imgs), GRID_COLS, labels, colours, scale=SCALE)
    if pick is not None:
        cell = 28 * SCALE + 2
        r, c = divmod(pick - 1, GRID_COLS)
        x0, y0 = 1 + c * cell, 1 + r * cell
        ImageDraw.Draw(picture).rectangle([x0, y0, x0 + cell, y0 + cell], outline=PICK_COLOUR, width=2)
    return picture


def new_seed(name: str) -> None:
    st.session_state[controls.key(NS, name)] = int(np.random.default_rng().integers(0, 100_000))
