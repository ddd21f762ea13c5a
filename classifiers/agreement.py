"""Reads and scores blind readings (section placements, scope verdicts) that put the model's figures in scale.

A reader gets papers (title and abstract, never a label) and the numbered leaf list. For sections they write one
line per paper, `N<TAB>a,b,c`: the paper's number and three leaf numbers, best first, all 1-based. Their
placements become a score matrix so `evaluate.section_metrics` counts them exactly as it counts the model's. For
scope they write `N<TAB>in|borderline|out`.
"""

from __future__ import annotations

import re

import numpy as np

from bot.errors import ModelError
from classifiers.dataset import HistoryEntry, Labelled, Paper

Path_ = tuple[str, ...]

_LINE = re.compile(r"^\s*(\d+)\s*\t\s*(\d+(?:\s*,\s*\d+)*)\s*$")
_VERDICT = re.compile(r"^\s*(\d+)\s*\t\s*(in|borderline|out)\s*$")
VERDICTS = ("in", "borderline", "out")


def leaf_listing(leaves: list[Path_], descriptions: dict[Path_, str]) -> str:
    """The numbered leaves (1-based) with their heading paths and descriptions, as readers see them."""
    return "".join(f"{i}. {' > '.join(p)}: {descriptions.get(p, '')}\n" for i, p in enumerate(leaves, 1))


def cut_split(history: list[HistoryEntry], leaves: list[Path_], cut: str
              ) -> tuple[list[Labelled], list[HistoryEntry], list[set[int]]]:
    """A backtest cut: entries first added before `cut` to train on, the later ones still in a leaf to test on,
    and each test entry's leaf indices (0-based)."""
    index = {p: i for i, p in enumerate(leaves)}
    train = [Labelled(h.paper, h.sections) for h in history if h.first_seen < cut]
    test = [h for h in history if h.first_seen >= cut and any(s in index for s in h.sections)]
    return train, test, [{index[s] for s in h.sections if s in index} for h in test]


def reading_files(papers: list[Paper], parts: int, no_abstract: str) -> dict[str, str]:
    """The papers, numbered from 1 in order, as `## N. Title` plus abstract, split into `parts` files for readers
    (papers_a.md, papers_b.md, ...)."""
    size = max(1, -(-len(papers) // max(1, parts)))
    files: dict[str, str] = {}
    for i, paper in enumerate(papers):
        name = f"papers_{chr(ord('a') + i // size)}.md"
        files[name] = files.get(name, "") + f"## {i + 1}. {paper.title}\n\n{paper.abstract or no_abstract}\n\n"
    return files


def merged(readings: list[tuple[str, dict]]) -> dict:
    """One reader's answers from several files (source name, {paper number: answer}); a paper answered in two
    files is an error rather than first-file-wins."""
    out: dict = {}
    for source, answers in readings:
        for paper, answer in answers.items():
            if paper in out:
                raise ModelError(f"{source}: paper {paper} is already answered in an earlier file")
            out[paper] = answer
    return out


def _answers(text: str, source: str, pattern: re.Pattern, expected: str) -> dict[int, str]:
    """`N<TAB>answer` lines matching `pattern` (blank lines and `#` comments skipped) as {paper number: answer}."""
    out: dict[int, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = pattern.match(line)
        if not match:
            raise ModelError(f"{source}:{number}: expected '{expected}', got {line.strip()[:60]!r}")
        paper = int(match.group(1))
        if paper in out:
            raise ModelError(f"{source}:{number}: paper {paper} is answered twice")
        out[paper] = match.group(2)
    return out


def parse_placements(text: str, source: str = "placements") -> dict[int, tuple[int, ...]]:
    """`N<TAB>a,b,c` lines as {paper number: leaf numbers, best first}."""
    return {paper: tuple(int(x) for x in answer.split(","))
            for paper, answer in _answers(text, source, _LINE, "paper<TAB>leaf,leaf,leaf").items()}


def parse_verdicts(text: str, source: str = "verdicts") -> dict[int, str]:
    """`N<TAB>in|borderline|out` lines as {paper number: verdict}."""
    return _answers(text, source, _VERDICT, "paper<TAB>in|borderline|out")


def placements_as_scores(placements: dict[int, tuple[int, ...]], n_papers: int, n_leaves: int) -> np.ndarray:
    """A paper x leaf matrix whose row order is the reader's ranking (best pick highest, unpicked leaves lowest).

    Every paper 1..n_papers must be placed, with three different leaves that exist: a gap would otherwise count
    as a guess of the first leaves.
    """
    missing = [n for n in range(1, n_papers + 1) if n not in placements]
    if missing:
        raise ModelError(f"no placement for paper(s) {', '.join(map(str, missing[:10]))}")
    extra = sorted(set(placements) - set(range(1, n_papers + 1)))
    if extra:
        raise ModelError(f"placement for paper {extra[0]}, but the cut has {n_papers} test papers")
    scores = np.zeros((n_papers, n_leaves))
    for paper, leaves in placements.items():
        if len(set(leaves)) < 3:
            raise ModelError(f"paper {paper}: three different leaves are needed (top-3 counts them), got {leaves}")
        for rank, leaf in enumerate(leaves):
            if not 1 <= leaf <= n_leaves:
                raise ModelError(f"paper {paper}: leaf {leaf} is not one of 1..{n_leaves}")
            scores[paper - 1, leaf - 1] = max(scores[paper - 1, leaf - 1], len(leaves) - rank)
    return scores
