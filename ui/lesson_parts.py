"""Pieces every lesson page shows: link notes, a presets row, the share link and downloads, the
health monitor, "show the code"."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from gan_core import export
from gan_core.settings import Preset
from ui import controls


def link_notes(ns: str) -> None:
    """What a shared link asked for that we could not do: shown until the learner dismisses it."""
    notes = st.session_state.get(f"{ns}.link_notes")
    if not notes:
        return
    with st.container(border=True):
        for note in notes:
            st.warning(note, icon=":material/link_off:")
        if st.button("Dismiss", key=f"{ns}.dismiss_notes"):
            st.session_state.pop(f"{ns}.link_notes")
            st.rerun()


def load_preset(ns: str, preset: Preset) -> None:
    """Callback: the preset's settings and a fresh run (even where only live settings differ).

    Works from any page (the quiz's "predict, then run" questions use it): the lesson opens with
    the preset loaded, even on the learner's first visit (the address's settings are then ignored).
    """
    run = st.session_state.pop(f"{ns}.run", None)
    if run is not None:
        run.playing = False  # a chunk still training in an older script run stops at its end
    kept = {name: st.session_state[controls.key(ns, name)] for name in controls.shape(ns).fixed}
    controls.set_widgets(ns, preset.config())
    st.session_state.update({controls.key(ns, name): value for name, value in kept.items()})  # the link's values
    st.session_state[f"{ns}.preset"] = preset.name
    st.session_state[controls.key(ns, "_initialised")] = True
    st.session_state.pop(f"{ns}.scrub", None)


def presets_row(ns: str, items: Sequence[Preset], per_row: int = 4) -> None:
    """One button per preset, and the chosen preset's changes and explanation. A button's help
    says what it sets, never what the run will show: the explanation waits in a closed expander,
    for after the run (the lessons' predict questions ask for a prediction first)."""
    st.markdown("**Presets:** one click loads the settings and restarts the run. Then press Play.")
    by_name = {p.name: p for p in items}
    for start in range(0, len(items), per_row):
        cols = st.columns(per_row)
        for col, p in zip(cols, items[start : start + per_row]):
            col.button(
                p.title,
                key=f"{ns}.preset.{p.name}",
                on_click=load_preset,
                args=(ns, p),
                width="stretch",
                help="Sets " + (settings_text(p.overrides) if p.overrides else "the defaults"),  # our own values
            )
    chosen = by_name.get(st.session_state.get(f"{ns}.preset", ""))
    if chosen is None:
        return
    with st.container(border=True, key=f"{ns}.preset_box"):
        st.markdown(f":material/lightbulb: **{chosen.title}** is loaded: press **Play** and watch.")
        failure = by_name.get(chosen.fixes or "")
        if failure is not None:
            changes = chosen.changes_from(failure)
            st.markdown(
                f"It changes {len(changes)} setting{'s' if len(changes) != 1 else ''} of *{failure.title}*: "
                + "; ".join(f"`{name}` {_shown(old)} → **{_shown(new)}**" for name, old, new in changes)
                + "."
            )
        with st.expander("What it shows (read it after the run)", icon=":material/visibility:"):
            st.markdown(chosen.explanation)


def settings_text(values: dict[str, Any]) -> str:
    """``{"loss": "minimax", "lr_d": 0.01}`` as "loss = minimax, lr_d = 0.01"."""
    return ", ".join(f"{name} = {_shown(value)}" for name, value in values.items())


def _shown(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def share_link(params: dict[str, str]) -> None:
    """The page's address with ``params``: anyone who opens it gets the same settings and seed."""
    url = str(st.context.url or "").split("?")[0]
    st.markdown("Anyone who opens this link gets these settings and this seed, so the same run:")
    st.code(f"{url}?{urlencode(params)}", language=None, wrap_lines=True)


def health_panel(
    snap: Any, warmup_steps: int, healthy: str = "Healthy: no failure detected.", ns: str | None = None
) -> None:
    """The health monitor's flags for a snapshot (anything with step, diverged and flags). Where the
    lesson's link hides it (``hide=health``), the learner reveals it once they have a diagnosis."""
    st.markdown("**Health monitor**")
    if ns is not None and "health" in controls.shape(ns).hide:
        reveal = st.toggle(
            "Show it: I have made my diagnosis",
            key=f"{ns}.reveal_health",
            help="This lesson's link hides the health monitor so that you diagnose the run yourself first.",
        )
        if not reveal:
            st.caption("Hidden by this lesson's link: what is going wrong, if anything? Decide, then reveal it.")
            return
    if snap.diverged is None and snap.step < warmup_steps:
        st.caption(f"Too early to judge: the first {warmup_steps} steps are always chaotic.")
        return
    if not snap.flags:
        st.success(healthy, icon=":material/favorite:")
        return
    for flag in snap.flags:
        show = st.error if flag.name == "diverged" else st.warning
        show(f"**{flag.title}.** {flag.message}\n\n*Try:* {flag.suggestion}", icon=":material/warning:")


def share_box(ns: str, params: dict[str, str], run: Any, more: Callable[[], None] | None = None) -> None:
    """The share link (``params``: what sync_url wrote to the address bar), the lesson-link builder,
    and the run's downloads (``gan_core.export``: any trainer with a step and an evaluation
    history); ``more`` draws a lesson's own downloads below them."""
    with st.expander("Share and download", icon=":material/share:"):
        share_link(params)
        lesson_link_builder(ns, params)
        download_row(
            ns,
            [
                (
                    "json",
                    "Run as JSON (config + history)",
                    export.run_json(run.trainer),
                    "run.json",
                    "application/json",
                ),
                ("csv", "Metric history as CSV", export.run_csv(run.trainer), "history.csv", "text/csv"),
            ],
        )
        if more is not None:
            more()


def download_row(
    ns: str,
    items: Sequence[tuple[str, str, str | bytes | Callable[[], str | bytes], str, str]],
    icon: str = ":material/download:",
) -> None:
    """Download buttons side by side: (key suffix, label, data, file name after ``<ns>-``, mime) each.

    ``data`` may be a function: it is called only when the button is clicked (a file that costs work
    to build is then not built on every rerun)."""
    for col, (suffix, label, data, name, mime) in zip(st.columns(len(items)), items):
        col.download_button(label, data, file_name=f"{ns}-{name}", mime=mime, key=f"{ns}.dl_{suffix}", icon=icon)


def lesson_link_builder(ns: str, params: dict[str, str]) -> None:
    """For teachers: tick what the class may change; the link fixes the rest (hidden or locked) at
    this page's values, and can hide the presets and the health monitor."""
    names = list(st.session_state.get(controls.key(ns, "_panel_names"), []))
    if not names:
        return
    current = controls.shape(ns)
    with st.popover("Lesson link: choose what the class may change", icon=":material/school:"):
        st.caption(
            "A link for your class: these settings, this seed, and only the controls you tick. The others keep "
            "this page's values."
        )
        free = st.multiselect(
            "The class may change",
            names,
            default=[n for n in names if n not in current.fixed],
            key=f"{ns}.builder.free",
        )
        how = st.radio(
            "The other settings are",
            ["locked (shown, not changeable)", "hidden"],
            key=f"{ns}.builder.how",
            horizontal=True,
        )
        parts = [
            part
            for part, title in controls.PARTS.items()
            if st.checkbox(f"Hide {title}", value=part in current.hide, key=f"{ns}.builder.{part}")
        ]
        fixed = [n for n in names if n not in free]
        hidden = set(parts) | (set(fixed) if how == "hidden" else set())
        locked = set(fixed) if how != "hidden" else set()
        shaped = controls.Shape(frozenset(hidden), frozenset(locked)).params()
        link = {k: v for k, v in params.items() if k not in ("hide", "lock")} | shaped
        share_link(link)


def show_code(title: str, code: Sequence[Callable] | Mapping[str, Sequence[Callable]]) -> None:
    """ "Show the code": the source of the functions the lesson runs, read from gan_core (not a copy);
    ``code`` is one list of functions, or tabs of them by name."""
    with st.expander(f"Show the code: {title}", icon=":material/code:"):
        st.caption("The exact functions this lesson runs, read from gan_core (not a copy).")
        tabs = code if isinstance(code, Mapping) else {"": code}
        places = st.tabs(list(tabs)) if len(tabs) > 1 else [st.container()]
        for place, functions in zip(places, tabs.values()):
            with place:
                for fn in functions:
                    st.code(inspect.getsource(fn), language="python")
