"""Fuzz: bad input everywhere. Every page of the course, opened on its own, gets link parameters and
widget values of the wrong type, out of range, huge, or fine alone but wrong together. The rule under
test: bad input gets a clear message and nothing is lost; a bad link value falls back to its default
with a note; no page ever shows an exception.

Nothing here lists a lesson's settings. A page's link parameters are the sidebar widgets it renders,
keyed ``<lesson id>.<field>`` (ui.controls: the field is also the URL parameter), plus the page-level
keys of ``PAGE_LEVEL_PARAMS``; a lesson added to ui.course.COURSE is fuzzed as soon as it lands. Each
link case sets every parameter of a page at once (one run per page and kind of bad value); the
``slow`` variants try each parameter and each widget on its own.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from gan_core.quiz.bank import load_bank
from gan_core.quiz.progress import FORMAT, VERSION, Progress
from gan_core.settings import field_choices
from tests.conftest import ROOT
from ui import controls
from ui.course import COURSE, HOME

PAGES = {les.id: les for les in [HOME, *COURSE]}  # each page runs on its own, as the router would run it
PAGE_LEVEL_PARAMS = ("preset",)  # link keys a lesson reads itself, not through a config widget
KINDS = ("number_input", "slider", "select_slider", "selectbox", "toggle")  # the widgets of a config field
OTHER_WIDGETS = ("button", "checkbox", "radio", "text_input", "text_area", "multiselect")
NOTE_MAX = 500  # characters: a longer note or error is not a clear message
MISFIT = "These settings don't fit together"
TOO_HEAVY = (
    "Too heavy for a shared server"  # settings a live lesson refuses to train, with the reason (gan_core/cost.py)
)
UNKNOWN = "Ignored unknown link parameter"
BOOL_WORDS = {"1", "0", "true", "false", "yes", "no", "on", "off"}  # what a link may say for a toggle


# --- what a page renders ------------------------------------------------------------------------
@dataclass(frozen=True)
class Param:
    """One link parameter of a page, as its widget shows it on a first visit."""

    name: str
    kind: str  # one of KINDS
    default: Any
    lo: float | None = None  # numbers (a select_slider of numbers: its smallest and largest option)
    hi: float | None = None
    options: tuple[Any, ...] = ()  # choices (selectbox, a select_slider of words)

    @property
    def integer(self) -> bool:
        return isinstance(self.default, int) and not isinstance(self.default, bool)

    def valid(self, raw: str) -> bool:
        """Whether a link may set this parameter to ``raw`` (the rules of gan_core.settings.from_query)."""
        text = raw.strip()
        if self.kind == "toggle":
            return text.lower() in BOOL_WORDS
        if self.options:
            return text in self.options
        try:
            value = int(text) if self.integer else float(text)
        except (ValueError, OverflowError):
            return False
        return math.isfinite(value) and (self.lo is None or self.lo <= value) and (self.hi is None or value <= self.hi)


@dataclass(frozen=True)
class Baseline:
    """A page on a first visit without parameters: what every bad link must leave it looking like."""

    ns: str
    params: dict[str, Param]
    keys: frozenset[str]  # every keyed widget: the page's controls
    errors: tuple[str, ...]
    cfg: Any  # the config of the page's run, if it trains something


def open_page(page: str, params: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / PAGES[page].path), default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def widget_keys(at: AppTest) -> frozenset[str]:
    return frozenset(w.key for kind in KINDS + OTHER_WIDGETS for w in getattr(at, kind) if w.key)


def run_cfg(at: AppTest, ns: str) -> Any:
    return at.session_state[f"{ns}.run"].trainer.cfg if f"{ns}.run" in at.session_state else None


def _numbers(options: list[str]) -> list[float] | None:
    try:
        return [float(o) for o in options]
    except ValueError:
        return None


def discover(at: AppTest, ns: str, cfg: Any) -> dict[str, Param]:
    """The page's link parameters: its widgets keyed ``<ns>.<field>`` in the sidebar (where
    ui.controls.panel puts them), and elsewhere those named after a field of the page's config."""
    fields = {f.name for f in dataclasses.fields(cfg)} if cfg is not None else set()
    sidebar = {w.key for kind in KINDS for w in getattr(at.sidebar, kind)}
    params: dict[str, Param] = {}
    for kind in KINDS:
        for w in getattr(at, kind):
            prefix, _, name = (w.key or "").partition(".")
            if prefix != ns or not name.isidentifier() or (w.key not in sidebar and name not in fields):
                continue
            if kind in ("number_input", "slider"):
                params[name] = Param(name, kind, w.value, w.min, w.max)
            elif kind == "select_slider" and _numbers(w.options):
                values = _numbers(w.options)
                params[name] = Param(name, kind, w.value, min(values), max(values))
            elif kind in ("selectbox", "select_slider"):
                values = {label: value for value, label in controls.CHOICE_LABELS.items()}  # AppTest lists labels
                params[name] = Param(name, kind, w.value, options=tuple(values.get(o, o) for o in w.options))
            else:
                params[name] = Param(name, kind, w.value)
    return params


@functools.cache
def baseline(page: str) -> Baseline:
    at = open_page(page)
    assert not at.exception, f"{page} fails without any parameter: {at.exception[0].value}"
    ns = PAGES[page].id
    cfg = run_cfg(at, ns)
    return Baseline(ns, discover(at, ns, cfg), widget_keys(at), tuple(e.value for e in at.error), cfg)


def widget(at: AppTest, b: Baseline, p: Param):
    return getattr(at, p.kind)(key=f"{b.ns}.{p.name}")


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def texts(at: AppTest, kind: str) -> list[str]:
    return [str(el.value) for el in getattr(at, kind)]


def assert_renders(at: AppTest, b: Baseline, what: str) -> None:
    """No exception; either the whole page, or (settings that don't fit together) the message and every
    control still there to fix them."""
    assert not at.exception, f"{what}: {at.exception[0].value}"
    if any(MISFIT in e for e in texts(at, "error")):
        missing = {f"{b.ns}.{name}" for name in b.params} - widget_keys(at)
        assert not missing, f"{what}: the sidebar lost {sorted(missing)}"
    else:
        assert b.keys <= widget_keys(at), f"{what}: the page lost its controls {sorted(b.keys - widget_keys(at))[:8]}"


def own_data_hides(at: AppTest, b: Baseline) -> set[str]:
    """Own data (dataset own_1d / own_2d) has no built-in shape to set: those controls go, by design."""
    key = f"{b.ns}.dataset"
    if key in at.session_state and str(at.session_state[key]).startswith("own_"):
        return {f"{b.ns}.{name}" for name in ("center", "scale", "ring_radius", "spread")}
    return set()


def assert_still_works(at: AppTest, b: Baseline, what: str) -> None:
    """No exception, the page's controls all there, no error the first visit did not have, and every
    message short enough to read."""
    assert not at.exception, f"{what}: {at.exception[0].value}"
    missing = b.keys - widget_keys(at) - own_data_hides(at, b)
    assert not missing, f"{what}: the page lost its controls {sorted(missing)[:8]}"
    new_errors = [e for e in texts(at, "error") if e not in b.errors and TOO_HEAVY not in e]
    assert not new_errors, f"{what}: {new_errors}"
    for note in texts(at, "warning") + texts(at, "error"):
        assert len(note) <= NOTE_MAX, f"{what}: a message of {len(note):,} characters: {note[:200]}..."


# --- bad link values ----------------------------------------------------------------------------
def _edge(p: Param, up: bool) -> str | None:
    """Just past a bound: the next whole number or the next float. A select_slider's options need not
    reach its field's bounds: a decade past its smallest or largest option."""
    if p.lo is None:
        return None
    if p.integer:
        return str(p.hi + 1 if up else p.lo - 1)
    if p.kind == "select_slider":
        return repr(p.hi * 10 if up else p.lo / 10)
    return repr(math.nextafter(p.hi, math.inf) if up else math.nextafter(p.lo, -math.inf))


BAD_VALUES: dict[str, Callable[[Param], str | None]] = {
    # the wrong type
    "abc": lambda p: "abc",
    "empty": lambda p: "",
    "1e999": lambda p: "1e999",
    "nan": lambda p: "nan",
    "inf": lambda p: "inf",
    "-inf": lambda p: "-inf",
    "hex": lambda p: "0x10",
    "list": lambda p: "[1,2]",
    "true": lambda p: "true",
    "3.5": lambda p: "3.5",
    # out of range
    "below": lambda p: _edge(p, up=False),
    "above": lambda p: _edge(p, up=True),
    "1e308": lambda p: "1e308",
    "-1e308": lambda p: "-1e308",
    "200-digits": lambda p: "9" * 200,
    # not one of the choices
    "upper-case": lambda p: str(p.default).upper() if p.kind == "selectbox" else "ON!",
    # text no setting takes
    "10k-chars": lambda p: "7" * 10_000,
    "emoji": lambda p: "🙂💥",
    "unicode": lambda p: "\u202eé\u0301ﬁ",  # right-to-left override, a combining accent, a ligature
    "control": lambda p: "1\x00\n",
    "markdown": lambda p: "`**1**`<b>$x$</b>",
}


def bad_link(b: Baseline, case: str) -> tuple[dict[str, str], dict[str, str]]:
    """The URL for ``case``: every parameter the value is bad for, plus the page-level keys (and, on a
    page without parameters, an unknown key). Returns (the URL's parameters, the page's among them)."""
    make = BAD_VALUES[case]
    owned = {}
    for p in b.params.values():
        raw = make(p)
        if raw is not None and not p.valid(raw):
            owned[p.name] = raw
    garbage = make(Param("garbage", "text", "")) or "abc"
    extra = {k: garbage for k in PAGE_LEVEL_PARAMS} if b.params else {"zzz": garbage}
    return {**owned, **extra}, owned


@pytest.mark.parametrize("case", BAD_VALUES)
@pytest.mark.parametrize("page", PAGES)
def test_bad_link_values_fall_back_to_the_default_with_a_note(page, case):
    b = baseline(page)
    url, owned = bad_link(b, case)
    at = open_page(page, url)
    what = f"{page}?{case}"
    assert_still_works(at, b, what)
    notes = " ".join(texts(at, "warning"))
    for name, raw in owned.items():
        p = b.params[name]
        assert same(widget(at, b, p).value, p.default), f"{what}: {name}={raw[:40]!r} was not replaced by its default"
        assert f"`{name}" in notes, f"{what}: no note about {name}={raw[:40]!r}; notes: {notes[:300]}"
        left = at.query_params.get(name)
        assert left is None or (isinstance(left, str) and p.valid(left)), (
            f"{what}: the address still says {name}={left!r}"
        )
    for name in PAGE_LEVEL_PARAMS:
        assert f"{UNKNOWN} `{name}`" not in notes, f"{what}: the page's own {name} is called unknown"
    if b.cfg is not None:
        assert run_cfg(at, b.ns) == b.cfg, f"{what}: the run does not use the defaults"


UNKNOWN_KEYS = ("zzz", "", "🙂", "k" * 300, "a b", "x[]", "SEED", "seed ")


@pytest.mark.parametrize("page", PAGES)
def test_unknown_link_keys_are_ignored_with_a_note(page):
    b = baseline(page)
    url = {k: "1" for k in UNKNOWN_KEYS if k not in b.params}
    at = open_page(page, url)
    assert_still_works(at, b, f"{page} with unknown keys")
    if b.params:  # a page that reads its link says what it ignored (pages without parameters read none)
        notes = [w for w in texts(at, "warning") if UNKNOWN in w]
        assert len(notes) == len(url), notes
        assert any("`zzz`" in n for n in notes) and any("(no name)" in n for n in notes)
        assert run_cfg(at, b.ns) == b.cfg


def _another(p: Param) -> Any:
    """A valid value other than the default (for the repeated-key case)."""
    if p.kind == "toggle":
        return not p.default
    if p.options:
        return next((o for o in p.options if o != p.default), p.default)
    return p.default if p.lo is None else p.lo


def _as_link(value: Any) -> str:
    return (
        ("1" if value else "0") if isinstance(value, bool) else f"{value:g}" if isinstance(value, float) else str(value)
    )


@pytest.mark.parametrize("page", PAGES)
def test_repeated_link_keys_give_one_valid_value(page):
    """``?a=1&a=2``: one of the values, or the default with a note; never a list in a widget."""
    b = baseline(page)
    url = {  # "abc" last: falls back to the default; "abc" first: the other value wins
        name: [_as_link(_another(p)), "abc"][:: 1 if i % 2 else -1] for i, (name, p) in enumerate(b.params.items())
    }
    url.update({name: ["1", "abc"] for name in (*PAGE_LEVEL_PARAMS, "zzz")})
    at = open_page(page, url)
    assert_renders(at, b, f"{page} with repeated keys")  # the values that win may not fit together
    for p in b.params.values():
        value = widget(at, b, p).value
        assert same(value, p.default) or same(value, _another(p)), f"{page}: {p.name}={value!r}"
    if b.params and not any(MISFIT in e for e in texts(at, "error")):
        assert run_cfg(at, b.ns) is not None


# --- widget values ------------------------------------------------------------------------------
def set_widgets(at: AppTest, b: Baseline, values: dict[str, Any]) -> AppTest:
    for name, value in values.items():
        widget(at, b, b.params[name]).set_value(value)
    return at.run()


def extremes(b: Baseline, which: str) -> dict[str, Any]:
    """Every widget of one kind at one end of what it offers (the others at their defaults)."""
    out = {}
    for p in b.params.values():
        if which in ("min", "max") and p.lo is not None:
            value = p.lo if which == "min" else p.hi
            out[p.name] = int(value) if p.integer else value
        elif which in ("first", "last") and p.options:
            out[p.name] = p.options[0 if which == "first" else -1]
        elif which == "flipped" and p.kind == "toggle":
            out[p.name] = not p.default
    return out


def beyond(b: Baseline, which: str) -> dict[str, Any]:
    """Values a browser cannot send, but a test can: past the bounds, huge, not finite. (Not NaN or inf
    for whole-number inputs: Streamlit's own deserializer raises on those, before the page runs.)"""
    out = {}
    for p in b.params.values():
        if p.kind not in ("number_input", "slider") or p.lo is None or p.hi is None:
            continue
        span = p.hi - p.lo + 1
        value = {"below": p.lo - span, "above": p.hi + span, "huge": 1e308, "not-finite": math.nan}[which]
        if p.integer and p.kind == "number_input":
            if not math.isfinite(value):
                continue
            value = int(min(value, 2**53))
        out[p.name] = value
    return out


def settle(page: str, b: Baseline, changes: dict[str, Any], what: str) -> AppTest:
    """Apply ``changes`` to a first visit and check the page; if it says the settings don't fit together,
    find the setting that is refused on its own (a widget offering a value its config rejects)."""
    at = set_widgets(open_page(page), b, {**{n: p.default for n, p in b.params.items()}, **changes})
    assert not at.exception, f"{what}: {at.exception[0].value}"
    if any(MISFIT in e for e in texts(at, "error")):
        alone = [
            n
            for n, v in changes.items()
            if any(MISFIT in e for e in texts(set_widgets(open_page(page), b, {n: v}), "error"))
        ]
        assert not alone, f"{what}: the widgets offer values their settings refuse: {[(n, changes[n]) for n in alone]}"
    return at


def pages_with_params() -> list[str]:
    return [page for page in PAGES if baseline(page).params]


@pytest.mark.parametrize("which", ["min", "max", "first", "last", "flipped"])
def test_widgets_at_their_extremes(which):
    for page in pages_with_params():
        b = baseline(page)
        changes = extremes(b, which)
        if not changes:
            continue
        at = settle(page, b, changes, f"{page} {which}")
        if any(MISFIT in e for e in texts(at, "error")):
            continue  # fine alone, not together (see test_settings_that_do_not_fit_together): said, no crash
        assert_still_works(at, b, f"{page} {which}")
        cfg = run_cfg(at, b.ns)
        for name, value in changes.items():
            assert same(widget(at, b, b.params[name]).value, value), f"{page}: {name} did not keep {value!r}"
            if cfg is not None:
                used = getattr(cfg, name)
                assert same(used, value), f"{page}: the run uses {name}={used!r}, not {value!r}"


@pytest.mark.parametrize("which", ["below", "above", "huge", "not-finite"])
def test_numbers_past_their_bounds_are_refused(which):
    """A browser keeps number inputs and sliders within their bounds; a value sent past them anyway is
    replaced by Streamlit (by the widget's minimum), and the page carries on with a valid setting."""
    for page in pages_with_params():
        b = baseline(page)
        changes = beyond(b, which)
        at = set_widgets(open_page(page), b, changes)
        assert_renders(at, b, f"{page} {which}")  # the values Streamlit puts instead may not fit together
        for name in changes:
            p = b.params[name]
            value = widget(at, b, p).value
            assert p.lo <= value <= p.hi, f"{page}: {name}={value!r} after {changes[name]!r}"


def test_widgets_match_the_documented_ranges_and_refuse_other_choices():
    """Each widget offers what its config field documents (lo, hi, choices), so no value the learner can
    pick is refused; AppTest itself refuses a choice a widget does not offer, as a browser would."""
    assert pages_with_params()
    for page in pages_with_params():
        b = baseline(page)
        fields = {f.name: f for f in dataclasses.fields(b.cfg)} if b.cfg is not None else {}
        for name, p in b.params.items():
            f = fields.get(name)
            if f is None:
                continue
            lo, hi = f.metadata.get("lo"), f.metadata.get("hi")
            if p.kind in ("number_input", "slider"):
                assert (p.lo, p.hi) == (lo, hi), f"{page}: {name} offers {p.lo} to {p.hi}, documented {lo} to {hi}"
            elif p.kind == "select_slider":
                assert lo <= p.lo and p.hi <= hi, f"{page}: {name} offers {p.lo} to {p.hi}, documented {lo} to {hi}"
            elif p.kind == "selectbox":
                assert set(p.options) <= set(field_choices(f, type(b.cfg))), f"{page}: {name} offers {p.options}"
        at = open_page(page)
        for p in b.params.values():
            if p.kind == "selectbox":
                with pytest.raises(ValueError):
                    widget(at, b, p).set_value("no such choice").run()
                widget(at, b, p).set_value(p.default)
            elif p.kind == "toggle":
                with pytest.raises(TypeError):
                    widget(at, b, p).set_value("abc").run()
                widget(at, b, p).set_value(p.default)
        assert_still_works(at.run(), b, f"{page} after refused choices")


# --- settings that fit alone but not together ---------------------------------------------------
COMBOS = {  # lesson id: widget values each allowed alone, refused together
    "toy1d": {"pac": 3},  # the default batch of 256 is not a multiple of 3
    "toy2d": {"pac": 3, "batch_size": 1000},
    "mnist": {"loss": "hinge", "label_smoothing": 0.1},
}


@pytest.mark.parametrize("page", [p for p in COMBOS if p in PAGES])
def test_settings_that_do_not_fit_together_say_so_and_lose_nothing(page):
    b = baseline(page)
    at = open_page(page)
    at.button(key=f"{b.ns}.step").click().run()
    run = at.session_state[f"{b.ns}.run"]
    at = set_widgets(at, b, COMBOS[page])
    assert_renders(at, b, f"{page} {COMBOS[page]}")
    misfit = [e for e in texts(at, "error") if MISFIT in e]
    assert misfit and any(name in misfit[0] for name in COMBOS[page]), texts(at, "error")
    for name, value in COMBOS[page].items():  # the learner's choices stay in the widgets
        assert same(widget(at, b, b.params[name]).value, value)
    at = set_widgets(at, b, {name: b.params[name].default for name in COMBOS[page]})
    assert_still_works(at, b, f"{page} after fixing the settings")
    assert at.session_state[f"{b.ns}.run"] is run and run.trainer.step_count == 1  # the run survived

    link = open_page(page, {k: _as_link(v) for k, v in COMBOS[page].items()})  # the same in a link
    assert_still_works(link, b, f"{page} with a link that does not fit together")
    assert any(name in w for w in texts(link, "warning") for name in COMBOS[page])
    assert run_cfg(link, b.ns) is not None


# --- the quiz: number answers and imported files --------------------------------------------------
QUIZ_PAGE = "quiz"  # shows every question of the course, with the widgets the lessons use


@pytest.mark.parametrize("value", [1e308, -1e308, 5e-324, -0.0, 2.0**53, math.nan, math.inf, -math.inf])
def test_quiz_number_answers_take_extreme_values(value):
    at = open_page(QUIZ_PAGE)
    inputs = [w for w in at.number_input if w.key and w.key.startswith("quiz.") and w.key.endswith(".value")]
    assert inputs
    for w in inputs:
        w.set_value(value)
        at.button(key=w.key.removesuffix(".value") + ".submit").click()
    at.run()
    assert not at.exception, at.exception[0].value
    progress = at.session_state["quiz.progress"]
    if math.isfinite(value):
        assert len(progress.records) == len(inputs)  # graded, and the verdict shown
        assert len(texts(at, "error")) + len(texts(at, "success")) >= len(inputs)
        bank = load_bank()
        back, _ = Progress.from_json(progress.to_json(bank), bank)  # the download imports back
        assert set(back.records) == set(progress.records)
    else:  # a browser cannot send it; Streamlit empties the input, and the page asks for a number
        assert not progress.records
        assert sum("Type a number first" in w for w in texts(at, "warning")) == len(inputs)


def _progress_file(qid: str, **entry: Any) -> bytes:
    return json.dumps({"format": FORMAT, "version": VERSION, "answers": {qid: entry}}).encode()


def test_quiz_import_refuses_garbage_and_keeps_the_answers():
    bank = load_bank()
    numeric = next(q.id for q in bank.questions if q.kind == "numeric")
    single = next(q.id for q in bank.questions if q.kind == "single")
    files = {
        "binary.json": bytes(range(256)) * 8,
        "empty.json": b"",
        "deep.json": b"[" * 100_000,  # json recurses once per level
        "list.json": b"[]",
        "bigint.json": _progress_file(numeric, response=10**400, attempts=1),
        "nan.json": _progress_file(numeric, response=math.nan, attempts=1),
        "digits.json": b'{"format": "%s", "version": 1, "answers": {"%s": {"response": 1, "attempts": %s}}}'
        % (FORMAT.encode(), numeric.encode(), b"9" * 5000),
        "long.json": _progress_file(single, response="x" * 200_000, attempts=1),
        "index.json": _progress_file(single, response=10**30, attempts=1),
        "x" * 300 + ".json": b"{}",
    }
    at = open_page(QUIZ_PAGE)
    at.number_input(key=f"quiz.{numeric}.value").set_value(1.0)
    at.button(key=f"quiz.{numeric}.submit").click().run()
    before = dict(at.session_state["quiz.progress"].records)
    for name, content in files.items():
        at.get("file_uploader")[0].set_value((name, content, "application/json")).run()
        assert not at.exception, f"{name[:40]}: {at.exception[0].value}"
        errors = texts(at, "error")
        assert any("Could not import" in e and "unchanged" in e for e in errors), f"{name[:40]}: {errors}"
        assert all(len(e) <= NOTE_MAX for e in errors), f"{name[:40]}: an error of {max(map(len, errors)):,} characters"
        assert at.session_state["quiz.progress"].records == before, name[:40]


# --- the exhaustive variants: each parameter and each widget on its own ---------------------------
@pytest.mark.slow
def test_each_link_parameter_alone():
    """Every parameter of every page with a fixed-seed sample of four bad values, one link each."""
    for page in pages_with_params():
        b = baseline(page)
        for name, p in b.params.items():
            cases = [c for c in BAD_VALUES if BAD_VALUES[c](p) is not None and not p.valid(BAD_VALUES[c](p))]
            for case in random.Random(f"{page}.{name}").sample(cases, min(4, len(cases))):
                raw = BAD_VALUES[case](p)
                at = open_page(page, {name: raw})
                what = f"{page}?{name}={raw[:40]!r}"
                assert_still_works(at, b, what)
                assert same(widget(at, b, p).value, p.default), what
                assert any(f"`{name}" in w for w in texts(at, "warning")), what


@pytest.mark.slow
def test_each_widget_at_its_extremes_alone():
    """One session per page; each widget to each end of what it offers (every choice), then back."""
    for page in pages_with_params():
        b = baseline(page)
        at = open_page(page)
        for name, p in b.params.items():
            ends = [p.lo, p.hi] if p.lo is not None else list(p.options) if p.options else [not p.default]
            for value in ends:
                value = int(value) if p.integer else value
                at = set_widgets(at, b, {name: value})
                what = f"{page} {name}={value!r}"
                assert not any(MISFIT in e for e in texts(at, "error")), f"{what}: {texts(at, 'error')}"
                assert_still_works(at, b, what)
            at = set_widgets(at, b, {name: p.default})
