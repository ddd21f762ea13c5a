"""How a command prints: its result on stdout (text, or one JSON object with --json), notes on stderr unless -q."""

from __future__ import annotations

import argparse
import json
import sys

from bot.context import Context


def add_json(parser: argparse.ArgumentParser, shape: str) -> None:
    """The --json flag of a command that prints a result; `shape` describes its object for --help."""
    parser.add_argument("--json", action="store_true",
                        help=f"print the result as one JSON object on stdout: {shape}. Notes, progress and logs "
                        "go to stderr, so stdout stays parseable")


class Output:
    """Where one command's lines go. With --json stdout carries the one object and nothing else."""

    def __init__(self, as_json: bool = False, quiet: bool = False) -> None:
        self.as_json, self.quiet = as_json, quiet

    @classmethod
    def of(cls, ctx: Context, args: argparse.Namespace) -> Output:
        return cls(bool(getattr(args, "json", False)), ctx.options.quiet)

    def say(self, text: str) -> None:
        """A line of the readable result: stdout; with --json a note on stderr (the object carries the facts)."""
        if self.as_json:
            self.note(text)
        else:
            print(text)

    def note(self, text: str) -> None:
        """Something said along the way (what was skipped, what was written): stderr, unless -q."""
        if not self.quiet:
            print(text, file=sys.stderr)

    def result(self, data: dict) -> None:
        """With --json, the command's result object on stdout; without, nothing (say() printed the text)."""
        if self.as_json:
            print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
