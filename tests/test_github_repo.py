"""The GitHub adapter maps every failure to a clear RepoError, waits out rate limits, and never leaks the token."""

from __future__ import annotations

import logging
from datetime import date

import pytest

from bot.errors import ConfigError, RepoError, StaleError
from bot.github_repo import GitHubRepo
from bot.pr_body import render_body
from bot.propose import propose
from tests.conftest import FAKE_GITHUB_TOKEN

NOW = 1_700_000_000.0  # the clock the github_repo fixture injects


def test_reads_the_default_branch_and_the_readme(github_fake, github_repo, survey_readme_text):
    repo = github_repo()
    assert repo.base_branch() == "main"
    head = repo.branch_head("main")
    readme = repo.read_readme(head)
    assert readme.text == survey_readme_text and len(readme.sha) == 40
    assert all(r.authorized for r in github_fake.requests)


def test_creating_an_existing_branch_reports_false(github_fake, github_repo):
    repo = github_repo()
    head = repo.branch_head("main")
    assert repo.create_branch("litbot/arxiv-2025-03-04", head) is True
    assert repo.create_branch("litbot/arxiv-2025-03-04", head) is False
    assert [r.status for r in github_fake.requests if r.method == "POST"] == [201, 422]


def test_a_write_with_a_stale_sha_raises_stale_error(github_fake, github_repo):
    repo = github_repo()
    old = repo.read_readme("main")
    github_fake.commit_file("main", "README.md", old.text + "edit\n")
    with pytest.raises(StaleError):
        repo.write_readme("main", old.text + "mine\n", old.sha, "Add x to y")


def test_only_litbot_prs_are_listed_across_pages(github_fake, github_repo):
    for i in range(130):
        branch = f"litbot/arxiv-2025-01-{i % 28 + 1:02d}" if i % 2 else f"someone/feature-{i}"
        github_fake.add_pull(branch, "body", state="closed" if i % 3 else "open", merged=i % 5 == 0)
    prs = github_repo().list_litbot_prs()
    assert len(prs) == 65 and all(p.branch.startswith("litbot/arxiv-") for p in prs)
    assert {p.state for p in prs} == {"open", "closed", "merged"}
    assert github_fake.count("GET", r"/pulls$") == 2  # 100 a page, following the Link header


def test_bad_token_gives_a_message_about_the_token(github_fake, github_repo):
    with pytest.raises(RepoError, match="GITHUB_TOKEN") as err:
        github_repo(token="ghp_WRONGTOKEN000").base_branch()
    assert "401" in str(err.value) and "ghp_WRONG" not in str(err.value)


def test_missing_token_is_a_config_error(github_repo):
    with pytest.raises(ConfigError, match="GITHUB_TOKEN"):
        github_repo(token=None)
    with pytest.raises(ConfigError, match="OWNER/NAME"):
        GitHubRepo("not-a-repo", FAKE_GITHUB_TOKEN)


def test_primary_rate_limit_waits_until_the_reset_time(github_fake, github_repo):
    github_fake.fail(403, "GET", r"/pulls$", headers={"X-RateLimit-Reset": str(int(NOW) + 120)})
    assert github_repo().list_litbot_prs() == ()
    assert github_repo.sleeps == [121.0]


def test_429_and_secondary_limits_wait_for_retry_after(github_fake, github_repo):
    github_fake.fail(429, "GET", headers={"Retry-After": "7"})
    github_fake.fail(403, "GET", headers={"Retry-After": "30"})
    assert github_repo().base_branch() == "main"
    assert github_repo.sleeps == [7.0, 30.0]


def test_a_rate_limit_longer_than_the_cap_stops_with_a_clear_message(github_fake, github_repo):
    github_fake.fail(403, headers={"X-RateLimit-Reset": str(int(NOW) + 7200)})
    with pytest.raises(RepoError, match="rate limit.*7201 s.*900 s"):
        github_repo().base_branch()
    assert github_repo.sleeps == []


def test_waits_add_up_to_the_cap(github_fake, github_repo):
    github_fake.fail(429, headers={"Retry-After": "500"}, times=5)
    with pytest.raises(RepoError, match="rate limit"):
        github_repo().base_branch()
    assert github_repo.sleeps == [500.0]


def test_forbidden_without_a_rate_limit_is_about_permissions(github_fake, github_repo):
    github_fake.fail(403, "POST", r"/git/refs", message="Resource not accessible by integration")
    with pytest.raises(RepoError, match="lacks permission"):
        github_repo().create_branch("litbot/arxiv-2025-03-04", github_fake.branches["main"])


def test_a_wrong_repository_is_a_404_about_the_repository(github_fake, survey_readme_text):
    repo = GitHubRepo("nobody/nothing", FAKE_GITHUB_TOKEN, base_url=github_fake.base_url, throttle=False)
    with pytest.raises(RepoError, match=r"404.*'nobody/nothing'"):
        repo.base_branch()


def test_a_wrong_readme_path_is_a_404_naming_the_path(github_fake, github_repo):
    with pytest.raises(RepoError, match=r"404.*'docs/README.md'"):
        github_repo(readme_path="docs/README.md").read_readme("main")


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_are_retried_with_backoff(github_fake, github_repo, status):
    github_fake.fail(status, "GET", r"/contents/", times=2)
    assert github_repo().read_readme("main").text
    assert github_repo.sleeps == [1.0, 2.0]


def test_server_errors_give_up_after_the_retries(github_fake, github_repo):
    github_fake.fail(502, times=10)
    with pytest.raises(RepoError, match="502"):
        github_repo().base_branch()
    assert github_repo.sleeps == [1.0, 2.0, 4.0] and github_fake.count() == 4


def test_a_dropped_connection_is_retried(github_fake, github_repo):
    github_fake.fail("reset", "GET")
    assert github_repo().base_branch() == "main"
    assert github_repo.sleeps == [1.0]


def test_a_timeout_is_retried(github_fake, github_repo):
    github_fake.fail("timeout", "GET")  # the client gives up after its 1 s timeout
    assert github_repo().base_branch() == "main"
    assert github_repo.sleeps == [1.0] and [r.status for r in github_fake.requests] == ["timeout", 200]


def test_the_token_never_reaches_logs_errors_or_pr_text(github_fake, github_repo, make_proposals, caplog,
                                                        capsys):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="github")  # PyGithub logs every request with its headers at DEBUG
    day = date(2025, 3, 4)
    github_fake.add_pull("litbot/arxiv-2025-03-01", render_body(date(2025, 3, 1), make_proposals(1)), "closed")
    github_fake.fail(502, "PUT")
    github_fake.fail(409, "PUT")
    propose(github_repo(), day, make_proposals(3))
    propose(github_repo(), day, make_proposals(4))
    errors = []
    for token in ("ghp_LITBOTFAKETOKEN_WRONG", FAKE_GITHUB_TOKEN):
        if token == FAKE_GITHUB_TOKEN:
            github_fake.fail(403, headers={"X-RateLimit-Reset": str(int(NOW) + 99999)})
        try:
            propose(github_repo(token=token), day, make_proposals(5))
        except RepoError as exc:
            errors.append(f"{exc!s} {exc!r} {exc.__cause__!r} {exc.__context__!r}")
    assert len(errors) == 2 and "GITHUB_TOKEN" in errors[0] and "rate limit" in errors[1]
    assert all(r.authorized for r in github_fake.requests if r.status != 401)  # the token was sent ...
    out = capsys.readouterr()
    texts = [caplog.text, out.out, out.err, *errors] + [p.title + p.body for p in github_fake.pulls]
    texts += [str(r.body) for r in github_fake.requests]
    assert "Authorization" in caplog.text  # PyGithub's request log was captured, headers (masked) and all
    for text in texts:  # ... and never written anywhere else
        assert "LITBOTFAKETOKEN" not in text
