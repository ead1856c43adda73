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

from gan_core import literal
from gan_core.quiz.bank import LESSONS, Bank, Question, Response
from gan_core.quiz.grading import Grade, grade

FORMAT = "gan-classroom-quiz-progress"
VERSION = 1
MAX_BYTES = 512 * 1024  # a file of every question answered is ~20 KB; the server refuses more than 1 MB
MAX_ATTEMPTS = 1_000_000
MAX_WHEN = 40  # characters of an ISO time stamp ("2026-12-01T20:34:51+00:00" is 25)
SHOWN_SKIPPED = 3  # unknown question ids named in the note; the rest are counted


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
        """Grade an attempt and record it (retries count; the latest attempt decides ``correct``).
        A prediction is made once: a later one is graded but changes nothing (the first counts)."""
        result = grade(q, response)
        old = self.records.get(q.id)
        if q.kind == "predict" and old is not None:
            return grade(q, old.response)
        stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
        self.records[q.id] = Record(
            attempts=(old.attempts if old else 0) + 1,
            correct=result.correct,
            first_try=old.first_try if old else result.correct,
            response=response,
            when=stamp,
        )
        return result

    @classmethod
    def replay(cls, bank: Bank, attempts: list[tuple[str, Any, datetime]]) -> Progress:
        """The progress a list of attempts (question id, response as JSON, time; oldest first)
        adds up to: what a class database holds for a learner. Attempts at questions no longer in
        the bank, or whose response no longer fits the question, are left out."""
        progress, by_id = cls(), bank.by_id()
        for qid, raw, when in attempts:
            q = by_id.get(qid)
            if q is None:
                continue
            try:
                progress.answer(q, response_from_json(q, raw), when)
            except (ValueError, TypeError):
                continue
        return progress

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
                "response": response_to_json(rec.response),
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
        longer exist are skipped). Raises ValueError naming what is wrong with a bad file.

        Bounded whatever the file holds: at most MAX_BYTES are parsed, and the notes and error
        messages name a few values (each cut short, as plain text), never the whole file."""
        if len(text) > MAX_BYTES:
            raise ValueError(f"the file is {len(text):,} bytes; a progress file is at most {MAX_BYTES:,}")
        try:
            data = json.loads(text)
        except RecursionError:  # e.g. [[[[...: json recurses once per level
            raise ValueError("this is not a progress file (its JSON is nested too deeply)") from None
        except ValueError as err:  # bad JSON or UTF-8, or a number too long to read
            raise ValueError(f"this is not a JSON file ({err})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f'this is not a GAN Classroom progress file (no "format": "{FORMAT}")')
        if data.get("version") != VERSION:
            raise ValueError(f"unsupported progress file version {_shown(data.get('version'))} (expected {VERSION})")
        answers = data.get("answers")
        if not isinstance(answers, dict):
            raise ValueError('"answers" must be an object keyed by question id')
        by_id, progress, skipped = bank.by_id(), cls(), []
        for qid, entry in answers.items():
            q = by_id.get(qid)
            if q is None:
                skipped.append(qid)
                continue
            progress.records[qid] = _record_from_json(q, entry)
        return progress, _skipped_notes(skipped)

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


def _skipped_notes(skipped: list[str]) -> list[str]:
    """One short note for the question ids the bank no longer has (a few named, the rest counted)."""
    if not skipped:
        return []
    named = ", ".join(literal.code(qid, 40) for qid in skipped[:SHOWN_SKIPPED])
    more = f" and {len(skipped) - SHOWN_SKIPPED:,} more" if len(skipped) > SHOWN_SKIPPED else ""
    return [
        f"Skipped {len(skipped):,} answer{'s' if len(skipped) != 1 else ''} to questions this bank does not have: {named}{more}."
    ]


def response_from_json(q: Question, raw: Any) -> Response:
    """A response stored as JSON (an index, a list of indices, a number) in the question's shape."""
    if q.kind == "multi":
        return frozenset(int(i) for i in raw)
    if q.kind == "numeric":
        return float(raw)
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise ValueError(f"{q.id}: expected one option index, got {raw!r}")
    return raw


def response_to_json(response: Response) -> Any:
    """The JSON form of a response (a set of indices becomes a sorted list)."""
    return sorted(response) if isinstance(response, frozenset) else response


def _record_from_json(q: Question, entry: Any) -> Record:
    """One imported answer, checked: the response must fit the question; grades are recomputed."""
    where = f"question {literal.code(q.id)}"
    if not isinstance(entry, dict):
        raise ValueError(f"{where}: the entry must be an object")
    raw, attempts = entry.get("response"), entry.get("attempts")
    if isinstance(attempts, bool) or not isinstance(attempts, int) or not 1 <= attempts <= MAX_ATTEMPTS:
        raise ValueError(f"{where}: attempts must be a whole number from 1 to {MAX_ATTEMPTS:,}, got {_shown(attempts)}")
    if q.kind == "multi":
        if (
            not isinstance(raw, list)
            or len(raw) > len(q.options or ())
            or not all(isinstance(i, int) and not isinstance(i, bool) for i in raw)
        ):
            raise ValueError(f"{where}: response must be a list of option numbers, got {_shown(raw)}")
        response: Response = frozenset(raw)
    else:
        response = raw
    try:
        result = grade(q, response)
    except ValueError:
        raise ValueError(f"{where}: the response {_shown(raw)} does not fit the question") from None
    first_try = entry.get("first_try", result.correct)
    when = entry.get("when", "")
    if not isinstance(first_try, bool) or not isinstance(when, str) or len(when) > MAX_WHEN:
        raise ValueError(f"{where}: first_try must be true/false and when a time of at most {MAX_WHEN} characters")
    return Record(attempts, result.correct, first_try, response, when)


def _shown(value: Any) -> str:
    """A value from an imported file, for a message: its repr, cut short, as inline code."""
    return literal.code(repr(value), 40)
