"""Home: two pictures of GANs learning (made by our own code: python -m gan_core.home_pictures), what
GAN Classroom is, and the course map (the lessons in order, with quiz progress)."""

from pathlib import Path

import streamlit as st

from ui import answers, course

ASSETS = Path(__file__).resolve().parents[1] / "ui" / "assets"

st.title("GAN Classroom")
left, right = st.columns(2)
for col, name, caption in (
    (left, "home-ring8.gif", "A GAN learning the ring of 8 (green: real, purple: generated), step by step."),
    (right, "home-digits.gif", "The pretrained DCGAN's digits from the same noise, as it learned."),
):
    if (ASSETS / name).exists():
        col.image(str(ASSETS / name), caption=caption, width="content")
st.markdown(
    "A **generator** forges samples from random noise; a **discriminator** judges real from fake. "
    "Trained against each other, the forger gets good enough that the judge can only guess. "
    "Here you train GANs yourself, live in the browser, break them on purpose and fix them."
)
st.subheader("The course")
summary = answers.summary()
for i, lesson in enumerate(course.COURSE, start=1):
    with st.container(border=True):
        course.link(lesson, f"{i}. {lesson.title}")
        st.caption(lesson.blurb)
        s = summary.get(lesson.id) if lesson is not course.QUIZ else answers.progress().total(answers.bank())
        if s is not None and s.total:
            st.progress(
                s.answered / s.total,
                text=f"Lesson questions: {s.answered} of {s.total} answered · {s.correct} right",
            )
st.info(
    "Teachers: every lesson keeps its settings and seed in the page address. Copy the link from the "
    "lesson's **Share** box and your class gets exactly your run.",
    icon=":material/group:",
)
