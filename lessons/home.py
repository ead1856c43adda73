"""Home: what GAN Classroom is and the lessons, in order."""

import streamlit as st

from ui.course import LESSONS

st.title("GAN Classroom")
st.markdown(
    "A **generator** forges samples from random noise; a **discriminator** judges real from fake. "
    "Trained against each other, the forger gets good enough that the judge can only guess. "
    "Here you train GANs yourself, live in the browser, break them on purpose and fix them."
)
st.subheader("Lessons")
for i, lesson in enumerate(LESSONS, start=1):
    with st.container(border=True):
        st.page_link(lesson.path, label=f"{i}. {lesson.title}", icon=lesson.icon)
        st.caption(lesson.blurb)
st.info(
    "Teachers: every lesson keeps its settings and seed in the page address. Copy the link from the "
    "lesson's **Share** box and your class gets exactly your run.",
    icon=":material/group:",
)
