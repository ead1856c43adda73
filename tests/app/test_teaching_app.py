"""AppTest: the teaching pieces around the questions. Questions sit right after the part of the page
they check; a prediction is made once and scored; each learner sees the options in an order of
their own; a lesson ends with what it taught, its words (links to the Glossary) and the next
lesson; the Theory and Glossary pages are on the course map; Home shows its pictures first."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from gan_core import glossary
from gan_core.quiz.bank import SECTIONS, load_bank
from gan_core.quiz.order import option_order
from tests.app.test_quiz_app import choose, open_page, texts
from tests.conftest import ROOT
from ui import lesson_end

BANK = load_bank()
Q = BANK.by_id()


def order_of_page(at: AppTest) -> list[str]:
    """The page's headers and question boxes, top to bottom, as "h:<text>" and "q:<id>"."""
    seen = []
    for el in at.main:
        kind = type(el).__name__
        if kind == "Header":
            seen.append(f"h:{el.value}")
        key = getattr(el, "key", None) or ""
        if kind == "Button" and key.startswith("quiz.") and key.endswith(".submit"):
            seen.append(f"q:{key.split('.')[1]}")
    return seen


@pytest.mark.parametrize("lesson", ["intro", "theory"])
def test_questions_sit_right_after_the_part_they_check(lesson):
    at = open_page(f"lessons/{lesson}.py")
    assert not at.exception
    order = order_of_page(at)
    asked = [s for s in order if s.startswith("q:")]
    placed = [q for q in BANK.for_lesson(lesson) if q.section]
    assert {f"q:{q.id}" for q in placed} <= set(asked)
    positions = {s: i for i, s in enumerate(order)}
    parts = SECTIONS[lesson]
    for q in placed:  # a part's questions come after an earlier part's, in page order
        earlier = [p for p in BANK.for_lesson(lesson) if p.section and parts.index(p.section) < parts.index(q.section)]
        for p in earlier:
            assert positions[f"q:{p.id}"] < positions[f"q:{q.id}"], (p.id, q.id)
    unplaced = [q for q in BANK.for_lesson(lesson) if not q.section]
    for q in unplaced:  # the rest come at the end, after every placed question
        assert all(positions[f"q:{q.id}"] > positions[f"q:{p.id}"] for p in placed)


def test_the_generator_question_follows_the_generator_not_the_end_of_the_lesson():
    at = open_page("lessons/intro.py")
    order = order_of_page(at)
    assert order.index("q:intro-generator-input") < order.index("h:Training, step by step")


def test_a_prediction_is_made_once_and_the_first_one_counts():
    at = open_page("lessons/intro.py")
    q = Q["intro-predict-d-wins"]
    wrong = next(i for i in range(len(q.options)) if i not in q.answer)
    choose(at, q.id, wrong)
    rec = at.session_state["quiz.progress"].records[q.id]
    assert not rec.correct and rec.attempts == 1
    assert "Your prediction:" in texts(at, "markdown") and q.options[wrong].text in texts(at, "markdown")
    assert not [b for b in at.button if b.key == f"quiz.{q.id}.submit"]  # no second guess on the page
    assert at.session_state["toy1d.preset"] == q.target.name  # the run is loaded to watch
    progress = at.session_state["quiz.progress"]
    progress.answer(q, min(q.answer))  # a second prediction by any other way changes nothing
    assert not progress.records[q.id].correct and progress.records[q.id].attempts == 1


def test_each_learner_sees_the_options_in_an_order_of_their_own_and_is_graded_the_same():
    q = next(q for q in BANK.for_lesson("intro") if q.kind == "single" and len(q.options) >= 4)
    orders, sessions = set(), []
    for _ in range(6):
        at = open_page("lessons/intro.py")
        radio = at.radio(key=f"quiz.{q.id}.choice")
        shown = list(radio.options)
        learner = at.session_state["quiz.learner"]
        assert shown == [q.options[i].text for i in option_order(q, learner)]
        orders.add(tuple(shown))
        sessions.append(at)
    assert len(orders) > 1  # six learners do not all see one order
    for at in sessions[:2]:
        choose(at, q.id, min(q.answer))  # the option itself, wherever it sits on that learner's screen
        assert "Right." in texts(at, "success")
    at = sessions[0]
    at.run()
    assert list(at.radio(key=f"quiz.{q.id}.choice").options) == [
        q.options[i].text for i in option_order(q, at.session_state["quiz.learner"])
    ]  # the same order on the next run: stable for the learner


@pytest.mark.parametrize("lesson", ["intro", "theory", "toy1d"])
def test_a_lesson_ends_with_what_it_taught_its_words_and_the_next_lesson(lesson):
    page = {"toy1d": "lessons/toy_1d.py"}.get(lesson, f"lessons/{lesson}.py")
    at = open_page(page)
    shown = texts(at, "markdown")
    assert "What you learned" in shown
    assert all(line in shown for line in lesson_end.LEARNED[lesson])
    words = [m.value for m in at.markdown if m.value.startswith("**Words of this lesson**")]
    assert len(words) == 1 and all(glossary.link(t.id) in words[0] for t in glossary.for_lesson(lesson))
    assert lesson_end._next(lesson) is not None


def test_the_glossary_page_lists_every_term_and_finds_one():
    at = AppTest.from_file(str(ROOT / "lessons/glossary.py"), default_timeout=60).run()
    assert not at.exception
    terms = glossary.terms()
    assert {h.value for h in at.subheader} >= {t.term for t in terms.values()}
    at.text_input(key="glossary.find").input("lipschitz").run()
    assert terms["lipschitz"].term in {h.value for h in at.subheader} and len(at.subheader) < len(terms)
    assert any("one-page sheet" in h.value for h in at.header)


def test_home_shows_its_pictures_first_and_the_course_lists_theory_and_glossary():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    kinds = [
        type(el).__name__ for el in at.main if type(el).__name__ not in ("SpecialBlock", "Title", "Block", "Column")
    ]
    assert kinds[:2] == ["Image", "Image"]  # the pictures come before any text
    links = [str(el.proto.label) for el in at.main if type(el).__name__ == "PageLink"]
    assert any("The theory behind GANs" in label for label in links) and any("Glossary" in label for label in links)
