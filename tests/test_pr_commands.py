"""`@litbot` comments on a litbot PR, end to end through the loopback GitHub: who may command, what each command
does to the branch, the table, the block and the labels, and what happens when a push races a command."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.commands.comment import paper_fetcher
from bot.learn import derive
from bot.paper import Paper
from bot.pr_body import parse_block
from bot.pr_commands.apply import respond
from bot.pr_commands.event import from_payload
from bot.propose import propose
from bot.readme import parse

DAY = date(2025, 3, 4)
BRANCH = "litbot/arxiv-2025-03-04"
WRITES = ("POST", "PUT", "PATCH")
NEW = Paper("2506.01234", "FastDraft: Speculative Decoding with Tiny Drafters for Faster LLM Inference",
            "A small draft model proposes tokens that the large model verifies in parallel, speeding up decoding.",
            comments="Accepted at ICLR 2025. Code: https://github.com/example/fastdraft")


@pytest.fixture
def papers(github_fake, github_repo, make_proposals):
    """An open litbot PR (#1) of three papers, and alice, who may write to the repository."""
    out = make_proposals(3)
    propose(github_repo(), DAY, out)
    github_fake.collaborators["alice"] = "write"
    return out


@pytest.fixture
def papers_file(tmp_path) -> Path:
    path = tmp_path / "papers.jsonl"
    path.write_text(json.dumps(NEW.to_dict()) + "\n", encoding="utf-8")
    return path


def comment_event(fake, body: str, user: str = "alice", number: int = 1, kind: str = "issue", user_type: str = "User",
                  action: str = "created", **where):
    """A comment written on the fake, and the event payload GitHub would send for it, read by litbot."""
    comment = fake.add_comment(number, user, body, kind, user_type)
    payload = {"action": action, "repository": {"full_name": fake.full_name},
               "comment": {"id": comment.id, "body": body, "user": {"login": user, "type": user_type}, **where}}
    if kind == "issue":
        payload["issue"] = {"number": number, "pull_request": {"url": f"{fake.api}/pulls/{number}"}}
    else:
        payload["pull_request"] = {"number": number, "head": {"ref": BRANCH}}
    return comment, from_payload(payload)


def say(fake, repo, body: str, fetch=None, **kw):
    comment, event = comment_event(fake, body, **kw)
    return comment, respond(repo, event, fetch)


def writes(fake, since: int = 0) -> list[str]:
    return [f"{r.method} {r.path}" for r in fake.requests[since:] if r.method in WRITES]


def branch_ids(fake) -> list[str]:
    return [e.arxiv_id for e in parse(fake.text(BRANCH)).entries if e.arxiv_id and e.arxiv_id.startswith("2503.1")]


def block(fake):
    return parse_block(fake.pulls[0].body)


def replies(fake) -> list[str]:
    return [c.body for c in fake.comments if c.user == "litbot-user"]


# ----- the commands -----
def test_drop_removes_the_papers_line_in_one_commit_and_the_pr_follows(github_fake, github_repo, papers):
    comment, out = say(github_fake, github_repo(), "@litbot drop 2")
    a, b, c = papers

    assert out.action == "done" and out.reaction == "+1" and out.reply is None
    assert b.entry_line not in github_fake.text(BRANCH) and branch_ids(github_fake) == sorted([a.arxiv_id, c.arxiv_id])
    (message, *_) = github_fake.history(BRANCH)
    assert message.startswith(f"Drop Paper1 from {b.leaf}\n\nRequested by alice on PR #1: drop 2\n")
    assert f"Litbot-Command: drop {b.arxiv_id}\nLitbot-Branch: {BRANCH}" in message and "by alice on PR #1" in message
    pull = github_fake.pulls[0]
    assert pull.title == "Add 2 papers from arXiv (2025-03-04)"
    assert [p.arxiv_id for p in block(github_fake).papers] == [a.arxiv_id, c.arxiv_id]
    assert block(github_fake).dropped == (b.arxiv_id,)  # kept, so the paper counts as rejected
    assert "| 2 | [Paper2: Efficient Inference Trick Number 2]" in pull.body and "#### 2. Paper2" in pull.body
    assert "Abstract of paper 0." in pull.body and "Nearest Paper 2" in pull.body  # the details survive
    assert "litbot:dropped" in pull.labels and comment.reactions == ["+1"] and replies(github_fake) == []


def test_a_dropped_paper_is_rejected_for_later_runs_and_for_learning(github_fake, github_repo, papers):
    say(github_fake, github_repo(), "@litbot drop 1")
    later = propose(github_repo(), date(2025, 3, 9), papers[:1])
    assert later.action == "nothing to propose" and later.skipped[0].reason.startswith("rejected in PR #1")
    github_fake.pulls[0].state = "closed"
    decisions, _, _ = derive(github_repo().list_litbot_prs(), parse(github_fake.text("main")))
    assert {(d.arxiv_id, d.source) for d in decisions} >= {(papers[0].arxiv_id, "pr-dropped")}


def test_move_puts_the_line_in_the_section_named_forgivingly(github_fake, github_repo, papers):
    a = papers[0]
    comment, out = say(github_fake, github_repo(), "@litbot move #1 to kv cache optimisation")

    assert out.action == "done" and comment.reactions == ["+1"]
    doc = parse(github_fake.text(BRANCH))
    (entry,) = [e for e in doc.entries if e.arxiv_id == a.arxiv_id]
    assert entry.section[-1] == "KV-Cache Optimization" and entry.raw == a.entry_line
    assert len(doc.lines) == len(parse(github_fake.text("main")).lines) + 3  # moved, not copied
    assert github_fake.history(BRANCH)[0].startswith(f"Move Paper0 to KV-Cache Optimization (from {a.leaf})")
    pull = github_fake.pulls[0]
    (moved,) = [p for p in block(github_fake).papers if p.arxiv_id == a.arxiv_id]
    assert moved.section == entry.section and block(github_fake).dropped == ()
    row = next(line for line in pull.body.splitlines() if line.startswith("| 1 |"))
    cells = row.split(" | ")
    assert cells[2].endswith("› KV-Cache Optimization") and cells[4] == "—"  # section and its confidence updated
    assert cells[5] == "Weight-Activation Co-Quantization (0.05) |"  # the rest of the row kept as it was
    assert f"(moved by a maintainer from {a.leaf})" in pull.body and "litbot:moved" in pull.labels
    assert "**section confidence:** —" in pull.body  # the model's confidence was for the old section


def test_a_move_on_the_pr_page_is_learned_as_a_move_from_what_litbot_proposed(github_fake, github_repo, papers):
    """The block keeps the proposed section through moves, so `litbot learn` after the merge sees the correction."""
    a, b, _ = papers
    say(github_fake, github_repo(), "@litbot move 1 to kv cache")
    say(github_fake, github_repo(), "@litbot move 1 to prompt compression")  # a second move: still from a.leaf
    say(github_fake, github_repo(), "@litbot move 2 to kv cache")
    say(github_fake, github_repo(), "@litbot move 2 to " + b.leaf)  # and back: no move at all
    first, second, _ = block(github_fake).papers
    assert first.moved_from == a.section and first.section[-1] == "Prompt Compression"
    assert second.moved_from == () and second.section == b.section

    github_fake.pulls[0].state, github_fake.pulls[0].merged = "closed", True
    decisions, proposed, _ = derive(github_repo().list_litbot_prs(), parse(github_fake.text(BRANCH)))  # as merged
    why = {d.arxiv_id: (d.section, d.detail) for d in decisions}
    assert proposed[a.arxiv_id] == a.section and why[a.arxiv_id][0][-1] == "Prompt Compression"
    assert why[a.arxiv_id][1].startswith(f"moved by a maintainer from {a.leaf}")
    assert why[b.arxiv_id][1].startswith("placed as proposed")


def test_add_fetches_the_paper_and_commits_its_entry_where_named(github_fake, github_repo, papers, papers_file):
    fetch = paper_fetcher(papers_file, "", 0.0, Path("no-model-needed"))
    comment, out = say(github_fake, github_repo(), "@litbot add arXiv:2506.01234v2 to speculative", fetch)

    assert out.action == "done", out
    (entry,) = [e for e in parse(github_fake.text(BRANCH)).entries if e.arxiv_id == "2506.01234"]
    assert entry.section[-1] == "Speculative Decoding" and "<ins>ICLR, 2025</ins>" in entry.raw
    assert github_fake.history(BRANCH)[0].startswith("Add FastDraft to Speculative Decoding\n")
    assert [p.arxiv_id for p in block(github_fake).papers][-1] == "2506.01234"
    assert "A small draft model proposes tokens" in github_fake.pulls[0].body  # its details, abstract and all
    assert "litbot:added" in github_fake.pulls[0].labels and comment.reactions == ["+1"]


def test_add_through_the_arxiv_api(github_fake, github_repo, papers, arxiv_fake):
    arxiv_fake.add_api_papers([NEW])
    fetch = paper_fetcher(None, arxiv_fake.api_url, 0.0, Path("no-model-needed"))
    _, out = say(github_fake, github_repo(), "@litbot add 2506.01234 to Speculative Decoding", fetch)
    assert out.action == "done" and "2506.01234" in github_fake.text(BRANCH)
    _, out = say(github_fake, github_repo(), "@litbot add 2506.09999 to Speculative Decoding", fetch)
    assert out.action == "failed" and "arXiv has no paper 2506.09999" in out.reply and not out.error


def test_add_without_a_section_is_placed_by_the_classifier(github_fake, github_repo, papers, papers_file,
                                                           tiny_model_dir):
    fetch = paper_fetcher(papers_file, "", 0.0, tiny_model_dir)
    _, out = say(github_fake, github_repo(), "@litbot add 2506.01234", fetch)
    assert out.action == "done" and "where the classifier puts it" in out.reason
    (entry,) = [e for e in parse(github_fake.text(BRANCH)).entries if e.arxiv_id == "2506.01234"]
    assert entry.section[-1] == "Speculative Decoding"


def test_add_refuses_a_listed_paper_with_where_it_is(github_fake, github_repo, papers, survey_readme_text):
    listed = parse(survey_readme_text).entries[5]
    fetch = paper_fetcher(None, "http://127.0.0.1:9/never-asked", 0.0, Path("x"))
    seen = len(github_fake.requests)
    comment, out = say(github_fake, github_repo(), f"@litbot add {listed.arxiv_id}", fetch)
    assert out.action == "failed" and f"already listed in {listed.section[-1]}" in out.reply
    assert writes(github_fake, seen) == [f"POST /repos/{github_fake.full_name}/issues/comments/{comment.id}/reactions",
                                         f"POST /repos/{github_fake.full_name}/issues/1/comments"]


def test_undo_reverts_the_last_command_and_then_the_one_before(github_fake, github_repo, papers):
    a, b, c = papers
    repo, proposed = github_repo(), github_fake.text(BRANCH)
    say(github_fake, repo, "@litbot drop 1")
    say(github_fake, repo, "@litbot move 2 to Speculative Decoding")  # row 2 is c now
    moved_text = github_fake.text(BRANCH)

    comment, out = say(github_fake, repo, "@litbot undo")
    assert out.action == "done" and comment.reactions == ["+1"]
    (entry,) = [e for e in parse(github_fake.text(BRANCH)).entries if e.arxiv_id == c.arxiv_id]
    assert entry.section == c.section and github_fake.text(BRANCH) != moved_text
    assert github_fake.history(BRANCH)[0].startswith(f"Undo 'Move Paper2 to Speculative Decoding (from {c.leaf})'")

    say(github_fake, repo, "@litbot undo")
    assert sorted(branch_ids(github_fake)) == sorted(p.arxiv_id for p in papers)
    assert github_fake.text(BRANCH) == proposed  # every line back where litbot first put it
    assert block(github_fake).dropped == () and len(block(github_fake).papers) == 3  # back in, not rejected
    assert {"litbot:undone", "litbot:dropped", "litbot:moved"} <= set(github_fake.pulls[0].labels)

    _, out = say(github_fake, repo, "@litbot undo")
    assert out.action == "failed" and "no litbot command on this branch left to undo" in out.reply


def test_undoing_an_add_takes_the_paper_out_without_rejecting_it(github_fake, github_repo, papers, papers_file):
    fetch = paper_fetcher(papers_file, "", 0.0, Path("x"))
    say(github_fake, github_repo(), "@litbot add 2506.01234 to Speculative Decoding", fetch)
    _, out = say(github_fake, github_repo(), "@litbot undo")
    assert out.action == "done" and "2506.01234" not in github_fake.text(BRANCH)
    assert block(github_fake).dropped == () and len(block(github_fake).papers) == 3


def test_several_lines_name_rows_of_the_table_as_it_was(github_fake, github_repo, papers):
    a, b, c = papers
    _, out = say(github_fake, github_repo(), "Two changes:\n@litbot drop 1\n@litbot move 3 to KV-Cache Optimization")
    assert out.action == "done" and [r.ok for r in out.results] == [True, True]
    assert a.arxiv_id not in branch_ids(github_fake) and b.arxiv_id in branch_ids(github_fake)
    (entry,) = [e for e in parse(github_fake.text(BRANCH)).entries if e.arxiv_id == c.arxiv_id]
    assert entry.section[-1] == "KV-Cache Optimization" and len(github_fake.history(BRANCH)) == 5


def test_a_review_comment_on_a_readme_line_acts_on_that_paper(github_fake, github_repo, papers):
    b = papers[1]
    (entry,) = [e for e in parse(github_fake.text(BRANCH)).entries if e.arxiv_id == b.arxiv_id]
    _, out = say(github_fake, github_repo(), "@litbot drop", kind="review", path="README.md", line=entry.line_no + 1,
                 side="RIGHT", commit_id=github_fake.branches[BRANCH])
    assert out.action == "done" and b.arxiv_id not in branch_ids(github_fake)
    assert github_fake.comments[-1].reactions == ["+1"]  # on the review comment, through /pulls/comments/


# ----- who may command, and what is not a command -----
def test_a_comment_from_someone_without_write_access_gets_a_polite_reply_and_changes_nothing(github_fake, github_repo,
                                                                                             papers):
    before, body, seen = github_fake.text(BRANCH), github_fake.pulls[0].body, len(github_fake.requests)
    comment, out = say(github_fake, github_repo(), "@litbot drop 1", user="mallory")

    assert out.action == "refused" and out.reaction is None
    assert github_fake.text(BRANCH) == before and github_fake.pulls[0].body == body
    assert writes(github_fake, seen) == [f"POST /repos/{github_fake.full_name}/issues/1/comments"]
    (reply,) = replies(github_fake)
    assert reply.startswith("Thanks, @mallory!") and "write access" in reply and comment.reactions == []
    assert github_fake.count("GET", r"/collaborators/mallory/permission$") == 1


def test_read_only_collaborators_and_unknown_users_are_refused_too(github_fake, github_repo, papers):
    github_fake.collaborators["reader"] = "read"
    assert say(github_fake, github_repo(), "@litbot undo", user="reader")[1].action == "refused"
    github_fake.fail(404, "GET", r"/collaborators/")
    assert say(github_fake, github_repo(), "@litbot undo", user="ghost")[1].action == "refused"
    github_fake.collaborators["maint"] = "maintain"
    assert say(github_fake, github_repo(), "@litbot drop 1", user="maint")[1].action == "done"


def test_an_unknown_command_gets_the_help_text(github_fake, github_repo, papers):
    before = github_fake.text(BRANCH)
    comment, out = say(github_fake, github_repo(), "@litbot drop 1\n@litbot squash everything")
    assert out.action == "help" and comment.reactions == ["confused"]
    assert github_fake.text(BRANCH) == before  # the good line is not carried out alone either
    (reply,) = replies(github_fake)
    assert "unknown command 'squash'" in reply and "`@litbot move 2 to KV-Cache Optimization`" in reply
    comment, out = say(github_fake, github_repo(), "@litbot help")
    assert out.action == "help" and comment.reactions == ["+1"]


@pytest.mark.parametrize("body, kw", [
    ("Looks good, thanks @litbot!", {}),  # not a command line
    ("@litbot drop 1", {"user": "dependabot[bot]", "user_type": "Bot"}),
    ("@litbot drop 1", {"action": "edited"}),
])
def test_comments_not_for_litbot_are_ignored_without_a_word(github_fake, github_repo, papers, body, kw):
    seen = len(github_fake.requests)
    comment, out = say(github_fake, github_repo(), body, **kw)
    assert out.action == "ignored" and github_fake.requests[seen:] == [] and comment.reactions == []


def test_a_comment_on_another_pr_or_an_issue_is_ignored(github_fake, github_repo, papers):
    github_fake.add_pull("feature/x", "A human PR", labels=())
    seen = len(github_fake.requests)
    _, out = say(github_fake, github_repo(), "@litbot drop 1", number=2)
    assert out.action == "ignored" and writes(github_fake, seen) == [] and replies(github_fake) == []
    assert from_payload({"action": "created", "issue": {"number": 3}, "comment": {"id": 1, "body": "@litbot drop 1",
                                                                                  "user": {"login": "alice"}}}) is None


def test_a_row_that_does_not_exist_changes_nothing_and_says_why(github_fake, github_repo, papers):
    before = github_fake.text(BRANCH)
    comment, out = say(github_fake, github_repo(), "@litbot drop 1, 7")
    assert out.action == "failed" and comment.reactions == ["confused"] and github_fake.text(BRANCH) == before
    assert "there is no row 7: the table has rows 1-3" in replies(github_fake)[0]
    assert [(r.command.ref, r.message) for r in out.results] == [
        (1, "not tried: another line failed"), (7, "there is no row 7: the table has rows 1-3")]


def test_a_closed_pr_is_not_changed(github_fake, github_repo, papers):
    github_fake.pulls[0].state = "closed"
    _, out = say(github_fake, github_repo(), "@litbot drop 1")
    assert out.action == "failed" and "this pull request is closed" in replies(github_fake)[0]


# ----- races: the branch moves between litbot's read and its write -----
def test_a_push_racing_the_command_is_kept_and_the_command_retried_on_the_new_head(github_fake, github_repo, papers):
    note = "\nA maintainer's note pushed while litbot was working.\n"
    seen = len(github_fake.requests)
    github_fake.before("PUT", r"/contents/README\.md$", lambda: github_fake.commit_file(
        BRANCH, "README.md", github_fake.text(BRANCH) + note, "Maintainer edit"))
    comment, out = say(github_fake, github_repo(), "@litbot drop 2")

    assert out.action == "done" and comment.reactions == ["+1"]
    assert [r.status for r in github_fake.requests[seen:] if r.method == "PUT"] == [409, 200]
    text = github_fake.text(BRANCH)
    assert text.endswith(note) and papers[1].entry_line not in text  # both changes are there
    assert [m.splitlines()[0] for m in github_fake.history(BRANCH)[:2]] == [
        f"Drop Paper1 from {papers[1].leaf}", "Maintainer edit"]


def test_a_push_that_already_removed_the_line_is_reported_and_kept(github_fake, github_repo, papers):
    b = papers[1]
    github_fake.before("PUT", r"/contents/README\.md$", lambda: github_fake.commit_file(
        BRANCH, "README.md", github_fake.text(BRANCH).replace(b.entry_line + "\n", ""), "Maintainer removes Paper1"))
    comment, out = say(github_fake, github_repo(), "@litbot drop 2")

    assert out.action == "failed" and comment.reactions == ["confused"] and not out.error
    assert "is not on this branch any more" in replies(github_fake)[0]
    assert github_fake.history(BRANCH)[0] == "Maintainer removes Paper1"  # nothing lost, nothing committed twice
    assert sorted(branch_ids(github_fake)) == sorted([papers[0].arxiv_id, papers[2].arxiv_id])
    assert block(github_fake).dropped == (b.arxiv_id,)  # the table follows the maintainer's push


def test_a_push_while_the_pr_is_updated_is_reflected_in_the_table(github_fake, github_repo, papers):
    a, b, c = papers
    github_fake.before("PATCH", r"/pulls/1$", lambda: github_fake.commit_file(
        BRANCH, "README.md", github_fake.text(BRANCH).replace(c.entry_line + "\n", ""), "Maintainer removes Paper2"))
    _, out = say(github_fake, github_repo(), "@litbot drop 1")

    assert out.action == "done" and github_fake.count("PATCH", r"/pulls/1$") == 2
    assert [p.arxiv_id for p in block(github_fake).papers] == [b.arxiv_id]
    assert block(github_fake).dropped == tuple(sorted([a.arxiv_id, c.arxiv_id]))
    assert github_fake.pulls[0].title == "Add 1 paper from arXiv (2025-03-04)"


def test_a_branch_that_keeps_moving_is_reported_as_a_failure_of_the_repository(github_fake, github_repo, papers):
    github_fake.fail(409, "PUT", r"/contents/", times=10)
    comment, out = say(github_fake, github_repo(), "@litbot drop 1")
    assert out.action == "failed" and out.error and comment.reactions == ["confused"]
    assert "kept changing" in replies(github_fake)[0] and len(github_fake.history(BRANCH)) == 3


def test_updating_an_untouched_pr_changes_no_byte_of_its_body(github_fake, github_repo, papers):
    from bot.pr_commands.body import reconcile
    from bot.readme import Index

    pull = github_fake.pulls[0]
    rec = reconcile(pull.body, parse_block(pull.body), parse(github_fake.text(BRANCH)),
                    Index(parse(github_fake.text("main"))))
    assert (rec.title, rec.body) == (pull.title, pull.body)
