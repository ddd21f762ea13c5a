"""`lint --fix`: repair the unambiguous findings, touching only the lines they flag."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bot.readme import Document
from bot.readme.update import replace_lines
from bot.lint.entry_rules import FIXERS
from bot.lint.findings import Finding
from bot.lint.mojibake import repair_line
from bot.lint.rules import lint


@dataclass(frozen=True)
class FixResult:
    """The repaired document, what was repaired, and the findings that remain in the new text."""

    doc: Document
    fixed: tuple[Finding, ...]
    remaining: tuple[Finding, ...]
    changed_lines: tuple[int, ...]  # 1-based
    encoding_only: bool  # True when this pass only undid mojibake


def _bare(line: str) -> str:
    return line[:-2] if line.endswith("\r\n") else line.rstrip("\n")


def fix(doc: Document, findings: tuple[Finding, ...] | None = None) -> FixResult:
    """Apply the repairs of every fixable finding.

    A file with mojibake gets its encoding repaired first and nothing else in that pass: the other rules read
    garbled text until then, and undoing the double encoding alone gives back the original bytes.
    """
    findings = lint(doc) if findings is None else findings
    fixable = [f for f in findings if f.fixable]
    mojibake = [f for f in fixable if f.rule.name == "mojibake"]
    chosen = mojibake or fixable
    by_line: dict[int, set[str]] = defaultdict(set)
    for f in chosen:
        by_line[f.line - 1].add(f.rule.name)
    edits: dict[int, str] = {}
    for line_no, names in by_line.items():
        old = _bare(doc.lines[line_no])
        new = old
        if "mojibake" in names:
            new = repair_line(new)
        for name, fixer in FIXERS.items():
            if name in names:
                new = fixer(new)
        if new != old:
            edits[line_no] = new
    fixed_doc = replace_lines(doc, edits) if edits else doc
    return FixResult(
        doc=fixed_doc,
        fixed=tuple(f for f in chosen if f.line - 1 in edits),
        remaining=lint(fixed_doc),
        changed_lines=tuple(sorted(n + 1 for n in edits)),
        encoding_only=bool(mojibake),
    )
