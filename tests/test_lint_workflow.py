"""The README check on pull requests: read-only, pinned, and judging only what the PR adds (`lint --diff`).

litbot's own lint.yml checks the survey snapshot it ships; examples/workflows/litbot-lint.yml (what
`litbot init --workflow` writes) checks the list's README.md. Both go through the action's `command: lint`, which
runs `litbot lint --diff BASE --format github`.
"""

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHECKS = {ROOT / ".github" / "workflows" / "lint.yml": "data/survey_README.md",
          ROOT / "examples" / "workflows" / "litbot-lint.yml": "README.md"}


def _load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the bare key `on` as True
    return data


def _steps(path):
    (job,) = _load(path)["jobs"].values()
    return job["steps"]


@pytest.mark.parametrize("path,readme", CHECKS.items(), ids=lambda x: getattr(x, "name", x))
def test_runs_on_pull_requests_touching_the_readme(path, readme):
    wf = _load(path)
    assert set(wf["on"]) == {"pull_request"}
    assert wf["on"]["pull_request"]["paths"] == [readme]


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.name)
def test_permissions_are_read_only(path):
    assert _load(path)["permissions"] == {"contents": "read"}


@pytest.mark.parametrize("path,readme", CHECKS.items(), ids=lambda x: getattr(x, "name", x))
def test_judges_the_pr_against_its_base(path, readme):
    checkout, lint = _steps(path)
    assert checkout["with"]["fetch-depth"] == 2  # the merge commit and HEAD^1, the base side of the merge
    assert lint["with"] == {"command": "lint", "readme": readme, "base": "HEAD^1"}


def test_the_action_lints_only_the_changed_lines_with_github_annotations():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s.get("if") == "inputs.command == 'lint'"]
    assert re.fullmatch(r'litbot lint --readme "\$README_PATH" --diff "\$BASE" --format github\n?', step["run"])
    assert step["env"] == {"README_PATH": "${{ inputs.readme }}", "BASE": "${{ inputs.base }}"}
    assert "GITHUB_TOKEN" not in step["env"]  # the check reads the checkout, never the API


@pytest.mark.parametrize("path", CHECKS, ids=lambda p: p.name)
def test_actions_are_pinned_to_commit_shas(path):
    uses = [s["uses"] for s in _steps(path)]
    assert uses[0].startswith("actions/checkout@") and re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", uses[0])
    assert uses[1] in ("./", "OWNER/litbot@COMMIT_SHA")
