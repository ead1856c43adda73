"""The quiz engine: grading, validation of question files, the shipped bank, learner progress."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from gan_core.quiz.bank import LESSON_IDS, QUIZ_DIR, Bank, load_bank, parse_question
from gan_core.quiz.grading import grade
from gan_core.quiz.progress import Progress

QUESTION = """
[[questions]]
id = "{id}"
kind = "single"
prompt = "Pick B."
answer = {answer}
[[questions.options]]
text = "A"
why = "A is wrong because."
[[questions.options]]
text = "B"
{why}
"""


def toml(lesson: str = "toy1d", *questions: tuple[str, int]) -> str:
    """A question file: ``questions`` as (id, answer) pairs; an answer of -1 drops option B's why."""
    body = "".join(
        QUESTION.format(id=qid, answer=abs(a), why="" if a < 0 else 'why = "B is right because."')
        for qid, a in questions
    )
    return f'lesson = "{lesson}"\n' + body


def single(**over) -> dict:
    q = {
        "id": "q1",
        "kind": "single",
        "prompt": "Which?",
        "answer": 1,
        "options": [{"text": "yes", "why": "because yes"}, {"text": "no", "why": "because no"}],
    }
    return {**q, **over}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- grading ------------------------------------------------------------------------------------
def test_single_choice_right_and_wrong_give_that_options_explanation():
    q = parse_question(single(), "intro")
    right, wrong = grade(q, 0), grade(q, 1)
    assert right.correct and right.feedback[0].why == "because yes" and right.feedback[0].right
    assert not wrong.correct and wrong.feedback[0].why == "because no" and not wrong.feedback[0].right


def test_multi_select_is_right_only_for_exactly_the_true_set():
    opts = [{"text": t, "why": f"why {t}"} for t in ("I", "II", "III")]
    q = parse_question(single(kind="multi", answer=[1, 3], options=opts), "intro")
    assert grade(q, frozenset({0, 2})).correct
    partial = grade(q, frozenset({0}))  # partly right is wrong
    assert not partial.correct and partial.missed == 1 and [f.right for f in partial.feedback] == [True]
    extra = grade(q, frozenset({0, 1, 2}))
    assert not extra.correct and [f.right for f in extra.feedback] == [True, False, True]
    assert [f.why for f in extra.feedback] == ["why I", "why II", "why III"]


def test_numeric_inside_and_outside_the_tolerance():
    q = parse_question(
        {
            "id": "n",
            "kind": "numeric",
            "prompt": "2 log 2?",
            "answer": 1.386,
            "tolerance": 0.01,
            "too_low": "LOW",
            "too_high": "HIGH",
            "explanation": "RIGHT",
        },
        "intro",
    )
    assert grade(q, 1.386).correct and grade(q, 1.395).correct and grade(q, 1.377).correct
    assert grade(q, 1.39).feedback[0].why == "RIGHT"
    low, high = grade(q, 1.37), grade(q, 1.4)
    assert not low.correct and low.feedback[0].why == "LOW"
    assert not high.correct and high.feedback[0].why == "HIGH"
    with pytest.raises(ValueError):
        grade(q, math.nan)


def test_predict_grades_like_single_and_names_where_it_runs():
    q = parse_question(single(kind="predict", preset="2d-d-wins", explanation="The fakes freeze."), "intro")
    assert grade(q, 0).correct and not grade(q, 1).correct
    assert q.run_in == "toy2d" and q.explanation == "The fakes freeze."


def test_a_response_of_the_wrong_shape_is_refused():
    q = parse_question(single(), "intro")
    for bad in (5, -1, frozenset({0}), 0.5, True):
        with pytest.raises(ValueError):
            grade(q, bad)


# --- validation ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"answer": 3}, "answer 3 is out of range"),
        ({"answer": 0}, "answer 0 is out of range"),
        ({"options": [{"text": "a", "why": "x"}, {"text": "b"}]}, "option 2 has no explanation"),
        ({"options": [{"text": "a", "why": "x"}, {"text": "b", "why": "  "}]}, "option 2 has no explanation"),
        ({"kind": "essay"}, "kind must be one of"),
        ({"kind": "multi", "answer": []}, "non-empty list"),
        ({"kind": "multi", "answer": [1, 1]}, "twice"),
        ({"kind": "predict", "preset": "no-such-preset", "explanation": "x"}, "preset 'no-such-preset'"),
        ({"kind": "predict", "preset": "1d-d-wins"}, "needs an explanation"),
        ({"preset": "1d-d-wins"}, "only predict"),
        ({"id": "Has Spaces"}, "id must be"),
        ({"prompt": ""}, "prompt is missing"),
        ({"colour": "red"}, "unknown key"),
    ],
)
def test_invalid_questions_say_what_is_wrong(over, message):
    with pytest.raises(ValueError, match=message):
        parse_question(single(**over), "intro")


def test_numeric_questions_need_feedback_for_both_wrong_sides():
    base = {"id": "n", "kind": "numeric", "prompt": "?", "answer": 1, "too_low": "L", "explanation": "E"}
    with pytest.raises(ValueError, match="too_high"):
        parse_question(base, "intro")
    with pytest.raises(ValueError, match="tolerance must be >= 0"):
        parse_question({**base, "too_high": "H", "tolerance": -1}, "intro")


def test_broken_files_are_reported_by_name_and_question_and_the_rest_still_load(tmp_path):
    write(tmp_path, "a_good.toml", toml("toy1d", ("good-single", 2)))
    write(tmp_path, "b_duplicate.toml", toml("toy2d", ("good-single", 1)))
    write(tmp_path, "c_out_of_range.toml", toml("toy1d", ("bad-range", 7)))
    write(tmp_path, "d_no_why.toml", toml("toy1d", ("no-why", -2)))
    write(tmp_path, "e_unknown_lesson.toml", toml("astrology", ("stars", 1)))
    write(tmp_path, "f_syntax.toml", toml("toy1d", ("fine", 1)) + "\n[[questions]\nid = ")
    write(tmp_path, "g_mixed.toml", toml("dcgan", ("mixed-first", 1), ("second-good", 2), ("third-bad", 9)))

    bank = load_bank(tmp_path)
    errors = "\n".join(bank.errors)
    assert "b_duplicate.toml: question 'good-single': duplicate id (already in a_good.toml)" in errors
    assert "c_out_of_range.toml: question 'bad-range': answer 7 is out of range" in errors
    assert "d_no_why.toml: question 'no-why': option 2 has no explanation" in errors
    assert "e_unknown_lesson.toml: unknown lesson 'astrology'" in errors
    assert "f_syntax.toml: not valid TOML" in errors
    assert "g_mixed.toml: question 'third-bad': answer 9 is out of range" in errors
    assert len(bank.errors) == 6
    assert [q.id for q in bank.questions] == ["good-single", "mixed-first", "second-good"]
    assert bank.questions[0].source == "a_good.toml" and bank.questions[0].lesson == "toy1d"


def test_an_empty_or_missing_folder_loads_nothing_without_crashing(tmp_path):
    assert load_bank(tmp_path) == Bank((), ())
    assert load_bank(tmp_path / "missing") == Bank((), ())


# --- the shipped bank ----------------------------------------------------------------------------
def test_every_shipped_file_parses_with_no_error_and_there_are_at_least_40_questions():
    files = sorted(QUIZ_DIR.glob("*.toml"))
    assert {f.stem for f in files} >= {"intro", "toy1d", "toy2d", "mnist", "dcgan", "learned_loss"}
    bank = load_bank()
    assert bank.errors == ()
    assert len(bank.questions) >= 40
    assert {q.source for q in bank.questions} == {f.name for f in files}  # every file contributes
    assert {q.kind for q in bank.questions} == {"single", "multi", "numeric", "predict"}
    for lesson in LESSON_IDS:
        assert len(bank.for_lesson(lesson)) >= 4, lesson


def test_every_shipped_question_has_feedback_for_every_answer():
    for q in load_bank().questions:
        if q.kind == "numeric":
            assert q.too_low and q.too_high and q.explanation, q.id
            continue
        assert len(q.options) >= 2 and all(o.text and len(o.why) > 10 for o in q.options), q.id
        assert len({o.text for o in q.options}) == len(q.options), q.id
        assert q.answer and len(q.answer) < len(q.options) + (q.kind == "multi"), q.id


def test_predict_questions_use_real_presets_that_show_what_the_right_answer_says():
    predicts = [q for q in load_bank().questions if q.kind == "predict"]
    assert len(predicts) >= 6
    # the right option's claim must match what the preset is tested to show (tests/core/test_presets.py)
    keywords = {
        "discriminator_wins": ("stuck", "freeze"),
        "mode_collapse": ("hop", "the same image"),
        "oscillation": ("swing",),
        "converges": ("reach", "cover", "find"),
    }
    for q in predicts:
        preset = q.target  # a toy preset, or another lesson's ("mnist:...", "dcgan:...", "learned_loss:...")
        assert preset is not None and q.run_in in LESSON_IDS, q.id
        for word in (preset.title, preset.name):  # the prompt describes the settings, never the outcome
            assert word.lower() not in q.prompt.lower(), (q.id, word)
        if preset.expect is None:  # its outcome is not a tested label: the explanation says it
            continue
        (right,) = [q.options[i].text.lower() for i in q.answer]
        assert any(k in right for k in keywords[preset.expect]), (q.id, preset.expect, right)


def test_every_lesson_has_a_predict_question():
    bank = load_bank()
    assert len(bank.questions) >= 80
    for lesson in LESSON_IDS:
        assert any(q.kind == "predict" for q in bank.for_lesson(lesson)), lesson


def test_the_classic_generator_input_question():
    q = load_bank().by_id()["intro-generator-input"]
    (true,) = q.answer
    assert q.kind == "multi" and "arbitrary random noise" in q.options[true].text
    assert grade(q, frozenset({true})).correct and not grade(q, frozenset({true, (true + 1) % 3})).correct


def test_lesson_ids_match_the_course():
    from ui.course import COURSE, LESSONS, QUIZ

    course_ids = [les.id for les in LESSONS]
    assert course_ids and all(course_ids), "every course lesson needs an id"
    assert set(course_ids) <= set(LESSON_IDS), (
        f"unknown to gan_core.quiz.bank.LESSONS: {set(course_ids) - set(LESSON_IDS)}"
    )
    # course order is the quiz's order; lessons being built elsewhere are known ahead of their pages
    assert course_ids == [i for i in LESSON_IDS if i in course_ids]
    assert set(LESSON_IDS) - set(course_ids) <= {"mnist", "dcgan", "learned_loss"}
    assert course_ids[0] == "intro" and QUIZ in COURSE[-2:] and QUIZ.id not in LESSON_IDS


# --- progress -----------------------------------------------------------------------------------
def test_progress_counts_answered_and_correct_per_lesson_and_retries():
    bank = load_bank()
    by_id = bank.by_id()
    p = Progress()
    q = by_id["intro-d-output"]
    assert not p.answer(q, 0).correct
    assert p.answer(q, 1).correct  # a retry turns it right
    p.answer(by_id["intro-generator-input"], frozenset({0, 2}))
    p.answer(by_id["toy2d-hq-ceiling"], 98.9)
    s = p.summary(bank)
    assert (s["intro"].answered, s["intro"].correct) == (2, 1)
    assert (s["toy2d"].answered, s["toy2d"].correct) == (1, 1)
    assert s["mnist"].answered == 0 and s["mnist"].total == len(bank.for_lesson("mnist"))
    rec = p.records["intro-d-output"]
    assert (rec.attempts, rec.correct, rec.first_try) == (2, True, False)
    assert p.total(bank).answered == 3 and p.total(bank).total == len(bank.questions)


def test_progress_round_trips_through_json_and_exports_csv():
    bank = load_bank()
    by_id = bank.by_id()
    p = Progress()
    p.answer(by_id["intro-d-output"], 1)
    p.answer(by_id["intro-uses"], frozenset({0, 1, 2}))
    p.answer(by_id["dcgan-midpoint-norm"], 5.0)
    text = p.to_json(bank)
    back, notes = Progress.from_json(text, bank)
    assert notes == [] and back.records == p.records
    data = json.loads(text)
    assert data["answers"]["intro-uses"]["response"] == [0, 1, 2]
    assert data["answers"]["intro-d-output"]["answer_text"].startswith("One number D(x)")
    rows = p.to_csv(bank).splitlines()
    assert rows[0] == "lesson,question_id,kind,prompt,attempts,correct,first_try,answer,when"
    assert len(rows) == 1 + len(bank.questions)
    norm = next(r for r in rows if r.startswith("dcgan,dcgan-midpoint-norm"))
    assert ",1,False,False,5," in norm


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("not json", "not a JSON file"),
        ('{"answers": {}}', "not a GAN Classroom progress file"),
        ('{"format": "gan-classroom-quiz-progress", "version": 9, "answers": {}}', "unsupported progress file version"),
        ('{"format": "gan-classroom-quiz-progress", "version": 1, "answers": []}', "keyed by question id"),
        (
            '{"format": "gan-classroom-quiz-progress", "version": 1, "answers": {"intro-d-output": {"attempts": 1, "response": 7}}}',
            "question `intro-d-output`: the response `7` does not fit",
        ),
        (
            '{"format": "gan-classroom-quiz-progress", "version": 1, "answers": {"intro-uses": {"attempts": 0, "response": [0]}}}',
            "question `intro-uses`: attempts must be a whole number from 1",
        ),
    ],
)
def test_a_bad_progress_file_is_refused_with_a_clear_message(text, message):
    with pytest.raises(ValueError, match=message):
        Progress.from_json(text, load_bank())


def test_importing_skips_questions_that_no_longer_exist_and_regrades_the_rest():
    bank = load_bank()
    text = json.dumps(
        {
            "format": "gan-classroom-quiz-progress",
            "version": 1,
            "answers": {
                "gone-question": {"attempts": 1, "response": 0},
                "intro-d-output": {"attempts": 3, "correct": False, "response": 1, "first_try": False},
            },
        }
    )
    p, notes = Progress.from_json(text, bank)
    assert notes == ["Skipped 1 answer to questions this bank does not have: `gone-question`."]
    assert p.records["intro-d-output"].correct  # the grade is recomputed from the response
    assert p.records["intro-d-output"].attempts == 3
