"""Judges the daily selection as a maintainer would: held-out reading days replayed through `select`, scored
against the blind readings of the same papers (pure: the classifier and the corpus are passed in)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.candidates import Candidate, Selection, select, with_thresholds
from bot.paper import Paper
from classifiers.reading import Reading


@dataclass(frozen=True)
class Judgment:
    """What a reviewer would find in the PRs and triage queues of the replayed days."""

    days: int
    papers: int
    proposals: int
    in_scope: int
    borderline: int
    out: int
    unread: int  # proposals nobody read (none when whole days were read)
    top1: int  # in-scope proposals whose section is the reader's first leaf
    top3: int  # in-scope proposals whose section is one of the reader's leaves
    merge_ready: int  # in scope and in the reader's first leaf
    reader_in: int  # papers of the days the reader judged in scope
    found: int  # of those, how many the run proposed or queued for triage
    triage: int
    max_per_day: int

    def rows(self) -> list[tuple[str, str]]:
        """(measure, value) for printing."""
        def share(k: int, n: int) -> str:
            return f"{k / n:.3f} ({k}/{n})" if n else "n/a (0)"
        return [
            ("days replayed / papers", f"{self.days} / {self.papers}"),
            ("proposals (most in one day)", f"{self.proposals} ({self.max_per_day})"),
            ("in scope", share(self.in_scope, self.proposals)),
            ("borderline", share(self.borderline, self.proposals)),
            ("out of scope", share(self.out, self.proposals)),
            ("section = reader's first leaf (in-scope proposals)", share(self.top1, self.in_scope)),
            ("section in reader's leaves (in-scope proposals)", share(self.top3, self.in_scope)),
            ("merge-ready: in scope and the reader's first leaf", share(self.merge_ready, self.proposals)),
            ("reader-in-scope papers in proposals + triage", share(self.found, self.reader_in)),
            ("triage queue", str(self.triage)),
            ("proposals nobody read", str(self.unread)),
        ]


def as_run_paper(paper, day: str) -> Paper:
    """A corpus paper as the daily run sees it (announced on `day`)."""
    return Paper(paper.arxiv_id, paper.title, paper.abstract, announce_date=date.fromisoformat(day))


def replay(classifier, days: Mapping[str, Sequence], daily_cap: int, relevance: float | None = None,
           triage: float | None = None, propose: float | None = None) -> list[Selection]:
    """Each day's papers through the run's own selection (thresholds as configured, then the cap)."""
    out = []
    for day, papers in days.items():
        run_papers = [as_run_paper(p, day) for p in papers]
        preds = classifier.predict(run_papers)
        out.append(select([Candidate(p, with_thresholds(pr, relevance, triage, propose))
                           for p, pr in zip(run_papers, preds)], daily_cap))
    return out


def judge(selections: Sequence[Selection], days: Mapping[str, Sequence], readings: Mapping[str, Reading]
          ) -> Judgment:
    """Score the replayed selections against the primary readings of the days' papers."""
    verdicts = {"in": 0, "borderline": 0, "out": 0}
    unread = top1 = top3 = 0
    proposed: set[str] = set()
    queued: set[str] = set()
    for selection in selections:
        for proposal in selection.proposals:
            proposed.add(proposal.arxiv_id)
            reading = readings.get(proposal.arxiv_id)
            if reading is None:
                unread += 1
                continue
            verdicts[reading.verdict] += 1
            if reading.in_scope:
                top1 += proposal.section == reading.leaves[0]
                top3 += proposal.section in reading.leaves
        queued |= {candidate.paper.arxiv_id for candidate, _ in selection.triage}
    ids = [p.arxiv_id for papers in days.values() for p in papers]
    reader_in = [i for i in ids if i in readings and readings[i].in_scope]
    return Judgment(
        days=len(days), papers=len(ids), proposals=len(proposed), in_scope=verdicts["in"],
        borderline=verdicts["borderline"], out=verdicts["out"], unread=unread, top1=top1, top3=top3,
        merge_ready=top1, reader_in=len(reader_in), found=sum(i in proposed or i in queued for i in reader_in),
        triage=len(queued), max_per_day=max((len(s.proposals) for s in selections), default=0),
    )
