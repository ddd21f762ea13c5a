"""Outcomes, the triage queue and day completion in the state file: atomic, idempotent, migrated from v1."""

import json
import sqlite3
from datetime import date

import pytest

from bot.paper import Paper
from bot.store import MIGRATIONS, SCHEMA_VERSION, PaperOutcome, Store, TriageItem

DAY = date(2025, 6, 10)
PATH = ("Model-Centric Methods", "Efficient Inference", "Speculative Decoding")


def paper(n: int) -> Paper:
    return Paper(f"2506.{n:05d}v1", f"Paper {n}", "abstract", categories=("cs.CL",), announce_date=DAY)


def test_complete_day_records_papers_outcomes_triage_and_the_cursor_together(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        outcomes = [PaperOutcome("2506.00001", "proposed", "", PATH, 0.9, DAY, "litbot/arxiv-2025-06-10"),
                    PaperOutcome("2506.00002", "triage", "needs_triage", None, 0.7, DAY),
                    PaperOutcome("2506.00003", "irrelevant", "", None, 0.01, DAY)]
        triage = [TriageItem("2506.00002", DAY, "needs_triage",
                             {"relevance": 0.7, "sections": [{"path": list(PATH), "score": 0.3}]})]
        recorded = store.complete_day(DAY, [paper(1), paper(2), paper(3)], outcomes, triage,
                                      source="rss", categories=("cs.CL",))
        assert len(recorded.new) == 3
        assert store.processed_days(DAY, DAY) == {DAY}
        got = store.outcomes(["2506.00001", "2506.00002", "2506.00009"])
        assert set(got) == {"2506.00001", "2506.00002"}
        assert got["2506.00001"].section == PATH and got["2506.00001"].branch == "litbot/arxiv-2025-06-10"
        queue = store.triage_items()
        assert [t.arxiv_id for t in queue] == ["2506.00002"]
        assert queue[0].paper.title == "Paper 2" and queue[0].prediction["relevance"] == 0.7
        assert store.outcome_counts() == {"proposed": 1, "triage": 1, "irrelevant": 1}


def test_a_failed_write_leaves_no_outcome_and_no_processed_day(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        bad = [PaperOutcome("2506.00001", "proposed"), object()]  # the second row cannot be written
        with pytest.raises(AttributeError):
            store.complete_day(DAY, [paper(1)], bad, source="rss", categories=("cs.CL",))
        assert store.outcomes(["2506.00001"]) == {}
        assert store.processed_days(DAY, DAY) == set()
        assert store.count_papers() == 0


def test_decided_triage_items_are_not_reopened_by_a_later_run(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        item = TriageItem("2506.00002", DAY, "needs_triage", {"relevance": 0.7})
        store.complete_day(DAY, [paper(2)], [], [item], source="rss", categories=("cs.CL",))
        store.set_triage_status("2506.00002", "accepted", PATH)
        store.complete_day(DAY, [paper(2)], [], [item], source="rss", categories=("cs.CL",))
        assert store.triage_items() == []
        decided = store.triage_items(status="accepted")
        assert decided[0].section == PATH
        store.set_triage_status("2506.00002", "pending")  # undo
        assert [t.arxiv_id for t in store.triage_items()] == ["2506.00002"]
        with pytest.raises(ValueError):
            store.set_triage_status("2506.00002", "maybe")


def test_a_version_1_file_is_migrated_in_place(tmp_path):
    path = tmp_path / "old.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    db.execute("INSERT INTO days (day, source, categories, papers, completed_at)"
               " VALUES ('2025-06-09','rss','cs.CL',1,'x')")
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION == 3
        assert store.processed_days(date(2025, 6, 9), date(2025, 6, 9)) == {date(2025, 6, 9)}
        assert store.outcomes(["x"]) == {}


def test_a_triage_queue_written_in_the_old_list_shape_is_read_after_migration(tmp_path):
    """Before schema 3 the daily run queued `[[path, score]]` sections and `[[title, id]]` neighbours (while
    `litbot triage ID` queued `{"path", "score"}` objects); opening such a file upgrades it to the one shape."""
    from bot.triage.review import load_queue

    path = tmp_path / "v2.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + MIGRATIONS[1] + "\nPRAGMA user_version = 2;")
    old = {"title": "Paper 2", "relevance": 0.7,
           "sections": [[list(PATH), 0.31], [["Model-Centric Methods", "Efficient Inference", "KV-Cache Optimization"],
                                             0.2]],
           "why": {"terms": ["draft"], "section_terms": ["speculative"], "nearest": [["Medusa", "2401.10774"]]}}
    asked = {"arxiv_id": "2506.00003", "relevance": 0.4, "relevant": True, "needs_triage": True,
             "sections": [{"path": list(PATH), "score": 0.5}], "title": "Paper 3",
             "why": {"terms": [], "section_terms": [], "nearest": [{"title": "EAGLE", "arxiv_id": "2401.15077"}]}}
    for arxiv_id, record in (("2506.00002", old), ("2506.00003", asked)):
        db.execute("INSERT INTO triage (arxiv_id, day, reason, prediction, queued_at) VALUES (?, ?, ?, ?, 'x')",
                   (arxiv_id, DAY.isoformat(), "needs_triage", json.dumps(record)))
    db.execute("INSERT INTO triage (arxiv_id, day, reason, prediction, queued_at) VALUES ('2506.00004', ?, 'x',"
               " '{\"sections\": [[\"A\"', 'x')", (DAY.isoformat(),))  # damaged: stays as it is
    db.commit()
    db.close()
    with Store(path) as store:
        assert store.schema_version == 3
        first, second, damaged = load_queue(store)
        assert first.prediction.sections[0].path == PATH and first.prediction.sections[0].score == 0.31
        assert [s.score for s in first.prediction.sections] == [0.31, 0.2]
        assert [(n.title, n.arxiv_id) for n in first.prediction.why.nearest] == [("Medusa", "2401.10774")]
        assert first.prediction.relevance == 0.7 and first.title == "Paper 2"
        assert first.item.prediction["sections"][0] == {"path": list(PATH), "score": 0.31}
        assert second.predicted == PATH and second.prediction.why.nearest[0].title == "EAGLE"
        assert damaged.predicted is None
