"""`litbot run` under each fault GitHub really produces: it completes or stops clearly, the store stays consistent,
and a later run (fault cleared) ends exactly where a clean run ends: same README, same outcomes, one PR, one
commit per paper."""

from __future__ import annotations

import json

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


# ----- a server that echoes the token, or is not GitHub's API at all -----
ECHO = "upstream refused the request (Authorization: {authorization})"  # a proxy echoing the header
ECHOED = {
    "401 on every request": lambda g: g.fail(401, message=ECHO, times=99),
    "403 on a commit": lambda g: on_second_put(g, 403, message=ECHO),
    "502 outage on commits": lambda g: on_second_put(g, 502, times=4, message=ECHO),
    "422 on opening the PR": lambda g: g.fail(422, "POST", PULLS, message=ECHO),
}


def cli_env(monkeypatch, tmp_path, arxiv_fake, github_fake) -> None:
    monkeypatch.setenv("LITBOT_ARXIV_RSS_URL", arxiv_fake.rss_url)
    monkeypatch.setenv("LITBOT_ARXIV_API_URL", arxiv_fake.api_url)
    monkeypatch.setenv("LITBOT_REPO_API_URL", github_fake.base_url)
    monkeypatch.setenv("GITHUB_TOKEN", FAKE_GITHUB_TOKEN)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("inject", ECHOED.values(), ids=ECHOED.keys())
def test_a_token_the_server_echoes_never_reaches_output_logs_or_the_state_file(tmp_path, papers, arxiv_fake,
                                                                              github_fake, capsys, monkeypatch,
                                                                              inject):
    cli_env(monkeypatch, tmp_path, arxiv_fake, github_fake)
    inject(github_fake)
    code = main(["-vv", "run", "--json", "--repo", github_fake.full_name, "--state", str(tmp_path / "state.sqlite")])
    out = capsys.readouterr()
    assert code == 1 and "Authorization: token ***" in out.out + out.err, out.out + out.err
    assert FAKE_GITHUB_TOKEN not in out.out + out.err
    assert FAKE_GITHUB_TOKEN[4:20] not in out.out + out.err
    with Store(tmp_path / "state.sqlite") as store:
        run = store.runs()[0]
        stored = json.dumps(run) + json.dumps([o.detail for o in store.outcomes(p.arxiv_id for p in papers).values()])
    assert run["status"] == "failed" and "Authorization: token ***" in " ".join(run["errors"]), run
    assert FAKE_GITHUB_TOKEN not in stored and FAKE_GITHUB_TOKEN not in (tmp_path / "state.sqlite").read_bytes().decode(
        "latin-1")


def _proposals_file(tmp_path, make_proposals):
    path = tmp_path / "proposals.jsonl"
    path.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in make_proposals(2)), encoding="utf-8")
    return path


COMMANDS = {  # every command that talks to GitHub, as a maintainer would run it
    "run": lambda tmp, repo, props: ["run", "--repo", repo, "--state", str(tmp / "state.sqlite")],
    "propose": lambda tmp, repo, props: ["propose", "--input", str(props(tmp)), "--repo", repo, "--date", str(DAY)],
    "learn": lambda tmp, repo, props: ["learn", "--repo", repo, "--state", str(tmp / "state.sqlite"), "--data",
                                       str(tmp), "--no-retrain"],
    "lint": lambda tmp, repo, props: ["lint", "--repo", repo],
}
NOT_GITHUB = {"redirect to another host": "redirect", "HTML page with status 200": "html200"}
FAULT_KINDS = len(RECOVERED) + len(STOPPED) + len(ECHOED) + len(NOT_GITHUB)


@pytest.mark.parametrize("answer", NOT_GITHUB.values(), ids=NOT_GITHUB.keys())
@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_an_answer_that_is_not_githubs_api_fails_in_one_line_and_is_stored_as_failed(
        tmp_path, papers, arxiv_fake, github_fake, capsys, monkeypatch, make_proposals, command, answer):
    cli_env(monkeypatch, tmp_path, arxiv_fake, github_fake)
    github_fake.fail(answer, times=999)
    argv = command(tmp_path, github_fake.full_name, lambda tmp: _proposals_file(tmp, make_proposals))
    code = main(argv)
    out = capsys.readouterr()
    errors = [line for line in (out.out + out.err).splitlines()
              if line.startswith(("error:", f"litbot {argv[0]}: error:"))]
    assert code == 1 and len(errors) == 1, out.out + out.err
    assert "not GitHub's API" in errors[0] and "repo.api_url" in errors[0], errors
    assert "Traceback" not in out.out + out.err
    if argv[0] == "run":
        with Store(tmp_path / "state.sqlite") as store:
            (run,) = store.runs()
            assert run["status"] == "failed" and "not GitHub's API" in run["errors"][0], run
            assert store.processed_days(DAY, DAY) == set()
