"""The one place a proposal is recorded: what bot.propose did, as the outcome each proposed paper gets in the store.

The daily run, `litbot triage` and `litbot add` all turn a propose() Outcome into PaperOutcomes here (pure: the
callers write them, the run inside its day's transaction).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from bot.kinds import OutcomeKind, SkipKind
from bot.proposal import Proposal
from bot.propose import Outcome, Skip
from bot.store import PaperOutcome


@dataclass(frozen=True)
class Recorded:
    """A proposal's papers: those now in the PR, the rest with why not, and the outcome of each."""

    proposed: tuple[Proposal, ...]
    skipped: tuple[Skip, ...]
    outcomes: tuple[PaperOutcome, ...]

    @property
    def proposed_outcomes(self) -> tuple[PaperOutcome, ...]:
        return tuple(o for o in self.outcomes if o.outcome is OutcomeKind.PROPOSED)


def record_proposal(result: Outcome, proposals: Iterable[Proposal], detail: str = "") -> Recorded:
    """The outcome of every paper of `proposals` after `result`: proposed (with `detail`), or what its skip means.

    A paper skipped because it is already in this day's own open PR was proposed by an earlier run that died before
    recording it: it counts as proposed now.
    """
    by_id = {p.arxiv_id: p for p in proposals}
    own = {p.arxiv_id: p for p in result.in_pr if p.arxiv_id in by_id}
    resumed = tuple(own[s.arxiv_id] for s in result.skipped if s.kind is SkipKind.OPEN_PR and s.arxiv_id in own)
    proposed = (*result.committed, *resumed)
    outcomes = [PaperOutcome(p.arxiv_id, OutcomeKind.PROPOSED, detail, p.section,
                             None if math.isnan(p.relevance) else p.relevance, None, result.branch)
                for p in proposed]
    skipped = tuple(s for s in result.skipped if s.arxiv_id in by_id and s.arxiv_id not in own)
    for skip in skipped:
        outcomes.append(PaperOutcome(skip.arxiv_id, skip.kind.outcome or OutcomeKind.FAILED, skip.reason,
                                     by_id[skip.arxiv_id].section))
    return Recorded(proposed, skipped, tuple(outcomes))
