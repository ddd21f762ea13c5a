"""action.yml, the composite action a list's repository uses: inputs, install, caches, token handling, keep-alive."""

import re
from pathlib import Path

import pytest
import yaml

from bot.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "action.yml").read_text(encoding="utf-8")
ACTION = yaml.safe_load(TEXT)
STEPS = ACTION["runs"]["steps"]


def step(name_start: str) -> dict:
    (found,) = [s for s in STEPS if s.get("name", "").startswith(name_start)]
    return found


def test_a_composite_action_with_the_documented_inputs():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"command", "token", "repository", "config", "since", "until", "dry-run",
                                     "keepalive", "readme", "base", "python-version"}
    assert all(spec.get("description") and "default" in spec for spec in ACTION["inputs"].values())
    assert ACTION["inputs"]["token"]["default"] == "${{ github.token }}"
    assert ACTION["inputs"]["repository"]["default"] == "${{ github.repository }}"
    assert ACTION["inputs"]["keepalive"]["default"] == "false"  # only when the workflow asks for it


def test_every_script_names_its_shell_and_takes_inputs_only_through_the_environment():
    used = set(re.findall(r"inputs\.([\w-]+)", TEXT))
    assert used <= set(ACTION["inputs"]), used - set(ACTION["inputs"])
    for s in STEPS:
        if "run" in s:
            assert s["shell"] == "bash"
            assert "${{" not in s["run"], f"expression interpolated into the script of {s.get('name')!r}"


def test_pinned_actions_with_a_version_comment():
    uses = re.findall(r"(?m)^\s*(?:- )?uses:\s*(\S+)(.*)$", TEXT)  # steps, not the comment at the top
    assert {ref.split("@")[0] for ref, _ in uses} == {
        "actions/setup-python", "actions/cache", "actions/cache/restore", "actions/cache/save"}
    for ref, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w.-]+)?@[0-9a-f]{40}", ref), ref
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), ref


def test_litbot_is_installed_from_the_actions_own_checkout_with_a_pip_cache():
    install = step("Install litbot")
    assert install["env"] == {"ACTION_PATH": "${{ github.action_path }}"}
    assert re.fullmatch(r'python -m pip install --quiet "\$ACTION_PATH"\n?', install["run"])  # not editable
    assert not any("pip install ." in s.get("run", "") for s in STEPS)  # that would install the caller
    key = step("Key pip's cache")
    cache = step("Cache pip downloads")
    assert STEPS.index(key) < STEPS.index(cache) < STEPS.index(install)
    assert 'sha256sum "$ACTION_PATH/pyproject.toml"' in key["run"]
    assert cache["with"]["path"] == "${{ steps.pip.outputs.dir }}"
    assert "${{ steps.pip.outputs.key }}" in cache["with"]["key"]


def test_the_token_reaches_only_the_two_steps_that_talk_to_github_and_never_a_command_line():
    with_token = [s["name"] for s in STEPS if "GITHUB_TOKEN" in s.get("env", {})]
    assert with_token == ["litbot run", "Keep this workflow's schedule on (re-enable it through the API)"]
    assert step("litbot run")["env"]["GITHUB_TOKEN"] == "${{ inputs.token }}"
    # the keep-alive acts on the repository the workflow runs in, with the job's own token (actions: write)
    assert step("Keep this")["env"]["GITHUB_TOKEN"] == "${{ github.token }}"
    assert "TOKEN" not in "".join(s.get("run", "") for s in STEPS)


def test_the_run_step_passes_what_the_workflow_gave_to_litbot_run():
    run = step("litbot run")
    assert run["if"] == "inputs.command == 'run'"
    script = run["run"]
    assert 'run --repo "$REPOSITORY" --state "$STATE_DIR/state.sqlite"' in script
    for flag, var in (("--since", "SINCE"), ("--until", "UNTIL"), ("--config", "CONFIG")):
        assert f'args+=({flag} "${var}")' in script
    assert 'if [ "$DRY_RUN" = "true" ]; then args+=(--dry-run); fi' in script
    # every flag the action passes is one `litbot run` accepts
    parser = build_parser()
    args = parser.parse_args(["--config", "c.toml", "-v", "run", "--repo", "o/r", "--state", "s.sqlite",
                              "--since", "2025-06-02", "--until", "2025-06-03", "--dry-run"])
    assert args.repo == "o/r" and args.dry_run


def test_the_state_cache_is_restored_before_and_saved_after_a_real_run_only():
    restore, run, save = step("Restore litbot's state"), step("litbot run"), step("Save litbot's state")
    assert STEPS.index(restore) < STEPS.index(run) < STEPS.index(save)
    assert restore["with"]["path"] == save["with"]["path"] == "${{ runner.temp }}/litbot-state"
    assert save["with"]["key"] == restore["with"]["key"] and "github.run_id" in save["with"]["key"]
    assert restore["with"]["restore-keys"] in save["with"]["key"]
    assert "inputs.dry-run != 'true'" in save["if"]


def test_the_keep_alive_is_an_api_call_only_when_asked_and_not_on_a_dry_run():
    keep = step("Keep this")
    assert keep["if"] == ("inputs.command == 'run' && inputs.keepalive == 'true' && inputs.dry-run != 'true' "
                          "&& !cancelled()")
    assert 'keepalive --repo "$REPOSITORY" --workflow "$WORKFLOW_REF"' in keep["run"]
    assert keep["env"]["REPOSITORY"] == "${{ github.repository }}"
    assert keep["env"]["WORKFLOW_REF"] == "${{ github.workflow_ref }}"
    assert "git " not in keep["run"]


@pytest.mark.parametrize("command", ["run", "lint"])
def test_exactly_the_steps_for_the_command_run(command):
    guarded = [s for s in STEPS if "if" in s]
    assert all(s["if"].startswith("inputs.command == ") for s in guarded)
    chosen = [s for s in guarded if s["if"].startswith(f"inputs.command == '{command}'")]
    assert chosen and all(s not in chosen for s in guarded if f"'{command}'" not in s["if"])
