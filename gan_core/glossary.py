"""The course glossary: terms as TOML data (``glossary.toml`` beside this file), checked on load.

Each ``[[terms]]`` entry has an ``id`` (its anchor on the Glossary page: ``/glossary#<id>``), the
``term``, a one-sentence ``short`` (a link's tooltip), a markdown ``text``, optional ``see`` (other
term ids) and ``lessons`` (the lesson ids where the term appears: each lesson page lists them).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from gan_core.quiz.bank import LESSONS

GLOSSARY_FILE = Path(__file__).with_name("glossary.toml")
URL_PATH = "glossary"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Term:
    id: str
    term: str
    short: str
    text: str
    see: tuple[str, ...] = ()
    lessons: tuple[str, ...] = ()


def parse(data: dict) -> dict[str, Term]:
    """The terms of a parsed glossary file, by id. Raises ValueError naming the first problem."""
    terms: dict[str, Term] = {}
    for i, item in enumerate(data.get("terms", []), start=1):
        label = f"term #{i} ({item.get('id', '?')})" if isinstance(item, dict) else f"term #{i}"
        if not isinstance(item, dict) or set(item) - {"id", "term", "short", "text", "see", "lessons"}:
            raise ValueError(f"{label}: a table with id, term, short, text, see, lessons")
        tid = item.get("id", "")
        if not isinstance(tid, str) or not _ID.match(tid) or tid in terms:
            raise ValueError(f"{label}: the id must be unique, lower-case letters, digits and '-'")
        for key in ("term", "short", "text"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise ValueError(f"{label}: {key} is missing")
        unknown = set(item.get("lessons", [])) - set(LESSONS)
        if unknown:
            raise ValueError(f"{label}: unknown lessons {', '.join(sorted(unknown))}")
        terms[tid] = Term(
            tid,
            item["term"].strip(),
            item["short"].strip(),
            item["text"].strip(),
            tuple(item.get("see", [])),
            tuple(item.get("lessons", [])),
        )
    for t in terms.values():
        missing = [s for s in t.see if s not in terms]
        if missing:
            raise ValueError(f"term {t.id!r}: 'see' names unknown terms {', '.join(missing)}")
    if not terms:
        raise ValueError("no [[terms]] found")
    return terms


@cache
def terms() -> dict[str, Term]:
    """Every term of the shipped glossary, by id, in file order."""
    return parse(tomllib.loads(GLOSSARY_FILE.read_text(encoding="utf-8")))


def for_lesson(lesson: str) -> list[Term]:
    """The terms that appear in a lesson, in alphabetical order."""
    return sorted((t for t in terms().values() if lesson in t.lessons), key=lambda t: t.term.lower())


def link(term_id: str, text: str | None = None) -> str:
    """Markdown for a link to a term on the Glossary page, its short definition as the tooltip.
    Raises KeyError for an unknown id (so a page naming an unknown term fails its render test)."""
    t = terms()[term_id]
    tip = t.short.replace('"', "'")
    return f'[{text or t.term}](/{URL_PATH}#{t.id} "{tip}")'
