"""`litbot lint [--fix | --diff BASE]`: report the README's irregularities by line and rule, fix the plain ones."""

from __future__ import annotations

import argparse
import difflib
import sys
from datetime import date
from pathlib import Path

from bot.commands import iso_day
from bot.commands.options import README, REPO, add_command
from bot.commands.output import add_json
from bot.context import Context, read_readme
from bot.errors import ConfigError, ReadmeError, RepoError
from bot.lint import changed_lines, fix, has_errors, lint, on_lines
from bot.lint.report import render_fix_body, render_github, render_json, render_table, summary
from bot.readme import Document, parse
from bot.publisher import Edit, describe, publish
from bot.repo_port import RepoPort


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


def _base_doc(base: str, readme: Path) -> Document:
    """The README before the change: BASE is a file holding it, else a git revision of the README's own clone."""
    if Path(base).is_file():
        return read_readme(Path(base))
    from bot.local_repo import LocalRepo

    try:  # `REV:./NAME` is resolved from the README's folder, wherever the clone's top is
        return parse(LocalRepo(readme.parent, readme_path=f"./{readme.name}").read_readme(base).text)
    except RepoError as exc:
        raise ReadmeError(f"--diff {base}: not a file, nor a git revision that has {readme} ({exc})") from None


def _judged(args: argparse.Namespace, path: Path, doc: Document, findings: tuple) -> tuple[tuple, dict, str]:
    """With --diff: only the findings on lines the change adds or alters, what was judged, and a one-line note."""
    lines = changed_lines(_base_doc(args.diff, path), doc)
    kept = on_lines(findings, lines)
    note = (f"judged the {len(lines)} line(s) added or altered since {args.diff}; "
            f"left out {len(findings) - len(kept)} finding(s) on lines the change does not touch")
    return kept, {"diff": {"base": args.diff, "changed_lines": sorted(lines), "findings_in_file": len(findings)}}, note


def _fix_edit(doc: Document) -> Edit:
    result = fix(doc)
    n = len(result.changed_lines)
    title = (f"Repair {len(result.fixed)} README lint finding{'s' if len(result.fixed) != 1 else ''} "
             f"on {n} line{'s' if n != 1 else ''}")
    return Edit(result.doc, title, render_fix_body(result.fixed, result.remaining, result.changed_lines))


def _publish_fix(args: argparse.Namespace, repo: RepoPort, labels: tuple[str, ...]) -> int:
    day = args.date or date.today()
    out = publish(repo, f"litbot/lint-fix-{day.isoformat()}", "Repair README lint findings (litbot lint --fix)",
                  _fix_edit, labels=labels, dry_run=args.dry_run)
    if args.dry_run:
        print(out.diff, end="")
        if out.edit:
            print(f"\n--- PR: {out.edit.title} ---\n{out.edit.body}")
    print(describe(out))
    remaining = lint(out.edit.doc) if out.edit else ()
    print(summary(remaining))
    return 1 if has_errors(remaining) else 0


def run(ctx: Context, args: argparse.Namespace) -> int:
    path = ctx.readme_file()
    if args.diff and (args.fix or ctx.wants_repo()):
        raise ConfigError("--diff judges the --readme file against BASE; it does not go with --fix, --repo or --local")
    repo = ctx.repo() if ctx.wants_repo() else None
    if repo is not None:
        if args.fix:
            return _publish_fix(args, repo, ctx.config.pr.labels)
        doc = parse(repo.read_readme(repo.branch_head(repo.base_branch())).text)
        shown = ctx.config.repo.readme_path
    else:
        doc = read_readme(path)
        shown = str(path)
    fmt = "json" if args.json else args.format
    findings = lint(doc)
    extra: dict = {}
    if args.diff:
        findings, extra, note = _judged(args, path, doc, findings)
        if fmt != "json":
            print(note)
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
    parser = add_command(
        sub, "lint", README, REPO,
        help="check the README for broken tags, links, duplicates, stale anchors, mojibake; --fix repairs",
        description="Report README irregularities with a rule id and line number each. Exits 1 while any "
        "error-level finding remains, so it can run as a pull-request check; --diff BASE judges only the lines "
        "the change adds or alters, so a README that already has findings does not fail every PR.",
    )
    parser.add_argument("--fix", action="store_true", help="repair tags, links, venue spelling and mojibake")
    parser.add_argument(
        "--diff", metavar="BASE",
        help="a PR check: report only findings on lines added or altered since BASE (a git revision of the "
        "README's clone, e.g. HEAD^1 or origin/main, or a file holding the base README)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--in-place", action="store_true", help="with --fix: overwrite the README")
    where.add_argument("--output", metavar="FILE", help="with --fix: write the repaired README to FILE")
    parser.add_argument(
        "--format", choices=("table", "github", "json"), default="table",
        help="table (default), github (workflow annotations) or json",
    )
    add_json(parser, 'the same as --format json: {"file", "findings": [{"line", "rule", "severity", ...}], '
             '"counts": {RULE: N}, "errors", "warnings"}, plus "fixed", "changed_lines", "written_to" with --fix '
             'and "diff" with --diff')
    parser.add_argument("--dry-run", action="store_true", help="with --fix and --repo/--local: show, change nothing")
    parser.add_argument("--date", type=iso_day, help="date in the fix branch name (default: today)")
    parser.set_defaults(func=run)
