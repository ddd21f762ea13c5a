"""The one reader of litbot's PR history: what earlier PRs' blocks say about each paper, with one rank table.

Dedupe (bot.propose, PR-comment `add`) and learning (bot.learn) both read it, so a paper's fate across several PRs
is decided the same way everywhere: an open PR beats a merged one, which beats a closed one, which beats a
maintainer's drop from a branch. Pure: it takes PullInfo records, it calls no adapter.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bot.pr_body import BlockPaper, parse_block
from bot.repo_port import PullInfo

log = logging.getLogger(__name__)


class Fate(StrEnum):
    """What a PR did with a paper: still under review, merged, closed without merging, dropped from its branch."""

    OPEN = "open"
    MERGED = "merged"
    CLOSED = "closed"
    DROPPED = "dropped"


# The one rank table: a paper in several PRs takes the fate of the highest.
RANK = {Fate.DROPPED: 0, Fate.CLOSED: 1, Fate.MERGED: 2, Fate.OPEN: 3}


@dataclass(frozen=True)
class PaperHistory:
    """One paper across every litbot PR: its deciding fate and PR, and what the PRs proposed for it."""

    arxiv_id: str
    fate: Fate
    pr: PullInfo  # the PR that gave `fate` (the first one, among equals)
    paper: BlockPaper | None  # the paper's row in that PR's block; None when the PR dropped it
    title: str  # the title the first PR listing it gave ("" if none did)
    proposed: tuple[str, ...] | None  # the section the last PR listing it proposed (before a maintainer moved it)

    @property
    def rejected(self) -> bool:
        """Closed without merging, or dropped by a maintainer: proposing it again needs --force."""
        return self.fate in (Fate.CLOSED, Fate.DROPPED)


@dataclass(frozen=True)
class History:
    """Every paper litbot's PRs name, and how many of the PRs with a readable block are open."""

    papers: dict[str, PaperHistory]
    open_prs: int

    def get(self, arxiv_id: str) -> PaperHistory | None:
        return self.papers.get(arxiv_id)


def read_history(prs: Iterable[PullInfo]) -> History:
    """Fold every litbot PR's machine-readable block into one PaperHistory per paper (PRs without one are skipped)."""
    best: dict[str, tuple[Fate, PullInfo, BlockPaper | None]] = {}
    titles: dict[str, str] = {}
    proposed: dict[str, tuple[str, ...]] = {}
    open_prs = 0
    for pr in prs:
        block = parse_block(pr.body)
        if block is None:
            log.info("%s has no readable litbot block; nothing to read from it", pr.name)
            continue
        open_prs += pr.state == "open"
        state = Fate(pr.state) if pr.state in ("open", "merged") else Fate.CLOSED
        marks: list[tuple[str, Fate, BlockPaper | None]] = [(i, Fate.DROPPED, None) for i in block.dropped]
        for paper in block.papers:
            titles.setdefault(paper.arxiv_id, paper.title)
            proposed[paper.arxiv_id] = paper.moved_from or paper.section
            marks.append((paper.arxiv_id, state, paper))
        for arxiv_id, fate, marked in marks:
            if arxiv_id not in best or RANK[fate] > RANK[best[arxiv_id][0]]:
                best[arxiv_id] = (fate, pr, marked)
    papers = {arxiv_id: PaperHistory(arxiv_id, fate, pr, paper, titles.get(arxiv_id, ""), proposed.get(arxiv_id))
              for arxiv_id, (fate, pr, paper) in best.items()}
    return History(papers, open_prs)
