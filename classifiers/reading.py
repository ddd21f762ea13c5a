"""The reading corpus: blind readers' scope verdicts and leaf placements of stream papers, read and merged (pure).

A reader gets numbered papers (title and abstract) and the numbered leaves. For each paper they write one line,
`N<TAB>verdict<TAB>leaves`: verdict is `in`, `borderline` or `out`; leaves are one to three leaf numbers, best
first, comma-separated, required for `in` and `borderline` and `-` for `out`. The corpus keeps, per arXiv id,
every reading it has (a subset is read twice, by different readers, to measure agreement).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.errors import ModelError

Path_ = tuple[str, ...]
VERDICTS = ("in", "borderline", "out")
_LINE = re.compile(r"^\s*(\d+)\s*\t\s*(in|borderline|out)\s*(?:\t\s*(-|\d+(?:\s*,\s*\d+)*)\s*)?$")


@dataclass(frozen=True)
class Reading:
    """One reader's judgment of one paper: scope verdict and up to three leaves, best first."""

    arxiv_id: str
    verdict: str
    leaves: tuple[Path_, ...]
    reader: str

    @property
    def in_scope(self) -> bool:
        return self.verdict == "in"


def parse_answers(text: str, n_papers: int, n_leaves: int, source: str) -> dict[int, tuple[str, tuple[int, ...]]]:
    """A batch's answer lines as {paper number: (verdict, 1-based leaf numbers)}; every paper 1..n_papers must be
    answered once, `in`/`borderline` with at least one leaf."""
    out: dict[int, tuple[str, tuple[int, ...]]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _LINE.match(line)
        if not match:
            raise ModelError(f"{source}:{number}: expected 'N<TAB>in|borderline|out<TAB>a,b,c', "
                             f"got {line.strip()[:60]!r}")
        paper, verdict, leaves_text = int(match.group(1)), match.group(2), match.group(3) or "-"
        leaves = () if leaves_text == "-" else tuple(dict.fromkeys(int(x) for x in leaves_text.split(",")))
        if paper in out:
            raise ModelError(f"{source}:{number}: paper {paper} is answered twice")
        if not 1 <= paper <= n_papers:
            raise ModelError(f"{source}:{number}: paper {paper} is not one of 1..{n_papers}")
        if verdict != "out" and not leaves:
            raise ModelError(f"{source}:{number}: a paper judged {verdict!r} needs at least one leaf")
        bad = [leaf for leaf in leaves if not 1 <= leaf <= n_leaves]
        if bad:
            raise ModelError(f"{source}:{number}: leaf {bad[0]} is not one of 1..{n_leaves}")
        out[paper] = (verdict, leaves[:3])
    missing = [n for n in range(1, n_papers + 1) if n not in out]
    if missing:
        raise ModelError(f"{source}: no answer for paper(s) {', '.join(map(str, missing[:10]))}")
    return out


def readings_of_batch(answers: dict[int, tuple[str, tuple[int, ...]]], ids: Sequence[str],
                      leaves: Sequence[Path_], reader: str) -> list[Reading]:
    """A parsed batch as Readings, paper number N being ids[N - 1]."""
    return [Reading(ids[n - 1], verdict, tuple(leaves[i - 1] for i in picked), reader)
            for n, (verdict, picked) in sorted(answers.items())]


def first_readings(readings: Iterable[Reading]) -> dict[str, Reading]:
    """One reading per paper: the first one recorded (the primary reading; later ones are the agreement subset)."""
    out: dict[str, Reading] = {}
    for reading in readings:
        out.setdefault(reading.arxiv_id, reading)
    return out


@dataclass(frozen=True)
class Agreement:
    """How two independent readings of the same papers agree."""

    papers: int
    scope_same: int  # in vs not-in agree
    verdict_same: int  # all three verdicts agree
    both_in: int
    first_leaf_same: int  # among papers both judge in: same first leaf
    first_in_top3: int  # among papers both judge in: the second's first leaf is in the first's leaves


def agreement(pairs: Iterable[tuple[Reading, Reading]]) -> Agreement:
    """Agreement between first and second readings of the same papers."""
    pairs = list(pairs)
    both = [(a, b) for a, b in pairs if a.in_scope and b.in_scope]
    return Agreement(
        papers=len(pairs),
        scope_same=sum(a.in_scope == b.in_scope for a, b in pairs),
        verdict_same=sum(a.verdict == b.verdict for a, b in pairs),
        both_in=len(both),
        first_leaf_same=sum(a.leaves[0] == b.leaves[0] for a, b in both),
        first_in_top3=sum(b.leaves[0] in a.leaves for a, b in both),
    )
