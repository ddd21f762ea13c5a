"""The local-git twin runs the same flow with real git: a branch, one commit per paper, the PR body in a file."""

from __future__ import annotations

import json
import subprocess
from datetime import date

import pytest

from bot.errors import RepoError, StaleError
from bot.local_repo import LocalRepo
from bot.pr_body import parse_block
from bot.propose import propose
from bot.readme import parse

DAY = date(2025, 3, 4)
BRANCH = "litbot/arxiv-2025-03-04"


def git(path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=path, check=True, capture_output=True, text=True).stdout


def snapshot(path) -> tuple[str, str, str]:
    """Everything a run could change: refs, the working tree's status, and the checked-out README."""
    return (git(path, "for-each-ref"), git(path, "status", "--porcelain", "--ignored"),
            (path / "README.md").read_text(encoding="utf-8"))


def test_a_run_makes_a_branch_with_one_commit_per_paper_and_writes_the_body(git_clone, make_proposals,
                                                                             survey_readme_text):
    papers = make_proposals(3)
    before_status = git(git_clone, "status", "--porcelain")
    out = propose(LocalRepo(git_clone), DAY, papers)

    assert out.action == "opened"
    log = git(git_clone, "log", "--format=%s", f"main..{BRANCH}").splitlines()
    assert log == [p.commit_message for p in reversed(papers)]
    author = git(git_clone, "log", "-1", "--format=%an <%ae>", BRANCH).strip()
    assert author == "litbot <litbot@users.noreply.github.com>"
    text = git(git_clone, "show", f"{BRANCH}:README.md")
    for p in papers:
        assert parse(text).entries_in(p.section)[0].arxiv_id == p.arxiv_id
    diff = git(git_clone, "diff", "--numstat", "main", BRANCH).split()
    assert diff[:2] == ["3", "0"]  # insert-only
    # The checkout is untouched: same branch, same README, clean status.
    assert git(git_clone, "branch", "--show-current").strip() == "main"
    assert (git_clone / "README.md").read_text(encoding="utf-8") == survey_readme_text
    assert git(git_clone, "status", "--porcelain") == before_status

    body_file = git_clone / ".git" / "litbot" / "arxiv-2025-03-04.md"
    assert out.pr.url == str(body_file)
    body = body_file.read_text(encoding="utf-8")
    assert parse_block(body).arxiv_ids == {p.arxiv_id for p in papers}
    assert "Add 3 papers from arXiv (2025-03-04)" in (body_file.with_suffix(".json")).read_text()


def test_a_clean_rerun_changes_nothing_and_more_papers_extend_the_same_branch(git_clone, make_proposals):
    papers = make_proposals(4)
    propose(LocalRepo(git_clone), DAY, papers[:2])
    before = snapshot(git_clone) + ((git_clone / ".git/litbot/arxiv-2025-03-04.md").read_text(),)
    assert propose(LocalRepo(git_clone), DAY, papers[:2]).action == "unchanged"
    assert snapshot(git_clone) + ((git_clone / ".git/litbot/arxiv-2025-03-04.md").read_text(),) == before

    out = propose(LocalRepo(git_clone), DAY, papers)
    assert out.action == "updated" and len(out.in_pr) == 4
    assert len(git(git_clone, "log", "--format=%s", f"main..{BRANCH}").splitlines()) == 4
    assert len(list((git_clone / ".git/litbot").glob("*.md"))) == 1


def test_dry_run_prints_diff_and_body_and_changes_nothing(git_clone, make_proposals):
    papers = make_proposals(2)
    before = snapshot(git_clone)
    out = propose(LocalRepo(git_clone), DAY, papers, dry_run=True)
    assert snapshot(git_clone) == before and not (git_clone / ".git/litbot").exists()
    assert out.diff.startswith("--- a/README") and all(f"+{p.entry_line}\n" in out.diff for p in papers)
    assert parse_block(out.body).arxiv_ids == {p.arxiv_id for p in papers}


def test_a_deleted_branch_means_rejected_and_force_proposes_again(git_clone, make_proposals):
    a, b = make_proposals(2)
    propose(LocalRepo(git_clone), date(2025, 3, 1), (a,))
    git(git_clone, "branch", "-D", "litbot/arxiv-2025-03-01")
    out = propose(LocalRepo(git_clone), DAY, (a, b))
    assert [p.arxiv_id for p in out.committed] == [b.arxiv_id]
    assert out.skipped[0].reason.startswith("rejected in local PR litbot/arxiv-2025-03-01")
    forced = propose(LocalRepo(git_clone), date(2025, 3, 5), (a,), force=True)
    assert [p.arxiv_id for p in forced.committed] == [a.arxiv_id]


def test_a_merged_branch_counts_as_merged(git_clone, make_proposals):
    (a,) = make_proposals(1)
    propose(LocalRepo(git_clone), DAY, (a,))
    git(git_clone, "merge", "-q", "--ff-only", BRANCH)
    (pr,) = LocalRepo(git_clone).list_litbot_prs()
    assert pr.state == "merged"
    assert propose(LocalRepo(git_clone), date(2025, 3, 5), (a,)).skipped[0].reason == "already listed in the README"


def test_a_write_over_a_moved_branch_is_stale(git_clone):
    repo = LocalRepo(git_clone)
    repo.create_branch(BRANCH, repo.branch_head("main"))
    old = repo.read_readme(BRANCH)
    repo.write_readme(BRANCH, old.text + "first\n", old.sha, "First")
    with pytest.raises(StaleError):
        repo.write_readme(BRANCH, old.text + "second\n", old.sha, "Second")
    assert git(git_clone, "log", "-1", "--format=%s", BRANCH).strip() == "First"


def test_a_checked_out_litbot_branch_is_refused(git_clone, make_proposals):
    propose(LocalRepo(git_clone), DAY, make_proposals(1))
    git(git_clone, "checkout", "-q", BRANCH)
    with pytest.raises(RepoError, match="check out the base branch"):
        propose(LocalRepo(git_clone), DAY, make_proposals(2))
    with pytest.raises(RepoError, match="checked out"):
        LocalRepo(git_clone, base="main").write_readme(BRANCH, "x", "y", "z")


def test_a_directory_that_is_not_a_clone_is_a_repo_error(tmp_path):
    with pytest.raises(RepoError, match="git could not find the git directory"):
        LocalRepo(tmp_path)


def test_only_arxiv_litbot_prs_are_listed(git_clone, make_proposals):
    repo = LocalRepo(git_clone)
    repo.create_branch("litbot/venues-2025-03-04", repo.branch_head("main"))
    repo.open_pr("litbot/venues-2025-03-04", "main", "Update venues", "body")
    propose(repo, DAY, make_proposals(1))
    assert [pr.branch for pr in LocalRepo(git_clone).list_litbot_prs()] == [BRANCH]


def test_a_stale_ref_lock_is_named_not_mistaken_for_a_moving_branch(git_clone, make_proposals):
    first, second = make_proposals(2)
    propose(LocalRepo(git_clone), DAY, (first,))
    lock = git_clone / ".git" / "refs" / "heads" / f"{BRANCH}.lock"
    lock.write_text("", encoding="utf-8")  # left behind by a git process that was killed mid-update
    tip = git(git_clone, "rev-parse", BRANCH)
    with pytest.raises(RepoError) as raised:
        propose(LocalRepo(git_clone), DAY, (first, second))
    message = str(raised.value)
    assert not isinstance(raised.value, StaleError) and "kept changing" not in message, message
    assert f"{BRANCH}.lock" in message and "File exists" in message and "delete that .lock file" in message
    assert git(git_clone, "rev-parse", BRANCH) == tip  # nothing moved
    lock.unlink()
    assert [p.arxiv_id for p in propose(LocalRepo(git_clone), DAY, (first, second)).committed] == [second.arxiv_id]


def test_a_folder_inside_a_clone_is_refused_instead_of_committing_to_the_clone(git_clone):
    inner = git_clone / "sub" / "dir"
    inner.mkdir(parents=True)
    before = git(git_clone, "for-each-ref")
    with pytest.raises(RepoError, match=r"is a folder inside the git clone .*: pass --local "):
        LocalRepo(inner)
    assert git(git_clone, "for-each-ref") == before
    assert LocalRepo(git_clone).path == git_clone.resolve()


def test_commits_are_by_the_bot_identity_not_the_git_user_of_the_clone(git_clone, make_proposals):
    """The clone has its own user.name ("Test Maintainer"); litbot's commits still say who made them."""
    propose(LocalRepo(git_clone), DAY, make_proposals(1))
    who = git(git_clone, "log", "-1", "--format=%an <%ae>|%cn <%ce>", BRANCH).strip()
    assert who == "litbot <litbot@users.noreply.github.com>|litbot <litbot@users.noreply.github.com>"
    propose(LocalRepo(git_clone, identity=("Survey Bot", "bot@example.org")), DAY, make_proposals(1, start=1))
    assert git(git_clone, "log", "-1", "--format=%an <%ae>|%cn <%ce>", BRANCH).strip() == (
        "Survey Bot <bot@example.org>|Survey Bot <bot@example.org>")
    assert git(git_clone, "log", "-1", "--format=%an", "main").strip() == "Test Maintainer"  # the user's own, as it was


def test_the_configured_identity_reaches_commits_made_from_the_command_line(tmp_path, git_clone, make_proposals,
                                                                            monkeypatch):
    from bot.cli import main

    src = tmp_path / "p.jsonl"
    src.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in make_proposals(1)))
    monkeypatch.setenv("LITBOT_REPO_COMMIT_NAME", "Curator Bot")
    monkeypatch.setenv("LITBOT_REPO_COMMIT_EMAIL", "curator-bot@example.org")
    assert main(["propose", "--input", str(src), "--local", str(git_clone), "--date", DAY.isoformat()]) == 0
    assert git(git_clone, "log", "-1", "--format=%an <%ae>", BRANCH).strip() == "Curator Bot <curator-bot@example.org>"
