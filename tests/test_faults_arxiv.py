"""`litbot run` under each fault arXiv really produces: it completes or stops clearly, the store stays consistent,
and a later run (fault cleared) ends exactly where a clean run ends: same README, same outcomes, one PR."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.store import Store
from tests.fakes.arxiv import Fault
from tests.reliability import DAY, bot, check_consistent, end_state, papers, reference  # noqa: F401 (bot, papers: fixtures)

# Request order of a run on the recorded day: RSS (/atom), then API metadata pages 1..3 (/api, 10 papers each).
# `None` lets one request through, so ("empty" after two Nones) hits the second API page: mid-pagination.
RECOVERED = {  # the run retries and completes on its own
    "429 Retry-After on RSS": [Fault("429", retry_after=30)],
    "429 Retry-After on API page 2": [None, None, Fault("429", retry_after=7)],
    "503 on RSS": ["503"],
    "503 twice on API page 1": [None, "503", "503"],
    "connection reset on RSS": ["reset"],
    "connection reset on API page 3": [None, None, None, "reset"],
    "read timeout on RSS": ["stall"],
    "read timeout on API page 2": [None, None, "stall"],
    "empty page mid-pagination": [None, None, "empty"],
}
STOPPED = {  # nothing to trust was read: the run fails with this message and records nothing
    "truncated XML on RSS": (["truncated"], "truncated or non-XML"),
    "invalid UTF-8 on RSS": (["bad-utf8"], "Invalid bytes in character encoding"),
    "HTML error page with 200 on RSS": (["html200"], "not an Atom feed"),
    "503 outage on RSS (retries exhausted)": (["503"] * 5, "failed after 5 attempts"),
}
DEGRADED = {  # the listing is fine but its metadata is not: decided now, day left open to be fetched again
    "truncated XML on API": [None, Fault("truncated", path="/api")],
    "invalid UTF-8 on API": [None, Fault("bad-utf8", path="/api")],
    "HTML error page with 200 on API": [None, Fault("html200", path="/api")],
}
FAULT_KINDS = len(RECOVERED) + len(STOPPED) + len(DEGRADED) + 1  # + the empty weekday listing


@pytest.mark.parametrize("schedule", RECOVERED.values(), ids=RECOVERED.keys())
def test_transient_faults_are_retried_and_the_run_ends_as_a_clean_one(bot, papers, arxiv_fake, arxiv_clock,
                                                                      github_fake, schedule):
    arxiv_fake.fail(*schedule)
    report = bot()
    assert report.ok, report.errors
    assert not arxiv_fake.schedule, "the fault was never hit"
    assert any(r.fault for r in arxiv_fake.requests)
    waits = [f.retry_after for f in schedule if isinstance(f, Fault) and f.retry_after]
    assert all(w in arxiv_clock.sleeps for w in waits), "Retry-After was not honoured"
    check_consistent(bot.store, github_fake, papers)
    assert end_state(bot.store, github_fake, papers) == reference()


@pytest.mark.parametrize("schedule, message", STOPPED.values(), ids=STOPPED.keys())
def test_an_untrustworthy_listing_stops_the_run_and_the_next_run_does_the_work(bot, papers, arxiv_fake,
                                                                              github_fake, schedule, message):
    arxiv_fake.fail(*schedule)
    report = bot()
    assert not report.ok and any(message in e for e in report.errors), report.errors
    assert report.days == [] and github_fake.pulls == []
    assert bot.store.processed_days(DAY, DAY) == set() and bot.store.outcomes(p.arxiv_id for p in papers) == {}
    check_consistent(bot.store, github_fake, papers)
    again = bot()
    assert again.ok and again.days == [DAY], again.errors
    check_consistent(bot.store, github_fake, papers)
    assert end_state(bot.store, github_fake, papers) == reference()


@pytest.mark.parametrize("schedule", DEGRADED.values(), ids=DEGRADED.keys())
def test_bad_metadata_keeps_every_decision_and_leaves_the_day_open_for_the_next_run(bot, papers, arxiv_fake,
                                                                                   github_fake, schedule):
    arxiv_fake.fail(*schedule)
    first = bot()
    assert not arxiv_fake.schedule
    assert any("metadata" in line and "fetched again" in line for line in bot.said), bot.said
    assert first.proposed, first.errors
    assert bot.store.processed_days(DAY, DAY) == set(), "a day without metadata must be fetched again"
    assert set(bot.store.outcomes(p.arxiv_id for p in papers)) == {p.arxiv_id for p in papers}
    check_consistent(bot.store, github_fake, papers)
    writes = github_fake.count("PUT")
    again = bot()
    assert again.ok and again.days == [DAY] and again.proposed == 0, again.errors
    assert again.skipped["already processed"] == len(papers)
    assert github_fake.count("PUT") == writes, "nothing is committed twice"
    assert bot.store.processed_days(DAY, DAY) == {DAY}
    check_consistent(bot.store, github_fake, papers)
    state, clean = end_state(bot.store, github_fake, papers), reference()
    assert state.pr_papers == clean.pr_papers and state.outcomes == clean.outcomes


def test_an_empty_listing_on_a_weekday_never_marks_the_day_done(bot, papers, arxiv_fake, github_fake):
    """arXiv's feed can come back empty while it is rebuilt; the day's papers must still be found later."""
    arxiv_fake.fail("empty")
    first = bot()
    assert first.ok and first.fetched == 0
    assert any("empty on a weekday" in line for line in bot.said), bot.said
    assert bot.store.processed_days(DAY, DAY) == set()
    again = bot()
    assert again.ok and again.days == [DAY], again.errors
    check_consistent(bot.store, github_fake, papers)
    assert end_state(bot.store, github_fake, papers) == reference()


def test_the_cli_says_what_failed_and_exits_non_zero(tmp_path, papers, arxiv_fake, git_clone, capsys, monkeypatch):
    monkeypatch.setenv("LITBOT_ARXIV_RSS_URL", arxiv_fake.rss_url)
    monkeypatch.setenv("LITBOT_ARXIV_API_URL", arxiv_fake.api_url)
    monkeypatch.chdir(tmp_path)
    arxiv_fake.fail("html200")
    args = ["run", "--local", str(git_clone), "--state", str(tmp_path / "state.sqlite")]
    assert main(args) == 1
    err = capsys.readouterr().out
    assert "error: arXiv sent a document that is not an Atom feed" in err
    assert main(args) == 0
    with Store(tmp_path / "state.sqlite") as store:
        assert store.processed_days(DAY, DAY) == {DAY}
        assert set(store.outcomes(p.arxiv_id for p in papers)) == {p.arxiv_id for p in papers}
