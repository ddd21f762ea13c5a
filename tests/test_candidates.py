"""From classified papers to proposals: the house-style line, evidence, the cap and the triage split."""

from datetime import date, datetime, timezone

from bot.candidates import Candidate, select, to_proposal, venue_and_year, with_thresholds
from bot.kinds import TriageReason
from bot.paper import Paper
from classifiers.predict import Neighbour, Prediction, SectionScore, Why

SPEC = ("Model-Centric Methods", "Efficient Inference", "Speculative Decoding")
KV = ("Model-Centric Methods", "Efficient Inference", "KV-Cache Optimization")
PAR = ("Model-Centric Methods", "Efficient Inference", "Parallel Decoding")


def cand(n, relevance=0.9, triage=False, relevant=True, sure=True, **paper_fields):
    paper = Paper(f"2506.{n:05d}", f"Paper {n}: Fast Drafts", "We speed up decoding.",
                  published=datetime(2025, 6, 9, tzinfo=timezone.utc), announce_date=date(2025, 6, 10), **paper_fields)
    pred = Prediction(paper.arxiv_id, relevance, relevant, triage,
                      (SectionScore(SPEC, 0.7), SectionScore(KV, 0.2), SectionScore(PAR, 0.05)),
                      Why(("draft", "decoding"), (Neighbour("Medusa", "2401.10774"),), ("speculative",)), sure)
    return Candidate(paper, pred)


def test_proposal_carries_the_entry_line_and_the_evidence():
    p = to_proposal(cand(1, comments="Accepted to ICLR 2026. Code: https://github.com/org/fast."))
    assert p.entry_line == ("- Paper 1: Fast Drafts, <ins>ICLR, 2026</ins> [[Paper](https://arxiv.org/abs/2506.00001)]"
                            " [[Code](https://github.com/org/fast)]")
    assert p.section == SPEC and p.confidence == 0.7 and p.relevance == 0.9
    assert p.alternatives == ((KV, 0.2), (PAR, 0.05))
    assert p.why_terms == ("speculative",) and p.nearest == ("Medusa",)


def test_a_preprint_is_listed_as_arxiv_with_its_submission_year():
    assert venue_and_year(cand(2).paper) == ("arXiv", 2025)
    assert venue_and_year(cand(3, comments="Submitted to NeurIPS 2025").paper) == ("arXiv", 2025)


def test_a_chosen_section_overrides_the_prediction():
    p = to_proposal(cand(4), section=KV)
    assert p.section == KV and p.confidence == 0.2
    assert (SPEC, 0.7) in p.alternatives


def test_select_caps_best_first_and_sends_the_rest_to_triage():
    cands = [cand(1, 0.6), cand(2, 0.95), cand(3, 0.8, triage=True), cand(4, 0.7), cand(5, 0.1, relevant=False)]
    chosen = select(cands, daily_cap=2)
    assert [p.arxiv_id for p in chosen.proposals] == ["2506.00002", "2506.00004"]
    assert [(c.paper.arxiv_id, why) for c, why in chosen.triage] == [
        ("2506.00003", "needs_triage"), ("2506.00001", TriageReason.OVER_CAP)]
    assert [c.paper.arxiv_id for c in chosen.irrelevant] == ["2506.00005"]


def test_configured_thresholds_override_the_models_own():
    pred = cand(1, 0.3).prediction
    assert with_thresholds(pred, None, None) == pred
    stricter = with_thresholds(pred, 0.5, 0.8)
    assert not stricter.relevant and stricter.needs_triage


def test_a_paper_not_sure_of_scope_waits_in_triage_with_its_reason_even_under_the_cap():
    cands = [cand(1, 0.95), cand(2, 0.4, sure=False), cand(3, 0.8, triage=True), cand(4, 0.5, sure=False, triage=True)]
    chosen = select(cands, daily_cap=15)
    assert [p.arxiv_id for p in chosen.proposals] == ["2506.00001"]  # the cap is a ceiling, not a quota
    assert [(c.paper.arxiv_id, why) for c, why in chosen.triage] == [
        ("2506.00003", TriageReason.UNSURE_SECTION), ("2506.00004", TriageReason.UNSURE_SCOPE),
        ("2506.00002", TriageReason.UNSURE_SCOPE)]


def test_a_configured_proposal_threshold_overrides_the_models_gate():
    pred = cand(1, 0.3).prediction
    assert not with_thresholds(pred, None, None, 0.5).scope_sure
    assert with_thresholds(cand(2, 0.3, sure=False).prediction, None, None, 0.2).scope_sure
