"""The `litbot` command line: parse arguments, set up logging, run one sub-command, turn errors into exit codes."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from bot import __version__, logsetup
from bot.errors import LitbotError

log = logging.getLogger(__name__)

# Sub-command modules under bot/commands, in the order `litbot --help` lists them.
COMMANDS: list[str] = ["sections"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="litbot",
        description="Track new arXiv papers for the Efficient-LLMs-Survey README.",
    )
    parser.add_argument("--version", action="version", version=f"litbot {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more logging (-vv for debug)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        importlib.import_module(f"bot.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logsetup.configure(args.verbose)
    try:
        return int(args.func(args) or 0)
    except LitbotError as exc:
        print(f"litbot {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"litbot {args.command}: interrupted", file=sys.stderr)
        return 130
