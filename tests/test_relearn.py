"""bot.relearn.plan: when a run retrains its learned model and which model it uses, from the repository alone."""

from __future__ import annotations

from bot.relearn import fingerprint, plan, verdicts
from bot.store import Decision

KV = ("Model-Centric Methods", "Efficient Inference", "KV-Cache Optimization")
SD = ("Model-Centric Methods", "Efficient Inference", "Speculative Decoding")
WHERE = {"leaves": [list(KV), list(SD)], "base": "shipped-data-sha", "limit": None, "options": {"folds": 5}}


def decisions(n: int, section=KV) -> list[Decision]:
    return [Decision(f"2506.{i:05d}", f"Paper {i}", "positive", section, "pr-merged") for i in range(n)]


def learned_from(ds, where=WHERE) -> dict:
    """The `learned` record a model trained on `ds` carries in its metadata."""
    return {"fingerprint": fingerprint(ds, where), "context": where, "decisions": verdicts(ds)}


def test_no_decisions_means_the_base_model_and_no_training():
    chosen = plan([], WHERE, None, threshold=1)
    assert (chosen.retrain, chosen.use_learned) == (False, False)
    assert plan([], WHERE, learned_from(decisions(3)), threshold=1).use_learned is False  # the repository says none


def test_a_fresh_runner_trains_once_enough_decisions_exist_and_uses_the_base_model_before():
    assert plan(decisions(2), WHERE, None, threshold=3).retrain is False
    assert plan(decisions(2), WHERE, None, threshold=3).use_learned is False
    chosen = plan(decisions(3), WHERE, None, threshold=3)
    assert (chosen.retrain, chosen.use_learned, chosen.changed) == (True, True, 3)


def test_an_unchanged_set_never_retrains_whatever_the_order_or_where_a_decision_came_from():
    ds = decisions(4)
    relabelled = [Decision(d.arxiv_id, d.title, d.label, d.section, "triage") for d in reversed(ds)]
    assert fingerprint(relabelled, WHERE) == fingerprint(ds, WHERE)
    chosen = plan(relabelled, WHERE, learned_from(ds), threshold=1)
    assert (chosen.retrain, chosen.use_learned, chosen.changed) == (False, True, 0)


def test_a_moved_paper_is_a_change_and_retrains_once_retrain_after_changes_have_come_in():
    ds = decisions(4)
    moved = ds[:3] + [Decision(ds[3].arxiv_id, ds[3].title, "positive", SD, "pr-merged")]
    assert fingerprint(moved, WHERE) != fingerprint(ds, WHERE)
    lagging = plan(moved, WHERE, learned_from(ds), threshold=2)
    assert (lagging.retrain, lagging.use_learned, lagging.changed) == (False, True, 1)  # the learned model, one behind
    assert plan(moved, WHERE, learned_from(ds), threshold=1).retrain is True
    two = moved + [Decision("2506.09999", "New", "negative", None, "pr-closed")]
    assert plan(two, WHERE, learned_from(ds), threshold=2).retrain is True


def test_a_learned_model_for_other_sections_or_other_base_data_counts_as_none():
    ds = decisions(2)
    other = {**WHERE, "leaves": [list(KV)]}
    assert plan(ds, WHERE, learned_from(ds, other), threshold=3).use_learned is False
    assert plan(ds, WHERE, learned_from(ds, {**WHERE, "base": "new-shipped-data"}), threshold=2).retrain is True
