"""The `litbot` command line: parse arguments, build the context, run one sub-command, turn errors into exit codes."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from bot import __version__, logsetup, redact
from bot.commands.options import global_options, options_from
from bot.config import Config, load_config
from bot.context import Context
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
        parents=[global_options()],
    )
    parser.add_argument("--version", action="version", version=f"litbot {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        importlib.import_module(f"bot.commands.{name}").register(sub)
    return parser


def config_loader(path: str | None, environ: Mapping[str, str]):  # noqa: ANN201
    """The one place configuration is read: the TOML file plus this process's environment, on demand."""

    def load() -> Config:
        chosen = Path(path) if path else (Path("litbot.toml") if Path("litbot.toml").exists() else None)
        return load_config(chosen, environ)

    return load


def context_from(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Context:
    """The context a parsed command line asks for (config read from `environ`, os.environ by default)."""
    environ = os.environ if environ is None else environ
    return Context(load_config=config_loader(getattr(args, "config", None), environ), options=options_from(args))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logsetup.configure(args.verbose)
    ctx = context_from(args)
    redact.remember(os.environ.get("GITHUB_TOKEN"))
    with redact.outputs():  # whatever a command prints, the token never shows
        try:
            return int(args.func(ctx, args) or 0)
        except KeyboardInterrupt:
            print(f"litbot {args.command}: interrupted", file=sys.stderr)
            return 130
        except Exception as exc:  # the one place an unexpected exception becomes a one-line failure
            if not isinstance(exc, LitbotError):
                log.debug("unexpected failure", exc_info=True)
            print(f"litbot {args.command}: error: {one_line(exc)}", file=sys.stderr)
            return 1
