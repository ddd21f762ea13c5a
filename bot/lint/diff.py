"""Judges a change, not the past: the lines a README change adds or alters, and only the lint findings on them."""

from __future__ import annotations

import difflib

from bot.lint.findings import Finding
from bot.lint.rules import lint
from bot.readme import Document


def _bare(line: str) -> str:
    return line[:-2] if line.endswith("\r\n") else line.removesuffix("\n")


def changed_lines(old: Document, new: Document) -> frozenset[int]:
    """1-based numbers of the lines of `new` that `old` does not have at that place: added or altered lines.

    Lines are compared without their endings, so a newline added after the old last line does not count as
    altering it. A deleted line has no number in `new` and is not reported.
    """
    a = [_bare(line) for line in old.lines]
    b = [_bare(line) for line in new.lines]
    out: set[int] = set()
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "insert"):
            out.update(range(j1 + 1, j2 + 1))
    return frozenset(out)


def on_lines(findings: tuple[Finding, ...], lines: frozenset[int]) -> tuple[Finding, ...]:
    """The findings at one of `lines`, or tied to one (a duplicate whose other copy is on a changed line)."""
    return tuple(f for f in findings if f.line in lines or any(n in lines for n in f.related))


def judge_change(old: Document, new: Document) -> tuple[Finding, ...]:
    """The lint findings of `new` that the change from `old` is answerable for, in line order."""
    lines = changed_lines(old, new)
    return on_lines(lint(new), lines) if lines else ()
