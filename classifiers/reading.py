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

from pathlib import Path

from bot.errors import ModelError
from bot.readme import normalise_title
from classifiers.dataset import Labelled, Negative, Paper, read_jsonl

Path_ = tuple[str, ...]
READINGS = "readings"
HELD_OUT = ("dev", "test")  # strata of whole held-out announce days: never trained on
DAILY = ("replay", "near", "random")  # training-day stream papers drawn as the daily run meets them
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


@dataclass(frozen=True)
class Corpus:
    """The committed reading corpus: the papers, their announce dates and strata, and every reading."""

    papers: dict[str, Paper]
    dates: dict[str, str]
    strata: dict[str, str]
    readings: tuple[Reading, ...]

    def primary(self) -> dict[str, Reading]:
        """The first-pass reading of each paper."""
        return first_readings(self.readings)

    def second_pairs(self) -> list[tuple[Reading, Reading]]:
        """(first, second) readings of the papers read twice."""
        first: dict[str, Reading] = {}
        pairs = []
        for reading in self.readings:
            if reading.arxiv_id in first:
                pairs.append((first[reading.arxiv_id], reading))
            else:
                first[reading.arxiv_id] = reading
        return pairs

    def days(self, stratum: str) -> dict[str, list[Paper]]:
        """The papers of a whole-day stratum ("dev", "test") by announce date, for the days read in full."""
        out: dict[str, list[Paper]] = {}
        for arxiv_id, s in sorted(self.strata.items()):
            if s == stratum:
                out.setdefault(self.dates[arxiv_id], []).append(self.papers[arxiv_id])
        read = {r.arxiv_id for r in self.readings}
        return {day: papers for day, papers in sorted(out.items()) if all(p.arxiv_id in read for p in papers)}


def load_corpus(data_dir: Path) -> Corpus | None:
    """The corpus under data_dir/readings (None when it has no readings yet); first-pass readings come first."""
    folder = data_dir / READINGS
    if not (folder / "readings.jsonl").exists():
        return None
    papers, dates = {}, {}
    for row in read_jsonl(folder / "papers.jsonl.gz"):
        papers[row["arxiv_id"]] = Paper(row["arxiv_id"], row["title"], row.get("abstract") or "")
        dates[row["arxiv_id"]] = row.get("date") or ""
    strata = {m["arxiv_id"]: m["stratum"] for m in read_jsonl(folder / "manifest.jsonl")}
    rows = sorted(read_jsonl(folder / "readings.jsonl"), key=lambda r: r.get("pass") == "second")  # stable
    readings = tuple(Reading(r["arxiv_id"], r["verdict"], tuple(tuple(p) for p in r["leaves"]), r["reader"])
                     for r in rows)
    return Corpus(papers, dates, strata, readings)


def reading_examples(corpus: Corpus, listed: Sequence[Labelled], leaves: Sequence[Path_],
                     skip: Iterable[Paper] = ()) -> tuple[list[Labelled], list[Negative]]:
    """Training examples from the primary readings outside the held-out days: papers read `in` as positives in
    the reader's leaves, `borderline` and `out` as negatives. The README stays the authority, and so do the
    maintainers' own decisions (`skip`): a paper either one names is left to them."""
    known = list(skip) + [item.paper for item in listed]
    ids = {p.arxiv_id for p in known if p.arxiv_id}
    titles = {normalise_title(p.title) for p in known}
    leaf_set = set(map(tuple, leaves))
    positives: list[Labelled] = []
    negatives: list[Negative] = []
    for arxiv_id, reading in sorted(corpus.primary().items()):
        paper = corpus.papers[arxiv_id]
        if corpus.strata.get(arxiv_id) in HELD_OUT or arxiv_id in ids or normalise_title(paper.title) in titles:
            continue
        if reading.in_scope:
            sections = tuple(p for p in reading.leaves if p in leaf_set)
            if sections:
                positives.append(Labelled(paper, sections[:1]))
        else:
            negatives.append(Negative(paper, f"reading:{reading.verdict}", corpus.dates.get(arxiv_id, ""), "train"))
    return positives, negatives
