"""`litbot lint`: find (and where unambiguous, repair) the survey README's irregularities, by rule and line."""

from bot.lint.findings import BY_ID, BY_NAME, ERROR, RULES, WARNING, Finding, Rule
from bot.lint.fixes import FixResult, fix
from bot.lint.rules import has_errors, lint

__all__ = ["BY_ID", "BY_NAME", "ERROR", "RULES", "WARNING", "Finding", "FixResult", "Rule", "fix", "has_errors", "lint"]
