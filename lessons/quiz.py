"""The Quiz page: every lesson question of the course, grouped by lesson, with the learner's
progress, review and retry, downloads, import and reset."""

import streamlit as st

from gan_core.quiz.bank import LESSON_IDS
from ui import answers, course, quiz, quiz_tools

st.title("Quiz")
st.markdown(
    "Every lesson question of the course, lesson by lesson: the same questions as at the end of each "
    "lesson, and the same answers. Each option you choose explains itself, right or wrong; try again as "
    "often as you like (a prediction is made once: the first one counts)."
)
bank = answers.bank()
for error in bank.errors:
    st.error(f"A question file could not be loaded completely: {error}", icon=":material/error:")

total = answers.progress().total(bank)
st.progress(
    total.answered / total.total if total.total else 0.0,
    text=f"{total.answered} of {total.total} questions answered · {total.correct} right",
)
with st.expander("Your results: download, import, reset", icon=":material/save:"):
    st.caption("Your answers are kept for this browser session only. Download them to keep them, or to hand them in.")
    quiz_tools.downloads()
    quiz_tools.import_box()
    quiz_tools.reset_box()

shown_ids = quiz_tools.filter_bar()
summary = answers.summary()
for lesson_id in LESSON_IDS:
    questions = bank.for_lesson(lesson_id)
    if not questions:
        continue
    s = summary[lesson_id]
    st.header(quiz.lesson_title(lesson_id), anchor=lesson_id, divider="gray")
    lesson = course.by_id(lesson_id)
    if lesson is not None:
        course.link(lesson, f"Open the lesson: {lesson.title}")
    else:
        st.caption("This lesson has no page in this version of the course; its questions can be answered here.")
    st.caption(f"{s.total} questions · {s.answered} answered · {s.correct} right")
    shown = [(n, q) for n, q in enumerate(questions, start=1) if q.id in shown_ids]
    for n, q in shown:
        quiz.question(q, here="quiz", number=n)
    if not shown:
        st.caption("Nothing to show here with this filter.")
