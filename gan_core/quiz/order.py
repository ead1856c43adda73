"""The order in which a learner sees a question's options: shuffled per learner, the same every
time for that learner, so that a position on the page tells nothing about the answer. Answers are
always option identities (the index in the question file), never positions, so grading, saved
progress and the class's bars do not depend on the order anyone saw."""

from __future__ import annotations

import hashlib
import random

from gan_core.quiz.bank import Question


def option_order(q: Question, learner: str) -> list[int]:
    """The option indices of ``q`` in the order ``learner`` (any stable id) sees them."""
    seed = hashlib.sha256(f"{learner}\n{q.id}".encode()).digest()
    order = list(range(len(q.options)))
    random.Random(seed).shuffle(order)
    return order
