"""The one JSON shape of a prediction: what `litbot classify` prints and what the triage queue stores and reads back.

`{"arxiv_id", "relevance", "relevant", "needs_triage", "sections": [{"path", "score"}, ...],
"why": {"terms", "section_terms", "nearest": [{"title", "arxiv_id"}, ...]}}`, plus "title" in the queue. State
files written before this shape was the only one are upgraded by the store's migration 3.
"""

from __future__ import annotations

import logging
import math
from typing import Any

from bot.paper import Paper
from classifiers.predict import Neighbour, Prediction, SectionScore, Why

log = logging.getLogger(__name__)


def prediction_record(p: Prediction) -> dict[str, Any]:
    """The machine interface: one JSON object per paper."""
    return {
        "arxiv_id": p.arxiv_id,
        "relevance": p.relevance,
        "relevant": p.relevant,
        "needs_triage": p.needs_triage,
        "sections": [{"path": list(s.path), "score": s.score} for s in p.sections],
        "why": {"terms": list(p.why.terms), "section_terms": list(p.why.section_terms),
                "nearest": [{"title": n.title, "arxiv_id": n.arxiv_id} for n in p.why.nearest]},
    }


def triage_record(paper: Paper, pred: Prediction, top: int = 5) -> dict[str, Any]:
    """What the triage queue keeps of a paper's prediction: its `top` sections and the paper's title."""
    record = prediction_record(pred)
    record["sections"] = record["sections"][:top]
    return {**record, "title": paper.title}


def prediction_from_record(arxiv_id: str, record: dict[str, Any]) -> Prediction:
    """The Prediction a record holds; a record of the wrong shape (a damaged state file) gives an empty
    prediction, so the paper can still be decided."""
    try:
        return _prediction(arxiv_id, record)
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        log.warning("the stored prediction of %s is damaged (%s); it is shown without one", arxiv_id, exc)
        return Prediction(arxiv_id, math.nan, True, True, (), Why((), ()))


def _prediction(arxiv_id: str, record: dict[str, Any]) -> Prediction:
    sections = []
    for s in record.get("sections") or ():
        path, score = s.get("path"), s.get("score")
        if path:
            sections.append(SectionScore(tuple(path), float(score if score is not None else math.nan)))
    why = record.get("why") or {}
    nearest = tuple(Neighbour(str(n.get("title")), n.get("arxiv_id")) for n in why.get("nearest") or ()
                    if n.get("title"))
    relevance = record.get("relevance")
    return Prediction(arxiv_id, float(relevance) if relevance is not None else math.nan, True,
                      bool(record.get("needs_triage", True)), tuple(sections),
                      Why(tuple(why.get("terms") or ()), nearest, tuple(why.get("section_terms") or ())))
