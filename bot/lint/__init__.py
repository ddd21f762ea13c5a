"""`litbot lint`: find (and where unambiguous, repair) the survey README's irregularities, by rule and line."""

from bot.lint.diff import changed_lines, judge_change, on_lines
from bot.lint.findings import BY_ID, BY_NAME, ERROR, RULES, WARNING, Finding, Rule
from bot.lint.fixes import FixResult, fix
from bot.lint.rules import has_errors, lint

__all__ = [
    "BY_ID", "BY_NAME", "ERROR", "RULES", "WARNING", "Finding", "FixResult", "Rule", "changed_lines", "fix",
    "has_errors", "judge_change", "lint", "on_lines",
]
