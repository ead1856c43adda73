"""Pieces every live lesson page shows: link notes, a presets row, the share link."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol
from urllib.parse import urlencode

import streamlit as st

from ui import controls


class PresetLike(Protocol):
    name: str
    title: str
    explanation: str

    def config(self) -> Any: ...


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


def load_preset(ns: str, preset: PresetLike) -> None:
    """Callback: the preset's settings and a fresh run (even where only live settings differ).

    Works from any page (the quiz's "predict, then run" questions use it): the lesson opens with
    the preset loaded, even on the learner's first visit (the address's settings are then ignored).
    """
    run = st.session_state.pop(f"{ns}.run", None)
    if run is not None:
        run.playing = False  # a chunk still training in an older script run stops at its end
    controls.set_widgets(ns, preset.config())
    st.session_state[f"{ns}.preset"] = preset.name
    st.session_state[controls.key(ns, "_initialised")] = True
    st.session_state.pop(f"{ns}.scrub", None)


def presets_row(ns: str, items: Sequence[PresetLike], per_row: int = 4) -> None:
    """One button per preset, and the chosen preset's explanation."""
    st.markdown("**Presets:** one click loads the settings and restarts the run. Then press Play.")
    for start in range(0, len(items), per_row):
        cols = st.columns(per_row)
        for col, p in zip(cols, items[start : start + per_row]):
            col.button(
                p.title,
                key=f"{ns}.preset.{p.name}",
                on_click=load_preset,
                args=(ns, p),
                width="stretch",
                help=p.explanation,
            )
    chosen = st.session_state.get(f"{ns}.preset")
    for p in items:
        if p.name == chosen:
            st.info(f"**{p.title}.** {p.explanation}", icon=":material/lightbulb:")


def share_link(params: dict[str, str]) -> None:
    """The page's address with ``params``: anyone who opens it gets the same settings and seed."""
    url = str(st.context.url or "").split("?")[0]
    st.markdown("Anyone who opens this link gets these settings and this seed, so the same run:")
    st.code(f"{url}?{urlencode(params)}", language=None, wrap_lines=True)


def health_panel(snap: Any, warmup_steps: int, healthy: str = "Healthy: no failure detected.") -> None:
    """The health monitor's flags for a snapshot (anything with step, diverged and flags)."""
    st.markdown("**Health monitor**")
    if snap.diverged is None and snap.step < warmup_steps:
        st.caption(f"Too early to judge: the first {warmup_steps} steps are always chaotic.")
        return
    if not snap.flags:
        st.success(healthy, icon=":material/favorite:")
        return
    for flag in snap.flags:
        show = st.error if flag.name == "diverged" else st.warning
        show(f"**{flag.title}.** {flag.message}\n\n*Try:* {flag.suggestion}", icon=":material/warning:")
