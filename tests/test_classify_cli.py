"""`litbot classify`, `train` and `evaluate` from the command line: the exact machine interface and its failures."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bot.cli import main
from bot.readme import parse

REPO = Path(__file__).resolve().parent.parent
GOOD = {"arxiv_id": "2599.00003", "title": "Speculative decoding with a small draft model for faster LLM inference",
        "abstract": "A small draft model proposes tokens that the large model verifies in parallel."}


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_batch_output_has_one_record_per_input_line_in_order_with_errors_in_place(tmp_path, tiny_model_dir,
                                                                                 survey_readme_text):
    src = tmp_path / "in.jsonl"
    src.write_text("\ufeff" + "\n".join([json.dumps(GOOD), "{not json",
                              json.dumps({"arxiv_id": "2599.9", "abstract": "x"}),
                              json.dumps({"arxiv_id": "2599.00004", "title": "Title only, no abstract"}),
                              json.dumps({"arxiv_id": "2599.00005", "title": "Empty abstract", "abstract": ""})]))
    out = tmp_path / "out.jsonl"
    assert main(["classify", "--input", str(src), "--output", str(out), "--model", str(tiny_model_dir)]) == 0
    rows = _lines(out)
    assert len(rows) == 5
    assert [r.get("arxiv_id") for r in rows] == ["2599.00003", None, "2599.9", "2599.00004", "2599.00005"]
    assert "error" in rows[1] and rows[1]["line"] == 2 and "title" in rows[2]["error"]
    leaves = {tuple(p) for p in parse(survey_readme_text).leaf_paths()}
    for r in (rows[0], rows[3], rows[4]):
        assert set(r) == {"arxiv_id", "relevance", "relevant", "needs_triage", "sections", "why"}
        assert 0.0 <= r["relevance"] <= 1.0 and isinstance(r["relevant"], bool)
        assert len(r["sections"]) >= 5 and all(tuple(s["path"]) in leaves for s in r["sections"])
        scores = [s["score"] for s in r["sections"]]
        assert scores == sorted(scores, reverse=True)
        assert {"terms", "nearest"} <= set(r["why"])
    assert rows[0]["relevant"] and rows[0]["sections"][0]["path"][-1] == "Speculative Decoding"


def test_one_paper_by_title_prints_a_readable_verdict(capsys, tiny_model_dir):
    assert main(["classify", "--title", GOOD["title"], "--abstract", GOOD["abstract"],
                 "--model", str(tiny_model_dir)]) == 0
    out = capsys.readouterr().out
    assert "RELEVANT" in out and "Speculative Decoding" in out and "nearest listed papers" in out


def test_one_paper_by_arxiv_id_comes_from_the_data_cache_before_arxiv(capsys, tiny_model_dir, arxiv_fake):
    assert main(["classify", "2403.01241v2", "--model", str(tiny_model_dir),
                 "--arxiv-api-url", arxiv_fake.api_url]) == 0  # IntactKV, in data/abstracts.jsonl
    assert "IntactKV" in capsys.readouterr().out
    assert main(["classify", "not-an-id", "--model", str(tiny_model_dir),
                 "--arxiv-api-url", arxiv_fake.api_url]) == 1
    assert "not an arXiv id" in capsys.readouterr().err
    assert arxiv_fake.requests == []


def test_a_readme_with_another_taxonomy_is_an_error_that_says_retrain(tmp_path, capsys, tiny_model_dir,
                                                                     survey_readme_text):
    readme = tmp_path / "README.md"
    readme.write_text(survey_readme_text.replace("Weight-Only Quantization", "Weight-Only Quant"))
    code = main(["classify", "--title", "x", "--model", str(tiny_model_dir), "--readme", str(readme)])
    assert code == 1 and "re-train" in capsys.readouterr().err


def test_train_enrich_fetches_missing_abstracts_through_the_arxiv_adapter(tmp_path, capsys, arxiv_fake,
                                                                          small_survey):
    from bot.paper import Paper

    data = tmp_path / "data"
    data.mkdir()
    rows = [json.loads(line) for line in (REPO / "data" / "abstracts.jsonl").read_text().splitlines()]
    (data / "abstracts.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows
                                                  if r["arxiv_id"] != "2405.17849"))
    shutil.copy(REPO / "data" / "negatives.jsonl.gz", data / "negatives.jsonl.gz")
    arxiv_fake.add_api_papers([Paper("2405.17849", "I-LLM: Efficient Integer-Only Inference for Fully-Quantized "
                                     "Low-Bit Large Language Models", "Integer-only quantized inference.")])
    code = main(["train", "--enrich", "--arxiv-api-url", arxiv_fake.api_url, "--data", str(data),
                 "--readme", str(small_survey.readme), "--out", str(tmp_path / "model"), "--limit", "200"])
    assert code == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "abstracts added" in out and (tmp_path / "model" / "model.skops").exists()
    cached = {json.loads(line)["arxiv_id"]: json.loads(line) for line in (data / "abstracts.jsonl").open()}
    assert cached["2405.17849"]["abstract"] == "Integer-only quantized inference."
    assert any(r.path == "/api/query" for r in arxiv_fake.requests)


def test_train_enrich_offline_twin_reads_a_papers_file(tmp_path, capsys, small_survey):
    data = tmp_path / "data"
    data.mkdir()
    (data / "abstracts.jsonl").write_text("")
    shutil.copy(REPO / "data" / "negatives.jsonl.gz", data / "negatives.jsonl.gz")
    papers = tmp_path / "papers.jsonl"
    papers.write_text(json.dumps({"arxiv_id": "2405.17849", "title": "I-LLM", "abstract": "Offline abstract."}) + "\n")
    assert main(["train", "--enrich", "--load", str(papers), "--data", str(data), "--out", str(tmp_path / "m"),
                 "--readme", str(small_survey.readme), "--limit", "200", "--json"]) == 0
    assert "Offline abstract." in (data / "abstracts.jsonl").read_text()
    out = capsys.readouterr()
    result = json.loads(out.out)  # --json: stdout is the one object; the readable lines went to stderr
    assert result["model"] == str(tmp_path / "m") and result["abstracts_added"] == 1
    assert result["negatives"] == 200 and 0 < result["relevance_threshold"] < 1 and len(result["data_sha256"]) == 64
    assert "abstracts added to" in out.err


def test_train_enrich_skips_records_that_are_not_papers_and_keeps_the_rest(tmp_path, capsys, small_survey):
    """A paper index may hold records without an arXiv id (the shared LLM index has 203); they must not stop
    enrichment, and a file with no paper record at all is a clear error."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "abstracts.jsonl").write_text("")
    shutil.copy(REPO / "data" / "negatives.jsonl.gz", data / "negatives.jsonl.gz")
    papers = tmp_path / "index.jsonl"
    papers.write_text("\n".join([json.dumps({"arxiv_id": None, "title": "A paper with no id", "abstract": "x"}),
                                 json.dumps({"arxiv_id": "2405.17849", "title": "I-LLM", "abstract": "Kept."}),
                                 "[1, 2]"]) + "\n")
    assert main(["train", "--enrich", "--load", str(papers), "--data", str(data), "--out", str(tmp_path / "m"),
                 "--readme", str(small_survey.readme), "--limit", "200"]) == 0
    assert "Kept." in (data / "abstracts.jsonl").read_text()
    err = capsys.readouterr().err
    assert "2 of 3 records in" in err and "index.jsonl:1: not a paper record" in err

    papers.write_text(json.dumps({"arxiv_id": None, "title": "No id"}) + "\n{oops\n")
    assert main(["train", "--enrich", "--load", str(papers), "--data", str(data), "--out", str(tmp_path / "m2"),
                 "--readme", str(small_survey.readme), "--limit", "200"]) != 0
    assert "index.jsonl:1: not a paper record" in capsys.readouterr().err
    assert not (tmp_path / "m2").exists()


def test_an_id_neither_cached_nor_on_arxiv_is_a_clear_error(capsys, tiny_model_dir, arxiv_fake):
    code = main(["classify", "2599.99999", "--model", str(tiny_model_dir), "--arxiv-api-url", arxiv_fake.api_url])
    assert code == 1 and "arXiv has no paper 2599.99999" in capsys.readouterr().err
    assert [r.path for r in arxiv_fake.requests] == ["/api/query"]
