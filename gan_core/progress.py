"""A learner's quiz progress: what they answered, per question, and how it went.

Plain data (the app keeps one ``Progress`` per learner in ``st.session_state``). It exports to JSON
(which ``Progress.from_json`` reads back, e.g. after a server restart) and to CSV for a teacher.
An imported file is checked completely before anything is used: a bad file raises ValueError with
a message a learner can act on.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from gan_core.quiz import LESSONS, Bank, Grade, Question, Response, grade

FORMAT = "gan-classroom-quiz-progress"
VERSION = 1


@dataclass(frozen=True)
class Record:
    """One question's history for one learner. ``correct`` is the latest attempt's grade."""

    attempts: int
    correct: bool
    first_try: bool  # the first attempt was right
    response: Response  # the latest attempt
    when: str  # ISO time of the latest attempt (UTC)


@dataclass(frozen=True)
class LessonSummary:
    total: int
    answered: int
    correct: int


@dataclass
class Progress:
    records: dict[str, Record] = field(default_factory=dict)

    def answer(self, q: Question, response: Response, when: datetime | None = None) -> Grade:
        """Grade an attempt and record it (retries count; the latest attempt decides ``correct``)."""
        result = grade(q, response)
        old = self.records.get(q.id)
        stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
        self.records[q.id] = Record(
            attempts=(old.attempts if old else 0) + 1,
            correct=result.correct,
            first_try=old.first_try if old else result.correct,
            response=response,
            when=stamp,
        )
        return result

    def last_grade(self, q: Question) -> Grade | None:
        """The grade of the learner's latest attempt, or None before any attempt."""
        rec = self.records.get(q.id)
        return None if rec is None else grade(q, rec.response)

    def summary(self, bank: Bank) -> dict[str, LessonSummary]:
        """Per lesson id (every lesson, in course order): questions, answered, answered right."""
        out = {}
        for lesson in LESSONS:
            qs = bank.for_lesson(lesson)
            recs = [self.records[q.id] for q in qs if q.id in self.records]
            out[lesson] = LessonSummary(len(qs), len(recs), sum(r.correct for r in recs))
        return out

    def total(self, bank: Bank) -> LessonSummary:
        parts = self.summary(bank).values()
        return LessonSummary(*(sum(getattr(p, f) for p in parts) for f in ("total", "answered", "correct")))

    # --- export and import ----------------------------------------------------------------------
    def to_json(self, bank: Bank) -> str:
        """The learner's answers, readable by ``from_json``; plus the question texts for people."""
        by_id = bank.by_id()
        answers = {}
        for qid, rec in self.records.items():
            entry: dict[str, Any] = {
                "attempts": rec.attempts,
                "correct": rec.correct,
                "first_try": rec.first_try,
                "response": _response_to_json(rec.response),
                "when": rec.when,
            }
            if qid in by_id:
                entry["lesson"] = by_id[qid].lesson
                entry["answer_text"] = response_text(by_id[qid], rec.response)
            answers[qid] = entry
        return json.dumps({"format": FORMAT, "version": VERSION, "answers": answers}, indent=1)

    @classmethod
    def from_json(cls, text: str | bytes, bank: Bank) -> tuple[Progress, list[str]]:
        """Read a file written by ``to_json``. Returns the progress and notes (questions that no
        longer exist are skipped). Raises ValueError naming what is wrong with a bad file."""
        try:
            data = json.loads(text)
        except RecursionError:  # e.g. [[[[...: json recurses once per level
            raise ValueError("this is not a progress file (its JSON is nested too deeply)") from None
        except ValueError as err:  # bad JSON or UTF-8, or a number too long to read
            raise ValueError(f"this is not a JSON file ({err})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f'this is not a GAN Classroom progress file (no "format": "{FORMAT}")')
        if data.get("version") != VERSION:
            raise ValueError(f"unsupported progress file version {data.get('version')!r} (expected {VERSION})")
        answers = data.get("answers")
        if not isinstance(answers, dict):
            raise ValueError('"answers" must be an object keyed by question id')
        by_id, progress, notes = bank.by_id(), cls(), []
        for qid, entry in answers.items():
            q = by_id.get(qid)
            if q is None:
                notes.append(f"Skipped {qid!r}: no such question any more.")
                continue
            progress.records[qid] = _record_from_json(q, entry)
        return progress, notes

    def to_csv(self, bank: Bank) -> str:
        """One row per question (answered or not), in course order."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(
            ["lesson", "question_id", "kind", "prompt", "attempts", "correct", "first_try", "answer", "when"]
        )
        for lesson in LESSONS:
            for q in bank.for_lesson(lesson):
                rec = self.records.get(q.id)
                row = [lesson, q.id, q.kind, q.prompt]
                if rec is None:
                    row += [0, "", "", "", ""]
                else:
                    row += [rec.attempts, rec.correct, rec.first_try, response_text(q, rec.response), rec.when]
                writer.writerow(row)
        return out.getvalue()


def response_text(q: Question, response: Response) -> str:
    """A response as a person reads it: the chosen option texts, or the number."""
    if q.kind == "numeric":
        return f"{float(response):g}"
    if q.kind == "multi":
        return " | ".join(q.options[i].text for i in sorted(response))  # type: ignore[union-attr]
    return q.options[response].text  # type: ignore[index]


def _response_to_json(response: Response) -> Any:
    return sorted(response) if isinstance(response, frozenset) else response


def _record_from_json(q: Question, entry: Any) -> Record:
    """One imported answer, checked: the response must fit the question; grades are recomputed."""
    where = f"question {q.id!r}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: the entry must be an object")
    raw, attempts = entry.get("response"), entry.get("attempts")
    if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
        raise ValueError(f"{where}: attempts must be a whole number >= 1, got {attempts!r}")
    if q.kind == "multi":
        if not isinstance(raw, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in raw):
            raise ValueError(f"{where}: response must be a list of option indices, got {raw!r}")
        response: Response = frozenset(raw)
    else:
        response = raw
    try:
        result = grade(q, response)
    except ValueError as err:
        raise ValueError(f"{where}: response does not fit the question ({err})") from None
    first_try = entry.get("first_try", result.correct)
    when = entry.get("when", "")
    if not isinstance(first_try, bool) or not isinstance(when, str):
        raise ValueError(f"{where}: first_try must be true/false and when a text")
    return Record(attempts, result.correct, first_try, response, when)
