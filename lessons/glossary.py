"""The glossary: every term of the course, one short paragraph each, linked from the lessons where
the term appears; and the teachers' one-page sheet of formulas and failure diagnoses."""

from pathlib import Path

import streamlit as st

from gan_core import glossary, literal
from ui import course

SHEET = Path(__file__).resolve().parents[1] / "docs" / "one-page-sheet.md"

st.title("Glossary")
st.markdown(
    "The words of the course, each in a few sentences, with where it shows up. A lesson's words are "
    "listed at the end of the lesson; hovering a link shows the one-line definition."
)
terms = list(glossary.terms().values())
find = st.text_input("Find a term", key="glossary.find", placeholder="e.g. logit, Lipschitz, FID", max_chars=60)
needle = find.strip().lower()
shown = [t for t in terms if not needle or needle in t.term.lower() or needle in t.text.lower() or needle in t.id]
st.caption(f"{len(shown)} of {len(terms)} terms" + (f" matching {literal.code(find.strip())}" if needle else ""))
ordered = sorted(shown, key=lambda t: t.term.lower())
first: dict[str, str] = {}  # letter -> the id of its first term, where the letter's link jumps
for t in ordered:
    first.setdefault(t.term[0].upper(), t.id)
st.markdown(" · ".join(f"[{letter}](#{tid})" for letter, tid in first.items()))
for t in ordered:
    with st.container(border=True):
        st.subheader(t.term, anchor=t.id)
        st.markdown(t.text)
        extras = []
        if t.see:
            extras.append(
                "See also: " + ", ".join(f"[{other.term}](#{other.id})" for other in map(glossary.terms().get, t.see))
            )
        where = [course.by_id(lesson) for lesson in t.lessons]
        if any(where):
            extras.append("In the course: " + ", ".join(f"*{les.title}*" for les in where if les is not None))
        if extras:
            st.caption(" · ".join(extras))

st.header("For teachers: the one-page sheet", divider="gray", anchor="sheet")
if SHEET.exists():
    text = SHEET.read_text(encoding="utf-8")
    st.download_button(
        "Download the sheet (Markdown)",
        text,
        file_name="gan-classroom-one-page-sheet.md",
        mime="text/markdown",
        icon=":material/download:",
    )
    st.caption("Formulas and failure diagnoses on one page; print this part of the page, or the file.")
    with st.container(border=True, key="glossary.sheet"):
        st.markdown(text)
else:
    st.caption("The sheet is docs/one-page-sheet.md in the project; it is not in this copy.")
