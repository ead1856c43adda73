"""The question bank: questions as TOML data, validated on load (``grading.py`` grades an answer).

One file per lesson in ``gan_core/quiz/questions/`` (``lesson = "toy1d"`` at the top, then ``[[questions]]``).
Loading never stops at a broken file or question: ``load_bank`` returns every question that is
valid and an error message, naming the file and the question, for each one that is not.

Kinds of question:

- ``single``: pick one option; ``answer`` is its number (counting from 1).
- ``multi``: tick every true option; ``answer`` is a list of numbers. Right only when the ticked set
  is exactly the answer: partly right is wrong.
- ``numeric``: type a number; right when within ``tolerance`` of ``answer``. ``too_low`` and
  ``too_high`` are the feedback for a wrong guess, ``explanation`` for a right one.
- ``predict``: predict what a lesson's preset will do (pick one option), then run it. Graded like
  ``single``, and only the first prediction counts; ``preset`` names the preset (a toy preset by its
  name, another lesson's as ``mnist:NAME``, ``learned_loss:NAME``, ``dcgan:NAME`` or ``completion:NAME``) and
  ``explanation`` says what the run shows. The prompt describes the settings, never the outcome.

Optional for every kind: ``section``, the part of the lesson page the question checks (it is shown
right after that part; see ``SECTIONS``); without it the question is at the end of the lesson.

Every option has its own ``why``: the feedback a learner sees after choosing it, right or wrong.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from gan_core.completion.presets import PRESETS as COMPLETION_PRESETS
from gan_core.dcgan.config import DCGAN_PRESETS
from gan_core.digits.config import MNIST_PRESETS
from gan_core.learned_loss.presets import PRESETS as LEARNED_LOSS_PRESETS
from gan_core.settings import Preset
from gan_core.toy.presets import PRESETS

QUIZ_DIR = Path(__file__).with_name("questions")

# Every lesson a question can belong to, in course order, with a title to show while the lesson's
# page does not exist yet. ui/course.py's lesson ids must be among these (a test checks).
LESSONS: dict[str, str] = {
    "intro": "What is a GAN?",
    "theory": "The theory behind GANs",
    "toy1d": "Toy GAN in 1-D",
    "toy2d": "Toy GAN in 2-D",
    "mnist": "MNIST GAN",
    "dcgan": "DCGAN explorer",
    "learned_loss": "Put a GAN on it",
    "completion": "Complete a digit",
}
LESSON_IDS: tuple[str, ...] = tuple(LESSONS)
PRESET_LESSON = {1: "toy1d", 2: "toy2d"}  # where a toy preset of each dimension runs
PRESET_FAMILIES: dict[str, dict[str, Preset]] = {  # "lesson:name" -> that lesson's preset
    "mnist": MNIST_PRESETS,
    "learned_loss": LEARNED_LOSS_PRESETS,
    "dcgan": DCGAN_PRESETS,
    "completion": COMPLETION_PRESETS,
}
# The parts of a lesson page a question may sit right after (``section = "..."``), in page order.
# The live lessons ask everything at the end, once the learner has run something.
SECTIONS: dict[str, tuple[str, ...]] = {
    "intro": ("generator", "discriminator", "training", "losses", "uses"),
    "theory": ("optimal-d", "divergences", "wasserstein", "other-losses", "equilibrium", "families"),
    "dcgan": ("samples", "walk", "pick", "growth", "spot"),
}


def find_preset(ref: str) -> tuple[str, Preset] | None:
    """(the lesson id where it runs, the preset) for a predict question's ``preset``, or None."""
    family, _, name = ref.rpartition(":")
    if family:
        found = PRESET_FAMILIES.get(family, {}).get(name)
        return None if found is None else (family, found)
    toy = PRESETS.get(ref)
    return None if toy is None or toy.dim is None else (PRESET_LESSON[toy.dim], toy)


Kind = Literal["single", "multi", "numeric", "predict"]
KINDS: tuple[str, ...] = ("single", "multi", "numeric", "predict")
Response = int | frozenset[int] | float  # option index (0-based) | ticked indices | a number

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")  # ids become widget keys: quiz.<id>.choice


@dataclass(frozen=True)
class Option:
    text: str
    why: str  # feedback for a learner who chooses this option


@dataclass(frozen=True)
class Question:
    id: str
    lesson: str
    kind: Kind
    prompt: str
    options: tuple[Option, ...] = ()
    answer: frozenset[int] = frozenset()  # 0-based option indices (choice kinds)
    value: float = math.nan  # numeric: the right number
    tolerance: float = 0.0
    too_low: str = ""
    too_high: str = ""
    explanation: str = ""  # the take-away, shown once answered right (numeric, predict: required)
    preset: str = ""  # predict: a preset reference (find_preset)
    source: str = ""  # the file it came from
    section: str = ""  # the part of the lesson page it checks ("": the end of the lesson)

    @property
    def run_in(self) -> str:
        """The lesson id where a predict question's preset runs ("" for other kinds)."""
        found = find_preset(self.preset) if self.preset else None
        return found[0] if found else ""

    @property
    def target(self) -> Preset | None:
        """A predict question's preset (None for other kinds)."""
        found = find_preset(self.preset) if self.preset else None
        return found[1] if found else None


@dataclass(frozen=True)
class Bank:
    """Every valid question, in file and then question order, and what failed to load."""

    questions: tuple[Question, ...]
    errors: tuple[str, ...]

    def by_id(self) -> dict[str, Question]:
        return {q.id: q for q in self.questions}

    def for_lesson(self, lesson: str) -> list[Question]:
        return [q for q in self.questions if q.lesson == lesson]


# --- loading ----------------------------------------------------------------------------------
def load_bank(folder: Path | str = QUIZ_DIR) -> Bank:
    """Load every ``*.toml`` in ``folder`` (sorted by name). Broken files and questions are left
    out and reported; the rest load. Ids must be unique across all files (a duplicate is reported
    and its later copy left out)."""
    questions: list[Question] = []
    errors: list[str] = []
    seen: dict[str, str] = {}
    for path in sorted(Path(folder).glob("*.toml")):
        loaded, errs = load_file(path)
        errors += errs
        for q in loaded:
            if q.id in seen:
                errors.append(f"{path.name}: question {q.id!r}: duplicate id (already in {seen[q.id]})")
                continue
            seen[q.id] = path.name
            questions.append(q)
    return Bank(tuple(questions), tuple(errors))


def load_file(path: Path) -> tuple[list[Question], list[str]]:
    """The valid questions of one file and an error for each problem (file-level problems: no questions)."""
    name = path.name
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as err:
        return [], [f"{name}: not valid TOML: {err}"]
    lesson = data.get("lesson")
    if lesson not in LESSONS:
        return [], [f"{name}: unknown lesson {lesson!r}; known lessons: {', '.join(LESSON_IDS)}"]
    raw = data.get("questions")
    if not isinstance(raw, list) or not raw:
        return [], [f"{name}: no [[questions]] found"]
    questions, errors, ids = [], [], set()
    for i, item in enumerate(raw, start=1):
        label = f"question {item.get('id')!r}" if isinstance(item, dict) and item.get("id") else f"question #{i}"
        try:
            q = parse_question(item, lesson, name)
        except ValueError as err:
            errors.append(f"{name}: {label}: {err}")
            continue
        if q.id in ids:
            errors.append(f"{name}: {label}: duplicate id in this file")
            continue
        ids.add(q.id)
        questions.append(q)
    return questions, errors


def parse_question(item: Any, lesson: str, source: str = "") -> Question:
    """One ``[[questions]]`` table as a Question. Raises ValueError saying what is wrong."""
    if not isinstance(item, dict):
        raise ValueError("must be a table")
    known = {
        "id",
        "kind",
        "prompt",
        "options",
        "answer",
        "tolerance",
        "too_low",
        "too_high",
        "explanation",
        "preset",
        "section",
    }
    unknown = set(item) - known
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(sorted(unknown))}")
    qid, kind, prompt = item.get("id"), item.get("kind"), item.get("prompt")
    if not isinstance(qid, str) or not _ID.match(qid):
        raise ValueError("id must be lower-case letters, digits, '-' or '_'")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
    if not _text(prompt):
        raise ValueError("prompt is missing")
    explanation = item.get("explanation", "")
    if not isinstance(explanation, str):
        raise ValueError("explanation must be text")
    section = item.get("section", "")
    if section and section not in SECTIONS.get(lesson, ()):
        raise ValueError(f"section {section!r} is not a part of this lesson: {', '.join(SECTIONS.get(lesson, ()))}")
    common = {"id": qid, "lesson": lesson, "kind": kind, "prompt": prompt.strip(), "source": source, "section": section}
    if kind == "numeric":
        return _numeric(item, common, explanation)
    options = _options(item.get("options"))
    answer = _answer(item.get("answer"), kind, len(options))
    preset = item.get("preset", "")
    if kind == "predict":
        if not isinstance(preset, str) or find_preset(preset) is None:
            raise ValueError(
                f"preset {preset!r} does not exist (a toy preset's name, or mnist:, learned_loss:, dcgan:, completion: and one "
                "of that lesson's presets)"
            )
        if not _text(explanation):
            raise ValueError("a predict question needs an explanation of what the run shows")
    elif preset:
        raise ValueError("only predict questions take a preset")
    for key in ("tolerance", "too_low", "too_high"):
        if key in item:
            raise ValueError(f"{key} is only for numeric questions")
    return Question(**common, options=options, answer=answer, explanation=explanation.strip(), preset=preset)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _options(raw: Any) -> tuple[Option, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise ValueError("needs at least two [[questions.options]]")
    options = []
    for i, opt in enumerate(raw, start=1):
        if not isinstance(opt, dict) or not _text(opt.get("text")):
            raise ValueError(f"option {i} has no text")
        if not _text(opt.get("why")):
            raise ValueError(f"option {i} has no explanation (why)")
        if set(opt) - {"text", "why"}:
            raise ValueError(f"option {i}: unknown key(s) {', '.join(sorted(set(opt) - {'text', 'why'}))}")
        options.append(Option(opt["text"].strip(), opt["why"].strip()))
    return tuple(options)


def _answer(raw: Any, kind: str, n: int) -> frozenset[int]:
    """Option numbers (from 1) as 0-based indices, checked against the number of options."""
    numbers = raw if kind == "multi" else [raw]
    if kind == "multi" and (not isinstance(raw, list) or not raw):
        raise ValueError("answer must be a non-empty list of option numbers")
    for a in numbers:
        if isinstance(a, bool) or not isinstance(a, int):
            raise ValueError(f"answer must be option numbers (1 to {n}), got {raw!r}")
        if not 1 <= a <= n:
            raise ValueError(f"answer {a} is out of range: options are numbered 1 to {n}")
    if len(set(numbers)) != len(numbers):
        raise ValueError(f"answer lists an option twice: {raw!r}")
    return frozenset(a - 1 for a in numbers)


def _numeric(item: dict[str, Any], common: dict[str, Any], explanation: str) -> Question:
    value, tol = item.get("answer"), item.get("tolerance", 0.0)
    for name, x in (("answer", value), ("tolerance", tol)):
        if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
            raise ValueError(f"{name} must be a number, got {x!r}")
    if tol < 0:
        raise ValueError(f"tolerance must be >= 0, got {tol}")
    for name in ("too_low", "too_high", "explanation"):
        if not _text(item.get(name)):
            raise ValueError(f"a numeric question needs {name} (the feedback for that answer)")
    if "options" in item or "preset" in item:
        raise ValueError("a numeric question takes no options or preset")
    return Question(
        **common,
        value=float(value),
        tolerance=float(tol),
        too_low=item["too_low"].strip(),
        too_high=item["too_high"].strip(),
        explanation=explanation.strip(),
    )
