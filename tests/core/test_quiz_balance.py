"""The quiz does not give its answers away: the shipped bank passes the balance checks (an answer
is not the longest option more often than chance, answers sit in every position, a multi-select's
true statements are not listed first), a bank built the way the old one was fails them, and each
learner sees the options in an order of their own that grading never depends on."""

from __future__ import annotations

import pytest

from gan_core.quiz import balance
from gan_core.quiz.bank import Bank, Option, Question, load_bank
from gan_core.quiz.grading import grade
from gan_core.quiz.order import option_order


def test_the_shipped_bank_gives_nothing_away():
    report = balance.check(load_bank())
    assert report.problems() == []
    assert report.choice >= 60 and report.multi >= 8


def _question(i: int, kind: str = "single") -> Question:
    right = "The right answer, explained at length with every qualification a careful author adds"
    options = (Option(right, "why"), Option("Short wrong one", "why"), Option("Another wrong", "why"))
    answer = frozenset({0, 1}) if kind == "multi" else frozenset({0})
    return Question(f"q{i}", "intro", kind, "?", options, answer)


def test_a_bank_written_the_old_way_fails_every_check():
    old = Bank(tuple(_question(i) for i in range(10)) + tuple(_question(i + 10, "multi") for i in range(3)), ())
    problems = " | ".join(balance.check(old).problems())
    assert "longest in 10 of 10" in problems
    assert "as long as wrong ones" in problems
    assert "10 of 10 answers are option 1" in problems
    assert "3 of 3 multi-selects" in problems
    assert "no answer is ever option 2, 3" in problems


def test_options_are_shuffled_per_learner_stably_and_graded_by_identity():
    bank = load_bank()
    q = next(q for q in bank.questions if q.kind == "single" and len(q.options) == 4)
    ada = option_order(q, "learner-1")
    assert sorted(ada) == list(range(4)) and option_order(q, "learner-1") == ada  # stable for a learner
    orders = {tuple(option_order(q, f"learner-{i}")) for i in range(200)}
    assert len(orders) == 24  # every order of four options shows up across a class
    firsts = [option_order(q, f"learner-{i}")[0] for i in range(2000)]
    right = min(q.answer)
    assert firsts.count(right) / len(firsts) == pytest.approx(0.25, abs=0.04)  # first on screen: chance
    assert grade(q, right).correct  # a response is the option itself, wherever it was shown
    different = [option_order(p, "learner-1") for p in bank.questions if len(p.options) >= 3]
    assert len({tuple(o) for o in different}) > 1  # questions are not all shuffled alike
