"""Lesson: a GAN in two dimensions: D's heatmap, gradient arrows and G's warped noise grid."""

import streamlit as st

from ui import toy_lesson

st.title("Toy GAN in 2-D")
st.markdown(
    "Now the data are points in the plane. The background shows what D believes everywhere, the "
    "arrows show where D's gradient pushes each fake, and with a 2-D noise the mesh shows how G "
    "bends an even grid of noise onto the data. The **ring of 8** and **grid of 25** are the standard "
    "mode-collapse benchmarks: the metrics count how many modes G captures (VEEGAN protocol)."
)
with st.expander("What to try"):
    st.markdown(
        "1. **It converges: ring of 8**: every mode captured, most samples within 3 std of a mode.\n"
        "2. **Mode collapse**: G jumps between a few modes. Turn on **pac** 2 (PacGAN, under Tricks) or "
        "lower lr_g, and compare.\n"
        "3. **Discriminator wins**: the fakes freeze. Then each *Fix it* preset: it lists what it changes.\n"
        "4. **Too-high learning rate**: the fakes sweep around instead of settling. Lower the rates live.\n"
        "5. Toggle the layers to read one thing at a time."
    )
toy_lesson.render("toy2d", dim=2, base_preset="ring8-converges")
