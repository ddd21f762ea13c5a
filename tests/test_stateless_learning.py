"""Two runs on two fresh runners that share nothing but the repository learn like one long-lived deployment.

Run 1 opens a PR on the loopback GitHub; a maintainer moves one of its papers to another section on the PR's
branch and merges it, and commits a triage decision made on their own machine (.github/litbot/decisions.jsonl);
run 2, with an empty state folder of its own, derives that decision from the repository and
its model (retrained into its state folder, on a tiny training set: these tests check wiring, not quality) has the
moved paper as a training example of the section the maintainer chose.
"""

from __future__ import annotations

import gzip
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.config import Config, PrConfig, RepoConfig, StateConfig
from bot.context import Context, Options
from bot.daily import Retrain, run_once
from bot.decisions_file import PATH, render_decisions
from bot.ingest import read_papers_file
from bot.pipeline import RunRequest
from bot.pr_body import parse_block
from bot.readme import Index, insert_entries, parse
from bot.readme.update import remove_lines
from bot.store import Decision
from classifiers.predict import Classifier

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "samples" / "arxiv-2025-06-10.atom.xml"
BRANCH = "litbot/arxiv-2025-06-10"


@pytest.fixture(scope="module")
def tiny_data(tmp_path_factory):
    """A training-data folder with every listed paper's abstract but only 120 negatives and no readings."""
    out = tmp_path_factory.mktemp("tiny-data")
    for name in ("abstracts.jsonl", "sections.toml"):
        shutil.copy(REPO / "data" / name, out / name)
    kept = []
    with gzip.open(REPO / "data" / "negatives.jsonl.gz", "rt", encoding="utf-8") as src:
        for line in src:
            if json.loads(line).get("split") == "train":
                kept.append(line)
                if len(kept) == 120:
                    break
    with gzip.open(out / "negatives.jsonl.gz", "wt", encoding="utf-8") as dst:
        dst.writelines(kept)
    return out


@pytest.fixture(scope="module")
def next_day(tmp_path_factory):
    """The recorded day's papers as if announced the day after (papers JSONL): the day a later runner fetches."""
    out = tmp_path_factory.mktemp("days") / "arxiv-2025-06-11.jsonl"
    papers = [replace(p, announce_date=date(2025, 6, 11)) for p in read_papers_file(SAMPLE)]
    out.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in papers), encoding="utf-8")
    return out


@pytest.fixture
def fresh_runner(tmp_path, github_fake, github_repo, tiny_data):
    """`litbot run --repo ...` as the action runs it, each call with a state folder of its own (a fresh runner)."""

    def run(name: str, day: Path = SAMPLE):
        state_dir = tmp_path / name
        state = state_dir / "state.sqlite"
        config = Config(repo=RepoConfig(mode="github", target=github_fake.full_name, api_url=github_fake.base_url),
                        pr=PrConfig(daily_cap=3), state=StateConfig(dir=str(state_dir), retrain_after=1))
        ctx = Context(load_config=lambda: config, options=Options(load=(day,)))
        said: list[str] = []
        with ctx.store() as store:
            report = run_once(ctx, store, RunRequest(load=(day,)), repo=github_repo(), say=said.append,
                              retrain=Retrain(tiny_data))
        assert report.ok, report.errors
        run.said = said
        return state

    return run


def _learned(state: Path) -> Path:
    """Where a runner keeps the model it learned: `model/` in its state folder (bot.paths)."""
    return state.parent / "model"


def merge_with_a_move(github_fake, number: int) -> tuple[str, tuple[str, ...]]:
    """As a maintainer would: move the PR's first paper to another leaf on its branch, then merge the PR."""
    pull = github_fake.pulls[number - 1]
    block = parse_block(pull.body)
    paper = block.papers[0]
    doc = parse(github_fake.text(pull.branch))
    (entry,) = Index(doc).find(paper.arxiv_id)
    target = next(leaf for leaf in doc.leaf_paths() if leaf != paper.section and "KV-Cache" not in leaf[-1])
    moved = insert_entries(remove_lines(doc, [entry.line_no]), [(target, entry.raw)])
    github_fake.commit_file(pull.branch, "README.md", moved.render(), f"Move {paper.arxiv_id} to {target[-1]}")
    github_fake.commit_file("main", "README.md", moved.render(), f"Merge pull request #{number}")
    pull.state, pull.merged = "closed", True
    return paper.arxiv_id, target


def test_a_second_fresh_runner_learns_the_move_a_maintainer_made_on_the_first_runners_pr(fresh_runner, github_fake,
                                                                                           next_day):
    first = fresh_runner("runner-1")
    assert [p.branch for p in github_fake.pulls] == [BRANCH]
    assert not _learned(first).exists()  # nothing decided yet: the shipped model, nothing retrained

    moved_id, target = merge_with_a_move(github_fake, 1)
    proposed = {p.arxiv_id for p in parse_block(github_fake.pulls[0].body).papers}
    # and a triage rejection made on a maintainer's machine, committed as the decisions file
    rejected = Decision("2506.07777", "A Paper About Protein Folding", "negative", None, "triage", "rejected in triage")
    github_fake.commit_file("main", PATH, render_decisions([rejected]), "Triage decisions")

    second = fresh_runner("runner-2", next_day)
    assert not (first.parent / "runner-2").exists() and second.parent != first.parent
    assert any(line.startswith("retrained the model on 4 maintainer decisions") for line in fresh_runner.said)
    model = _learned(second)
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    learned = {row["arxiv_id"]: row for row in meta["learned"]["decisions"]}
    assert set(learned) == proposed | {rejected.arxiv_id}
    assert all(learned[i]["label"] == "positive" for i in proposed)
    assert (learned[rejected.arxiv_id]["label"], learned[rejected.arxiv_id]["source"]) == ("negative", "triage")
    assert meta["training"]["negatives"] == 121  # the tiny set's 120 and the rejected paper
    assert learned[moved_id]["section"] == list(target) and learned[moved_id]["source"] == "pr-merged"
    clf = Classifier.load(model)
    where = clf.listed_ids.index(moved_id)
    leaves_of_moved = {clf.leaves[i] for i in clf.section.membership[where].nonzero()[1]}
    assert leaves_of_moved == {target}  # a training example of the section the maintainer chose

    # A third fresh runner derives the same decisions and so trains the same thing (same fingerprint); the second
    # runner again, its state kept, finds the repository unchanged and does not retrain.
    third = fresh_runner("runner-3", next_day)
    assert json.loads((_learned(third) / "model.json").read_text())["learned"]["fingerprint"] == \
        meta["learned"]["fingerprint"]
    before = (model / "model.skops").stat().st_mtime_ns
    fresh_runner("runner-2", next_day)
    assert not any(line.startswith("retrained") for line in fresh_runner.said)
    assert (model / "model.skops").stat().st_mtime_ns == before
