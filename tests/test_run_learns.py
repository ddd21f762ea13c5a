"""`litbot run` learns from settled litbot PRs before it runs, and `--no-learn` / `--dry-run` skip that."""

import re
import subprocess
from pathlib import Path

from bot.cli import main
from bot.store import Store

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "arxiv-2025-06-10.atom.xml"


def run_cli(clone, state, *extra):
    return main(["run", "--load", str(SAMPLE), "--local", str(clone), "--state", str(state), *extra])


def test_a_merged_litbot_branch_becomes_positive_decisions_at_the_next_run(tmp_path, git_clone, capsys, monkeypatch):
    monkeypatch.setenv("LITBOT_STATE_DIR", str(tmp_path))  # decisions.jsonl and a retrained model go here
    state = tmp_path / "state.sqlite"
    assert run_cli(git_clone, state) == 0
    with Store(state) as store:
        assert store.count_decisions() == 0
    subprocess.run(["git", "merge", "-q", "--no-ff", "-m", "Merge litbot PR", "litbot/arxiv-2025-06-10"],
                   cwd=git_clone, check=True, capture_output=True)
    merged = subprocess.run(["git", "diff", "HEAD^1", "HEAD"], cwd=git_clone, check=True, capture_output=True,
                            text=True).stdout
    proposed = set(re.findall(r"^\+- .*arxiv\.org/abs/(\d{4}\.\d{4,5})", merged, re.MULTILINE))
    assert proposed
    capsys.readouterr()
    assert run_cli(git_clone, state, "--dry-run") == 0
    with Store(state) as store:
        assert store.count_decisions() == 0  # a dry run writes nothing, learning included
    assert run_cli(git_clone, state, "--no-learn") == 0
    with Store(state) as store:
        assert store.count_decisions() == 0
    assert run_cli(git_clone, state) == 0
    out = capsys.readouterr().out
    assert "learned" in out and "positive" in out
    with Store(state) as store:
        decisions = store.decisions()
        assert decisions and all(d.label == "positive" for d in decisions)
        assert {d.arxiv_id for d in decisions} == proposed
    # fewer decisions than state.retrain_after (25): no learned model yet, and nothing written into litbot's data/
    assert not (tmp_path / "state.model").exists()
    assert not (SAMPLE.parent.parent / "decisions.jsonl").exists()
