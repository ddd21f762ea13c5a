"""`litbot comment`: the GitHub event file, and the offline twin on a local clone (replies and reactions on disk)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bot.cli import main
from bot.paper import Paper
from bot.pr_body import parse_block
from bot.readme import parse

BRANCH = "litbot/arxiv-2025-03-04"
NEW = Paper("2506.01234", "FastDraft: Speculative Decoding with Tiny Drafters for Faster LLM Inference",
            "A small draft model proposes tokens that the large model verifies in parallel.")


@pytest.fixture
def cli_logging():
    """bot.cli.main configures the root logger onto this test's captured stderr; put it back afterwards."""
    import logging

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


@pytest.fixture
def local_pr(git_clone, make_proposals, tmp_path, cli_logging):
    """A local litbot PR of three papers on git_clone, proposed through `litbot propose`."""
    papers = make_proposals(3)
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in papers), encoding="utf-8")
    assert main(["propose", "--input", str(path), "--local", str(git_clone), "--date", "2025-03-04"]) == 0
    return papers


def git(clone: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=clone, check=True, capture_output=True, text=True).stdout


def comment(clone: Path, text: str, *more: str) -> int:
    return main(["comment", "--local", str(clone), "--pr", "2025-03-04", "--text", text, *more])


def test_offline_drop_commits_updates_the_pr_record_and_notes_the_reaction(git_clone, local_pr, capsys):
    capsys.readouterr()
    assert comment(git_clone, "@litbot drop 2") == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [
        f"done: local PR {BRANCH} ({git_clone / '.git' / 'litbot' / 'arxiv-2025-03-04.md'})",
        f"  + @litbot drop 2: dropped #2 Paper1: Efficient Inference Trick Number 1 ({local_pr[1].arxiv_id}) from "
        f"{local_pr[1].leaf}",
        "  reaction: +1"]
    assert local_pr[1].entry_line not in git(git_clone, "show", f"{BRANCH}:README.md")
    assert git(git_clone, "log", "-1", "--format=%s", BRANCH).strip() == f"Drop Paper1 from {local_pr[1].leaf}"
    records = git_clone / ".git" / "litbot"
    body = (records / "arxiv-2025-03-04.md").read_text(encoding="utf-8")
    assert parse_block(body).dropped == (local_pr[1].arxiv_id,)
    assert "litbot:dropped" in json.loads((records / "arxiv-2025-03-04.json").read_text())["labels"]
    assert (records / "arxiv-2025-03-04.comments.md").read_text() == "litbot reacted +1 to comment 0\n"


def test_offline_undo_reads_the_branch_log(git_clone, local_pr, capsys):
    before = git(git_clone, "show", f"{BRANCH}:README.md")
    assert comment(git_clone, "@litbot move 1 to Speculative Decoding") == 0
    assert comment(git_clone, "@litbot undo") == 0
    assert git(git_clone, "show", f"{BRANCH}:README.md") == before
    assert "  + @litbot undo: undid 'Move Paper0 to Speculative Decoding" in capsys.readouterr().out


def test_offline_add_takes_the_paper_from_the_load_file(git_clone, local_pr, tmp_path, capsys):
    papers = tmp_path / "papers.jsonl"
    papers.write_text(json.dumps(NEW.to_dict()) + "\n", encoding="utf-8")
    assert comment(git_clone, "@litbot add 2506.01234 to speculative decoding", "--load", str(papers)) == 0
    doc = parse(git(git_clone, "show", f"{BRANCH}:README.md"))
    assert [e.section[-1] for e in doc.entries if e.arxiv_id == "2506.01234"] == ["Speculative Decoding"]


def test_a_failed_command_replies_with_why_and_exits_zero(git_clone, local_pr, capsys):
    assert comment(git_clone, "@litbot move 1 to quantum gravity") == 0
    out = capsys.readouterr().out
    assert "  ! @litbot move 1 to quantum gravity: no leaf section like 'quantum gravity'" in out
    assert out.startswith("failed: local PR") and "reaction: confused" in out
    notes = (git_clone / ".git" / "litbot" / "arxiv-2025-03-04.comments.md").read_text()
    assert "**litbot** replied:" in notes and "not done" in notes


def test_a_recorded_event_is_replayed_on_a_clone(git_clone, local_pr, tmp_path, capsys):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({
        "action": "created", "repository": {"full_name": "survey-owner/Efficient-LLMs-Survey"},
        "issue": {"number": 7, "pull_request": {"url": "https://api.github.com/repos/o/r/pulls/7"}},
        "comment": {"id": 99, "body": "@litbot drop 3", "user": {"login": "alice", "type": "User"}},
    }), encoding="utf-8")
    assert main(["comment", "--event", str(event), "--local", str(git_clone), "--pr", BRANCH]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "  reaction: +1"
    assert local_pr[2].entry_line not in git(git_clone, "show", f"{BRANCH}:README.md")


def test_an_event_that_is_not_a_pr_comment_is_ignored_and_a_broken_one_is_an_error(tmp_path, capsys, cli_logging):
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"action": "created", "issue": {"number": 3},
                                 "comment": {"id": 1, "body": "@litbot drop 1", "user": {"login": "a"}}}))
    assert main(["comment", "--event", str(event)]) == 0
    assert capsys.readouterr().out == "ignored: the comment is not on a pull request\n"
    event.write_text("{not json")
    assert main(["comment", "--event", str(event)]) == 1
    assert "cannot read the event file" in capsys.readouterr().err
    assert main(["comment", "--text", "@litbot undo"]) == 1
    assert "--text needs --pr" in capsys.readouterr().err
