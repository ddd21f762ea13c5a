"""What a maintainer reviews: queued papers with their predictions, and the accepted ones turned into proposals."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.candidates import Candidate, to_proposal
from bot.errors import ConfigError
from bot.paper import Paper
from bot.proposal import Proposal
from bot.store import Store, TriageItem
from classifiers.predict import Neighbour, Prediction, SectionScore, Why

log = logging.getLogger(__name__)

ASKED = "asked"  # the triage reason of a paper a maintainer asked to review (--date or ids)


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


def _pair(value: Any, first: str, second: str) -> tuple[Any, Any]:
    if isinstance(value, dict):
        return value.get(first), value.get(second)
    return (value[0], value[1]) if isinstance(value, (list, tuple)) and len(value) >= 2 else (None, None)


def prediction_from_record(arxiv_id: str, record: dict[str, Any]) -> Prediction:
    """The Prediction the queue stored as JSON (`[[path, score], ...]` or `[{"path", "score"}, ...]` sections); a
    record of the wrong shape (a damaged state file) gives an empty prediction, so the paper can still be decided."""
    try:
        return _prediction(arxiv_id, record)
    except (TypeError, ValueError, AttributeError) as exc:
        log.warning("the stored prediction of %s is damaged (%s); it is shown without one", arxiv_id, exc)
        return Prediction(arxiv_id, math.nan, True, True, (), Why((), ()))


def _prediction(arxiv_id: str, record: dict[str, Any]) -> Prediction:
    sections = []
    for s in record.get("sections") or ():
        path, score = _pair(s, "path", "score")
        if path:
            sections.append(SectionScore(tuple(path), float(score if score is not None else math.nan)))
    why = record.get("why") or {}
    nearest = tuple(Neighbour(str(t), i) for t, i in (_pair(n, "title", "arxiv_id") for n in why.get("nearest") or ())
                    if t)
    relevance = record.get("relevance")
    return Prediction(arxiv_id, float(relevance) if relevance is not None else math.nan, True,
                      bool(record.get("needs_triage", True)), tuple(sections),
                      Why(tuple(why.get("terms") or ()), nearest, tuple(why.get("section_terms") or ())))


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


def ask(store: Store, papers: Sequence[Paper], predictions: Sequence[Prediction], record) -> int:  # noqa: ANN001
    """Queue papers a maintainer asked to review (with `record(paper, prediction)` as the stored JSON)."""
    items = [TriageItem(p.arxiv_id, p.announce_date, ASKED, record(p, pred)) for p, pred in zip(papers, predictions)]
    store.enqueue_triage(items)
    return len(items)


def accepted_proposals(store: Store, arxiv_ids: Iterable[str]) -> tuple[list[Proposal], list[str]]:
    """Proposals for accepted papers, in the section the maintainer chose; and problems for ones that cannot be."""
    wanted = set(arxiv_ids)
    out, problems = [], []
    for r in reviews(t for t in store.triage_items("accepted") if t.arxiv_id in wanted):
        if r.item.paper is None:
            problems.append(f"{r.arxiv_id}: no paper record in the state file; run `litbot add {r.arxiv_id}`")
            continue
        try:
            out.append(to_proposal(Candidate(r.item.paper, r.prediction), r.item.section))
        except ValueError as exc:
            problems.append(f"{r.arxiv_id}: {exc}")
    return out, problems
