"""The `litbot` command line: parse arguments, build the context, run one sub-command, turn errors into exit codes."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from bot import __version__, logsetup, redact
from bot.commands.options import global_options, options_from, verbosity
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


def config_loader(path: str | None, environ: Mapping[str, str]) -> Callable[[], Config]:
    """The one place configuration is read: the TOML file plus this process's environment, on demand."""

    def load() -> Config:
        chosen = Path(path) if path else (Path("litbot.toml") if Path("litbot.toml").exists() else None)
        return load_config(chosen, environ)

    return load


def context_from(args: argparse.Namespace, environ: Mapping[str, str] | None = None) -> Context:
    """The context a parsed command line asks for (config read from `environ`, os.environ by default)."""
    environ = os.environ if environ is None else environ
    return Context(load_config=config_loader(getattr(args, "config", None), environ), options=options_from(args))


# The exit status after the reader of stdout went away: 128 + SIGPIPE, as a shell reports a tool SIGPIPE ended.
CLOSED_PIPE = 141


def stdout_closed() -> int:
    """`litbot sections | head -1`: the reader left, so stop without a word, the way Python's docs advise.

    stdout is pointed at /dev/null so that the interpreter's last flush at exit cannot fail again and print a
    traceback; the status is CLOSED_PIPE, which `set -o pipefail` sees and a plain pipeline ignores.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is no file (a test's capture): nothing will flush into the pipe
        pass
    return CLOSED_PIPE


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logsetup.configure(verbosity(args))  # the one place logging is set up
    ctx = context_from(args)
    redact.remember(os.environ.get("GITHUB_TOKEN"))
    with redact.outputs():  # whatever a command prints, the token never shows
        try:
            code = int(args.func(ctx, args) or 0)
            sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's flush at exit
            return code
        except BrokenPipeError:
            return stdout_closed()
        except KeyboardInterrupt:
            print(f"litbot {args.command}: interrupted", file=sys.stderr)
            return 130
        except Exception as exc:  # the one place an unexpected exception becomes a one-line failure
            if not isinstance(exc, LitbotError):
                log.debug("unexpected failure", exc_info=True)
            print(f"litbot {args.command}: error: {one_line(exc)}", file=sys.stderr)
            return 1
