"""Lesson: a GAN in one dimension, where every curve can be drawn on one axis."""

import streamlit as st

from ui import toy_lesson

st.title("Toy GAN in 1-D")
st.markdown(
    "The generator **G** turns random noise *z* into numbers *x*; the discriminator **D** outputs "
    "D(x), its probability that *x* came from the real data. D learns to tell them apart, G learns to "
    "make D say *real*. When G's density (purple) lies on the real one (green), D can do no better than "
    "guess: D(x) flattens at 1/2. This is the picture of Goodfellow et al. (2014, Figure 1), live."
)
with st.expander("What to try"):
    st.markdown(
        "1. Press **Play** on *It converges* and watch D(x) flatten.\n"
        "2. Load **Discriminator wins**: with the original minimax loss, G stops learning. Then load "
        "**Fix it: non-saturating loss**, the same set-up with one change.\n"
        "3. Load **Mode collapse** on two bumps: G abandons one of them. Turn on **Minibatch discrimination** (Tricks) or "
        "a lower lr_g.\n"
        "4. Set the noise dimension to 1 to see where G sends each z."
    )
toy_lesson.render("toy1d", dim=1, base_preset="1d-converges")
