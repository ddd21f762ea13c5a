"""From classified papers to review-ready proposals: venue, code link, entry line, and who goes where (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from bot.detect import detect_code_url, detect_venue
from bot.kinds import TriageReason
from bot.paper import Paper
from bot.proposal import Proposal
from bot.readme import format_entry
from bot.style import Fields, ListStyle, render
from classifiers.predict import Prediction


@dataclass(frozen=True)
class Candidate:
    """A paper with its prediction, before the daily cap and the PR decide its fate."""

    paper: Paper
    prediction: Prediction

    @property
    def relevance(self) -> float:
        return self.prediction.relevance


@dataclass(frozen=True)
class Selection:
    """The run's split of candidates: into the PR, into the triage queue (uncertain section or over the cap)."""

    proposals: tuple[Proposal, ...]
    triage: tuple[tuple[Candidate, TriageReason], ...]  # (candidate, why it needs a person)
    irrelevant: tuple[Candidate, ...]


def with_thresholds(pred: Prediction, relevance: float | None, triage: float | None,
                    propose: float | None = None) -> Prediction:
    """The prediction judged by configured thresholds instead of the model's own (None keeps the model's)."""
    relevant = pred.relevant if relevance is None else pred.relevance >= relevance
    needs_triage = pred.needs_triage if triage is None else pred.sections[0].score < triage
    scope_sure = pred.scope_sure if propose is None else pred.relevance >= propose
    return replace(pred, relevant=relevant, needs_triage=needs_triage, scope_sure=scope_sure)


def venue_and_year(paper: Paper) -> tuple[str, int | None]:
    """The venue the metadata states (journal_ref, comments), else arXiv with the first submission's year."""
    detected = detect_venue(paper.journal_ref, paper.comments)
    fallback_year = (paper.published.year if paper.published else None) or (
        paper.announce_date.year if paper.announce_date else None
    )
    if detected:
        return detected[0], detected[1] or fallback_year
    return "arXiv", fallback_year


def entry_text(paper: Paper, section: tuple[str, ...], style: ListStyle | None = None) -> str:
    """The paper's entry: the survey's house-style line, or (a list's learned `style`) the lines that section's
    own template writes."""
    venue, year = venue_and_year(paper)
    code = detect_code_url(paper.comments, paper.abstract)
    if style is None:
        return format_entry(paper.title, venue, year, paper.arxiv_id, code)
    when = paper.published.date() if paper.published else paper.announce_date
    fields = Fields(title=paper.title, authors=tuple(paper.authors), venue=venue, year=year, date=when,
                    arxiv_id=paper.arxiv_id, code_url=code)
    return "\n".join(render(style.for_section(section), fields))


def to_proposal(candidate: Candidate, section: Sequence[str] | None = None, style: ListStyle | None = None) -> Proposal:
    """The entry and review evidence for one paper, in its predicted (or the given) section; in the survey's
    house style, or in a list's learned `style`."""
    paper, pred = candidate.paper, candidate.prediction
    chosen = tuple(section) if section else pred.sections[0].path
    alternatives = tuple((s.path, s.score) for s in pred.sections if s.path != chosen)[:2]
    score = next((s.score for s in pred.sections if s.path == chosen), float("nan"))
    return Proposal(
        arxiv_id=paper.arxiv_id,
        title=paper.title,
        entry_line=entry_text(paper, chosen, style),
        section=chosen,
        confidence=score,
        relevance=candidate.relevance,
        alternatives=alternatives,
        why_terms=tuple(pred.why.section_terms or pred.why.terms)[:6],
        nearest=tuple(n.title for n in pred.why.nearest),
        abstract=paper.abstract,
    )


def select(candidates: Iterable[Candidate], daily_cap: int, style: ListStyle | None = None) -> Selection:
    """Relevant papers best first: those sure of scope and section into the PR up to the cap (a ceiling, not a
    quota), the rest to triage with the reason; nothing is dropped."""
    candidates = list(candidates)
    relevant = sorted((c for c in candidates if c.prediction.relevant), key=lambda c: (-c.relevance, c.paper.arxiv_id))
    proposals: list[Proposal] = []
    triage: list[tuple[Candidate, TriageReason]] = []
    for cand in relevant:
        if not cand.prediction.scope_sure:
            triage.append((cand, TriageReason.UNSURE_SCOPE))
        elif cand.prediction.needs_triage:
            triage.append((cand, TriageReason.UNSURE_SECTION))
        elif len(proposals) >= daily_cap:
            triage.append((cand, TriageReason.OVER_CAP))
        else:
            proposals.append(to_proposal(cand, style=style))
    irrelevant = tuple(c for c in candidates if not c.prediction.relevant)
    return Selection(tuple(proposals), tuple(triage), irrelevant)
