"""Shared by the fault, crash, hostile and soak tests: one recorded day, a run harness on the fakes, the invariants.

The invariants are what "lose nothing" means for the state file and the repository:
- a processed day has an outcome for every one of its papers;
- a paper whose day is not processed has no outcome, unless its day was recorded incomplete (metadata missing),
  in which case every paper of it has one;
- every "proposed" paper sits exactly once in its branch's README and in that branch's PR block;
- one PR per day branch, one commit per proposed paper, no paper listed twice.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from bot.arxiv_source import ArxivSource
from bot.config import ArxivConfig, Config, PrConfig
from bot.github_repo import GitHubRepo
from bot.pipeline import Pipeline, RunRequest
from bot.pr_body import parse_block
from bot.readme import parse
from bot.run_report import RunReport
from bot.store import Store
from tests.conftest import FAKE_GITHUB_TOKEN, REPO
from tests.fakes.arxiv import FakeArxiv, FakeClock, stream_papers
from tests.fakes.github import FakeGitHub

DAY = date(2025, 6, 10)  # a Tuesday of the recorded stream sample
PAPERS = 30              # enough for three API pages of 10 and a handful of proposals
CAP = 4                  # proposals per day: keeps the commit count (and the suite) small


def day_papers(day: date = DAY, n: int = PAPERS):
    """n recorded papers announced on `day`: first those the shipped model would propose (sure of scope and
    section), so the day has more proposals than CAP whatever model is shipped, then two it would send to triage,
    then the others in stream order."""
    papers = stream_papers(day, day)
    preds = shipped_classifier().predict([p.to_dict() for p in papers])
    sure = [p for p, pred in zip(papers, preds) if pred.relevant and pred.scope_sure and not pred.needs_triage]
    unsure = [p for p, pred in zip(papers, preds) if pred.relevant and p not in sure]
    assert len(sure) > CAP, "the recorded day needs more papers the shipped model proposes than the daily cap"
    chosen = sure + unsure[:2]
    return chosen + [p for p in papers if p not in chosen][: n - len(chosen)]


@pytest.fixture(scope="module")
def day_file(tmp_path_factory) -> Path:
    """day_papers() saved as a papers JSONL file, for `--load` replays."""
    path = tmp_path_factory.mktemp("day") / "day.jsonl"
    path.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in day_papers()), encoding="utf-8")
    return path


@functools.lru_cache(maxsize=1)
def shipped_classifier():
    from classifiers.predict import Classifier

    return Classifier.load()


def config_for(arxiv: FakeArxiv, cap: int = CAP) -> Config:
    return Config(arxiv=ArxivConfig(rss_url=arxiv.rss_url, api_url=arxiv.api_url), pr=PrConfig(daily_cap=cap))


@dataclass
class Harness:
    """The pipeline as `litbot run` builds it, on the loopback fakes; each call is one run with fresh adapters."""

    store: Store
    arxiv: FakeArxiv
    clock: FakeClock
    github: FakeGitHub
    cap: int = CAP
    sleeps: list | None = None

    def __post_init__(self) -> None:
        self.sleeps, self.said = [], []

    def source(self) -> ArxivSource:
        return ArxivSource(self.arxiv.rss_url, self.arxiv.api_url, clock=self.clock, sleeper=self.clock.sleep,
                           page_size=10, timeout=0.3)

    def repo(self, token: str | None = FAKE_GITHUB_TOKEN) -> GitHubRepo:
        return GitHubRepo(self.github.full_name, token, base_url=self.github.base_url, throttle=False, timeout=1,
                          sleep=self.sleeps.append, clock=lambda: 1_700_000_000.0)

    def __call__(self, request: RunRequest = RunRequest(), token: str | None = FAKE_GITHUB_TOKEN) -> RunReport:
        pipeline = Pipeline(config_for(self.arxiv, self.cap), store=self.store, repo=self.repo(token),
                            source=self.source(), load_classifier=lambda taxonomy: shipped_classifier(),
                            say=self.said.append)
        return pipeline.run(request)


@pytest.fixture
def bot(tmp_path, arxiv_fake, arxiv_clock, github_fake):
    """A Harness over a fresh state file and the conftest fakes (the fault suites import this fixture)."""
    with Store(tmp_path / "state.sqlite") as store:
        yield Harness(store, arxiv_fake, arxiv_clock, github_fake)


@pytest.fixture
def papers(arxiv_fake):
    """The recorded day's papers, announced on the loopback arXiv."""
    papers = day_papers()
    announce(arxiv_fake, papers)
    return papers


def announce(arxiv: FakeArxiv, papers, day: date = DAY) -> None:
    arxiv.announce(papers, day)
    arxiv.add_api_papers(papers)


def litbot_prs(github: FakeGitHub):
    return [pr for pr in github.pulls if pr.branch.startswith("litbot/arxiv-")]


@dataclass(frozen=True)
class EndState:
    """What a finished day leaves behind, to compare a faulted-then-repaired history with a clean one."""

    readme: str
    outcomes: dict
    pr_papers: tuple[str, ...]


def end_state(store: Store, github: FakeGitHub, papers, day: date = DAY) -> EndState:
    (pr,) = [pr for pr in litbot_prs(github) if pr.branch == f"litbot/arxiv-{day}"]
    outcomes = store.outcomes(p.arxiv_id for p in papers)
    return EndState(github.text(pr.branch), {a: o.outcome for a, o in sorted(outcomes.items())},
                    tuple(p.arxiv_id for p in parse_block(pr.body).papers))


@functools.lru_cache(maxsize=4)
def reference(n: int = PAPERS, cap: int = CAP) -> EndState:
    """The end state of one clean run of the recorded day (computed once per session)."""
    import tempfile

    readme = (REPO / "data" / "survey_README.md").read_bytes().decode("utf-8")
    papers = day_papers(n=n)
    clock = FakeClock()
    with FakeGitHub({"README.md": readme}, token=FAKE_GITHUB_TOKEN) as github, \
            tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "state.sqlite") as store:
        arxiv = FakeArxiv(clock=clock)
        try:
            announce(arxiv, papers)
            report = Harness(store, arxiv, clock, github, cap)()
            assert report.ok and report.proposed, report.errors
            return end_state(store, github, papers)
        finally:
            arxiv.close()


def check_consistent(store: Store, github: FakeGitHub, papers, day: date = DAY) -> None:
    """The invariants in this module's docstring, for one day's papers."""
    ids = {p.arxiv_id for p in papers}
    outcomes = store.outcomes(ids)
    if store.processed_days(day, day):
        assert set(outcomes) == ids, f"processed day without outcomes for {sorted(ids - set(outcomes))}"
    else:
        assert set(outcomes) in (set(), ids), "a failed day has outcomes for some of its papers only"
    prs = litbot_prs(github)
    branches = [pr.branch for pr in prs]
    assert len(branches) == len(set(branches)), f"more than one PR for a branch: {branches}"
    in_prs: dict[str, str] = {}
    for pr in prs:
        doc, base = parse(github.text(pr.branch)), parse(github.text(github.default_branch))
        block = parse_block(pr.body)
        added = [e for e in doc.entries if e.arxiv_id in block.arxiv_ids]
        assert sorted(e.arxiv_id for e in added) == sorted(block.arxiv_ids), f"{pr.branch}: PR block and branch " \
            "disagree, or a paper is listed twice"
        assert len(doc.entries) == len(base.entries) + len(added), f"{pr.branch} adds entries its PR does not hold"
        assert len(github.history(pr.branch)) == len(block.papers), "not exactly one commit per proposed paper"
        in_prs.update(dict.fromkeys(block.arxiv_ids, pr.branch))
    for arxiv_id, outcome in outcomes.items():
        if outcome.outcome == "proposed":
            assert in_prs.get(arxiv_id) == outcome.branch, f"{arxiv_id} proposed on {outcome.branch} but not in its PR"
