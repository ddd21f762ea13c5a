"""Runs every lint rule over a parsed README and returns the findings in line order."""

from __future__ import annotations

from bot.readme import Document
from bot.lint.doc_rules import check_duplicates, check_shared_ids, check_toc_anchors, check_year_order
from bot.lint.entry_rules import check_entries
from bot.lint.findings import ERROR, Finding
from bot.lint.mojibake import check_mojibake
from bot.lint.style_rules import is_survey_style, relative
from bot.style import infer


def lint(doc: Document) -> tuple[Finding, ...]:
    """Every finding of every rule, sorted by line, then rule id. A list not written in the survey's house style
    is judged against its own learned style (bot.lint.style_rules)."""
    found = [
        *check_mojibake(doc),
        *check_entries(doc),
        *check_duplicates(doc),
        *check_shared_ids(doc),
        *check_toc_anchors(doc),
    ]
    if is_survey_style(doc):
        found += check_year_order(doc)
    else:
        found = relative(doc, found, infer(doc))
    return tuple(sorted(found, key=lambda f: (f.line, f.rule.id)))


def has_errors(findings: tuple[Finding, ...]) -> bool:
    return any(f.severity == ERROR for f in findings)
