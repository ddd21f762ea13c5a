"""Renders lint findings three ways: a rich table for people, GitHub workflow annotations, and JSON."""

from __future__ import annotations

import json
from collections import Counter
from typing import TextIO

from rich.console import Console
from rich.table import Table

from bot.lint.findings import ERROR, RULES, Finding


def summary(findings: tuple[Finding, ...]) -> str:
    errors = sum(1 for f in findings if f.severity == ERROR)
    fixable = sum(1 for f in findings if f.fixable)
    return (
        f"{len(findings)} finding{'s' if len(findings) != 1 else ''}: {errors} error{'s' if errors != 1 else ''}, "
        f"{len(findings) - errors} warning{'s' if len(findings) - errors != 1 else ''}, {fixable} fixable with --fix"
    )


def counts(findings: tuple[Finding, ...]) -> dict[str, int]:
    """Findings per rule, as `LB003 broken-venue-tag` -> n, in rule order."""
    seen = Counter(f.rule.id for f in findings)
    return {f"{r.id} {r.name}": seen[r.id] for r in RULES if seen[r.id]}


def render_table(findings: tuple[Finding, ...], path: str, out: TextIO) -> None:
    console = Console(file=out, width=max(Console(file=out).width, 120), highlight=False)
    if findings:
        table = Table(title=f"litbot lint {path}", show_lines=False, expand=False)
        table.add_column("line", justify="right")
        table.add_column("rule")
        table.add_column("severity")
        table.add_column("fix")
        table.add_column("message", overflow="fold")
        for f in findings:
            style = "red" if f.severity == ERROR else "yellow"
            table.add_row(
                str(f.line), f"{f.rule.id} {f.rule.name}", f"[{style}]{f.severity}[/]", "yes" if f.fixable else "",
                f.message,
            )
        console.print(table)
    console.print(summary(findings), markup=False)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: tuple[Finding, ...], path: str, out: TextIO) -> None:
    """One `::error`/`::warning` workflow command per finding, so GitHub annotates the PR's diff."""
    for f in findings:
        props = f"file={_escape_property(path)},line={f.line},title={_escape_property(f.rule.id + ' ' + f.rule.name)}"
        out.write(f"::{f.severity} {props}::{_escape_data(f.message)}\n")
    out.write(summary(findings) + "\n")


def render_json(findings: tuple[Finding, ...], path: str, out: TextIO, extra: dict | None = None) -> None:
    data = {
        "file": path,
        "findings": [f.to_dict() for f in findings],
        "counts": counts(findings),
        "errors": sum(1 for f in findings if f.severity == ERROR),
        "warnings": sum(1 for f in findings if f.severity != ERROR),
    }
    data.update(extra or {})
    out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def render_fix_body(fixed: tuple[Finding, ...], remaining: tuple[Finding, ...], changed_lines: tuple[int, ...]) -> str:
    """The PR body of a `lint --fix` branch: what was repaired, line by line, and what still needs a person."""
    from bot.pr_body import escape  # PR text helpers; README text is made inert like paper text

    lines = [
        f"### litbot lint --fix: {len(fixed)} finding(s) repaired on {len(changed_lines)} line(s)",
        "",
        "Only the lines listed here change; each repair is mechanical (venue tags, link syntax, venue spelling, "
        "text encoding).",
        "",
        "| Line | Rule | Finding |",
        "|---:|---|---|",
    ]
    lines += [f"| {f.line} | {f.rule.id} {f.rule.name} | {escape(f.message, 300)} |" for f in fixed]
    left = counts(remaining)
    if left:
        lines += ["", "Still to be looked at by a maintainer (not repaired automatically):", ""]
        lines += [f"- {name}: {n}" for name, n in left.items()]
    return "\n".join(lines) + "\n"
