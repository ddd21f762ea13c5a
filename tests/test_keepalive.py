"""The keep-alive re-enables litbot's workflow through the API (one PUT), never by committing, and says what it did."""

import pytest

from bot.cli import main
from bot.commands.keepalive import workflow_file
from bot.errors import ConfigError, RepoError
from tests.conftest import FAKE_GITHUB_TOKEN

REF = "survey-owner/Efficient-LLMs-Survey/.github/workflows/litbot.yml@refs/heads/main"


def test_the_workflow_file_comes_from_github_workflow_ref_or_is_given_as_it_is():
    assert workflow_file(REF) == "litbot.yml"
    assert workflow_file("litbot.yml") == "litbot.yml"
    assert workflow_file("161335") == "161335"
    with pytest.raises(ConfigError):
        workflow_file("owner/repo/@refs/heads/main")
    with pytest.raises(ConfigError):
        workflow_file("owner/repo")


def test_enable_workflow_is_one_put_and_makes_a_disabled_workflow_active(github_fake, github_repo):
    github_fake.workflows[0]["state"] = "disabled_inactivity"
    github_repo().enable_workflow("litbot.yml")
    assert [(r.method, r.path, r.status) for r in github_fake.requests] == [
        ("PUT", f"/repos/{github_fake.full_name}/actions/workflows/litbot.yml/enable", 204)]
    assert github_fake.workflows[0]["state"] == "active"
    github_repo().enable_workflow("161335")  # by id too; enabling an active workflow is harmless
    assert github_fake.workflows[0]["state"] == "active" and github_fake.count("PUT") == 2


def test_an_unknown_workflow_and_a_token_without_actions_write_are_clear_errors(github_fake, github_repo):
    with pytest.raises(RepoError, match="404"):
        github_repo().enable_workflow("nope.yml")
    github_fake.fail(403, "PUT", message="Resource not accessible by integration")
    with pytest.raises(RepoError, match="refused to re-enable workflow litbot.yml .403"):
        github_repo().enable_workflow("litbot.yml")


def test_cli_keepalive_from_the_action(github_fake, monkeypatch, capsys):
    monkeypatch.setenv("GITHUB_TOKEN", FAKE_GITHUB_TOKEN)
    monkeypatch.setenv("LITBOT_REPO_API_URL", github_fake.base_url)
    github_fake.workflows[0]["state"] = "disabled_inactivity"
    assert main(["keepalive", "--repo", github_fake.full_name, "--workflow", REF]) == 0
    assert "re-enabled workflow litbot.yml of survey-owner/Efficient-LLMs-Survey" in capsys.readouterr().out
    assert github_fake.workflows[0]["state"] == "active"
    assert all(r.method == "PUT" and r.authorized for r in github_fake.requests)
    assert github_fake.history("main") == []  # nothing committed, unlike the old empty-commit keep-alive

    github_fake.fail(403, "PUT", message="Resource not accessible by integration")
    assert main(["keepalive", "--repo", github_fake.full_name, "--workflow", REF]) == 1
    err = capsys.readouterr().err
    assert "needs a token with `actions: write`" in err and FAKE_GITHUB_TOKEN not in err


def test_cli_keepalive_without_a_token_says_so(monkeypatch, capsys):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert main(["keepalive", "--repo", "o/r", "--workflow", "litbot.yml"]) == 1
    assert "GITHUB_TOKEN is not set" in capsys.readouterr().err
