"""The GitHub Actions workflows, parsed and checked: schedule, inputs, permissions, concurrency, pinning, keep-alive.

Covers litbot's own workflows (.github/workflows) and the two a list's repository gets from
`litbot init --workflow` (documented copies in examples/workflows). action.yml has tests/test_action.py;
tests/test_actionlint.py runs actionlint over all of them.
"""

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from apscheduler.triggers.cron import CronTrigger

from bot import __version__
from bot.cli import main
from bot.workflows import PLACEHOLDER, render

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
EXAMPLES = ROOT / "examples" / "workflows"
ALL = sorted([*WORKFLOWS.glob("*.yml"), *EXAMPLES.glob("*.yml")])
DAILY = [WORKFLOWS / "litbot.yml", EXAMPLES / "litbot.yml"]
SHA = "0123456789abcdef0123456789abcdef01234567"


def parse(text: str) -> dict:
    data = yaml.safe_load(text)
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the bare key `on` as True
    return data


def load(path: Path) -> dict:
    return parse(path.read_text(encoding="utf-8"))


def action_inputs() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]


def litbot_step(wf: dict) -> dict:
    (job,) = wf["jobs"].values()
    (step,) = [s for s in job["steps"] if s.get("uses", "").startswith(("./", "OWNER/litbot@"))]
    return step


@pytest.mark.parametrize("path", DAILY, ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_daily_schedule_runs_after_announcements_on_named_weekdays(path):
    wf = load(path)
    (daily,) = [entry["cron"] for entry in wf["on"]["schedule"]]  # no second, keep-alive schedule any more
    minute, hour, dom, month, dow = daily.split()
    assert re.fullmatch(r"[A-Z]{3}(,[A-Z]{3})*", dow), "weekdays must be given by name"
    assert set(dow.split(",")) == {"MON", "TUE", "WED", "THU", "FRI"}
    assert int(hour) >= 1  # arXiv's announcement lands at 00:00-01:00 UTC
    # The same expression, read by a real cron parser, fires Monday to Friday only.
    trigger = CronTrigger(minute=minute, hour=hour, day_of_week=dow.lower(), timezone="UTC")
    fire, days = datetime(2025, 3, 1, tzinfo=timezone.utc), set()
    for _ in range(7):
        fire = trigger.get_next_fire_time(None, fire)
        days.add(fire.strftime("%a"))
        fire = fire.replace(hour=23)
    assert days == {"Mon", "Tue", "Wed", "Thu", "Fri"}


@pytest.mark.parametrize("path", DAILY, ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_dispatch_inputs_reach_the_action_and_one_run_at_a_time(path):
    wf = load(path)
    inputs = wf["on"]["workflow_dispatch"]["inputs"]
    assert set(inputs) == {"since", "until", "dry_run"}
    assert inputs["dry_run"]["type"] == "boolean"
    assert wf["concurrency"]["group"] and wf["concurrency"]["cancel-in-progress"] is False
    given = litbot_step(wf)["with"]
    assert given["since"] == "${{ inputs.since }}" and given["until"] == "${{ inputs.until }}"
    assert given["dry-run"] == "${{ inputs.dry_run }}"
    assert given["keepalive"] is True
    assert set(given) <= set(action_inputs())


def test_least_permissions_nothing_by_default_and_each_grant_on_the_job_that_needs_it():
    for path in DAILY:
        assert load(path)["permissions"] == {}
    (job,) = load(EXAMPLES / "litbot.yml")["jobs"].values()  # in the list's repository, with the built-in token
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "actions": "write"}
    (job,) = load(WORKFLOWS / "litbot.yml")["jobs"].values()  # litbot's repository writes elsewhere, by secret
    assert job["permissions"] == {"contents": "read", "actions": "write"}
    for path in (WORKFLOWS / "lint.yml", EXAMPLES / "litbot-lint.yml", WORKFLOWS / "ci.yml"):
        assert load(path)["permissions"] == {"contents": "read"}


def test_litbots_own_daily_run_only_runs_when_configured_and_takes_its_token_from_a_secret():
    wf = load(WORKFLOWS / "litbot.yml")
    (job,) = wf["jobs"].values()
    assert job["if"] == "vars.LITBOT_REPO_TARGET != ''"
    given = litbot_step(wf)["with"]
    assert given["repository"] == "${{ vars.LITBOT_REPO_TARGET }}"
    assert given["token"] == "${{ secrets.LITBOT_GITHUB_TOKEN }}"


def test_the_list_uses_its_own_token_secret_or_the_built_in_token():
    given = litbot_step(load(EXAMPLES / "litbot.yml"))["with"]
    assert given["token"] == "${{ secrets.LITBOT_TOKEN || github.token }}"
    assert "repository" not in given  # the default: the repository the workflow runs in
    text = (EXAMPLES / "litbot.yml").read_text(encoding="utf-8")
    assert "Allow\n# GitHub Actions to create and approve pull requests" in text


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_the_keep_alive_never_commits(path):
    text = path.read_text(encoding="utf-8")
    assert "--allow-empty" not in text and "git push" not in text and "git commit" not in text
    assert "keepalive" not in load(path)["jobs"]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_inputs_reach_the_shell_only_through_environment_variables(path):
    for job in load(path)["jobs"].values():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), f"expression interpolated into a script in {path.name}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_actions_are_pinned_to_full_commit_shas_with_a_version_comment(path):
    uses = re.findall(r"(?m)^\s*(?:- )?uses:\s*(\S+)(.*)$", path.read_text(encoding="utf-8"))
    assert uses
    for ref, comment in uses:
        if ref == "./" or ref == PLACEHOLDER:  # this checkout's action; the placeholder `init --action` fills in
            continue
        assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", comment), f"{ref} needs a `# vX.Y.Z` comment"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.parent.parent.name + "/" + p.name)
def test_every_checkout_leaves_no_credentials_behind_except_ci(path):
    for job in load(path)["jobs"].values():
        for step in job["steps"]:
            if step.get("uses", "").startswith("actions/checkout@") and path.name != "ci.yml":
                assert step["with"]["persist-credentials"] is False


def test_ci_runs_make_test():
    wf = load(WORKFLOWS / "ci.yml")
    steps = wf["jobs"]["test"]["steps"]
    assert any(step.get("run") == "make test" for step in steps)
    assert wf["permissions"] == {"contents": "read"}


# ----- `litbot init --workflow`: the documented examples are exactly what it writes -----
def test_the_examples_are_what_init_writes_for_the_placeholder():
    for name, text in render(PLACEHOLDER).items():
        assert (EXAMPLES / name).read_text(encoding="utf-8") == text, f"regenerate examples/workflows/{name}"


def test_init_workflow_writes_both_files_pinned_to_the_given_action(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["init", "--workflow", "--action", f"me/litbot@{SHA}"]) == 0
    out = capsys.readouterr()
    written = sorted(p.name for p in (tmp_path / ".github" / "workflows").iterdir())
    assert written == ["litbot-lint.yml", "litbot.yml"] and out.err == ""
    for name in written:
        text = (tmp_path / ".github" / "workflows" / name).read_text(encoding="utf-8")
        assert f"uses: me/litbot@{SHA} # v{__version__}\n" in text and PLACEHOLDER not in text
        parse(text)  # valid YAML
    assert main(["init", "--workflow", "--action", f"me/litbot@{SHA}"]) == 1  # no silent overwrite
    assert "--force" in capsys.readouterr().err
    assert main(["init", "--workflow", "--action", f"me/litbot@{SHA}", "--force"]) == 0


def test_init_workflow_wants_an_action_and_warns_about_a_movable_ref(tmp_path, capsys):
    assert main(["init", "--workflow", str(tmp_path)]) == 1
    assert "--workflow needs --action OWNER/NAME@COMMIT_SHA" in capsys.readouterr().err
    assert main(["init", "--workflow", str(tmp_path), "--action", "not an action"]) == 1
    assert main(["init", "--workflow", str(tmp_path), "--action", "me/litbot@main"]) == 0
    assert "not pinned to a full commit SHA" in capsys.readouterr().err
