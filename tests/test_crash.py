"""Crash safety: the real `python -m bot run` is SIGKILLed at each step boundary, then run again; the effects are
exactly-once: the README a clean run gives, one PR with its labels, one commit per paper, every paper accounted for."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Config, PrConfig
from bot.killpoints import ENV, checkpoint_from, noop
from bot.local_repo import LocalRepo
from bot.pipeline import Pipeline, RunRequest
from bot.store import Store
from tests.conftest import REPO, init_clone
from tests.reliability import CAP, DAY, day_file, day_papers, shipped_classifier  # noqa: F401 (day_file: fixture)

BRANCH = f"litbot/arxiv-{DAY}"
# (kill point, what the state must look like right after the kill)
KILL_POINTS = {
    "after-fetch": "nothing written",
    "after-commit:1": "one commit, no PR",
    "after-commit:3": "three commits, no PR",
    "after-pr-open": "PR without labels",
    "after-pr-before-record": "PR, nothing recorded",
    "after-store": "all recorded, run unfinished",
}


def git(clone: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=clone, check=True, capture_output=True, text=True).stdout


def make_clone(path: Path) -> Path:
    return init_clone(path, (REPO / "data" / "survey_README.md").read_bytes())


def end_state(clone: Path, state: Path) -> dict:
    repo = LocalRepo(clone)
    prs = repo.list_litbot_prs()
    with Store(state) as store:
        outcomes = store.outcomes(p.arxiv_id for p in day_papers())
        days = store.processed_days(DAY, DAY)
    return {"readme": git(clone, "show", f"{BRANCH}:README.md"),
            "commits": git(clone, "log", "--format=%s", f"main..{BRANCH}").splitlines(),
            "prs": [(pr.branch, pr.state, pr.title, sorted(pr.labels)) for pr in prs],
            "outcomes": {a: (o.outcome, o.branch) for a, o in sorted(outcomes.items())}, "days": days}


@pytest.fixture(scope="module")
def clean(tmp_path_factory, day_file) -> dict:
    """The end state of one uninterrupted run (in-process, same inputs and model)."""
    root = tmp_path_factory.mktemp("clean")
    clone, state = make_clone(root / "survey"), root / "state.sqlite"
    with Store(state) as store:
        pipeline = Pipeline(Config(pr=PrConfig(daily_cap=CAP)), store=store, repo=LocalRepo(clone), source=None,
                            load_classifier=lambda taxonomy: shipped_classifier(), say=lambda _: None)
        report = pipeline.run(RunRequest(load=(day_file,)))
    assert report.ok and report.proposed == CAP, report.errors
    return end_state(clone, state)


def litbot_run(tmp_path: Path, clone: Path, day_file: Path, kill_at: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LITBOT_", "GITHUB_"))}
    env["LITBOT_PR_DAILY_CAP"] = str(CAP)
    if kill_at:
        env[ENV] = kill_at
    return subprocess.run([sys.executable, "-m", "bot", "run", "--load", str(day_file), "--local", str(clone),
                           "--state", str(tmp_path / "state.sqlite")],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)


def killed_state(tmp_path: Path, clone: Path) -> tuple[int, bool, bool, list]:
    """(commits on the branch, any outcome recorded, day processed, PR labels or None) right after a kill."""
    with Store(tmp_path / "state.sqlite") as store:
        latest, *earlier = store.runs()
        assert latest["status"] == "running" and latest["finished_at"] is None  # it died mid-run
        assert all(run["status"] == "abandoned" for run in earlier)  # found dead by the run after it
        recorded = store.outcomes(p.arxiv_id for p in day_papers())
        assert set(recorded) in (set(), {p.arxiv_id for p in day_papers()}), "a day half recorded"
        processed = bool(store.processed_days(DAY, DAY))
    has_branch = bool(git(clone, "branch", "--list", BRANCH).strip())
    commits = len(git(clone, "log", "--format=%s", f"main..{BRANCH}").splitlines()) if has_branch else 0
    prs = LocalRepo(clone).list_litbot_prs()
    return commits, bool(recorded), processed, [sorted(pr.labels) for pr in prs]


def test_a_run_killed_at_every_step_boundary_in_turn_is_finished_exactly_once(tmp_path, day_file, clean):
    """Six runs die in a row, each at the next boundary; each resumes what the one before left; a seventh finishes."""
    clone = make_clone(tmp_path / "survey")
    expected = {  # kill point -> (commits, outcomes recorded, day processed, PRs' labels) right after the kill
        "after-fetch": (0, False, False, []),
        "after-commit:1": (1, False, False, []),
        "after-commit:3": (3, False, False, []),  # paper 1 is found on the branch, papers 2 and 3 are committed
        "after-pr-open": (CAP, False, False, [[]]),
        "after-pr-before-record": (CAP, False, False, [clean["prs"][0][3]]),
        "after-store": (CAP, True, True, [clean["prs"][0][3]]),
    }
    assert list(expected) == list(KILL_POINTS)
    for point, state in expected.items():
        killed = litbot_run(tmp_path, clone, day_file, kill_at=point)
        assert killed.returncode == -9, killed.stdout + killed.stderr[-2000:]
        assert f"killing this process at {point}" in killed.stderr
        assert killed_state(tmp_path, clone) == state, point
    final = litbot_run(tmp_path, clone, day_file)
    assert final.returncode == 0, final.stdout + final.stderr
    assert "already processed" in final.stdout
    assert end_state(clone, tmp_path / "state.sqlite") == clean
    with Store(tmp_path / "state.sqlite") as store:
        assert [run["status"] for run in store.runs()] == ["ok"] + ["abandoned"] * len(KILL_POINTS)


def test_a_run_started_while_another_process_is_running_is_refused(tmp_path, day_file):
    clone = make_clone(tmp_path / "survey")
    with Store(tmp_path / "state.sqlite") as serving:  # this test process plays `litbot serve` mid-run
        busy = serving.start_run("run")
        refused = litbot_run(tmp_path, clone, day_file)
        assert refused.returncode != 0
        assert f"another litbot process is running on this state file (run {busy} (run)" in refused.stderr
        assert not git(clone, "branch", "--list", BRANCH).strip()  # it fetched and proposed nothing
        serving.finish_run(busy, status="ok", counts={})
    assert litbot_run(tmp_path, clone, day_file).returncode == 0


def test_every_paper_is_accounted_for_in_the_clean_end_state(clean):
    assert set(clean["outcomes"]) == {p.arxiv_id for p in day_papers()}
    proposed = [a for a, (outcome, _) in clean["outcomes"].items() if outcome == "proposed"]
    assert len(proposed) == len(clean["commits"]) == CAP
    ((branch, state, title, labels),) = clean["prs"]
    assert (branch, state, title) == (BRANCH, "open", f"Add {CAP} papers from arXiv ({DAY})") and "litbot" in labels
    assert clean["days"] == {DAY}


def test_kill_points_are_inert_without_the_variable():
    assert checkpoint_from({}) is noop
    assert checkpoint_from({ENV: " "}) is noop
    checkpoint_from({ENV: "after-store"})("after-fetch")  # another point: returns, the process lives on


# ----- exceptions nobody planned for: one line, and the run stored as failed (never as ok) -----
def _pipeline(store: Store, clone: Path, **kw) -> Pipeline:
    kw.setdefault("load_classifier", lambda taxonomy: shipped_classifier())
    return Pipeline(Config(pr=PrConfig(daily_cap=CAP)), store=store, repo=LocalRepo(clone), source=None,
                    say=lambda _: None, **kw)


def test_an_unexpected_exception_in_a_step_is_a_failed_run_and_the_next_run_finishes_the_day(tmp_path, day_file,
                                                                                            clean):
    clone = make_clone(tmp_path / "survey")

    def broken(taxonomy):  # any library failing in a way litbot did not foresee
        raise OSError(28, "No space left on device")

    with Store(tmp_path / "state.sqlite") as store:
        report = _pipeline(store, clone, load_classifier=broken).run(RunRequest(load=(day_file,)))
        assert not report.ok and report.errors == [
            "unexpected OSError: [Errno 28] No space left on device (a bug or a problem of this machine; -vv shows "
            "the traceback)"]
        (run,) = store.runs()
        assert run["status"] == "failed" and run["errors"] == report.errors
        assert store.processed_days(DAY, DAY) == set()
        assert _pipeline(store, clone).run(RunRequest(load=(day_file,))).ok
    assert end_state(clone, tmp_path / "state.sqlite") == clean


def test_ctrl_c_mid_run_is_stored_as_failed_not_ok_and_the_next_run_finishes_the_day(tmp_path, day_file, clean):
    clone = make_clone(tmp_path / "survey")

    def interrupt(point: str) -> None:
        if point == "after-commit:2":
            raise KeyboardInterrupt

    with Store(tmp_path / "state.sqlite") as store:
        with pytest.raises(KeyboardInterrupt):
            _pipeline(store, clone, checkpoint=interrupt).run(RunRequest(load=(day_file,)))
        (run,) = store.runs()
        assert (run["status"], run["errors"]) == ("failed", ["interrupted"])
        assert _pipeline(store, clone).run(RunRequest(load=(day_file,))).ok
    assert end_state(clone, tmp_path / "state.sqlite") == clean


@pytest.mark.parametrize("command", ["run", "fetch"])
def test_the_cli_turns_an_unexpected_exception_into_one_line_and_exit_1(tmp_path, capsys, command):
    from bot.cli import main

    deep = tmp_path / "deep.jsonl"  # nested past Python's recursion limit: json raises RecursionError
    deep.write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    clone = make_clone(tmp_path / "survey")
    where = ["--local", str(clone)] if command == "run" else []
    code = main([command, "--load", str(deep), "--state", str(tmp_path / "state.sqlite"), *where])
    out = capsys.readouterr()
    said = [line for line in (out.out + out.err).splitlines() if "unexpected RecursionError" in line]
    assert code == 1 and len(said) == 1 and "Traceback" not in out.out + out.err, out.out + out.err
    assert said[0].startswith(("error: ", f"litbot {command}: error: ")) and said[0].endswith("the traceback)")
    with Store(tmp_path / "state.sqlite") as store:
        (run,) = store.runs()
        assert run["status"] == "failed" and "unexpected RecursionError" in run["errors"][0], run
