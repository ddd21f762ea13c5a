"""--json on every command that prints a result: one object on stdout, its shape in --help, notes on stderr."""

from __future__ import annotations

import json
import logging
import subprocess
from datetime import date
from pathlib import Path

import pytest

from bot.cli import COMMANDS, build_parser, main
from bot.store import Store, TriageItem
from tests.conftest import FAKE_GITHUB_TOKEN
from tests.fakes.arxiv import FIXTURES

REPO = Path(__file__).resolve().parent.parent
RSS_86 = FIXTURES / "arxiv_rss_atom_cs.AI_2025-08-20_86entries_repaired.xml"
SAMPLE_DAY = REPO / "data" / "samples" / "arxiv-2025-06-10.atom.xml"
NOT_A_RESULT = {"serve"}  # a daemon: it logs, it has no result to print


@pytest.fixture(autouse=True)
def restore_logging():
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def subparsers():
    action = next(a for a in build_parser()._actions if a.dest == "command")
    return action.choices


def stdout_object(capsys) -> tuple[dict, str]:
    """The one JSON object stdout must hold (nothing else), and stderr."""
    out = capsys.readouterr()
    return json.loads(out.out), out.err


@pytest.mark.parametrize("name", [c for c in COMMANDS if c not in NOT_A_RESULT])
def test_every_command_that_prints_a_result_documents_its_json_shape(name):
    text = subparsers()[name].format_help()
    assert "--json" in text and "one JSON object on stdout" in text and "{" in text.split("--json", 1)[1]


def test_sections(capsys):
    assert main(["sections", "--json"]) == 0
    data, _ = stdout_object(capsys)
    assert data["entries"] == 422 and data["leaf_sections"] == 49
    assert data["sections"][0] == {"path": ["Model-Centric Methods"], "entries": 306, "leaf": False}
    assert sum(s["leaf"] for s in data["sections"]) == 49


def test_init_and_init_workflow(tmp_path, capsys):
    assert main(["init", str(tmp_path / "litbot.toml"), "--json"]) == 0
    data, err = stdout_object(capsys)
    assert data == {"written": [str(tmp_path / "litbot.toml")], "warnings": []} and "wrote" in err
    assert main(["init", "--workflow", str(tmp_path / "wf"), "--action", "me/litbot@v1", "--json"]) == 0
    data, _ = stdout_object(capsys)
    assert [Path(p).name for p in data["written"]] == ["litbot.yml", "litbot-lint.yml"]
    assert "not pinned to a full commit SHA" in data["warnings"][0]


def test_classify_one_paper_and_a_file(tmp_path, capsys, tiny_model_dir):
    assert main(["classify", "--title", "Speculative decoding with a small draft model", "--abstract",
                 "We speed up LLM inference by drafting tokens.", "--model", str(tiny_model_dir), "--json"]) == 0
    data, _ = stdout_object(capsys)
    assert data["title"].startswith("Speculative decoding") and 0 <= data["relevance"] <= 1
    assert data["threshold"] > 0 and data["sections"][0]["path"]
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    src.write_text('{"arxiv_id": "1", "title": "KV cache", "abstract": "x"}\nnot json\n')
    assert main(["classify", "--input", str(src), "--output", str(dst), "--model", str(tiny_model_dir), "--json"]) == 0
    data, _ = stdout_object(capsys)
    assert data == {"output": str(dst), "classified": 1, "errors": 1}


def test_fetch(tmp_path, capsys):
    assert main(["fetch", "--load", str(RSS_86), "--state", str(tmp_path / "s.sqlite"), "--json"]) == 0
    data, _ = stdout_object(capsys)
    assert data["days"][0]["day"] == "2025-08-20" and data["days"][0]["papers"] == 86
    assert (data["days"][0]["new"], data["days"][0]["cross"], data["days"][0]["new_to_store"]) == (41, 45, 86)
    assert data["counts"]["new"] == 86 and data["errors"] == [] and data["output"] is None


def test_propose_and_learn_on_a_local_clone(tmp_path, capsys, git_clone, make_proposals):
    papers = make_proposals(2)
    src = tmp_path / "p.jsonl"
    src.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in papers))
    assert main(["propose", "--input", str(src), "--local", str(git_clone), "--date", "2025-03-04", "--json"]) == 0
    data, _ = stdout_object(capsys)
    assert data["action"] == "opened" and data["branch"] == "litbot/arxiv-2025-03-04"
    assert [c["arxiv_id"] for c in data["committed"]] == [p.arxiv_id for p in papers] and data["problems"] == []

    subprocess.run(["git", "merge", "-q", "--ff-only", "litbot/arxiv-2025-03-04"], cwd=git_clone, check=True)
    assert main(["learn", "--local", str(git_clone), "--state", str(tmp_path / "s.sqlite"), "--data", str(tmp_path),
                 "--no-retrain", "--json"]) == 0
    data, _ = stdout_object(capsys)
    assert (data["prs_read"], data["positives"], data["negatives"], data["retrained"]) == (1, 2, 0, None)
    assert data["new"][0]["arxiv_id"] == papers[0].arxiv_id and data["new"][0]["label"] == "positive"


def test_add_prints_its_plan_on_stderr_and_the_object_on_stdout(tmp_path, capsys, git_clone):
    papers = tmp_path / "papers.jsonl"
    papers.write_text(json.dumps({"arxiv_id": "2599.00001", "title": "A New Drafting Trick",
                                  "abstract": "Drafts tokens.", "authors": ["A. Author"]}) + "\n")
    assert main(["add", "2599.00001", "--section", "Speculative Decoding", "--yes", "--load", str(papers),
                 "--local", str(git_clone), "--state", str(tmp_path / "s.sqlite"), "--date", "2025-03-04",
                 "--data", str(tmp_path), "--json"]) == 0
    data, err = stdout_object(capsys)
    assert "will propose 1 paper" in err
    assert data["planned"][0]["section"][-1] == "Speculative Decoding" and data["planned"][0]["as_given"]
    assert data["proposed"]["committed"][0]["arxiv_id"] == "2599.00001"


def test_triage_list_and_batch(tmp_path, capsys):
    state = str(tmp_path / "s.sqlite")
    assert main(["triage", "--list", "--state", state, "--json"]) == 0
    data, _ = stdout_object(capsys)
    assert data == {"queue": [], "counts": {}}
    assert main(["triage", "--state", state, "--json"]) == 1
    assert "--json goes with --list or --batch" in capsys.readouterr().err
    prediction = {"title": "A Queued Paper", "relevance": 0.5, "relevant": True, "needs_triage": True,
                  "sections": [{"path": ["Efficient Inference", "Speculative Decoding"], "score": 0.3}],
                  "why": {"terms": [], "section_terms": [], "nearest": []}}
    with Store(state) as store:
        store.enqueue_triage([TriageItem("2506.00001", date(2025, 6, 10), "unsure-section", prediction)])
    assert main(["triage", "--list", "--state", state]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2506.00001   2025-06-10 pending  0.50  A Queued Paper",
        "             -> Efficient Inference > Speculative Decoding",
        "1 queued: 1 pending"]
    assert main(["triage", "--list", "--state", state, "--json"]) == 0
    data, err = stdout_object(capsys)
    assert data["counts"] == {"pending": 1} and data["queue"][0]["predicted"][-1] == "Speculative Decoding"
    assert data["queue"][0]["title"] == "A Queued Paper" and err == "1 queued: 1 pending\n"


def test_keepalive(github_fake, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_TOKEN", FAKE_GITHUB_TOKEN)
    monkeypatch.setenv("LITBOT_REPO_API_URL", github_fake.base_url)
    assert main(["keepalive", "--repo", github_fake.full_name, "--workflow", "litbot.yml", "--json"]) == 0
    data, _ = stdout_object(capsys)
    assert data == {"repo": github_fake.full_name, "workflow": "litbot.yml", "enabled": True}


def test_run_json_keeps_stdout_parseable_and_says_its_steps_on_stderr_at_v(tmp_path, capsys, git_clone,
                                                                          tiny_model_dir):
    code = main(["-v", "run", "--json", "--load", str(SAMPLE_DAY), "--local", str(git_clone), "--state",
                 str(tmp_path / "s.sqlite"), "--model", str(tiny_model_dir), "--no-learn"])
    data, err = stdout_object(capsys)
    assert code == 0 and data["ok"] and data["days"] == ["2025-06-10"]
    for step in ("fetch", "dedupe", "classify", "propose", "record"):
        assert f"litbot run: {step}" in err
    assert main(["-q", "run", "--json", "--load", str(SAMPLE_DAY), "--local", str(git_clone), "--state",
                 str(tmp_path / "s.sqlite"), "--model", str(tiny_model_dir), "--no-learn"]) == 0
    data, err = stdout_object(capsys)
    assert data["days"] == [] and err == ""  # "2025-06-10: already processed" is a note, and -q keeps it back
