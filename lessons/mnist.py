"""Lesson: a GAN learns handwritten digits, trained live on the CPU."""

import streamlit as st

from ui import mnist_lesson

st.title("MNIST GAN: digits from noise")
st.markdown(
    "Now the data are real handwritten digits: 28x28 = 784 numbers each. G turns a noise vector *z* "
    "into an image; D looks at real and generated images and says which is which. The grid below shows "
    "G's images for the **same fixed noise** at every refresh (as in the PyTorch DCGAN tutorial), so "
    "you watch static turn into digits. An independent **judge**, a digit classifier we trained "
    "separately, measures how digit-like the samples are: the losses cannot tell you that."
)
with st.expander("What to try"):
    st.markdown(
        "1. Press **Play** on **Fast digits**: recognisable digits after about 10 s of training; the "
        "progress bar says when, in seconds of training (drawing the pictures adds wall-clock time). "
        "Switch on *Label each sample with the judge's guess*.\n"
        "2. Load **Mode collapse**: the class histogram piles up on a few digits.\n"
        "3. Load **Discriminator wins**: D(x) goes to 1, D(G(z)) to 0, the losses look 'great' for D, "
        "and G draws blobs. Then change the loss to *non_saturating* (the run restarts) and compare.\n"
        "4. Turn off *Conditional* or switch the architecture to *fc* (the original paper's networks) "
        "and compare how fast the digits come.\n"
        "5. Pause and drag the timeline back; download the timeline as a GIF."
    )
mnist_lesson.render()
