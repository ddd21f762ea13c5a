"""The options commands share, declared once as argparse parent parsers, and their reading into `Options`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.commands import iso_day
from bot.context import Options


def _parent() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(add_help=False)


def global_options(suppress: bool = False) -> argparse.ArgumentParser:
    """-v, -q and --config: accepted before the sub-command and after it (there they must not reset the first)."""
    parser = _parent()
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS if suppress else 0,
                        help="more logging (-vv for debug)")
    parser.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS if suppress else False,
                        help="warnings and errors only: no progress bars or notes on stderr (wins over -v)")
    parser.add_argument("--config", metavar="PATH", default=default,
                        help="litbot.toml to read (default: ./litbot.toml when it exists)")
    return parser


README = _parent()
README.add_argument("--readme", metavar="FILE", help="README file to read (default: the survey snapshot litbot ships)")

MODEL = _parent()
MODEL.add_argument("--model", metavar="DIR",
                   help="model folder (default: classifier.model_path, else a retrained one in state.dir, "
                        "else shipped)")

LOAD = _parent()
LOAD.add_argument("--load", type=Path, metavar="FILE",
                  help="offline: a recorded file (saved RSS/Atom, arXiv API Atom or papers JSONL) instead of arXiv")

LOAD_DAYS = _parent()
LOAD_DAYS.add_argument("--load", nargs="+", type=Path, metavar="FILE",
                       help="offline: replay recorded days (saved RSS/Atom files or papers JSONL) instead of arXiv")

STATE = _parent()
STATE.add_argument("--state", metavar="PATH",
                   help="SQLite state file (default: state.path, else state.dir/state.sqlite)")

DATES = _parent()
DATES.add_argument("--since", type=iso_day, metavar="D", help="backfill announce days from D (skips processed days)")
DATES.add_argument("--until", type=iso_day, metavar="D", help="last day of a --since backfill (default: today)")

ARXIV = _parent()
ARXIV.add_argument("--arxiv-api-url", metavar="URL", help="arXiv API URL (default: arxiv.api_url)")

REPO = _parent()
_where = REPO.add_argument_group("where the branch and pull request go")
_one = _where.add_mutually_exclusive_group()
_one.add_argument("--repo", metavar="OWNER/NAME", help="open or update a PR on GitHub (token from GITHUB_TOKEN)")
_one.add_argument("--local", type=Path, metavar="PATH", help="commit to a branch of this local git clone")
_where.add_argument("--base", help="branch the PR goes into (default: GitHub's default branch / the checkout)")


def add_command(sub: argparse._SubParsersAction, name: str, *parents: argparse.ArgumentParser,
                **kwargs: Any) -> argparse.ArgumentParser:
    """A sub-command parser with the global options and the shared ones it names."""
    return sub.add_parser(name, parents=[global_options(suppress=True), *parents], **kwargs)


def verbosity(args: argparse.Namespace) -> int:
    """-1 with -q, else the number of -v given (0, 1 or 2 and more)."""
    return -1 if getattr(args, "quiet", False) else int(getattr(args, "verbose", 0) or 0)


def options_from(args: argparse.Namespace) -> Options:
    """The shared options of a parsed command line (absent ones: None)."""
    def get(name: str) -> Any:
        return getattr(args, name, None)

    load = get("load")
    load = tuple(load) if isinstance(load, list) else (load,) if load else ()
    return Options(readme=get("readme"), model=get("model"), load=load, state=get("state"),
                   since=get("since"), until=get("until"), repo=get("repo"), local=get("local"), base=get("base"),
                   arxiv_api_url=get("arxiv_api_url"), verbosity=verbosity(args))
