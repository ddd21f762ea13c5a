"""The lint rule catalogue and the Finding record every rule reports."""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """One check: a stable id (`LB003`), a short name, how bad it is, and whether `--fix` repairs it."""

    id: str
    name: str
    severity: str
    fixable: bool
    summary: str


RULES: tuple[Rule, ...] = (
    Rule("LB001", "duplicate-in-section", ERROR, False, "the same paper is listed twice in one section"),
    Rule("LB002", "shared-arxiv-id", ERROR, False, "one arXiv id links papers with different titles"),
    Rule("LB003", "broken-venue-tag", ERROR, True, "a venue tag is not `<ins>...</ins>` (e.g. `2024/ins>`)"),
    Rule("LB004", "orphan-venue-tag", ERROR, True, "a closing `</ins>` has no opening `<ins>`"),
    Rule("LB005", "missing-year", WARNING, False, "the venue tag carries no year"),
    Rule("LB006", "missing-comma", WARNING, True, "no comma between the title and `<ins>`"),
    Rule("LB007", "malformed-link", ERROR, True, "a link written `[[Paper]](url)` or missing its closing `]`"),
    Rule("LB008", "nested-link", ERROR, True, "a link inside a link: `[[Paper]([text](url))]`"),
    Rule("LB009", "missing-space-between-links", WARNING, True, "two links with no space between them"),
    Rule("LB010", "venue-spelling", WARNING, True, "a venue spelt another way than the house vocabulary"),
    Rule("LB011", "stale-toc-anchor", ERROR, False, "a `#anchor` link that matches no heading"),
    Rule("LB012", "year-order", WARNING, False, "an entry that breaks its section's newest-first order"),
    Rule("LB013", "mojibake", ERROR, True, "UTF-8 text decoded as Mac Roman (`ü§ñ` for 🤖)"),
    Rule("LB014", "duplicate-across-sections", WARNING, False, "the same paper is listed in several sections"),
)
BY_NAME: dict[str, Rule] = {rule.name: rule for rule in RULES}
BY_ID: dict[str, Rule] = {rule.id: rule for rule in RULES}


@dataclass(frozen=True)
class Finding:
    """One irregularity at one line. `line` is 1-based, as editors and GitHub annotations count."""

    rule: Rule
    line: int
    message: str
    related: tuple[int, ...] = ()

    @property
    def severity(self) -> str:
        return self.rule.severity

    @property
    def fixable(self) -> bool:
        return self.rule.fixable

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule.id,
            "name": self.rule.name,
            "severity": self.rule.severity,
            "line": self.line,
            "message": self.message,
            "fixable": self.rule.fixable,
            "related_lines": list(self.related),
        }


def finding(name: str, line_no: int, message: str, related: tuple[int, ...] = ()) -> Finding:
    """A finding for rule `name` at the 0-based `line_no` of a Document (stored 1-based)."""
    return Finding(BY_NAME[name], line_no + 1, message, tuple(n + 1 for n in related))
