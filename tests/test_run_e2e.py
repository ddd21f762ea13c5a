"""`litbot run` end to end: recorded arXiv days through the loopback arXiv and GitHub, the shipped model, real
SQLite."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.arxiv_source import ArxivSource
from bot.config import ArxivConfig, Config
from bot.pipeline import Pipeline, RunRequest
from bot.pr_body import parse_block
from bot.readme import Index, parse
from bot.store import Store
from tests.fakes.arxiv import stream_papers

MON, TUE, WED, THU, FRI = (date(2025, 6, 9) + timedelta(n) for n in range(5))


@pytest.fixture(scope="module")
def shipped_classifier():
    from classifiers.predict import Classifier

    return Classifier.load()


@pytest.fixture
def bot(tmp_path, arxiv_fake, arxiv_clock, github_fake, github_repo, shipped_classifier):
    """Runs the pipeline the way `litbot run` builds it, against the fakes; returns the report."""
    store = Store(tmp_path / "state.sqlite")
    config = Config(arxiv=ArxivConfig(rss_url=arxiv_fake.rss_url, api_url=arxiv_fake.api_url))

    def run(request: RunRequest = RunRequest()):
        source = ArxivSource(arxiv_fake.rss_url, arxiv_fake.api_url, clock=arxiv_clock, sleeper=arxiv_clock.sleep)
        pipeline = Pipeline(config, store=store, repo=github_repo(), source=source,
                            load_classifier=lambda taxonomy: shipped_classifier, say=lambda _: None)
        return pipeline.run(request)

    run.store = store
    yield run
    store.close()


def day_papers(day: date):
    return stream_papers(day, day)


def litbot_prs(github_fake):
    return [pr for pr in github_fake.pulls if pr.branch.startswith("litbot/arxiv-")]


def writes(github_fake):
    return [r for r in github_fake.requests if r.method in ("POST", "PUT", "PATCH")]


def test_five_recorded_days_each_give_one_pr_with_entries_in_their_sections(bot, arxiv_fake, github_fake):
    total = 0
    for day in (MON, TUE, WED, THU, FRI):
        papers = day_papers(day)
        arxiv_fake.announce(papers, day)
        arxiv_fake.add_api_papers(papers)
        report = bot()
        assert report.ok, report.errors
        assert report.days == [day]
        assert report.fetched == len({p.arxiv_id for p in papers})
        total += report.fetched
        # every paper got exactly one outcome
        outcomes = bot.store.outcomes(p.arxiv_id for p in papers)
        assert set(outcomes) == {p.arxiv_id for p in papers}
    prs = litbot_prs(github_fake)
    assert len(prs) == 5
    assert bot.store.processed_days(MON, FRI) == {MON, TUE, WED, THU, FRI}
    for pr in prs:
        block = parse_block(pr.body)
        doc = parse(github_fake.text(pr.branch))
        index = Index(doc)
        assert block.papers, pr.title
        plural = "s" if len(block.papers) > 1 else ""
        assert pr.title == f"Add {len(block.papers)} paper{plural} from arXiv ({block.day})"
        for paper in block.papers:
            (entry,) = index.find(paper.arxiv_id)
            assert entry.section == paper.section and entry.section in doc.leaf_paths()
            assert bot.store.outcomes([paper.arxiv_id])[paper.arxiv_id].outcome == "proposed"
    counts = bot.store.outcome_counts()
    assert sum(counts.values()) == total
    assert counts["proposed"] == sum(len(parse_block(pr.body).papers) for pr in prs)


def test_a_second_run_of_the_same_day_does_nothing_new(bot, arxiv_fake, github_fake):
    papers = day_papers(TUE)
    arxiv_fake.announce(papers, TUE)
    arxiv_fake.add_api_papers(papers)
    first = bot()
    assert first.ok and first.proposed > 0
    before = writes(github_fake)
    again = bot()
    assert again.ok and again.days == [] and again.proposed == 0
    assert writes(github_fake) == before
    assert len(litbot_prs(github_fake)) == 1


def test_a_weekend_is_skipped_without_backfill_requests(bot, arxiv_fake):
    bot.store.complete_day(date(2025, 6, 6), [], [], source="rss", categories=("cs.CL",))  # Friday done
    saturday = date(2025, 6, 7)
    arxiv_fake.announce([], saturday)  # the empty weekend feed
    quiet = bot()
    assert quiet.ok and quiet.fetched == 0 and quiet.proposed == 0
    papers = day_papers(MON)
    arxiv_fake.announce(papers, MON)
    arxiv_fake.add_api_papers(papers)
    before = len(arxiv_fake.requests_to("/api"))
    monday = bot()
    assert monday.ok and monday.days == [MON]
    searches = [r for r in arxiv_fake.requests_to("/api")[before:] if r.query.get("search_query")]
    assert searches == []  # no submittedDate backfill for Saturday and Sunday
    assert bot.store.missing_days(date(2025, 6, 6), MON) == []


def test_a_three_day_gap_is_backfilled_in_one_run(bot, arxiv_fake, github_fake):
    bot.store.complete_day(MON, [], [], source="rss", categories=("cs.CL",))
    gap = stream_papers(TUE, THU)
    arxiv_fake.add_api_papers(gap)
    friday = day_papers(FRI)
    arxiv_fake.announce(friday, FRI)
    arxiv_fake.add_api_papers(friday)
    report = bot()
    assert report.ok, report.errors
    assert report.days == [TUE, WED, THU, FRI]
    assert bot.store.processed_days(MON, FRI) == {MON, TUE, WED, THU, FRI}
    (pr,) = litbot_prs(github_fake)
    assert pr.branch == "litbot/arxiv-2025-06-13"
    proposed = {p.arxiv_id for p in parse_block(pr.body).papers}
    gap_ids = {p.arxiv_id for p in gap}
    assert proposed & gap_ids, "papers from the backfilled days are proposed too"
    assert set(bot.store.outcomes(gap_ids)) == gap_ids
