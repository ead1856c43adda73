"""Showing text that came from a user (a link, an uploaded file, a name) inside the app's markdown.

Streamlit renders every message (``st.warning``, ``st.caption``, ...) as markdown, so a value that
a stranger put in a share link could otherwise end a code span and add an image (a request to an
outside server), a link or formatting to the app's own message box. Every user-supplied string that
goes into a message goes through one of these two functions; nothing else is needed, and nothing
less is safe:

- ``code(text)``: the text as an inline code span, shown exactly (control characters made visible,
  cut to ``limit`` characters), whatever backticks it holds.
- ``plain(text)``: the text as ordinary words, every markdown, HTML and math character escaped.

``path(file)`` names a file that way, without the server's folders.

Both follow CommonMark (the spec Streamlit's renderer implements); tests check them with an
independent CommonMark parser and in a real browser.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

LIMIT = 60  # characters of a user's value shown in a message: enough to recognise it

_RUNS = re.compile(r"`+")
# Every ASCII punctuation character may be backslash-escaped in CommonMark, and each such escape
# is shown as the bare character: escaping all of them covers emphasis, links, images, HTML,
# entities, headings, lists, tables, Streamlit's $math$ and :colour[...] directives alike.
_PUNCTUATION = {ord(c): "\\" + c for c in string.punctuation}
# Escapes do not stop autolinks: GitHub-flavoured markdown (Streamlit's renderer) turns "http://...",
# "www.x.org" and "a@b.org" into links after escapes are resolved. A zero-width space after each
# ".", ":" and "@" breaks every such pattern and shows nothing.
_ZWSP = "\u200b"
for _c in ".:@":
    _PUNCTUATION[ord(_c)] = "\\" + _c + _ZWSP


def shorten(text: str, limit: int = LIMIT) -> str:
    """``text`` with control characters shown as escapes (``\\n``), cut to ``limit`` characters."""
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def code(text: str, limit: int = LIMIT) -> str:
    """Markdown for ``text`` as an inline code span that shows it literally.

    A code span ends at the first run of backticks as long as its opening fence, so the fence is
    one backtick longer than the longest run inside; a space pads a value that starts or ends with
    a backtick (CommonMark strips one such space on each side)."""
    shown = shorten(text, limit) or " "
    fence = "`" * (max((len(m) for m in _RUNS.findall(shown)), default=0) + 1)
    pad = " " if shown[0] == "`" or shown[-1] == "`" else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def plain(text: str, limit: int | None = None) -> str:
    """Markdown that shows ``text`` as plain words: no formatting, link, autolink, image or HTML
    survives (a zero-width space follows each ".", ":" and "@", so copied text carries those).
    ``limit`` (if given) cuts it first, as ``shorten`` does."""
    shown = shorten(text, limit) if limit is not None else str(text)
    return shown.translate(_PUNCTUATION)


PROJECT = Path(__file__).resolve().parents[1]


def path(file: str | Path, root: str | Path | None = None, root_name: str = "") -> str:
    """A file as a message names it, as inline code: relative to ``root`` (shown as ``root_name``,
    e.g. "$GAN_CLASSROOM_MNIST_DIR") or to the project when it is inside, else only its last two
    parts. A message a learner sees never spells out the server's folders."""
    file = Path(file)
    for base, name in ((root, root_name), (PROJECT, "")):
        if base is None:
            continue
        try:
            rel = file.resolve().relative_to(Path(base).resolve())
        except (ValueError, OSError):
            continue
        return code(f"{name}/{rel}" if name else str(rel), 120)
    return code(str(Path(*file.parts[-2:])) if len(file.parts) > 1 else file.name, 120)
