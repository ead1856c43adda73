"""The skeleton of a live lesson (the toy lessons, MNIST, "Put a GAN on it"): what every one of
them does, in order, so a page only says what is its own.

Link notes, the presets row, the sidebar's settings, the share link in the address bar, the run
kept in step with the settings, Play/Pause/Step, the live fragment, downloads, "show the code" and
the lesson's questions. A lesson supplies the parts in a ``LiveLesson``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import streamlit as st

from gan_core.settings import Preset
from gan_core.stepping import LiveTrainer
from ui import controls, lesson_parts, lesson_questions, live
from ui.live import Run


@dataclass
class LiveLesson:
    """What one live lesson brings to the skeleton."""

    ns: str  # the lesson's namespace: widget keys, the run's key, its questions
    base: Any  # the config a share link is written against (its defaults, or the lesson's base preset)
    presets: Sequence[Preset]
    init: Callable[[], list[str]]  # read the address's settings into the widgets; the notes for what was ignored
    panel: Callable[[], Any | None]  # the sidebar's settings: a config, or None when one is invalid
    make: Callable[[Any], LiveTrainer]  # a trainer for a config
    draw: Callable[[Run, Any], None]  # the live picture of a snapshot
    draw_curves: Callable[[Run, Any, bool], None]  # the curves below it (bool: the timeline is scrubbed)
    code_title: str
    code: Callable[
        [Any], Sequence[Callable] | Mapping[str, Sequence[Callable]]
    ]  # config -> "show the code"'s functions
    presets_per_row: int = 4
    always: tuple[str, ...] = ("seed",)  # settings the share link always names
    button_help: dict[str, str] | None = None  # Step / Step D / Step G help, where the lesson's differ
    before_buttons: Callable[[Run], None] | None = None  # e.g. a note about the data the run uses
    after_live: Callable[[Run], None] | None = None  # e.g. an explanation of what the race shows
    before_run: Callable[[Any], bool] | None = None  # e.g. the learner's own data; False: nothing to run yet
    link_extra: Callable[[Any], dict[str, str]] | None = None  # more for the share link (own data)
    downloads: Callable[[dict[str, str], Run], None] | None = None  # default: the share box


def render(lesson: LiveLesson) -> None:
    """The whole lesson below its intro text."""
    ns = lesson.ns
    notes = lesson.init()
    if notes:
        st.session_state[f"{ns}.link_notes"] = notes
    lesson_parts.link_notes(ns)
    shape = controls.shape(ns)
    if "presets" not in shape.hide:
        lesson_parts.presets_row(ns, list(lesson.presets), per_row=lesson.presets_per_row)
    cfg = lesson.panel()
    if cfg is None:
        st.warning("Fix the highlighted settings in the sidebar to continue.")
        return
    if lesson.before_run is not None and not lesson.before_run(cfg):
        return
    extra = shape.params() | (lesson.link_extra(cfg) if lesson.link_extra is not None else {})
    params = controls.sync_url(cfg, lesson.base, extra=extra, always=lesson.always)
    run = live.get_run(ns, cfg, lesson.make)
    if lesson.before_buttons is not None:
        lesson.before_buttons(run)
    if run.note:
        st.caption(run.note)
    live.buttons(ns, run, lesson.button_help)
    live.live_area(ns, lesson.draw, lesson.draw_curves)
    if lesson.after_live is not None:
        lesson.after_live(run)
    (lesson.downloads or (lambda p, r: lesson_parts.share_box(ns, p, r)))(params, run)
    lesson_parts.show_code(lesson.code_title, lesson.code(cfg))
    lesson_questions.render(ns)
