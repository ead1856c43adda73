"""The glossary: it loads, covers the terms the course uses, every cross-reference resolves, every
lesson has its words, and a broken file is refused with the term it stops at."""

from __future__ import annotations

import pytest

from gan_core import glossary
from gan_core.quiz.bank import LESSON_IDS

REQUIRED = {
    "logit", "lipschitz", "w1", "js", "kde", "ema", "fid", "veegan-protocol", "projection-discriminator",
    "mode-collapse", "saturating-loss", "non-saturating-loss", "wgan-gp", "r1", "slerp", "lerp",
    "transposed-convolution", "nash-equilibrium", "optimal-discriminator", "mse", "l1",
}  # fmt: skip


def test_the_glossary_covers_the_courses_terms_and_every_lesson():
    terms = glossary.terms()
    assert REQUIRED <= set(terms)
    for lesson in LESSON_IDS:
        assert len(glossary.for_lesson(lesson)) >= 3, lesson
    assert all(len(t.short) <= 200 and len(t.text) > len(t.short) for t in terms.values())
    assert "median" in terms["l1"].text.lower()  # not "the average": that is MSE


def test_a_link_names_the_term_its_anchor_and_a_tooltip():
    link = glossary.link("logit")
    assert link.startswith("[Logit](/glossary#logit ") and '"' in link
    assert glossary.link("w1", "W1").startswith("[W1](/glossary#w1 ")
    with pytest.raises(KeyError):
        glossary.link("no-such-term")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"terms": [{"id": "a", "term": "A", "short": "s", "text": "t", "see": ["b"]}]}, "unknown terms b"),
        ({"terms": [{"id": "a", "term": "A", "short": "s", "text": "t", "lessons": ["nope"]}]}, "unknown lessons"),
        ({"terms": [{"id": "A b", "term": "A", "short": "s", "text": "t"}]}, "id must be unique"),
        ({"terms": [{"id": "a", "term": "A", "short": "", "text": "t"}]}, "short is missing"),
        ({"terms": []}, "no [[terms]]"),
    ],
)
def test_a_broken_glossary_is_refused_with_its_reason(data, message):
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        glossary.parse(data)
