"""The decisions table: labels with their source, idempotent re-derivation, training marks, atomic triage writes."""

from __future__ import annotations

from datetime import date

import pytest

from bot.paper import Paper
from bot.store import Decision, Store, TriageItem

DAY = date(2025, 6, 10)
A = ("Model-Centric Methods", "Efficient Inference", "Speculative Decoding")
B = ("Model-Centric Methods", "Efficient Inference", "KV-Cache Optimization")


def queued(store: Store, n: int) -> None:
    papers = [Paper(f"2506.{i:05d}", f"Paper {i}", f"Abstract {i}.", announce_date=DAY) for i in range(1, n + 1)]
    items = [TriageItem(p.arxiv_id, DAY, "needs_triage", {"sections": [{"path": list(A), "score": 0.3}]})
             for p in papers]
    store.complete_day(DAY, papers, [], items, source="rss", categories=("cs.CL",))


def test_a_rederived_label_is_recorded_once_and_a_changed_one_again(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        d = Decision("2506.00001", "Paper 1", "positive", A, "pr-merged", "placed as proposed")
        assert len(store.record_decisions([d], unless_same_from=("pr-merged",))) == 1
        assert store.record_decisions([d], unless_same_from=("pr-merged",)) == []
        moved = Decision("2506.00001", "Paper 1", "positive", B, "pr-merged", "moved")
        (written,) = store.record_decisions([moved], unless_same_from=("pr-merged",))
        assert written.section == B and written.id is not None and written.decided_at
        assert [x.section for x in store.decisions(latest_only=True)] == [B]
        assert store.count_decisions() == 2


def test_decisions_carry_the_stored_abstract_and_training_marks(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        queued(store, 1)
        store.record_decisions([Decision("2506.00001", "Paper 1", "negative", None, "pr-closed"),
                                Decision("2599.00001", "Unknown", "negative", None, "pr-closed")])
        got = {d.arxiv_id: d for d in store.decisions()}
        assert got["2506.00001"].abstract == "Abstract 1." and got["2599.00001"].abstract == ""
        assert store.count_decisions(untrained_only=True) == 2
        assert store.mark_trained(max(d.id for d in got.values())) == 2
        assert store.decisions(untrained_only=True) == [] and all(d.trained for d in store.decisions())
    with pytest.raises(ValueError):
        Decision("2506.00001", "x", "maybe")


def test_triage_decisions_change_status_and_label_together_or_not_at_all(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        queued(store, 2)
        with pytest.raises(ValueError, match="2599.00009 is not in the triage queue"):
            store.decide_triage_many([("2506.00001", "accepted", A, "Paper 1", ""),
                                      ("2599.00009", "rejected", None, "x", "")])
        assert [t.status for t in store.triage_items(status=None)] == ["pending", "pending"]
        assert store.decisions() == []

        d = store.decide_triage("2506.00001", "accepted", A, title="Paper 1")
        assert (d.label, d.section, d.source) == ("positive", A, "triage")
        store.decide_triage("2506.00001", "accepted", B, title="Paper 1")  # changing one's mind replaces the label
        assert [(x.arxiv_id, x.section) for x in store.decisions()] == [("2506.00001", B)]
        assert store.decide_triage("2506.00002", "skipped") is None and store.count_decisions() == 1

        store.undo_triage("2506.00001")
        assert store.decisions() == []
        assert {t.arxiv_id: t.status for t in store.triage_items(status=None)} == {"2506.00001": "pending",
                                                                                  "2506.00002": "skipped"}


def test_asking_to_review_a_decided_paper_keeps_its_decision(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        queued(store, 1)
        store.decide_triage("2506.00001", "rejected", title="Paper 1")
        store.enqueue_triage([TriageItem("2506.00001", DAY, "asked", {"sections": []})])
        assert store.triage_items(status="rejected")[0].reason == "needs_triage"
        assert [p.arxiv_id for p in store.papers_announced(DAY)] == ["2506.00001"]
