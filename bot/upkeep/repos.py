"""Picks the repository an upkeep command writes to: GitHub (`--repo`) or a local git clone (`--local`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.config import Config
from bot.repo_port import RepoPort


def add_repo_arguments(parser: argparse.ArgumentParser) -> None:
    where = parser.add_argument_group("branch and pull request (instead of a file)")
    one = where.add_mutually_exclusive_group()
    one.add_argument("--repo", metavar="OWNER/NAME", help="open or update a PR on GitHub (token from GITHUB_TOKEN)")
    one.add_argument("--local", type=Path, metavar="PATH", help="commit to a branch of this local git clone")
    where.add_argument("--base", help="branch the PR goes into (default: GitHub's default branch / the checkout)")


def wants_repo(args: argparse.Namespace) -> bool:
    return bool(args.repo or args.local)


def open_repo(args: argparse.Namespace, config: Config) -> RepoPort:
    """The adapter for `--repo` or `--local`; the README path inside it is `repo.readme_path` from the config."""
    readme = config.repo.readme_path
    if args.repo:
        from bot.github_repo import GitHubRepo

        return GitHubRepo(args.repo, str(config.github_token), base_url=config.repo.api_url, readme_path=readme,
                          base=args.base)
    from bot.local_repo import LocalRepo

    return LocalRepo(args.local, readme_path=readme, base=args.base)
