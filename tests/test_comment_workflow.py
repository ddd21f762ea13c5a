"""The PR-comment workflow: new comments only, least permissions, pinned actions, nothing from the PR is run."""

import re
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "litbot-comments.yml"


def _load():
    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the bare key `on` as True
    return data


def test_runs_on_new_pr_comments_and_review_comments_only():
    on = _load()["on"]
    assert on == {"issue_comment": {"types": ["created"]}, "pull_request_review_comment": {"types": ["created"]}}


def test_permissions_are_the_least_that_commit_edit_label_and_react():
    assert _load()["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_the_job_skips_plain_issues_other_branches_and_bots():
    job = _load()["jobs"]["command"]
    condition = " ".join(job["if"].split())
    assert "github.event.issue.pull_request" in condition
    assert "startsWith(github.event.pull_request.head.ref, 'litbot/arxiv-')" in condition
    assert "contains(github.event.comment.body, '@litbot')" in condition
    assert "github.event.comment.user.type != 'Bot'" in condition
    assert "concurrency" not in _load() and "concurrency" not in job  # a pending run would be cancelled: lost command


def test_litbot_reads_the_event_file_and_the_pr_is_never_checked_out():
    steps = _load()["jobs"]["command"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"] == {"ref": "${{ github.event.repository.default_branch }}", "persist-credentials": False}
    runs = [s["run"] for s in steps if "run" in s]
    assert runs[-1] == 'litbot -v comment --event "$GITHUB_EVENT_PATH"'
    assert all("${{" not in run for run in runs), "an expression spliced into a script"


def test_actions_are_pinned_to_full_shas_with_a_version_comment():
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text())
    assert uses
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), comment
