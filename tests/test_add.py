"""`litbot add`: fetch (loopback arXiv or --load), place, confirm, propose on the day's branch; refuse listed papers."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest

from bot.cli import main
from bot.paper import Paper
from bot.readme import parse
from bot.store import Store

BRANCH = "litbot/arxiv-2025-06-10"
NEW = Paper("2506.01234", "FastDraft: Speculative Decoding with Tiny Drafters for Faster LLM Inference",
            "A small draft model proposes tokens that the large model verifies in parallel, speeding up decoding.",
            comments="Accepted at ICLR 2025. Code: https://github.com/example/fastdraft")


@pytest.fixture(autouse=True)
def no_arxiv_pacing(monkeypatch):
    monkeypatch.setenv("LITBOT_ARXIV_DELAY_SECONDS", "0")


def add(tmp_path: Path, clone: Path, *args: str) -> int:
    return main(["add", *args, "--local", str(clone), "--state", str(tmp_path / "s.sqlite"), "--data", str(tmp_path),
                 "--date", "2025-06-10"])


def branch_readme(clone: Path) -> str | None:
    done = subprocess.run(["git", "show", f"{BRANCH}:README.md"], cwd=clone, capture_output=True, text=True)
    return done.stdout if done.returncode == 0 else None


def test_add_with_a_section_fetches_formats_and_commits_to_the_days_branch(tmp_path, git_clone, arxiv_fake, capsys):
    arxiv_fake.add_api_papers([NEW])
    code = add(tmp_path, git_clone, "2506.01234v2", "--section", "speculative decoding", "--yes",
               "--arxiv-api-url", arxiv_fake.api_url)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "will propose 1 paper on litbot/arxiv-2025-06-10" in out and "(as given)" in out
    line = ("- FastDraft: Speculative Decoding with Tiny Drafters for Faster LLM Inference, <ins>ICLR, 2025</ins> "
            "[[Paper](https://arxiv.org/abs/2506.01234)] [[Code](https://github.com/example/fastdraft)]")
    assert line in out
    doc = parse(branch_readme(git_clone))
    (entry,) = [e for e in doc.entries if e.arxiv_id == "2506.01234"]
    assert entry.raw == line and entry.section[-1] == "Speculative Decoding"
    with Store(tmp_path / "s.sqlite") as store:
        (d,) = store.decisions()
        assert (d.label, d.section, d.source) == ("positive", entry.section, "add")
        assert store.outcomes(["2506.01234"])["2506.01234"].outcome == "proposed"
        assert store.paper("2506.01234").abstract.startswith("A small draft model")
    assert json.loads((tmp_path / "decisions.jsonl").read_text())["abstract"].startswith("A small draft")


def test_a_listed_paper_is_refused_with_its_section_and_line_without_asking_arxiv(tmp_path, git_clone, arxiv_fake,
                                                                                  capsys, survey_readme_text):
    entry = next(e for e in parse(survey_readme_text).entries if e.arxiv_id == "2403.01241")
    code = add(tmp_path, git_clone, "2403.01241", "--yes", "--arxiv-api-url", arxiv_fake.api_url)
    out = capsys.readouterr().out
    assert code == 1
    assert f"2403.01241 is already listed: {' > '.join(entry.section)} (README line {entry.line_no + 1})" in out
    assert arxiv_fake.requests == [] and branch_readme(git_clone) is None


def test_without_yes_it_asks_and_a_no_proposes_nothing(tmp_path, git_clone, arxiv_fake, capsys, monkeypatch):
    arxiv_fake.add_api_papers([NEW])
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code = add(tmp_path, git_clone, "2506.01234", "--section", "Speculative Decoding",
               "--arxiv-api-url", arxiv_fake.api_url)
    out = capsys.readouterr().out
    assert code == 0 and "go ahead? [y/N]" in out and "nothing proposed" in out
    assert branch_readme(git_clone) is None


def test_offline_add_is_classified_by_the_model_when_no_section_is_given(tmp_path, git_clone, tiny_model_dir, capsys):
    papers = tmp_path / "papers.jsonl"
    papers.write_text(json.dumps(NEW.to_dict()) + "\n")
    code = add(tmp_path, git_clone, "2506.01234", "--load", str(papers), "--model", str(tiny_model_dir), "--yes")
    out = capsys.readouterr().out
    assert code == 0, out
    assert "predicted, confidence" in out and "opened local PR litbot/arxiv-2025-06-10" in out
    (entry,) = [e for e in parse(branch_readme(git_clone)).entries if e.arxiv_id == "2506.01234"]
    assert entry.section[-1] == "Speculative Decoding"


def test_an_unknown_section_or_missing_paper_is_an_error(tmp_path, git_clone, arxiv_fake, capsys):
    assert add(tmp_path, git_clone, "2506.01234", "--section", "Nowhere", "--yes",
               "--arxiv-api-url", arxiv_fake.api_url) == 1
    assert "no leaf section named 'Nowhere'" in capsys.readouterr().err
    assert add(tmp_path, git_clone, "2506.09999", "--section", "Speculative Decoding", "--yes",
               "--arxiv-api-url", arxiv_fake.api_url) == 1
    assert "2506.09999: arXiv has no such paper" in capsys.readouterr().out
