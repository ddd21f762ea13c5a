"""One way to do each thing: one publisher, one PR-history reader, one proposal recorder, typed kinds, and the
config keys `repo.base_branch` and `pr.labels` read where they belong."""

from __future__ import annotations

import ast
import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Config, PrConfig, RepoConfig
from bot.kinds import OutcomeKind, SkipKind
from bot.local_repo import LocalRepo
from bot.pr_body import render_body
from bot.propose import propose
from bot.repos import RepoChoice, open_repo
from bot.run_report import RunReport

BOT = Path(__file__).resolve().parent.parent / "bot"
ADAPTERS = {"github_repo.py", "local_repo.py", "repo_port.py"}


def _calls(attribute: str) -> set[str]:
    """Modules of bot/ (outside the repository adapters) that call `<something>.<attribute>(...)`."""
    found = set()
    for path in BOT.rglob("*.py"):
        if path.name in ADAPTERS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == attribute:
                found.add(str(path.relative_to(BOT)))
    return found


@pytest.mark.parametrize("write", ["write_readme", "open_pr", "update_pr", "add_labels"])
def test_only_the_publisher_writes_branches_and_pull_requests(write):
    assert _calls(write) == {"publisher.py"}


def test_only_the_history_reader_reads_the_blocks_of_every_pr():
    readers = {str(p.relative_to(BOT)) for p in BOT.rglob("*.py")
               if "RANK" in p.read_text(encoding="utf-8") or "def history(" in p.read_text(encoding="utf-8")}
    assert readers == {"pr_history.py"}


def test_a_proposed_outcome_is_made_in_one_place():
    makers = set()
    for path in BOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "PaperOutcome" and any(
                    (isinstance(a, ast.Constant) and a.value == "proposed") or getattr(a, "attr", "") == "PROPOSED"
                    for a in node.args):
                makers.add(str(path.relative_to(BOT)))
    assert makers == {"recording.py"}


# ----- kinds: counted directly, printed as the strings they always were -----
def test_the_run_summary_counts_skip_kinds_and_prints_their_values():
    report = RunReport(skipped={SkipKind.OVER_CAP: 6, SkipKind.PROCESSED: 2})
    out = json.loads(json.dumps(report.to_dict()))
    assert out["skipped"] == {"already processed": 2, "over the daily cap (sent to triage)": 6}
    assert "split(" not in (BOT / "pipeline.py").read_text(encoding="utf-8")  # no counting by parsing prose


def test_every_skip_kind_has_an_outcome_and_outcomes_keep_their_stored_strings():
    assert [k.value for k in OutcomeKind] == ["proposed", "triage", "irrelevant", "listed", "already-proposed",
                                              "rejected", "failed"]
    assert {k: k.outcome for k in SkipKind if k is not SkipKind.PROCESSED}.keys() == set(SkipKind) - {
        SkipKind.PROCESSED}
    assert SkipKind.REMOVED.outcome is OutcomeKind.REJECTED and SkipKind.OPEN_PR.outcome is \
        OutcomeKind.ALREADY_PROPOSED


def test_one_rank_table_decides_for_dedupe_and_learning(git_clone, make_proposals, survey_readme_text):
    """A paper closed in one PR and merged (then removed) in another: both readers say "merged"."""
    from bot.learn import derive
    from bot.readme import parse

    a, b = make_proposals(2)
    repo = LocalRepo(git_clone)
    repo.create_branch("litbot/arxiv-2025-03-01", repo.branch_head("main"))
    repo.open_pr("litbot/arxiv-2025-03-01", "main", "t", render_body(date(2025, 3, 1), (a,), (b.arxiv_id,)))
    subprocess.run(["git", "branch", "-D", "litbot/arxiv-2025-03-01"], cwd=git_clone, check=True,
                   capture_output=True)  # closed without merging: a is rejected, b was dropped from it
    repo.create_branch("litbot/arxiv-2025-03-02", repo.branch_head("main"))
    repo.open_pr("litbot/arxiv-2025-03-02", "main", "t", render_body(date(2025, 3, 2), (b,)))  # merged (no change)
    out = propose(repo, date(2025, 3, 5), (a, b))
    kinds = {s.arxiv_id: s.kind for s in out.skipped}
    assert kinds == {a.arxiv_id: SkipKind.REJECTED, b.arxiv_id: SkipKind.REMOVED}
    decisions, _, _ = derive(repo.list_litbot_prs(), parse(survey_readme_text))
    assert {d.arxiv_id: d.source for d in decisions} == {a.arxiv_id: "pr-closed", b.arxiv_id: "pr-removed"}


# ----- pr.labels: the publisher labels every PR it opens with the configured labels -----
def _labels(clone: Path, name: str) -> list[str]:
    return json.loads((clone / ".git" / "litbot" / f"{name}.json").read_text(encoding="utf-8"))["labels"]


def test_configured_labels_go_on_the_daily_pr(git_clone, make_proposals):
    papers = make_proposals(2)
    propose(LocalRepo(git_clone), date(2025, 3, 3), papers, labels=("survey-bot", "needs-review"))
    assert _labels(git_clone, "arxiv-2025-03-03") == ["survey-bot", "needs-review",
                                                       *sorted({p.category for p in papers})]


def test_lint_fix_labels_its_pr_from_the_config_file(git_clone, tmp_path, capsys):
    config = tmp_path / "litbot.toml"
    config.write_text('[pr]\nlabels = ["survey-bot"]\n', encoding="utf-8")
    main(["--config", str(config), "lint", "--fix", "--local", str(git_clone), "--date", "2025-03-03"])
    assert "opened" in capsys.readouterr().out
    assert _labels(git_clone, "lint-fix-2025-03-03") == ["survey-bot"]


# ----- repo.base_branch: the branch PRs go into and the README is read from -----
def _args(**kw) -> RepoChoice:
    return RepoChoice(**kw)


@pytest.fixture
def clone_with_develop(git_clone):
    """The survey clone, checked out on main, with a branch `develop` whose README has one line more."""
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=git_clone, check=True, capture_output=True)

    git("checkout", "-q", "-b", "develop")
    with (git_clone / "README.md").open("a", encoding="utf-8") as f:
        f.write("\n<!-- develop -->\n")
    git("commit", "-q", "-am", "develop only")
    git("checkout", "-q", "main")
    return git_clone


def test_the_configured_base_branch_is_where_a_local_pr_goes(clone_with_develop, make_proposals):
    config = Config(repo=RepoConfig(base_branch="develop"))
    repo = open_repo(_args(local=clone_with_develop), config)
    assert repo.base_branch() == "develop"
    out = propose(repo, date(2025, 3, 3), make_proposals(1))
    meta = json.loads((clone_with_develop / ".git" / "litbot" / "arxiv-2025-03-03.json").read_text())
    assert out.action == "opened" and meta["base"] == "develop"
    assert "<!-- develop -->" in repo.read_readme("litbot/arxiv-2025-03-03").text
    assert open_repo(_args(local=clone_with_develop, base="main"), config).base_branch() == "main"  # --base wins
    assert open_repo(_args(local=clone_with_develop), Config()).base_branch() == "main"  # unset: the checkout


def test_the_configured_base_branch_is_where_a_github_pr_goes(github_fake, make_proposals):
    github_fake.branches["develop"] = github_fake.branches["main"]
    github_fake.commit_file("develop", "README.md", github_fake.text("main") + "\n<!-- develop -->\n", "develop")
    from tests.conftest import FAKE_GITHUB_TOKEN

    config = Config(repo=RepoConfig(mode="github", target=github_fake.full_name, api_url=github_fake.base_url,
                                    base_branch="develop"), github_token=FAKE_GITHUB_TOKEN)
    repo = open_repo(_args(), config, throttle=False, timeout=1)
    propose(repo, date(2025, 3, 3), make_proposals(1))
    (pull,) = github_fake.pulls
    assert pull.base == "develop" and "<!-- develop -->" in github_fake.text(pull.branch)


def test_init_leaves_the_base_branch_to_the_repository(tmp_path, capsys):
    assert main(["init", str(tmp_path / "litbot.toml")]) == 0
    text = (tmp_path / "litbot.toml").read_text(encoding="utf-8")
    assert 'base_branch = ""' in text and PrConfig().labels == ("litbot",)


# ----- one README read and one PR listing per run -----
def test_a_run_reads_the_readme_once_and_lists_the_prs_once(tmp_path, github_fake, github_repo, make_proposals):
    """Learning first, then dedupe, classify and the proposal: all from one read of the base branch."""
    from bot.context import Context
    from bot.daily import learn_first
    from bot.pipeline import Pipeline, RunRequest
    from bot.store import Store
    from classifiers.predict import Classifier

    github_fake.add_pull("litbot/arxiv-2025-03-03", render_body(date(2025, 3, 3), make_proposals(1)), state="closed")
    sample = Path(__file__).resolve().parent.parent / "data" / "samples" / "arxiv-2025-06-10.atom.xml"
    config = Config()
    with Store(tmp_path / "state.sqlite") as store:
        pipeline = Pipeline(config, store=store, repo=github_repo(), source=None,
                            load_classifier=lambda taxonomy: Classifier.load(taxonomy=taxonomy), say=lambda _: None)
        github_fake.requests.clear()
        learn_first(pipeline, store, Context(load_config=lambda: config), lambda _: None)
        report = pipeline.run(RunRequest(load=(sample,)))
        assert report.ok and report.proposed > 0 and store.decisions(), report.errors  # it learned, it proposed
    assert github_fake.count("GET", r"/contents/README\.md$") == 1
    assert github_fake.count("GET", r"/pulls$") == 1
