"""End to end against the loopback GitHub: one branch and PR per day, one commit per paper, never a paper twice."""

from __future__ import annotations

from datetime import date

import pytest

from bot.errors import RepoError
from bot.pr_body import parse_block, render_body
from bot.propose import propose
from bot.readme import parse

DAY = date(2025, 3, 4)
BRANCH = "litbot/arxiv-2025-03-04"
WRITES = ("POST", "PUT", "PATCH")


def writes(fake, since: int = 0) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests[since:] if r.method in WRITES]


def listed_ids(text: str) -> set[str]:
    return {e.arxiv_id for e in parse(text).entries if e.arxiv_id}


def test_first_run_opens_one_pr_with_one_commit_per_paper(github_fake, github_repo, make_proposals,
                                                          survey_readme_text):
    papers = make_proposals(3)
    out = propose(github_repo(), DAY, papers)

    assert out.action == "opened" and [p.arxiv_id for p in out.committed] == [p.arxiv_id for p in papers]
    assert github_fake.history(BRANCH) == [p.commit_message for p in reversed(papers)]
    assert github_fake.history(BRANCH)[-1] == "Add Paper0 to " + papers[0].section[-1]
    branch_doc = parse(github_fake.text(BRANCH))
    for p in papers:
        assert [e.arxiv_id for e in branch_doc.entries_in(p.section)][0] == p.arxiv_id
        assert p.entry_line + "\n" in branch_doc.lines
    assert github_fake.text("main") == survey_readme_text  # the base branch is untouched
    assert len(branch_doc.lines) == len(parse(survey_readme_text).lines) + 3  # insert-only

    (pull,) = github_fake.pulls
    assert (pull.branch, pull.base, pull.state) == (BRANCH, "main", "open")
    assert pull.title == "Add 3 papers from arXiv (2025-03-04)"
    assert [(p.arxiv_id, p.section) for p in parse_block(pull.body).papers] == [(p.arxiv_id, p.section) for p in papers]
    assert "Abstract of paper 1." in pull.body and "Nearest Paper 2" in pull.body
    assert pull.labels == ["litbot"] + sorted({p.section[0] for p in papers})
    assert len(github_fake.requests) <= 4 + 2 * len(papers)


def test_clean_rerun_writes_nothing_and_opens_no_second_pr(github_fake, github_repo, make_proposals):
    papers = make_proposals(3)
    propose(github_repo(), DAY, papers)
    body, seen = github_fake.pulls[0].body, len(github_fake.requests)

    again = propose(github_repo(), DAY, papers)

    assert again.action == "unchanged" and again.committed == ()
    assert {s.reason for s in again.skipped} == {"already proposed in open PR #1"}
    assert writes(github_fake, seen) == []
    assert len(github_fake.pulls) == 1 and github_fake.pulls[0].body == body
    assert len(github_fake.history(BRANCH)) == 3


def test_rerun_with_more_papers_updates_the_same_branch_and_pr(github_fake, github_repo, make_proposals):
    first, more = make_proposals(2), make_proposals(2, start=2)
    propose(github_repo(), DAY, first)
    out = propose(github_repo(), DAY, first + more)

    assert out.action == "updated" and [p.arxiv_id for p in out.committed] == [p.arxiv_id for p in more]
    assert len(github_fake.pulls) == 1 and len(github_fake.history(BRANCH)) == 4
    pull = github_fake.pulls[0]
    assert pull.title == "Add 4 papers from arXiv (2025-03-04)"
    assert [p.arxiv_id for p in parse_block(pull.body).papers] == [p.arxiv_id for p in first + more]
    assert "Abstract of paper 0." in pull.body and "Abstract of paper 3." in pull.body


def test_papers_already_listed_are_skipped(github_fake, github_repo, make_proposals, survey_readme_text):
    listed = parse(survey_readme_text).entries[0]
    (new,) = make_proposals(1)
    old = type(new)(arxiv_id=listed.arxiv_id, title=listed.title, entry_line=listed.raw,
                    section=listed.section, confidence=0.5)
    out = propose(github_repo(), DAY, (old, new))
    assert [(s.arxiv_id, s.reason) for s in out.skipped] == [(listed.arxiv_id, "already listed in the README")]
    assert parse_block(github_fake.pulls[0].body).arxiv_ids == {new.arxiv_id}


def test_papers_in_another_open_litbot_pr_are_skipped(github_fake, github_repo, make_proposals):
    a, b = make_proposals(2)
    github_fake.add_pull("litbot/arxiv-2025-03-01", render_body(date(2025, 3, 1), (a,)), state="open")
    out = propose(github_repo(), DAY, (a, b))
    assert [(s.arxiv_id, s.reason) for s in out.skipped] == [(a.arxiv_id, "already proposed in open PR #1")]
    assert listed_ids(github_fake.text(BRANCH)) >= {b.arxiv_id} and a.arxiv_id not in listed_ids(
        github_fake.text(BRANCH))


def test_papers_of_a_closed_unmerged_pr_are_not_proposed_again_unless_forced(github_fake, github_repo,
                                                                          make_proposals):
    a, b = make_proposals(2)
    github_fake.add_pull("litbot/arxiv-2025-03-01", render_body(date(2025, 3, 1), (a,)), state="closed")
    out = propose(github_repo(), DAY, (a, b))
    assert out.skipped[0].arxiv_id == a.arxiv_id and out.skipped[0].reason.startswith("rejected in PR #1")
    assert parse_block(github_fake.pulls[-1].body).arxiv_ids == {b.arxiv_id}

    forced = propose(github_repo(), date(2025, 3, 5), (a, b), force=True)
    assert [p.arxiv_id for p in forced.committed] == [a.arxiv_id]  # b sits in the open PR of 03-04
    assert a.arxiv_id in listed_ids(github_fake.text("litbot/arxiv-2025-03-05"))


def test_merged_pr_papers_that_are_listed_count_as_listed(github_fake, github_repo, make_proposals):
    (a,) = make_proposals(1)
    propose(github_repo(), DAY, (a,))
    github_fake.commit_file("main", "README.md", github_fake.text(BRANCH), "Merge litbot PR")
    github_fake.pulls[0].state, github_fake.pulls[0].merged = "closed", True
    out = propose(github_repo(), date(2025, 3, 5), (a,))
    assert out.action == "nothing to propose" and out.skipped[0].reason == "already listed in the README"


def test_a_stale_sha_from_a_concurrent_edit_is_resolved(github_fake, github_repo, make_proposals):
    papers = make_proposals(2)
    note = "\nA maintainer's note added while litbot was working.\n"

    def maintainer_edits_the_branch():
        github_fake.commit_file(BRANCH, "README.md", github_fake.text(BRANCH) + note, "Maintainer edit")

    github_fake.before("PUT", r"/contents/README\.md$", maintainer_edits_the_branch)
    out = propose(github_repo(), DAY, papers)

    assert out.action == "opened" and len(out.committed) == 2
    assert [r.status for r in github_fake.requests if r.method == "PUT"] == [409, 200, 200]
    text = github_fake.text(BRANCH)
    assert text.endswith(note) and listed_ids(text) >= {p.arxiv_id for p in papers}
    assert github_fake.history(BRANCH) == [papers[1].commit_message, papers[0].commit_message, "Maintainer edit"]


@pytest.mark.parametrize("status", [409, 422])
def test_a_scheduled_conflict_on_write_is_retried_after_a_reread(github_fake, github_repo, make_proposals,
                                                                 status):
    github_fake.fail(status, "PUT", r"/contents/")
    out = propose(github_repo(), DAY, make_proposals(2))
    assert len(out.committed) == 2 and len(github_fake.history(BRANCH)) == 2
    assert github_fake.count("GET", r"/contents/README\.md$") == 2


def test_a_write_that_landed_before_a_502_is_not_committed_twice(github_fake, github_repo, make_proposals):
    papers = make_proposals(2)
    # The first PUT lands, then the connection drops: the retry sees a stale sha and finds the paper already there.
    github_fake.before("PUT", r"/contents/", lambda: github_fake.fail("reset", "PUT", r"/contents/"))
    out = propose(github_repo(), DAY, papers)
    assert len(out.committed) == 2 and len(github_fake.history(BRANCH)) == 2


def test_a_paper_for_an_unknown_section_is_skipped_and_the_others_go_ahead(github_fake, github_repo,
                                                                          make_proposals):
    good, bad = make_proposals(2)
    bad = type(bad)(**{**bad.__dict__, "section": ("No Such", "Section")})
    out = propose(github_repo(), DAY, (bad, good))
    assert [p.arxiv_id for p in out.committed] == [good.arxiv_id]
    assert out.skipped[0].arxiv_id == bad.arxiv_id and "cannot insert" in out.skipped[0].reason
    assert github_fake.pulls[0].title == "Add 1 paper from arXiv (2025-03-04)"


def test_dry_run_shows_the_diff_and_body_and_writes_nothing(github_fake, github_repo, make_proposals):
    papers = make_proposals(2)
    out = propose(github_repo(), DAY, papers, dry_run=True)
    assert out.action == "dry run" and writes(github_fake) == [] and github_fake.pulls == []
    added = [line[1:] for line in out.diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert added == [p.entry_line for p in sorted(papers, key=lambda p: out.diff.index(p.entry_line))]
    assert parse_block(out.body).arxiv_ids == {p.arxiv_id for p in papers}


def test_a_paper_a_maintainer_dropped_from_the_branch_stays_dropped(github_fake, github_repo, make_proposals):
    a, b = make_proposals(2)
    propose(github_repo(), DAY, (a, b))
    text = github_fake.text(BRANCH).replace(a.entry_line + "\n", "")
    github_fake.commit_file(BRANCH, "README.md", text, f"Revert \"{a.commit_message}\"")

    out = propose(github_repo(), DAY, (a, b))
    pull = github_fake.pulls[0]
    assert out.action == "updated" and pull.title == "Add 1 paper from arXiv (2025-03-04)"
    assert parse_block(pull.body).arxiv_ids == {b.arxiv_id} and parse_block(pull.body).dropped == (a.arxiv_id,)
    later = propose(github_repo(), date(2025, 3, 9), (a,))
    assert later.action == "nothing to propose" and later.skipped[0].reason.startswith("rejected in PR #1")


def test_a_closed_pr_for_the_same_day_is_not_reused(github_fake, github_repo, make_proposals):
    a, b = make_proposals(2)
    propose(github_repo(), DAY, (a,))
    github_fake.pulls[0].state = "closed"
    with pytest.raises(RepoError, match="already closed"):
        propose(github_repo(), DAY, (b,))
    assert len(github_fake.pulls) == 1


def test_ten_papers_fit_the_request_budget(github_fake, github_repo, make_proposals):
    propose(github_repo(), DAY, make_proposals(10))
    assert len(github_fake.history(BRANCH)) == 10
    assert len(github_fake.requests) <= 4 + 2 * 10


# ----- the CLI surface: `litbot propose` -----
@pytest.fixture
def cli_logging():
    """bot.cli.main configures the root logger onto this test's captured stderr; put it back afterwards."""
    import logging

    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def write_jsonl(path, papers) -> None:
    import json

    path.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in papers), encoding="utf-8")


def test_cli_proposes_on_a_local_clone_and_reports_what_it_did(git_clone, make_proposals, tmp_path, capsys,
                                                                cli_logging):
    from bot.cli import main

    papers = make_proposals(2)
    write_jsonl(tmp_path / "p.jsonl", papers)
    args = ["propose", "--input", str(tmp_path / "p.jsonl"), "--local", str(git_clone), "--date", "2025-03-04"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("opened local PR litbot/arxiv-2025-03-04: Add 2 papers from arXiv (2025-03-04)")
    assert f"+ {papers[0].arxiv_id}  Paper0 -> " in out and str(git_clone / ".git/litbot/arxiv-2025-03-04.md") in out
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("unchanged local PR")


def test_cli_dry_run_prints_diff_and_body_and_a_bad_line_fails_the_exit_code(git_clone, make_proposals,
                                                                              tmp_path, capsys, cli_logging):
    from bot.cli import main

    path = tmp_path / "p.jsonl"
    write_jsonl(path, make_proposals(1))
    path.write_text(path.read_text() + '{"arxiv_id": "nope"}\n', encoding="utf-8")
    assert main(["propose", "--input", str(path), "--local", str(git_clone), "--date", "2025-03-04",
                 "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "+- Paper0: Efficient Inference Trick Number 0" in out and "<!-- litbot: " in out
    assert f"{path}:2: " in out and "dry run" in out
    assert not (git_clone / ".git/litbot").exists()


def test_cli_with_a_bad_token_says_so_and_never_prints_it(github_fake, make_proposals, tmp_path, capsys,
                                                          monkeypatch, cli_logging):
    from bot.cli import main

    token = "ghp_LITBOTFAKETOKEN_NOT_THE_RIGHT_ONE"
    monkeypatch.setenv("GITHUB_TOKEN", token)
    (tmp_path / "litbot.toml").write_text(f'[repo]\napi_url = "{github_fake.base_url}"\n', encoding="utf-8")
    write_jsonl(tmp_path / "p.jsonl", make_proposals(1))
    code = main(["-vv", "--config", str(tmp_path / "litbot.toml"), "propose", "--input", str(tmp_path / "p.jsonl"),
                 "--repo", github_fake.full_name, "--date", "2025-03-04"])
    captured = capsys.readouterr()
    assert code == 1 and "401" in captured.err and "GITHUB_TOKEN" in captured.err
    assert "LITBOTFAKETOKEN" not in captured.out + captured.err
    assert github_fake.count() == 1 and github_fake.pulls == []
