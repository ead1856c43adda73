"""The quiz widget: lesson questions inside a lesson, and the Quiz page's tools.

Questions come from gan_core.quiz.bank (TOML files in gan_core/quiz/questions/); a learner's answers live in
``st.session_state["quiz.progress"]``. Widget keys are ``quiz.<question id>.<part>`` (``.choice``,
``.choice.<i>`` for a multi-select option, ``.value``, ``.submit``) so tests can drive them.
Feedback is shown only after an attempt, for the options the learner chose; retries are allowed,
except for a prediction: the first one is the one that counts, and the run then shows what happens.
Options appear in an order of the learner's own (``gan_core.quiz.order``): the same for them on
every page and visit, different between learners; widget values are option identities, not positions.
"""

from __future__ import annotations

import re
import secrets

import streamlit as st

from gan_core import literal
from gan_core.quiz import bank as question_bank
from gan_core.quiz.bank import LESSONS, Question
from gan_core.quiz.order import option_order
from ui import classroom, course
from ui.answers import bank, progress, summary

HOW = {
    "single": "Pick one answer.",
    "multi": "Tick every true statement, then check.",
    "numeric": "Type a number.",
    "predict": "Predict, then run: pick what you expect, and the button loads the preset so you can watch.",
}


def lesson_title(lesson_id: str) -> str:
    les = course.by_id(lesson_id)
    return les.title if les is not None else LESSONS.get(lesson_id, lesson_id)


LEARNER = "quiz.learner"  # this session's own option order, when not in a class


def learner_key() -> str:
    """Whose option order to show: the class learner's (the same on every device), else this session's."""
    me = classroom.member()
    if me is not None:
        return f"learner-{me.learner_id}"
    if LEARNER not in st.session_state:
        st.session_state[LEARNER] = secrets.token_hex(8)
    return st.session_state[LEARNER]


# --- the embedded sections --------------------------------------------------------------------
def section_questions(lesson_id: str, section: str) -> None:
    """The questions that check one part of a lesson page, right after it."""
    questions = [q for q in bank().for_lesson(lesson_id) if q.section == section]
    if not questions:
        return
    numbers = {q.id: n for n, q in enumerate(bank().for_lesson(lesson_id), start=1)}
    with st.container(key=f"quiz.section.{lesson_id}.{section}"):
        st.markdown("**Check this part**")
        for q in questions:
            question(q, here=lesson_id, number=numbers[q.id])


def lesson_questions(lesson_id: str, everything: bool = False) -> None:
    """The "Check your understanding" section of a lesson: the questions not shown beside a part of
    the page, or ``everything`` (a page that could not draw its parts); nothing if there are none."""
    every = bank().for_lesson(lesson_id)
    numbers = {q.id: n for n, q in enumerate(every, start=1)}
    questions = [q for q in every if everything or not q.section]
    if not questions:
        return
    st.divider()
    st.subheader("Check your understanding", anchor="check-your-understanding")
    s = summary()[lesson_id]
    st.caption(
        f"{s.total} questions · {s.answered} answered · {s.correct} right. Each answer you choose gets its own "
        "explanation, right or wrong, and you can try again (a prediction is made once). The **Quiz** page has "
        "every question of the course."
    )
    for q in questions:
        question(q, here=lesson_id, number=numbers[q.id])


def question(q: Question, here: str, number: int | None = None, prefix: str = "quiz", reveal: bool = True) -> None:
    """One question: prompt, answer widgets in a form, and feedback on the latest attempt.
    ``here``: the lesson id of the page it is shown on (where a predict question's preset runs);
    ``prefix``: of its widget keys (the teacher's question has its own, beside the lesson's copy);
    ``reveal``: False holds the feedback back until the teacher reveals it."""
    k = f"{prefix}.{q.id}"
    rec = progress().records.get(q.id)
    if rec is not None:
        _seed_widgets(q, rec.response, prefix)
    with st.container(border=True, key=f"{k}.box"):
        head = f"**{number}.** " if number else ""
        st.markdown(head + q.prompt)
        st.caption(HOW[q.kind])
        if q.kind == "predict" and rec is not None:  # the first prediction counts: no second guess
            st.markdown(f"Your prediction: **{q.options[rec.response].text}**")  # type: ignore[index]
        else:
            with st.form(f"{k}.form", border=False, enter_to_submit=False):
                _inputs(q, prefix)
                st.form_submit_button(
                    "Run it and see" if q.kind == "predict" else "Check",
                    key=f"{k}.submit",
                    icon=":material/play_arrow:" if q.kind == "predict" else ":material/check:",
                    on_click=_submit,
                    args=(q, prefix),
                )
        note = st.session_state.pop(f"{k}.note", None)
        if note:
            st.warning(note, icon=":material/info:")
        if rec is not None and reveal:
            _feedback(q, here)
        elif rec is not None:
            st.info(
                "Your answer is in. Your teacher shows the explanations when the class has answered.",
                icon=":material/hourglass_top:",
            )


def _inputs(q: Question, prefix: str = "quiz") -> None:
    k = f"{prefix}.{q.id}"
    if q.kind == "numeric":
        st.number_input("Your answer", value=None, step=None, format="%g", key=f"{k}.value", persist_state="session")
    elif q.kind == "multi":
        for i in option_order(q, learner_key()):
            st.checkbox(q.options[i].text, key=f"{k}.choice.{i}", persist_state="session")
    else:
        st.radio(
            "Your answer",
            option_order(q, learner_key()),
            index=None,
            format_func=lambda i: q.options[i].text,
            key=f"{k}.choice",
            label_visibility="collapsed",
            persist_state="session",  # the same answer on the lesson and on the Quiz page
        )


def _response(q: Question, prefix: str = "quiz") -> question_bank.Response | None:
    """What the form holds, or None if nothing was chosen yet."""
    k = f"{prefix}.{q.id}"
    if q.kind == "numeric":
        return st.session_state.get(f"{k}.value")
    if q.kind == "multi":
        ticked = frozenset(i for i in range(len(q.options)) if st.session_state.get(f"{k}.choice.{i}"))
        return ticked or None
    return st.session_state.get(f"{k}.choice")


def _seed_widgets(q: Question, response: question_bank.Response, prefix: str = "quiz") -> None:
    """Show the latest answer in the widgets when they have no state (after an import)."""
    k = f"{prefix}.{q.id}"
    if q.kind == "multi":
        if not any(f"{k}.choice.{i}" in st.session_state for i in range(len(q.options))):
            for i in range(len(q.options)):
                st.session_state[f"{k}.choice.{i}"] = i in response  # type: ignore[operator]
    else:
        part = "value" if q.kind == "numeric" else "choice"
        if f"{k}.{part}" not in st.session_state:
            st.session_state[f"{k}.{part}"] = response


def forget_widgets(q: Question) -> None:
    """Drop a question's widget state (after a reset or an import)."""
    for name in [f"quiz.{q.id}.choice", f"quiz.{q.id}.value"] + [
        f"quiz.{q.id}.choice.{i}" for i in range(len(q.options))
    ]:
        st.session_state.pop(name, None)


def _submit(q: Question, prefix: str = "quiz") -> None:
    """Callback of the form's button: grade and record the attempt (for the class too, when the
    learner is in one); a predict question also loads its preset into the lesson where it runs."""
    response = _response(q, prefix)
    if response is None:
        what = {"numeric": "Type a number", "multi": "Tick at least one statement"}.get(q.kind, "Pick an answer")
        st.session_state[f"{prefix}.{q.id}.note"] = f"{what} first."
        return
    if q.kind == "predict" and q.id in progress().records:
        return  # a second click of an old form: the first prediction stands
    result = progress().answer(q, response)
    classroom.record(q, response, result.correct)
    if q.kind == "predict" and q.target is not None:
        from ui import lesson_parts  # the lessons' preset mechanism (heavy imports: only when needed)

        lesson_parts.load_preset(q.run_in, q.target)


def _feedback(q: Question, here: str) -> None:
    """Right or wrong, then the explanation of each chosen option (never the answer before a try)."""
    rec = progress().records[q.id]
    result = progress().last_grade(q)
    assert result is not None
    tries = f" Attempt {rec.attempts}." if rec.attempts > 1 else ""
    if q.kind == "predict":
        right, wrong = "**Right prediction.**", "**Not what happens.** Read why, then watch the run."
        tries = ""
    else:
        right, wrong = "**Right.**", "**Not quite.** Change your answer and try again."
    if result.correct:
        st.success(right + tries, icon=":material/check_circle:")
    else:
        st.error(wrong + tries, icon=":material/cancel:")
    lines = [f"{':green[**✓**]' if f.right else ':red[**✗**]'} “{f.text}” — {f.why}" for f in result.feedback]
    if result.missed:
        lines.append(f":orange[**?**] You left out {result.missed} true statement{'s' if result.missed > 1 else ''}.")
    if result.correct and q.explanation and q.kind in ("single", "multi"):
        lines.append(f"*{q.explanation}*")
    st.markdown("\n\n".join(lines))
    if q.kind == "predict":
        _predict_result(q, here)
    elif not result.correct:
        with st.expander("Show the answer"):
            st.markdown(_answer_text(q))


def _predict_result(q: Question, here: str) -> None:
    preset = q.target
    assert preset is not None
    st.info(f"**What the run shows.** {q.explanation}", icon=":material/science:")
    if here == q.run_in:
        top = re.sub(r"[^a-z0-9]+", "-", lesson_title(here).lower()).strip("-")  # st.title's anchor
        st.caption(f"*{preset.title}* is loaded: [go up to the lesson](#{top}) and press **Play**.")
        return
    lesson = course.by_id(q.run_in)
    st.caption(f"*{preset.title}* is loaded in the lesson: open it and press **Play**.")
    if lesson is not None:
        course.link(lesson, f"Open {lesson.title}")


def _answer_text(q: Question) -> str:
    if q.kind == "numeric":
        tol = f" (± {q.tolerance:g})" if q.tolerance else ""
        return f"**{q.value:g}**{tol}. {q.explanation}"
    parts = [f"**{q.options[i].text}** — {q.options[i].why}" for i in sorted(q.answer)]
    return "\n\n".join(parts) + (f"\n\n{q.explanation}" if q.explanation else "")


@st.fragment(run_every=classroom.ASK_REFRESH_S)
def ask_box() -> None:
    """The question the teacher is asking the class, on whatever page the learner is on; its
    explanations appear only once the teacher reveals them."""
    info = classroom.asking()
    if info is None:
        return
    q = bank().by_id().get(info.asked_question)
    if q is None:
        return
    seen = (info.asked_question, info.asked_at, info.revealed)
    if st.session_state.get("ask.seen") != seen:  # a learner scrolled down a lesson still notices
        st.session_state["ask.seen"] = seen
        st.toast(
            "Your teacher revealed the answer: see the top of the page."
            if info.revealed
            else "Your teacher asks the class a question: see the top of the page.",
            icon=":material/campaign:",
        )
    with st.container(border=True, key="ask.box"):
        st.markdown(f"**Your teacher asks {literal.plain(info.name)}:**")
        question(q, here="ask", prefix="ask", reveal=info.revealed)
