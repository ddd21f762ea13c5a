"""The decisions file in the list's repository: triage writes it, every run reads it from the base branch."""

from __future__ import annotations

import json
import logging
import subprocess
from pathlib import Path

from bot.cli import main
from bot.decisions_file import PATH, merge, parse_decisions, render_decisions
from bot.store import Decision
from tests.test_triage_session import README, _leaf, queue_papers

KV = ("Model-Centric Methods", "Efficient Inference", "KV-Cache Optimization")


def test_the_file_is_one_sorted_line_per_paper_and_reads_back_the_same():
    decisions = [Decision("2506.00002", "Second", "negative", None, "triage", "rejected in triage"),
                 Decision("2506.00001", "First", "positive", KV, "triage", abstract="About caches.")]
    text = render_decisions(decisions)
    assert [json.loads(line)["arxiv_id"] for line in text.splitlines()] == ["2506.00001", "2506.00002"]
    back = parse_decisions(text)
    assert [(d.arxiv_id, d.label, d.section, d.abstract) for d in back] == [
        ("2506.00001", "positive", KV, "About caches."), ("2506.00002", "negative", None, "")]
    assert render_decisions(back) == text  # rewriting an unchanged file changes no byte


def test_a_later_line_wins_and_lines_that_are_not_decisions_are_skipped_and_named(caplog):
    text = "\n".join([
        json.dumps({"arxiv_id": "2506.00001", "title": "T", "label": "negative"}),
        "not json",
        json.dumps({"arxiv_id": "../etc", "title": "T", "label": "negative"}),
        json.dumps({"arxiv_id": "2506.00003", "title": "T", "label": "positive"}),  # no section
        json.dumps({"arxiv_id": "2506.00004", "title": "T", "label": "maybe"}),
        json.dumps({"arxiv_id": "2506.00001", "title": "T", "label": "positive", "section": list(KV)}),
    ]) + "\n"
    with caplog.at_level(logging.WARNING, logger="bot.decisions_file"):
        (only,) = parse_decisions(text, "decisions.jsonl on main")
    assert (only.arxiv_id, only.label, only.section) == ("2506.00001", "positive", KV)
    assert [r.getMessage().split(" is not")[0] for r in caplog.records] == [
        f"decisions.jsonl on main line {n}" for n in (2, 3, 4, 5)]


def test_merge_keeps_one_decision_per_paper_the_new_one_first():
    old = [Decision("2506.00001", "A", "negative"), Decision("2506.00002", "B", "negative")]
    new = [Decision("2506.00001", "A", "positive", KV)]
    assert [(d.arxiv_id, d.label) for d in merge(old, new)] == [("2506.00001", "positive"), ("2506.00002", "negative")]


def triage_batch(tmp_path: Path, rows: str, *extra: str) -> int:
    csv = tmp_path / "decisions.csv"
    csv.write_text(rows, encoding="utf-8")
    return main(["triage", "--batch", str(csv), "--state", str(tmp_path / "s.sqlite"), "--readme", str(README),
                 "--data", str(tmp_path), *extra])


def test_triage_writes_its_decisions_into_the_clones_decisions_file(tmp_path, git_clone, capsys):
    queue_papers(tmp_path / "s.sqlite", n=3)
    assert triage_batch(tmp_path, "2506.00001,accept,\n2506.00002,reject\n2506.00003,skip\n",
                        "--local", str(git_clone)) == 0
    out = capsys.readouterr().out
    path = git_clone / PATH
    assert f"recorded 2 triage decisions in {path}: commit it to the list's default branch" in out
    assert [(d.arxiv_id, d.label, d.section, d.source) for d in parse_decisions(path.read_text())] == [
        ("2506.00001", "positive", _leaf("Weight-Only Quantization"), "triage"),
        ("2506.00002", "negative", None, "triage")]
    # a later session changes one decision; what the file already held stays, and the file is rewritten sorted
    assert triage_batch(tmp_path, "2506.00002,accept,KV-Cache Optimization\n", "--local", str(git_clone)) == 0
    assert [(d.arxiv_id, d.label) for d in parse_decisions(path.read_text())] == [
        ("2506.00001", "positive"), ("2506.00002", "positive")]
    # once committed, the base branch holds it: that is what runs read
    subprocess.run(["git", "add", PATH], cwd=git_clone, check=True, capture_output=True)
    subprocess.run(["git", "commit", "-qm", "Triage decisions"], cwd=git_clone, check=True, capture_output=True)
    from bot.local_repo import LocalRepo

    repo = LocalRepo(git_clone)
    assert parse_decisions(repo.read_text(PATH, "main")) == parse_decisions(path.read_text())
    assert repo.read_text(".litbot/none.jsonl", "main") is None


def test_triage_without_a_clone_says_the_decisions_stay_in_the_state_file(tmp_path, capsys):
    queue_papers(tmp_path / "s.sqlite", n=1)
    assert triage_batch(tmp_path, "2506.00001,reject\n", "--local", str(tmp_path / "no-clone")) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"the 1 triage decisions are in the state file only: pass --record CLONE/{PATH}" in out
    assert triage_batch(tmp_path, "2506.00001,reject\n", "--record", str(tmp_path / "d.jsonl")) == 0
    assert [d.arxiv_id for d in parse_decisions((tmp_path / "d.jsonl").read_text())] == ["2506.00001"]


def test_github_reads_the_decisions_file_and_a_missing_one_is_none(github_fake, github_repo):
    repo = github_repo()
    assert repo.read_text(PATH, "main") is None
    github_fake.commit_file("main", PATH, render_decisions([Decision("2506.00009", "X", "negative")]))
    assert [d.arxiv_id for d in parse_decisions(repo.read_text(PATH, "main"))] == ["2506.00009"]
