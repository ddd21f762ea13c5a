"""Dataset building: labels come from the README, abstracts from the cache, negatives never include listed papers."""

from __future__ import annotations

import json
from pathlib import Path

from bot.readme import parse
import pytest

from bot.errors import ModelError
from classifiers.dataset import (AbstractCache, evaluation_split, history_entries, labelled_from_readme, read_jsonl,
                                 read_negatives)
from classifiers.sampling import build_negatives

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_every_listed_paper_becomes_an_example_with_its_leaf_sections(survey_readme_text):
    doc = parse(survey_readme_text)
    labelled = labelled_from_readme(doc, AbstractCache.load(DATA / "abstracts.jsonl"))
    leaves = set(doc.leaf_paths())
    assert len(labelled) >= 400
    assert all(s in leaves for item in labelled for s in item.sections)
    omni = [item for item in labelled if item.paper.title.startswith("OmniQuant")]
    assert len(omni) == 1 and len(omni[0].sections) == 2  # listed under two leaves: one multi-label example
    assert sum(1 for item in labelled if item.paper.abstract) >= 200


def test_a_shared_arxiv_id_on_different_papers_neither_merges_them_nor_borrows_an_abstract(survey_readme_text):
    doc = parse(survey_readme_text)
    labelled = labelled_from_readme(doc, AbstractCache.load(DATA / "abstracts.jsonl"))
    same_id = [item for item in labelled if item.paper.arxiv_id == "2312.09571"]
    assert {item.paper.title[:6] for item in same_id} == {"Zephyr", "Extend"}
    extending = next(item for item in same_id if item.paper.title.startswith("Extend"))
    assert "distill" not in extending.paper.abstract.lower()


def test_abstracts_join_by_id_then_by_title():
    cache = AbstractCache([{"arxiv_id": "2401.00001", "title": "Fast Things", "abstract": "A."},
                           {"arxiv_id": None, "title": "Slow Things: A Study", "abstract": "B."}])
    assert cache.abstract_for("2401.00001", "Fast things") == "A."
    assert cache.abstract_for(None, "slow things - a study") == "B."
    assert cache.abstract_for("2401.00001", "Completely Different Paper") == ""
    assert cache.abstract_for("2401.99999", "Unknown") == ""


def test_history_labels_are_the_snapshot_sections_and_removed_entries_are_skipped(tmp_path):
    path = _write(tmp_path / "h.jsonl", [
        {"title": "Later", "arxiv_id": "2402.1", "first_seen": "2024-02-01", "sections_in_snapshot": [["A", "B"]]},
        {"title": "Gone", "arxiv_id": None, "first_seen": "2023-05-01", "sections_in_snapshot": None},
        {"title": "Earlier", "arxiv_id": None, "first_seen": "2023-12-01", "sections_in_snapshot": [["A", "C"]]},
    ])
    entries = history_entries(path, AbstractCache())
    assert [(h.paper.title, h.sections) for h in entries] == [("Earlier", (("A", "C"),)), ("Later", (("A", "B"),))]


def test_negatives_exclude_listed_papers_by_id_or_title(tmp_path):
    rows = [{"arxiv_id": "1", "title": "Listed By Id", "source": "stream", "split": "train"},
            {"arxiv_id": "2", "title": "Listed  by TITLE", "source": "llm_papers", "split": "train"},
            {"arxiv_id": "3", "title": "Not listed", "source": "stream", "split": "heldout", "date": "2025-12-30"}]
    path = _write(tmp_path / "n.jsonl", rows)
    from classifiers.dataset import Paper

    negs = read_negatives(path, [Paper("1", "x"), Paper(None, "Listed by title")])
    assert [(n.paper.arxiv_id, n.split) for n in negs] == [("3", "heldout")]


def test_evaluation_never_counts_a_paper_the_readme_or_its_history_lists_as_a_stream_negative(tmp_path):
    entry = "- Listed Now, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00001)]"
    doc = parse(f"# Survey\n## A\n### B\n{entry}\n")
    in_b = {"sections_in_snapshot": [["A", "B"]]}
    history = _write(tmp_path / "h.jsonl", [
        {"title": "Listed Now", "arxiv_id": "2401.00001", "first_seen": "2024-01-05", **in_b},
        {"title": "Added Early", "arxiv_id": "2301.00002", "first_seen": "2023-02-01", **in_b},
    ])
    negatives = _write(tmp_path / "n.jsonl", [
        {"arxiv_id": "9", "title": "Listed now", "source": "llm_papers", "split": "heldout"},  # the README's, by title
        {"arxiv_id": "2301.00002", "title": "Renamed Since", "source": "llm_papers", "split": "train"},  # history's
        {"arxiv_id": "2512.00003", "title": "A Stream Paper", "source": "stream", "split": "train"},
        {"arxiv_id": "2512.00004", "title": "A Later Stream Paper", "source": "stream", "split": "heldout"},
    ])
    split = evaluation_split(doc, AbstractCache(), history, negatives)
    assert [h.paper.title for h in split.history] == ["Added Early", "Listed Now"]
    assert [p.arxiv_id for p in split.train_negatives] == ["2512.00003"]
    assert [p.arxiv_id for p in split.heldout] == ["2512.00004"]
    with pytest.raises(ModelError, match="no survey history at"):
        evaluation_split(doc, AbstractCache(), tmp_path / "missing.jsonl", negatives)
    _write(negatives, [{"arxiv_id": "2512.00003", "title": "A Stream Paper", "source": "stream", "split": "train"}])
    with pytest.raises(ModelError, match="has no held-out stream days"):
        evaluation_split(doc, AbstractCache(), history, negatives)


def test_negative_sample_holds_out_whole_last_days_excludes_listed_and_is_reproducible(tmp_path):
    stream = _write(tmp_path / "stream.jsonl", [
        {"arxiv_id": f"25{d:02d}.{i:05d}", "title": f"Paper {d} {i}", "abstract": "x", "date": f"2025-01-{d:02d}"}
        for d in range(1, 11) for i in range(20)])
    tagged = _write(tmp_path / "tagged.jsonl", [
        {"arxiv_id": "2301.00001", "title": "A listed paper", "abstract": "y", "year": "2023", "tags": []},
        {"arxiv_id": "2301.00002", "title": "An efficiency paper", "abstract": "y", "tags": ["Quantization"]},
        {"arxiv_id": "2301.00003", "title": "An agents paper", "abstract": "y", "tags": ["Agentic"]},
        {"arxiv_id": None, "title": "No id", "abstract": "y", "tags": []}])
    listed = [{"arxiv_id": "2301.00001", "title": "A listed paper"}, {"arxiv_id": None, "title": "Paper 2 3"}]
    out1, out2 = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    counts = build_negatives(stream, tagged, listed, out1, heldout_days=3, n_stream=50, n_tagged=10)
    build_negatives(stream, tagged, listed, out2, heldout_days=3, n_stream=50, n_tagged=10)
    assert out1.read_bytes() == out2.read_bytes()
    rows = list(read_jsonl(out1))
    held = [r for r in rows if r["split"] == "heldout"]
    train = [r for r in rows if r["split"] == "train"]
    assert counts["heldout_from"] == "2025-01-08"
    assert {r["date"] for r in held} == {"2025-01-08", "2025-01-09", "2025-01-10"} and len(held) == 60
    assert all(r["date"] < "2025-01-08" for r in train if r["source"] == "stream")
    ids = {r["arxiv_id"] for r in rows}
    assert "2301.00001" not in ids
    assert "2502.00003" not in ids  # "Paper 2 3" is listed (by title)
    assert {r["arxiv_id"] for r in train if r["source"] == "llm_papers"} == {"2301.00003"}
