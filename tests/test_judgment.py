"""The judgment benchmark scores a replayed day's PR and triage queue against blind readings of its papers."""

from datetime import date

from bot.candidates import Candidate, select
from bot.judgment import judge
from bot.paper import Paper
from classifiers.predict import Prediction, SectionScore, Why
from classifiers.reading import Reading

SPEC = ("Efficient Inference", "Speculative Decoding")
KV = ("Efficient Inference", "KV-Cache Optimization")


def cand(n, relevance, section=SPEC, relevant=True, sure=True):
    other = KV if section == SPEC else SPEC
    paper = Paper(f"2512.{n:05d}", f"Paper {n}", "abstract", announce_date=date(2025, 12, 4))
    pred = Prediction(paper.arxiv_id, relevance, relevant, False, (SectionScore(section, 0.8),
                                                                     SectionScore(other, 0.2)), Why((), ()), sure)
    return Candidate(paper, pred)


def read(n, verdict, *leaves):
    return Reading(f"2512.{n:05d}", verdict, leaves, "R1")


def test_proposals_are_scored_for_scope_section_and_merge_readiness_and_triage_counts_for_recall():
    day = [cand(1, 0.9), cand(2, 0.8, KV), cand(3, 0.7), cand(4, 0.6, sure=False), cand(5, 0.1, relevant=False),
           cand(6, 0.5)]
    readings = {r.arxiv_id: r for r in [
        read(1, "in", SPEC),           # proposed, right leaf: merge-ready
        read(2, "in", SPEC, KV),       # proposed, reader's second leaf: top-3 only
        read(3, "out"),                # proposed, out of scope
        read(4, "in", KV),             # unsure of scope: triage, still found
        read(5, "in", SPEC),           # never flagged: missed
        read(6, "borderline", SPEC),   # proposed, borderline
    ]}
    days = {"2025-12-04": [c.paper for c in day]}
    j = judge([select(day, daily_cap=15)], days, readings)
    assert (j.proposals, j.in_scope, j.borderline, j.out, j.unread) == (4, 2, 1, 1, 0)
    assert (j.top1, j.top3, j.merge_ready) == (1, 2, 1)
    assert (j.reader_in, j.found, j.triage, j.max_per_day) == (4, 3, 1, 4)
    rows = dict(j.rows())
    assert rows["merge-ready: in scope and the reader's first leaf"] == "0.250 (1/4)"
    assert rows["reader-in-scope papers in proposals + triage"] == "0.750 (3/4)"


def test_a_proposal_nobody_read_is_counted_apart_not_as_in_scope():
    day = [cand(1, 0.9)]
    j = judge([select(day, daily_cap=15)], {"2025-12-04": [day[0].paper]}, {})
    assert (j.proposals, j.unread, j.in_scope, j.reader_in) == (1, 1, 0, 0)
    assert dict(j.rows())["in scope"] == "0.000 (0/1)"
