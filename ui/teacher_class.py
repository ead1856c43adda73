"""The class, live, on the teacher's screen (a fragment that refreshes every REFRESH_S seconds): who
joined and how each learner is doing lesson by lesson, the questions the class gets wrong most
with the misconception behind them, and "ask the class"."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from gan_core import literal
from gan_core.classes import report, store
from gan_core.quiz.bank import LESSONS, Question
from ui import answers, chart_style, classroom, course, lesson_parts

REFRESH_S = 4.0
SHOWN_QUESTIONS = 8


@st.fragment(run_every=REFRESH_S)
def live(class_id: int) -> None:
    engine = classroom.database()
    bank = answers.bank()
    try:
        info = store.class_by_id(engine, class_id) if engine is not None else None
        whole = report.class_report(engine, class_id, bank) if info is not None else None
        asked = (
            report.class_report(engine, class_id, bank, since=info.asked_at) if info and info.asked_question else None
        )
    except SQLAlchemyError:
        info = None
    if info is None or whole is None:
        st.error(
            "The class database cannot be reached just now; this view comes back when it does.",
            icon=":material/cloud_off:",
        )
        return
    _ask(info, asked)
    _learners(whole)
    _questions(whole)


def _learners(whole: report.ClassReport) -> None:
    st.markdown(f"#### Learners ({len(whole.learners)})")
    if not whole.learners:
        st.caption("Nobody has joined yet. Project the code or the QR code.")
        return
    rows = []
    for row in whole.learners:
        line = {"learner": row.name, "last active": row.last_seen.strftime("%H:%M:%S")}
        for lesson in LESSONS:
            t = row.lessons[lesson]
            line[course.by_id(lesson).title if course.by_id(lesson) else lesson] = (
                f"{t.right}/{t.answered}" if t.answered else ""
            )
        total = row.total
        line |= {"answered": total.answered, "right": total.right, "right first try": total.first_try}
        rows.append(line)
    st.dataframe(rows, hide_index=True, width="stretch")  # names as text, never markdown
    st.caption("Per lesson: questions answered right / answered (the latest answer counts).")


def _bars(q: Question, chosen: list[int], key: str) -> None:
    labels = [f"{i + 1}. {o.text.replace('*', '')[:60]}" for i, o in enumerate(q.options)]  # plain text
    colours = [chart_style.REAL if i in q.answer else chart_style.DCOL for i in range(len(q.options))]
    figure = {
        "data": [{"type": "bar", "orientation": "h", "x": chosen, "y": labels, "marker": {"color": colours}}],
        "layout": chart_style.layout(height=60 + 34 * len(labels), yaxis={"autorange": "reversed"}, showlegend=False),
    }
    st.plotly_chart(figure, key=key, width="stretch")


def _questions(whole: report.ClassReport) -> None:
    st.markdown("#### The questions the class gets wrong most")
    tried = [q for q in whole.hardest_first() if q.tried]
    if not tried:
        st.caption("No answers yet.")
        return
    for row in tried[:SHOWN_QUESTIONS]:
        q, share = row.question, row.first_try_share
        with st.container(border=True):
            st.markdown(f"**{q.prompt}**")
            st.caption(
                f"{row.tried} answered · {share:.0%} right on the first try · {row.right_now} right now · "
                f"lesson: {literal.plain(q.lesson)}"
            )
            if q.kind == "numeric":
                st.caption("Answers: " + ", ".join(f"{v:g}" for v in sorted(row.values)[:30]))
            else:
                _bars(q, row.chosen, key=f"teacher.bars.{q.id}")
            wrong = row.common_wrong
            if wrong is not None:
                st.markdown(
                    f"Most common wrong answer: **{q.options[wrong].text}** ({row.chosen[wrong]} learners). "
                    f"Why it is wrong: {q.options[wrong].why}"
                )
    if len(tried) > SHOWN_QUESTIONS:
        st.caption(f"{len(tried) - SHOWN_QUESTIONS} more answered questions: the gradebook export has them all.")


def _start_asking(class_id: int) -> None:
    engine = classroom.database()
    qid = st.session_state.get("teacher.ask_pick")
    if engine is not None and qid:
        store.ask(engine, class_id, qid)


def _reveal(class_id: int) -> None:
    engine = classroom.database()
    if engine is not None:
        store.reveal(engine, class_id)


def _stop(class_id: int) -> None:
    engine = classroom.database()
    if engine is not None:
        store.ask(engine, class_id, None)


def _ask(info: store.ClassInfo, asked: report.ClassReport | None) -> None:
    bank = answers.bank()
    st.markdown("#### Ask the class")
    if not info.asked_question:
        ids = [q.id for q in bank.questions]
        prompts = {
            q.id: f"{course.by_id(q.lesson).title if course.by_id(q.lesson) else q.lesson}: {q.prompt[:90]}"
            for q in bank.questions
        }
        c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
        c1.selectbox("A question for everyone's screen", ids, format_func=prompts.get, key="teacher.ask_pick")
        c2.button(
            "Ask the class",
            key="teacher.ask",
            on_click=_start_asking,
            args=(info.id,),
            type="primary",
            icon=":material/campaign:",
        )
        st.caption(
            "It appears at the top of whatever page each learner is on; the explanations stay hidden until you reveal them."
        )
        return
    q = bank.by_id().get(info.asked_question)
    if q is None:
        st.button("Stop asking", key="teacher.stop", on_click=_stop, args=(info.id,))
        return
    row = next((r for r in asked.questions if r.question.id == q.id), None) if asked else None
    n = row.tried if row else 0
    with st.container(border=True):
        st.markdown(f"**Asking:** {q.prompt}")
        st.caption(f"{n} of the class answered so far" + (" · explanations revealed" if info.revealed else ""))
        if q.kind == "numeric":
            st.caption("Answers: " + ", ".join(f"{v:g}" for v in sorted(row.values if row else [])))
        else:
            _bars(q, row.chosen if row else [0] * len(q.options), key="teacher.ask_bars")
        c1, c2, c3 = st.columns(3)
        c1.button(
            "Reveal",
            key="teacher.reveal",
            on_click=_reveal,
            args=(info.id,),
            disabled=info.revealed,
            icon=":material/visibility:",
        )
        c2.button("Stop asking", key="teacher.stop", on_click=_stop, args=(info.id,), icon=":material/stop:")
        target = course.by_id(q.run_in) if q.kind == "predict" else None
        if target is not None and info.revealed:
            c3.button(
                "Load the run",
                key="teacher.run",
                on_click=lesson_parts.load_preset,
                args=(q.run_in, q.target),
                icon=":material/science:",
                help="Loads the question's preset; then open the lesson and press Play.",
            )
            if q.target is not None and st.session_state.get(f"{q.run_in}.preset") == q.target.name:
                course.link(target, f"Open {target.title} and press Play")
