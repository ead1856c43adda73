"""What a learner reads in a message: markdown rendered by an independent CommonMark parser, with
GitHub-flavoured autolinks on ("http://...", "www.x.org"), as Streamlit renders them."""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"linkify": True}).enable(["linkify", "table", "strikethrough"])


def rendered_html(markdown: str) -> str:
    return _MD.render(markdown)


def rendered_text(markdown: str) -> str:
    """The text of ``markdown`` once rendered (tags dropped, entities decoded, zero-width spaces
    dropped), on one line."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", rendered_html(markdown))).replace("\u200b", "")
    return " ".join(text.split())
