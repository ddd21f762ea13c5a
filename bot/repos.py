"""Picks the repository a command writes to: GitHub (`--repo`, or mode "github") or a local git clone."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Config
from bot.repo_port import RepoPort


def add_repo_arguments(parser: argparse.ArgumentParser) -> None:
    """--repo / --local / --base, shared by every command that opens a branch and PR."""
    where = parser.add_argument_group("where the branch and pull request go")
    one = where.add_mutually_exclusive_group()
    one.add_argument("--repo", metavar="OWNER/NAME", help="open or update a PR on GitHub (token from GITHUB_TOKEN)")
    one.add_argument("--local", type=Path, metavar="PATH", help="commit to a branch of this local git clone")
    where.add_argument("--base", help="branch the PR goes into (default: repo.base_branch, else GitHub's default "
                       "branch / the checkout)")


def wants_repo(args: argparse.Namespace) -> bool:
    """True when the command line names a repository (commands that can also just write a file use this)."""
    return bool(args.repo or args.local)


def open_repo(args: argparse.Namespace, config: Config, readme: str | None = None, **github_options) -> RepoPort:
    """The adapter: --repo, else --local, else the config (repo.mode "github" -> repo.target, else repo.local_path),
    with the base branch from --base, else repo.base_branch, else the repository's own default.

    `github_options` go to GitHubRepo (tests and benchmarks pass throttle=False, an injected sleep, ...).
    """
    readme = readme or config.repo.readme_path
    base = getattr(args, "base", None) or config.repo.base_branch or None
    repo, local = getattr(args, "repo", None), getattr(args, "local", None)
    if repo or (local is None and config.repo.mode == "github"):
        from bot.github_repo import GitHubRepo

        return GitHubRepo(repo or config.repo.target, str(config.github_token), base_url=config.repo.api_url,
                          readme_path=readme, base=base, **github_options)
    from bot.local_repo import LocalRepo

    return LocalRepo(local or Path(config.repo.local_path), readme_path=readme, base=base)
