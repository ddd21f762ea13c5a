"""`litbot lint [--fix]`: report the README's irregularities by line and rule; repair the unambiguous ones."""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

from bot.commands.sections import DEFAULT_README, read_readme
from bot.errors import ReadmeError
from bot.lint import fix, has_errors, lint
from bot.lint.report import render_github, render_json, render_table, summary


def _diff(old: str, new: str, path: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}", n=0
        )
    )


def _write(path: Path, text: str) -> None:
    try:
        path.write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise ReadmeError(f"cannot write {path}: {exc.strerror}") from exc


def run(args: argparse.Namespace) -> int:
    path = Path(args.readme)
    doc = read_readme(path)
    shown = args.readme
    fmt = "json" if args.json else args.format
    findings = lint(doc)
    extra: dict = {}
    if args.fix:
        result = fix(doc, findings)
        new_text = result.doc.render()
        target = path if args.in_place else Path(args.output) if args.output else None
        if target is not None:
            _write(target, new_text)
        extra = {
            "fixed": [f.to_dict() for f in result.fixed],
            "changed_lines": list(result.changed_lines),
            "written_to": str(target) if target else None,
        }
        note = (
            f"fixed {len(result.fixed)} finding(s) on {len(result.changed_lines)} line(s)"
            + (f", wrote {target}" if target else " (not written: give --in-place or --output FILE)")
        )
        if result.encoding_only:
            note += "; this pass only undid the double encoding, run --fix again for the rest"
        if fmt == "table" and target is None:
            sys.stdout.write(_diff(doc.render(), new_text, shown))
        if fmt != "json":
            print(note)
        findings = result.remaining
    if fmt == "github":
        render_github(findings, shown, sys.stdout)
    elif fmt == "json":
        render_json(findings, shown, sys.stdout, extra)
    else:
        render_table(findings, shown, sys.stdout)
    return 1 if has_errors(findings) else 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "lint",
        help="check the README for broken tags, links, duplicates, stale anchors, mojibake; --fix repairs",
        description="Report README irregularities with a rule id and line number each. Exits 1 while any "
        "error-level finding remains, so it can run as a pull-request check.",
    )
    parser.add_argument("--readme", default=str(DEFAULT_README), help="README to check (default: the shipped survey)")
    parser.add_argument("--fix", action="store_true", help="repair tags, links, venue spelling and mojibake")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--in-place", action="store_true", help="with --fix: overwrite the README")
    where.add_argument("--output", metavar="FILE", help="with --fix: write the repaired README to FILE")
    parser.add_argument(
        "--format", choices=("table", "github", "json"), default="table",
        help="table (default), github (workflow annotations) or json",
    )
    parser.add_argument("--json", action="store_true", help="same as --format json")
    parser.set_defaults(func=run)
