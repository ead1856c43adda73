"""Classes, learners and their answers: every operation the app and the command line need.

Codes are drawn with ``secrets`` from an alphabet without look-alike characters (no 0/O, 1/I/L),
so they can be read off a projector: a class code is 8 characters (about 8 x 10^11 codes), a
learner's resume code 12 (stored only as its sha256, never shown again). Every query uses bound
parameters (SQLAlchemy Core). Names are kept as typed (trimmed, at most ``MAX_NAME`` characters);
showing them as text is the page's job.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from gan_core.classes.db import attempts, classes, learners

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CLASS_CODE_LENGTH = 8
RESUME_CODE_LENGTH = 12
MAX_NAME = 60


@dataclass(frozen=True)
class ClassInfo:
    id: int
    code: str
    name: str
    created: datetime
    asked_question: str | None = None
    asked_at: datetime | None = None
    revealed: bool = False


@dataclass(frozen=True)
class Learner:
    id: int
    class_id: int
    name: str


@dataclass(frozen=True)
class Attempt:
    """One answer attempt, as stored. ``key`` makes writing it again harmless."""

    key: str
    question_id: str
    response: Any  # int | list[int] | float, as JSON
    correct: bool
    at: datetime


def now() -> datetime:
    return datetime.now(UTC)


def new_code(length: int = CLASS_CODE_LENGTH) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise_code(raw: str) -> str:
    """What a person typed, as a code: upper case, without spaces or dashes."""
    return "".join(ch for ch in str(raw).upper() if ch not in " -\t")[:32]


def resume_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def clean_name(raw: str, what: str = "name") -> str:
    """A display or class name: trimmed, one line, 1 to MAX_NAME characters. Raises ValueError."""
    name = " ".join(str(raw).split())
    if not name:
        raise ValueError(f"Type a {what}.")
    if len(name) > MAX_NAME:
        raise ValueError(f"A {what} is at most {MAX_NAME} characters.")
    return name


def _class(row: Any) -> ClassInfo:
    return ClassInfo(row.id, row.code, row.name, row.created, row.asked_question, row.asked_at, bool(row.revealed))


# --- classes (the teacher's side) -----------------------------------------------------------------
def create_class(db: Engine, name: str) -> ClassInfo:
    name = clean_name(name, "class name")
    for _ in range(5):  # a clash is astronomically rare; try again rather than fail
        code = new_code()
        try:
            with db.begin() as conn:
                conn.execute(insert(classes).values(code=code, name=name, created=now(), revealed=False))
            break
        except IntegrityError:
            continue
    else:
        raise RuntimeError("could not draw an unused class code")
    found = find_class(db, code)
    assert found is not None
    return found


def find_class(db: Engine, code: str) -> ClassInfo | None:
    with db.connect() as conn:
        row = conn.execute(select(classes).where(classes.c.code == normalise_code(code))).first()
    return None if row is None else _class(row)


def class_by_id(db: Engine, class_id: int) -> ClassInfo | None:
    with db.connect() as conn:
        row = conn.execute(select(classes).where(classes.c.id == class_id)).first()
    return None if row is None else _class(row)


def list_classes(db: Engine) -> list[tuple[ClassInfo, int]]:
    """Every class with its number of learners, newest first."""
    counts = select(learners.c.class_id, func.count().label("n")).group_by(learners.c.class_id).subquery()
    query = (
        select(classes, func.coalesce(counts.c.n, 0).label("n"))
        .outerjoin(counts, counts.c.class_id == classes.c.id)
        .order_by(classes.c.created.desc(), classes.c.id.desc())
    )
    with db.connect() as conn:
        return [(_class(row), int(row.n)) for row in conn.execute(query)]


def delete_class(db: Engine, code: str) -> bool:
    """Delete a class with its learners and every answer. Returns whether it existed."""
    found = find_class(db, code)
    if found is None:
        return False
    with db.begin() as conn:
        ids = select(learners.c.id).where(learners.c.class_id == found.id)
        conn.execute(delete(attempts).where(attempts.c.learner_id.in_(ids)))
        conn.execute(delete(learners).where(learners.c.class_id == found.id))
        conn.execute(delete(classes).where(classes.c.id == found.id))
    return True


def ask(db: Engine, class_id: int, question_id: str | None) -> None:
    """Put a question on every learner's page (None: stop asking)."""
    with db.begin() as conn:
        conn.execute(
            update(classes)
            .where(classes.c.id == class_id)
            .values(asked_question=question_id, asked_at=now() if question_id else None, revealed=False)
        )


def reveal(db: Engine, class_id: int) -> None:
    """Show the asked question's explanations to the learners."""
    with db.begin() as conn:
        conn.execute(update(classes).where(classes.c.id == class_id).values(revealed=True))


# --- learners -------------------------------------------------------------------------------------
def login_hash(issuer: str, subject: str) -> str:
    """What identifies a sign-in account (st.login) in the database: a digest of the provider and
    the account's stable id, so neither an e-mail nor the provider's id is stored."""
    return hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()


def join(db: Engine, code: str, name: str, login: str | None = None) -> tuple[Learner, str] | None:
    """Join the class ``code`` as ``name``: the learner and their resume code (shown once), or None
    for a code that names no class. ``login``: the learner's ``login_hash`` when they are signed in
    (they come back by signing in). Raises ValueError for a bad name."""
    name = clean_name(name, "display name")
    found = find_class(db, code)
    if found is None:
        return None
    for _ in range(5):
        resume = new_code(RESUME_CODE_LENGTH)
        try:
            with db.begin() as conn:
                stamp = now()
                result = conn.execute(
                    insert(learners).values(
                        class_id=found.id,
                        name=name,
                        resume_hash=resume_hash(resume),
                        joined=stamp,
                        last_seen=stamp,
                        login_hash=login,
                    )
                )
                learner_id = int(result.inserted_primary_key[0])
            return Learner(learner_id, found.id, name), resume
        except IntegrityError:
            continue
    raise RuntimeError("could not draw an unused resume code")


def resume(db: Engine, code: str) -> Learner | None:
    """The learner whose resume code this is, or None."""
    with db.connect() as conn:
        row = conn.execute(select(learners).where(learners.c.resume_hash == resume_hash(code))).first()
    return None if row is None else Learner(row.id, row.class_id, row.name)


def by_login(db: Engine, login: str) -> Learner | None:
    """The learner this sign-in account was last active as (an account may be in several classes)."""
    with db.connect() as conn:
        row = conn.execute(
            select(learners).where(learners.c.login_hash == login).order_by(learners.c.last_seen.desc()).limit(1)
        ).first()
    return None if row is None else Learner(row.id, row.class_id, row.name)


def link_login(db: Engine, learner_id: int, login: str | None) -> None:
    """Let this account bring the learner back (None: no account does any more)."""
    with db.begin() as conn:
        conn.execute(update(learners).where(learners.c.id == learner_id).values(login_hash=login))


def has_login(db: Engine, learner_id: int) -> bool:
    with db.connect() as conn:
        return bool(conn.execute(select(learners.c.login_hash).where(learners.c.id == learner_id)).scalar())


def learner_exists(db: Engine, learner_id: int) -> bool:
    with db.connect() as conn:
        return conn.execute(select(learners.c.id).where(learners.c.id == learner_id)).first() is not None


def touch(db: Engine, learner_id: int) -> None:
    with db.begin() as conn:
        conn.execute(update(learners).where(learners.c.id == learner_id).values(last_seen=now()))


def leave(db: Engine, learner_id: int) -> None:
    """The learner leaves the class: they and their answers are deleted."""
    with db.begin() as conn:
        conn.execute(delete(attempts).where(attempts.c.learner_id == learner_id))
        conn.execute(delete(learners).where(learners.c.id == learner_id))


def delete_answers(db: Engine, learner_id: int) -> int:
    """Delete every answer of one learner (they stay in the class). Returns how many."""
    with db.begin() as conn:
        return conn.execute(delete(attempts).where(attempts.c.learner_id == learner_id)).rowcount or 0


# --- answers --------------------------------------------------------------------------------------
def save_attempts(db: Engine, learner_id: int, batch: list[Attempt]) -> int:
    """Write attempts once each: an attempt whose key is already stored is skipped (a retried flush,
    a second replica). Returns how many were new."""
    if not batch:
        return 0
    keys = [a.key for a in batch]
    with db.begin() as conn:
        stored = set(conn.execute(select(attempts.c.key).where(attempts.c.key.in_(keys))).scalars())
        rows = [
            {
                "learner_id": learner_id,
                "key": a.key,
                "question_id": a.question_id,
                "response": json.dumps(a.response),
                "correct": a.correct,
                "at": a.at,
            }
            for a in batch
            if a.key not in stored
        ]
        if rows:
            conn.execute(insert(attempts), rows)
        conn.execute(update(learners).where(learners.c.id == learner_id).values(last_seen=now()))
    return len(rows)


def attempts_of(db: Engine, learner_id: int) -> list[Attempt]:
    """One learner's attempts, oldest first (only ever one learner's: the query is by their id)."""
    query = select(attempts).where(attempts.c.learner_id == learner_id).order_by(attempts.c.at, attempts.c.id)
    with db.connect() as conn:
        return [
            Attempt(r.key, r.question_id, json.loads(r.response), bool(r.correct), r.at) for r in conn.execute(query)
        ]
