"""The course map: every lesson page, in order. app.py routes it; Home lists it."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.errors import StreamlitAPIException


@dataclass(frozen=True)
class Lesson:
    path: str  # file under lessons/
    url_path: str  # the deep link: http://host/<url_path>
    title: str
    icon: str
    blurb: str
    id: str = ""  # the lesson's namespace: widget keys, lesson_questions.render(id), gan_core.quiz.bank.LESSONS


HOME = Lesson("lessons/home.py", "home", "Home", ":material/home:", "Start here.", "home")
QUIZ = Lesson(
    "lessons/quiz.py",
    "quiz",
    "Quiz",
    ":material/quiz:",
    "Every lesson question of the course in one place: review, retry, download your results.",
    "quiz",
)
LESSONS = [
    Lesson(
        "lessons/intro.py",
        "what-is-a-gan",
        "What is a GAN?",
        ":material/lightbulb:",
        "The forger and the police: the two networks, the training loop step by step, the losses and where GANs are used.",
        "intro",
    ),
    Lesson(
        "lessons/theory.py",
        "theory",
        "The theory behind GANs",
        ":material/functions:",
        "The optimal discriminator, the Jensen-Shannon and Wasserstein distances, other losses, equilibrium, "
        "and where GANs sit among generative models.",
        "theory",
    ),
    Lesson(
        "lessons/toy_1d.py",
        "toy-1d",
        "Toy GAN in 1-D",
        ":material/show_chart:",
        "Forge a 1-D distribution. Watch the generated density, D(x) and the z -> x mapping on one axis.",
        "toy1d",
    ),
    Lesson(
        "lessons/toy_2d.py",
        "toy-2d",
        "Toy GAN in 2-D",
        ":material/scatter_plot:",
        "Rings, grids, moons and spirals: D's heatmap, gradient arrows, the warped noise grid, mode collapse.",
        "toy2d",
    ),
    Lesson(
        "lessons/mnist.py",
        "mnist",
        "MNIST GAN",
        ":material/draw:",
        "Real handwritten digits, trained live on the CPU: a fixed-noise grid sharpens from static to digits, "
        "judged by an independent classifier.",
        "mnist",
    ),
    Lesson(
        "lessons/dcgan.py",
        "dcgan",
        "DCGAN explorer",
        ":material/explore:",
        "A DCGAN trained beforehand: samples from a seed, walks between seeds (lerp vs slerp), latent sliders, "
        "a check that it does not copy, how it learned, and spot the fake against its discriminator.",
        "dcgan",
    ),
    Lesson(
        "lessons/learned_loss.py",
        "put-a-gan-on-it",
        "Put a GAN on it",
        ":material/call_split:",
        "When an input has several right answers, MSE averages them; a learned loss (a conditional GAN) picks one.",
        "learned_loss",
    ),
    Lesson(
        "lessons/completion.py",
        "complete-a-digit",
        "Complete a digit",
        ":material/edit_square:",
        "Draw the bottom half of a digit from its top: MSE draws a grey smear of every answer, a GAN one sharp "
        "stroke. Trained live, judged by a classifier.",
        "completion",
    ),
]
GLOSSARY = Lesson(
    "lessons/glossary.py",
    "glossary",
    "Glossary",
    ":material/menu_book:",
    "Every term of the course in a few sentences, and the teachers' one-page sheet of formulas and diagnoses.",
    "glossary",
)
COURSE = [*LESSONS, QUIZ, GLOSSARY]  # what app.py routes and Home lists: the lessons, the Quiz, the Glossary
CLASS = Lesson(
    "lessons/classroom.py",
    "class",
    "Your class",
    ":material/groups:",
    "Join your teacher's class with a code: your answers are kept, and you find them again anywhere.",
    "class",
)
TEACHER = Lesson(
    "lessons/teacher.py",
    "teacher",
    "Teacher",
    ":material/school:",
    "Create a class, watch it live, ask it a question, export the gradebook (needs the teacher key).",
    "teacher",
)
CLASSES = [CLASS, TEACHER]  # routed by app.py in their own section of the menu


def by_id(lesson_id: str) -> Lesson | None:
    """The course's lesson with this id, or None (a lesson being built has questions but no page yet)."""
    return next((les for les in [HOME, *COURSE] if les.id == lesson_id), None)


def link(lesson: Lesson, label: str | None = None, **query: str) -> None:
    """A link to ``lesson``'s page that keeps the learner's session. A page run on its own (not under
    app.py's st.navigation, e.g. in a test) cannot link to another page: it shows the address instead."""
    label = label or lesson.title
    try:
        st.page_link(lesson.path, label=label, icon=lesson.icon, query_params=query or None)
    except StreamlitAPIException:
        st.markdown(f"{label}: `/{lesson.url_path}`")
