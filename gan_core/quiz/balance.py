"""Does the bank give its answers away? Checks that a test-taker who reads only the shape of the
options (the longest one, a position, the first statements of a multi-select) does no better than
chance. The options are shown in a per-learner order (``order.py``), so position in the page gives
nothing away; these checks are about the files themselves and the options' wording.

    python -m gan_core.quiz.balance          # the report; exit status 1 when a check fails
"""

from __future__ import annotations

import statistics
import sys
from collections import Counter
from dataclasses import dataclass

from gan_core.quiz.bank import Bank, Question, load_bank

LONGEST_SHARE_MAX = 0.40  # of single-choice questions whose right option is the strictly longest one
LENGTH_RATIO_MAX = 1.25  # median over questions of len(right) / mean len(wrong)
POSITION_SHARE_MAX = 0.45  # of single-choice questions whose answer is in any one position of the file
TRUE_FIRST_SHARE_MAX = 0.5  # of multi-selects whose true statements are exactly the first ones
UNUSED_MIN = 4  # a position that this many questions have must be the answer somewhere


@dataclass(frozen=True)
class Report:
    choice: int  # single-choice and predict questions
    longest: list[str]  # ids whose right option is the strictly longest
    length_ratio: float
    positions: Counter  # answer position (0-based) -> questions
    multi: int
    true_first: list[str]  # multi-selects whose true statements come first
    with_position: Counter  # position (0-based) -> single-choice questions that have that many options

    @property
    def longest_share(self) -> float:
        return len(self.longest) / self.choice if self.choice else 0.0

    @property
    def position_share(self) -> float:
        return max(self.positions.values()) / self.choice if self.choice else 0.0

    @property
    def true_first_share(self) -> float:
        return len(self.true_first) / self.multi if self.multi else 0.0

    def problems(self) -> list[str]:
        found = []
        if self.longest_share > LONGEST_SHARE_MAX:
            found.append(
                f"the right option is the longest in {len(self.longest)} of {self.choice} questions "
                f"({self.longest_share:.0%} > {LONGEST_SHARE_MAX:.0%})"
            )
        if self.length_ratio > LENGTH_RATIO_MAX:
            found.append(f"right options are {self.length_ratio:.2f}x as long as wrong ones (> {LENGTH_RATIO_MAX})")
        if self.position_share > POSITION_SHARE_MAX:
            pos, n = self.positions.most_common(1)[0]
            found.append(f"{n} of {self.choice} answers are option {pos + 1} in the files")
        unused = [pos + 1 for pos, n in self.with_position.items() if n >= UNUSED_MIN and not self.positions.get(pos)]
        if unused:
            found.append(f"no answer is ever option {', '.join(map(str, unused))}")
        if self.true_first_share > TRUE_FIRST_SHARE_MAX:
            found.append(f"{len(self.true_first)} of {self.multi} multi-selects list their true statements first")
        return found


def _wrong_mean(q: Question, right: int) -> float:
    return statistics.mean(len(o.text) for i, o in enumerate(q.options) if i != right)


def check(bank: Bank) -> Report:
    choice = [q for q in bank.questions if q.kind in ("single", "predict")]
    longest, ratios, positions = [], [], Counter()
    for q in choice:
        right = min(q.answer)
        lengths = [len(o.text) for o in q.options]
        if lengths[right] == max(lengths) and lengths.count(max(lengths)) == 1:
            longest.append(q.id)
        ratios.append(lengths[right] / _wrong_mean(q, right))
        positions[right] += 1
    multi = [q for q in bank.questions if q.kind == "multi"]
    true_first = [q.id for q in multi if q.answer == frozenset(range(len(q.answer))) and len(q.answer) < len(q.options)]
    with_position = Counter(pos for q in choice for pos in range(len(q.options)))
    median = statistics.median(ratios) if ratios else 0.0
    return Report(len(choice), longest, median, positions, len(multi), true_first, with_position)


def main() -> int:
    report = check(load_bank())
    print(
        f"{report.choice} single-choice: right option longest in {len(report.longest)} "
        f"({report.longest_share:.0%}); median length right / wrong {report.length_ratio:.2f}; "
        f"answer positions {dict(sorted(report.positions.items()))}"
    )
    print(f"{report.multi} multi-select: true statements first in {len(report.true_first)}")
    if report.longest:
        print("longest right option:", ", ".join(report.longest))
    if report.true_first:
        print("true statements first:", ", ".join(report.true_first))
    for p in report.problems():
        print("PROBLEM:", p)
    return 1 if report.problems() else 0


if __name__ == "__main__":
    sys.exit(main())
