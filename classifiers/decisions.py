"""Maintainers' decisions (data/decisions.jsonl, written by `litbot learn`/`triage`/`add`) as training examples.

A positive decision is a paper in its corrected section; a negative one is a paper that does not belong in the
survey. The README stays the authority: a decision about a paper the README lists is ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from bot.readme import normalise_title
from classifiers.dataset import AbstractCache, Labelled, Negative, Paper, read_jsonl

DECISIONS = "decisions.jsonl"
Path_ = tuple[str, ...]


def read_decisions(path: Path) -> list[dict]:
    """Rows of a decisions file (none when it does not exist), the latest per paper, in file order."""
    if not path.exists():
        return []
    latest: dict[str, dict] = {}
    for row in read_jsonl(path):
        if row.get("arxiv_id") and row.get("title") and row.get("label") in ("positive", "negative"):
            latest.pop(row["arxiv_id"], None)
            latest[row["arxiv_id"]] = row
    return list(latest.values())


def decision_examples(rows: Iterable[dict], listed: Sequence[Labelled], leaves: Sequence[Path_],
                      cache: AbstractCache | None = None) -> tuple[list[Labelled], list[Negative]]:
    """(positives in their leaf section, negatives) from decision rows; papers the README lists are skipped,
    and so is a positive whose section is no longer a leaf."""
    known_ids = {item.paper.arxiv_id for item in listed if item.paper.arxiv_id}
    known_titles = {normalise_title(item.paper.title) for item in listed}
    leaf_set = {tuple(p) for p in leaves}
    positives: list[Labelled] = []
    negatives: list[Negative] = []
    for row in rows:
        title = row["title"]
        if row["arxiv_id"] in known_ids or normalise_title(title) in known_titles:
            continue
        abstract = row.get("abstract") or (cache.abstract_for(row["arxiv_id"], title) if cache else "")
        paper = Paper(row["arxiv_id"], title, abstract)
        if row["label"] == "positive":
            section = tuple(row.get("section") or ())
            if section in leaf_set:
                positives.append(Labelled(paper, (section,)))
        else:
            negatives.append(Negative(paper, "decision", str(row.get("decided_at") or ""), "train"))
    return positives, negatives


def without(negatives: Iterable[Negative], papers: Iterable[Paper]) -> list[Negative]:
    """Negatives minus any that a maintainer has since accepted (matched by id or title)."""
    papers = list(papers)
    ids = {p.arxiv_id for p in papers if p.arxiv_id}
    titles = {normalise_title(p.title) for p in papers}
    return [n for n in negatives if n.paper.arxiv_id not in ids and normalise_title(n.paper.title) not in titles]
