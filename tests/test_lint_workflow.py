"""The lint workflow runs `litbot lint --format github` on pull requests that touch README.md, read-only and pinned."""

import re
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "lint.yml"


def _load():
    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the bare key `on` as True
    return data


def test_runs_on_pull_requests_touching_the_readme():
    wf = _load()
    assert set(wf["on"]) == {"pull_request"}
    assert wf["on"]["pull_request"]["paths"] == ["README.md"]


def test_permissions_are_read_only():
    assert _load()["permissions"] == {"contents": "read"}


def test_lints_with_github_annotations():
    steps = _load()["jobs"]["readme"]["steps"]
    commands = [s["run"] for s in steps if "run" in s]
    assert any(re.search(r"\blitbot lint\b.*--readme README\.md\b.*--format github\b", c) for c in commands)


def test_actions_are_pinned_to_commit_shas():
    uses = [s["uses"] for s in _load()["jobs"]["readme"]["steps"] if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses)
