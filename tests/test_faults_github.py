"""`litbot run` under each fault GitHub really produces: it completes or stops clearly, the store stays consistent,
and a later run (fault cleared) ends exactly where a clean run ends: same README, same outcomes, one PR, one
commit per paper."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.store import Store
from tests.conftest import FAKE_GITHUB_TOKEN
from tests.reliability import DAY, bot, check_consistent, end_state, papers, reference  # noqa: F401 (bot, papers: fixtures)

NOW = 1_700_000_000  # the adapter's injected clock (see tests.reliability.Harness.repo)
PUT, CONTENTS, PULLS, LABELS, REFS = "PUT", r"/contents/", r"/pulls$", r"/labels$", r"/git/refs$"


def on_second_put(github, status, **kw):
    """Fail the second README commit of the run (the first has landed): a fault in the middle of proposing."""
    github.before(PUT, CONTENTS, lambda: github.fail(status, PUT, CONTENTS, **kw))


def branch_exists_already(github):
    """A run that died after creating today's branch: creating it now gets GitHub's real 422."""
    github.before("POST", REFS, lambda: github.branches.setdefault(f"litbot/arxiv-{DAY}",
                                                                  github.branches[github.default_branch]))


RECOVERED = {  # retried (or waited out) inside the run
    "403 rate limit, reset in 60 s": lambda g: g.fail(403, PUT, CONTENTS, headers={"X-RateLimit-Reset": str(NOW + 60)}),
    "429 secondary rate limit": lambda g: g.fail(429, "POST", PULLS, headers={"Retry-After": "5"}),
    "409 stale sha": lambda g: g.fail(409, PUT, CONTENTS),
    "422 branch exists": branch_exists_already,
    "500 on a commit": lambda g: g.fail(500, PUT, CONTENTS),
    "502 on opening the PR": lambda g: g.fail(502, "POST", PULLS),
    "timeout on a commit": lambda g: g.fail("timeout", PUT, CONTENTS),
    "connection reset listing PRs": lambda g: g.fail("reset", "GET", PULLS),
}
STOPPED = {  # the run stops with this message; the next run finishes the day
    "401 at the first request": (lambda g: g.fail(401), "check that GITHUB_TOKEN is set"),
    "401 mid-run (token revoked)": (lambda g: on_second_put(g, 401), "rejected the token"),
    "403 token without push rights": (lambda g: on_second_put(g, 403, message="Resource not accessible by integration"),
                                      "the token lacks permission"),
    "403 rate limit, reset in an hour": (
        lambda g: g.fail(403, PUT, CONTENTS, headers={"X-RateLimit-Reset": str(NOW + 3600)}), "run again later"),
    "404 README": (lambda g: g.fail(404, "GET", CONTENTS), "404"),
    "422 on opening the PR": (lambda g: g.fail(422, "POST", PULLS), "422"),
    "502 outage on commits": (lambda g: on_second_put(g, 502, times=4), "502"),
    "502 outage while labelling": (lambda g: g.fail(502, "POST", LABELS, times=4), "502"),
}
FAULT_KINDS = len(RECOVERED) + len(STOPPED)


@pytest.mark.parametrize("inject", RECOVERED.values(), ids=RECOVERED.keys())
def test_transient_faults_are_retried_and_the_run_ends_as_a_clean_one(bot, papers, github_fake, inject):
    inject(github_fake)
    report = bot()
    assert report.ok, report.errors
    assert any(r.status not in (200, 201) for r in github_fake.requests), "the fault was never hit"
    assert not github_fake.hooks and all(f.times == 0 for f in github_fake.schedule)
    check_consistent(bot.store, github_fake, papers)
    assert end_state(bot.store, github_fake, papers) == reference()


def test_a_rate_limit_waits_until_the_reset_on_the_injected_sleeper(bot, papers, github_fake):
    RECOVERED["403 rate limit, reset in 60 s"](github_fake)
    assert bot().ok
    assert bot.sleeps == [61.0]


@pytest.mark.parametrize("inject, message", STOPPED.values(), ids=STOPPED.keys())
def test_a_refusal_stops_the_run_clearly_and_the_next_run_finishes_the_day(bot, papers, github_fake, inject, message):
    inject(github_fake)
    report = bot()
    assert not report.ok and any(message in e for e in report.errors), report.errors
    assert bot.store.processed_days(DAY, DAY) == set()
    check_consistent(bot.store, github_fake, papers)
    again = bot()
    assert again.ok and again.days == [DAY], again.errors
    check_consistent(bot.store, github_fake, papers)
    assert end_state(bot.store, github_fake, papers) == reference()
    assert sorted(github_fake.pulls[0].labels) == sorted(set(github_fake.pulls[0].labels)) and \
        "litbot" in github_fake.pulls[0].labels


def test_the_cli_says_what_failed_exits_non_zero_and_never_prints_the_token(tmp_path, papers, arxiv_fake, github_fake,
                                                                            capsys, monkeypatch):
    monkeypatch.setenv("LITBOT_ARXIV_RSS_URL", arxiv_fake.rss_url)
    monkeypatch.setenv("LITBOT_ARXIV_API_URL", arxiv_fake.api_url)
    monkeypatch.setenv("LITBOT_REPO_API_URL", github_fake.base_url)
    monkeypatch.setenv("GITHUB_TOKEN", FAKE_GITHUB_TOKEN)
    monkeypatch.chdir(tmp_path)
    github_fake.fail(401, times=99)  # a bad token: every request is refused
    assert main(["-vv", "run", "--repo", github_fake.full_name, "--state", str(tmp_path / "state.sqlite")]) == 1
    out = capsys.readouterr()
    assert "error: GitHub rejected the token" in out.out
    assert FAKE_GITHUB_TOKEN not in out.out + out.err
    with Store(tmp_path / "state.sqlite") as store:
        assert store.processed_days(DAY, DAY) == set() and store.outcomes(p.arxiv_id for p in papers) == {}
        (run,) = store.runs()
        assert run["status"] == "failed" and "401" in run["errors"][0]
