"""The GitHub Actions workflows are parsed and checked: schedule, inputs, permissions, concurrency, pinning."""

import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml

from apscheduler.triggers.cron import CronTrigger

WORKFLOWS = Path(__file__).resolve().parent.parent / ".github" / "workflows"


def load(name):
    data = yaml.safe_load((WORKFLOWS / name).read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the bare key `on` as True
    return data


def test_daily_schedule_runs_after_announcements_on_named_weekdays():
    wf = load("litbot.yml")
    crons = [entry["cron"] for entry in wf["on"]["schedule"]]
    daily = crons[0]
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
    run_if = wf["jobs"]["run"]["if"]
    assert daily in run_if and "workflow_dispatch" in run_if


def test_dispatch_inputs_permissions_and_concurrency():
    wf = load("litbot.yml")
    inputs = wf["on"]["workflow_dispatch"]["inputs"]
    assert set(inputs) == {"since", "until", "dry_run"}
    assert inputs["dry_run"]["type"] == "boolean"
    assert wf["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert wf["concurrency"]["group"] and wf["concurrency"]["cancel-in-progress"] is False


def test_keepalive_job_runs_on_its_own_schedule():
    wf = load("litbot.yml")
    keep = wf["jobs"]["keepalive"]
    weekly = wf["on"]["schedule"][1]["cron"]
    assert weekly in keep["if"]
    assert any("commit --allow-empty" in step.get("run", "") for step in keep["steps"])


def test_inputs_reach_the_shell_only_through_environment_variables():
    text = (WORKFLOWS / "litbot.yml").read_text()
    for block in re.findall(r"run: \|\n((?:\s{10,}.*\n)+)", text):
        assert "${{" not in block, "expression interpolated into a script"


@pytest.mark.parametrize("name", ["litbot.yml", "ci.yml"])
def test_actions_are_pinned_to_full_commit_shas(name):
    uses = re.findall(r"uses:\s*(\S+)", (WORKFLOWS / name).read_text())
    assert uses
    for ref in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), ref


def test_ci_runs_make_test():
    wf = load("ci.yml")
    steps = wf["jobs"]["test"]["steps"]
    assert any(step.get("run") == "make test" for step in steps)
    assert wf["permissions"] == {"contents": "read"}
