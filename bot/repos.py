"""Picks the repository a command writes to: GitHub (`--repo`, or mode "github") or a local git clone."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.config import Config
from bot.repo_port import CommentPort


@dataclass(frozen=True)
class RepoChoice:
    """What the command line named: a GitHub repository, a local clone (at most one of them), and a base branch."""

    repo: str | None = None
    local: Path | None = None
    base: str | None = None


def open_repo(choice: RepoChoice, config: Config, readme: str | None = None, **github_options) -> CommentPort:
    """The adapter: --repo, else --local, else the config (repo.mode "github" -> repo.target, else repo.local_path),
    with the base branch from --base, else repo.base_branch, else the repository's own default.

    `github_options` go to GitHubRepo (tests and benchmarks pass throttle=False, an injected sleep, ...).
    """
    readme = readme or config.repo.readme_path
    base = choice.base or config.repo.base_branch or None
    if choice.repo or (choice.local is None and config.repo.mode == "github"):
        from bot.github_repo import GitHubRepo

        return GitHubRepo(choice.repo or config.repo.target, str(config.github_token), base_url=config.repo.api_url,
                          readme_path=readme, base=base, **github_options)
    from bot.local_repo import LocalRepo

    return LocalRepo(choice.local or Path(config.repo.local_path), readme_path=readme, base=base,
                     identity=(config.repo.commit_name, config.repo.commit_email))
