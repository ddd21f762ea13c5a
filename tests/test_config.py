"""Configuration: the commented default file, environment overrides, and validation messages."""

import pytest

from bot.cli import main
from bot.config import Config, Secret, load_config
from bot.errors import ConfigError


def test_init_writes_a_file_that_loads_to_the_defaults(tmp_path, capsys):
    path = tmp_path / "litbot.toml"
    assert main(["init", str(path)]) == 0
    assert load_config(path, {}) == Config()
    assert main(["init", str(path)]) == 1
    assert "already exists" in capsys.readouterr().err


def test_the_commit_identity_is_configurable_and_checked(tmp_path):
    from bot.local_repo import BOT_IDENTITY

    assert (Config().repo.commit_name, Config().repo.commit_email) == BOT_IDENTITY
    path = tmp_path / "litbot.toml"
    path.write_text('[repo]\ncommit_name = "Survey Bot"\ncommit_email = "bot@example.org"\n')
    assert load_config(path, {}).repo.commit_name == "Survey Bot"
    path.write_text('[repo]\ncommit_name = "Bot <x>"\ncommit_email = "not an address"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path, {})
    assert "repo.commit_name: got 'Bot <x>', expected a name for git commits" in str(caught.value)
    assert "repo.commit_email: got 'not an address', expected an e-mail address" in str(caught.value)
    with pytest.raises(ConfigError, match="LITBOT_REPO_COMMIT_NAME"):
        load_config(None, {"LITBOT_REPO_COMMIT_NAME": "  "})


def test_environment_overrides_the_file(tmp_path):
    path = tmp_path / "litbot.toml"
    path.write_text('[pr]\ndaily_cap = 5\n[arxiv]\ncategories = ["cs.CL"]\n')
    cfg = load_config(path, {"LITBOT_PR_DAILY_CAP": "9", "LITBOT_SCHEDULE_DAYS": "Sat,sun",
                             "LITBOT_REPO_MODE": "github"})
    assert cfg.pr.daily_cap == 9
    assert cfg.arxiv.categories == ("cs.CL",)
    assert cfg.schedule.days == ("sat", "sun")
    assert cfg.repo.mode == "github"


def test_every_error_is_reported_with_its_key_and_what_is_allowed(tmp_path):
    path = tmp_path / "litbot.toml"
    path.write_text(
        '[pr]\ndaily_cap = "ten"\ncolour = "red"\n[schedule]\ndays = [0, 1]\nhour = 25\n'
        '[classifier]\nrelevance_threshold = 1.5\n[extras]\nx = 1\n'
    )
    with pytest.raises(ConfigError) as err:
        load_config(path, {"LITBOT_REPO_TARGET": "not a repo"})
    message = str(err.value)
    for expected in (
        "pr.daily_cap: got 'ten', expected a whole number",
        "pr.colour: unknown key",
        "schedule.days: got [0, 1], expected a list of strings",
        "schedule.hour: got 25, expected an hour from 0 to 23",
        "classifier.relevance_threshold: got 1.5, expected a probability between 0 and 1",
        "[extras]: unknown section",
        "LITBOT_REPO_TARGET: got 'not a repo', expected owner/name",
    ):
        assert expected in message


def test_bad_toml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[pr\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(bad, {})
    with pytest.raises(ConfigError, match="litbot init"):
        load_config(tmp_path / "missing.toml", {})


def test_token_comes_only_from_github_token_and_never_shows():
    token = "ghp_LITBOTFAKETOKEN0123456789abcdef"
    cfg = load_config(None, {"GITHUB_TOKEN": token, "LITBOT_GITHUB_TOKEN": "other"})
    assert cfg.github_token == token
    assert token not in repr(cfg) and token not in repr(cfg.github_token)
    assert isinstance(cfg.github_token, Secret)
