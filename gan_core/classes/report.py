"""What a teacher sees of a class, and the gradebook: computed from every attempt of the class.

Per learner: lesson by lesson, questions answered, answered right (their latest attempt) and right
on the first try. Per question: how many learners chose each option (their latest answer), the
share right on the first try, and the most common wrong option: the misconception to address.
The gradebook is CSV a spreadsheet or an LMS imports: one row per learner (a column per lesson
and a total), or one row per attempt.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine, select

from gan_core.classes.db import attempts, learners
from gan_core.quiz.bank import LESSONS, Bank, Question


@dataclass(frozen=True)
class Tally:
    answered: int = 0
    right: int = 0
    first_try: int = 0


@dataclass
class LearnerRow:
    id: int
    name: str
    joined: datetime
    last_seen: datetime
    lessons: dict[str, Tally] = field(default_factory=dict)

    @property
    def total(self) -> Tally:
        parts = self.lessons.values()
        return Tally(*(sum(getattr(p, f) for p in parts) for f in ("answered", "right", "first_try")))


@dataclass
class QuestionRow:
    question: Question
    tried: int = 0  # learners who answered it
    right_now: int = 0  # ... whose latest answer is right
    right_first: int = 0  # ... whose first answer was right
    chosen: list[int] = field(default_factory=list)  # per option: learners whose latest answer chose it
    values: list[float] = field(default_factory=list)  # numeric questions: the latest answers

    @property
    def first_try_share(self) -> float | None:
        return self.right_first / self.tried if self.tried else None

    @property
    def common_wrong(self) -> int | None:
        """The wrong option most learners chose (None: nobody chose a wrong one)."""
        wrong = [(n, i) for i, n in enumerate(self.chosen) if n and i not in self.question.answer]
        return max(wrong)[1] if wrong else None


@dataclass
class ClassReport:
    learners: list[LearnerRow]
    questions: list[QuestionRow]

    def hardest_first(self) -> list[QuestionRow]:
        """Questions the class gets wrong most: lowest share right on the first try first."""
        tried = [q for q in self.questions if q.tried]
        return sorted(tried, key=lambda q: (q.first_try_share, -q.tried)) + [q for q in self.questions if not q.tried]


def _rows(db: Engine, class_id: int, since: datetime | None = None) -> tuple[list, list]:
    people = select(learners).where(learners.c.class_id == class_id).order_by(learners.c.name, learners.c.id)
    query = (
        select(attempts)
        .join(learners, learners.c.id == attempts.c.learner_id)
        .where(learners.c.class_id == class_id)
        .order_by(attempts.c.at, attempts.c.id)
    )
    if since is not None:
        query = query.where(attempts.c.at >= since)
    with db.connect() as conn:
        return list(conn.execute(people)), list(conn.execute(query))


def class_report(db: Engine, class_id: int, bank: Bank, since: datetime | None = None) -> ClassReport:
    """The class now (``since``: only attempts from then on, e.g. answers to the asked question)."""
    people, tries = _rows(db, class_id, since)
    by_id = bank.by_id()
    first: dict[tuple[int, str], bool] = {}
    latest: dict[tuple[int, str], tuple[bool, object]] = {}
    for a in tries:
        if a.question_id not in by_id:
            continue  # a question removed from the bank since
        k = (a.learner_id, a.question_id)
        first.setdefault(k, bool(a.correct))
        latest[k] = (bool(a.correct), json.loads(a.response))
    rows = []
    for p in people:
        per_lesson: dict[str, Tally] = {}
        for lesson in LESSONS:
            qs = [q.id for q in bank.for_lesson(lesson) if (p.id, q.id) in latest]
            per_lesson[lesson] = Tally(
                len(qs), sum(latest[(p.id, q)][0] for q in qs), sum(first[(p.id, q)] for q in qs)
            )
        rows.append(LearnerRow(p.id, p.name, p.joined, p.last_seen, per_lesson))
    questions = []
    for q in bank.questions:
        row = QuestionRow(q, chosen=[0] * len(q.options))
        for p in people:
            k = (p.id, q.id)
            if k not in latest:
                continue
            right, response = latest[k]
            row.tried += 1
            row.right_now += right
            row.right_first += first[k]
            if q.kind == "numeric":
                row.values.append(float(response))
            else:
                for i in response if isinstance(response, list) else [response]:
                    if isinstance(i, int) and 0 <= i < len(q.options):
                        row.chosen[i] += 1
        questions.append(row)
    return ClassReport(rows, questions)


def gradebook_csv(report: ClassReport, bank: Bank) -> str:
    """One row per learner: per lesson, questions answered right out of the lesson's questions, and
    the total (a spreadsheet or an LMS gradebook imports it)."""
    lessons = [lesson for lesson in LESSONS if bank.for_lesson(lesson)]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["learner", "joined", "last_active"]
        + [f"{lesson} right (of {len(bank.for_lesson(lesson))})" for lesson in lessons]
        + [f"total right (of {len(bank.questions)})", "total answered", "right on the first try"]
    )
    for row in report.learners:
        total = row.total
        writer.writerow(
            [row.name, row.joined.isoformat(timespec="seconds"), row.last_seen.isoformat(timespec="seconds")]
            + [row.lessons[lesson].right for lesson in lessons]
            + [total.right, total.answered, total.first_try]
        )
    return out.getvalue()


def attempts_csv(db: Engine, class_id: int, bank: Bank) -> str:
    """One row per attempt, oldest first: who, when, which question, what they answered, right."""
    people, tries = _rows(db, class_id)
    names = {p.id: p.name for p in people}
    by_id = bank.by_id()
    numbers = Counter()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["learner", "when", "lesson", "question_id", "attempt", "answer", "correct"])
    for a in tries:
        q = by_id.get(a.question_id)
        numbers[(a.learner_id, a.question_id)] += 1
        response = json.loads(a.response)
        shown = _answer(q, response) if q is not None else json.dumps(response)
        writer.writerow(
            [
                names.get(a.learner_id, ""),
                a.at.isoformat(timespec="seconds"),
                q.lesson if q is not None else "",
                a.question_id,
                numbers[(a.learner_id, a.question_id)],
                shown,
                bool(a.correct),
            ]
        )
    return out.getvalue()


def _answer(q: Question, response: object) -> str:
    if q.kind == "numeric":
        return f"{float(response):g}"
    picked = response if isinstance(response, list) else [response]
    return "; ".join(q.options[i].text for i in picked if isinstance(i, int) and 0 <= i < len(q.options))
