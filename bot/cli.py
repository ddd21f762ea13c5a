"""The `litbot` command line: parse arguments, set up logging, run one sub-command, turn errors into exit codes."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from pathlib import Path

from bot import __version__, logsetup, redact
from bot.config import Config, load_config
from bot.errors import LitbotError, one_line

log = logging.getLogger(__name__)

# Sub-command modules under bot/commands, in the order `litbot --help` lists them: the daily job first, then
# the maintainer's tools, the model's, and upkeep of the README.
COMMANDS: list[str] = [
    "init", "run", "serve", "fetch", "classify", "propose", "triage", "add", "comment", "learn", "train", "evaluate",
    "refresh", "lint", "sections", "style", "keepalive",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="litbot",
        description="Track new arXiv papers for the Efficient-LLMs-Survey README.",
    )
    parser.add_argument("--version", action="version", version=f"litbot {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    parser.add_argument(
        "--config", metavar="PATH", help="litbot.toml to read (default: ./litbot.toml when it exists)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        importlib.import_module(f"bot.commands.{name}").register(sub)
    return parser


def config_loader(path: str | None):
    """The one place configuration is read: the TOML file plus this process's environment, on demand."""

    def load() -> Config:
        chosen = Path(path) if path else (Path("litbot.toml") if Path("litbot.toml").exists() else None)
        return load_config(chosen, os.environ)

    return load


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logsetup.configure(args.verbose)
    args.load_config = config_loader(args.config)
    redact.remember(os.environ.get("GITHUB_TOKEN"))
    with redact.outputs():  # whatever a command prints, the token never shows
        try:
            return int(args.func(args) or 0)
        except KeyboardInterrupt:
            print(f"litbot {args.command}: interrupted", file=sys.stderr)
            return 130
        except Exception as exc:  # the one place an unexpected exception becomes a one-line failure
            if not isinstance(exc, LitbotError):
                log.debug("unexpected failure", exc_info=True)
            print(f"litbot {args.command}: error: {one_line(exc)}", file=sys.stderr)
            return 1
