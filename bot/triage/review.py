"""What a maintainer reviews: queued papers with their predictions, and the accepted ones turned into proposals."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.candidates import Candidate, to_proposal
from bot.errors import ConfigError
from bot.kinds import TriageReason
from bot.paper import Paper
from bot.proposal import Proposal
from bot.store import Store, TriageItem
from bot.style import ListStyle
from bot.triage.record import prediction_from_record, triage_record
from classifiers.predict import Prediction

log = logging.getLogger(__name__)

ASKED = TriageReason.ASKED  # the triage reason of a paper a maintainer asked to review (--date or ids)


@dataclass(frozen=True)
class Review:
    """One queued paper as the maintainer sees it."""

    item: TriageItem
    prediction: Prediction

    @property
    def arxiv_id(self) -> str:
        return self.item.arxiv_id

    @property
    def title(self) -> str:
        return (self.item.paper.title if self.item.paper else "") or self.item.prediction.get("title") or self.arxiv_id

    @property
    def abstract(self) -> str:
        return self.item.paper.abstract if self.item.paper else ""

    @property
    def predicted(self) -> tuple[str, ...] | None:
        return self.prediction.sections[0].path if self.prediction.sections else None

    @property
    def url(self) -> str:
        return f"https://arxiv.org/abs/{self.arxiv_id}"


def reviews(items: Iterable[TriageItem]) -> list[Review]:
    return [Review(i, prediction_from_record(i.arxiv_id, i.prediction)) for i in items]


def load_queue(store: Store, *, day: date | None = None, ids: Sequence[str] = ()) -> list[Review]:
    """The papers to review: pending ones then skipped ones (oldest day first), or those of `day` / `ids` in any
    state. Ids not queued yet must have been asked for with `ask` first."""
    if ids:
        by_id = {t.arxiv_id: t for t in store.triage_items(status=None)}
        missing = [i for i in ids if i not in by_id]
        if missing:
            raise ConfigError(f"not in the triage queue: {', '.join(missing)}")
        return reviews(by_id[i] for i in dict.fromkeys(ids))
    if day is not None:
        return reviews(store.triage_items(status=None, day=day))
    return reviews(store.triage_items("pending") + store.triage_items("skipped"))


def ask(store: Store, papers: Sequence[Paper], predictions: Sequence[Prediction],
        record: Callable[[Paper, Prediction], dict[str, Any]] = triage_record) -> int:
    """Queue papers a maintainer asked to review (with `record(paper, prediction)` as the stored JSON)."""
    items = [TriageItem(p.arxiv_id, p.announce_date, ASKED, record(p, pred)) for p, pred in zip(papers, predictions)]
    store.enqueue_triage(items)
    return len(items)


def accepted_proposals(store: Store, arxiv_ids: Iterable[str],
                       style: ListStyle | None = None) -> tuple[list[Proposal], list[str]]:
    """Proposals for accepted papers, in the section the maintainer chose (entries in a list's learned `style`, else
    the survey's); and problems for ones that cannot be."""
    wanted = set(arxiv_ids)
    out, problems = [], []
    for r in reviews(t for t in store.triage_items("accepted") if t.arxiv_id in wanted):
        if r.item.paper is None:
            problems.append(f"{r.arxiv_id}: no paper record in the state file; run `litbot add {r.arxiv_id}`")
            continue
        try:
            out.append(to_proposal(Candidate(r.item.paper, r.prediction), r.item.section, style))
        except ValueError as exc:
            problems.append(f"{r.arxiv_id}: {exc}")
    return out, problems
