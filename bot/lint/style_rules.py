"""Lint relative to a list's own style: which of the survey's rules apply to another list, and order by its dates.

A list whose entries are not written in the survey's house style keeps the checks every list needs (broken
links, duplicates in a section, shared arXiv ids, stale anchors, mojibake) and is judged on order by the order
each section is learned to keep, by date where its entries carry one. Venue tags, venue spelling and listing a
paper in several sections (when the list does that as a habit) are the survey's conventions, not its.
"""

from __future__ import annotations

import logging

from bot.lint.doc_rules import YEAR_ORDER_MIN, YEAR_ORDER_SHARE, _newest_first_keep
from bot.lint.findings import Finding, finding
from bot.readme import Document
from bot.style import ListStyle, infer
from bot.style.model import template_key

log = logging.getLogger(__name__)

SURVEY_SKELETON = "- {title}, <ins>{venue}, {year}</ins> {links}"
# Rules that hold for any list; the others are the survey's house conventions.
ANY_LIST = frozenset({"duplicate-in-section", "shared-arxiv-id", "malformed-link", "nested-link",
                      "stale-toc-anchor", "mojibake", "duplicate-across-sections"})
# A list that lists at least this share of its papers in several sections does so on purpose.
CROSS_LISTING_HABIT = 0.02


def is_survey_style(doc: Document, style: ListStyle | None = None) -> bool:
    """True when the list is written in the survey's one-line house style (or has no entries to say otherwise)."""
    if not doc.entries:
        return True
    if style is None and all(e.kind == "line" for e in doc.entries) and _looks_like_survey(doc):
        return True  # the quick answer, without learning the style
    style = style or infer(doc)
    return style.template.key == template_key("line", SURVEY_SKELETON, "ok")


def _looks_like_survey(doc: Document) -> bool:
    """Cheap first test: most one-line entries carry an `<ins>` venue tag."""
    tagged = sum("ins>" in e.raw.lower() for e in doc.entries)
    return tagged * 2 > len(doc.entries)


def cross_listing_share(doc: Document) -> float:
    """Share of distinct listed papers (by arXiv id) that sit in more than one section."""
    where: dict[str, set] = {}
    for e in doc.entries:
        if e.arxiv_id:
            where.setdefault(e.arxiv_id, set()).add(e.section)
    return sum(len(s) > 1 for s in where.values()) / len(where) if where else 0.0


def check_learned_order(doc: Document, style: ListStyle) -> list[Finding]:
    """Entries out of the order their section keeps (newest or oldest first), by date, else year."""
    out = []
    for s in style.sections:
        if s.order == "none" or s.section not in doc.leaf_paths():
            continue
        entries = doc.entries_in(s.section)
        by_date = sum(e.date is not None for e in entries) * 2 > len(entries)
        dated = [e for e in entries if (e.date if by_date else e.year) is not None]
        if len(dated) < YEAR_ORDER_MIN:
            continue
        keys = ([e.date.toordinal() for e in dated if e.date] if by_date
                else [e.year for e in dated if e.year is not None])
        keep = _newest_first_keep(keys if s.order == "newest first" else [-k for k in keys])
        if len(keep) == len(dated) or len(keep) < YEAR_ORDER_SHARE * len(dated):
            continue
        for i, entry in enumerate(dated):
            if i in keep:
                continue
            above = next((dated[k] for k in range(i - 1, -1, -1) if k in keep), None)
            what = str(entry.date) if by_date else str(entry.year)
            shown = (str(above.date) if by_date else str(above.year)) if above else ""
            where = f" below {shown} (line {above.line_no + 1})" if above else " at the top"
            out.append(finding("year-order", entry.line_no, f"{what} sits{where} in a section listed {s.order}"))
    return out


def relative(doc: Document, findings: list[Finding], style: ListStyle) -> list[Finding]:
    """The survey rules' findings that apply to this list, plus its own order check."""
    keep = set(ANY_LIST)
    if cross_listing_share(doc) >= CROSS_LISTING_HABIT:
        keep.discard("duplicate-across-sections")
    kept = [f for f in findings if f.rule.name in keep]
    log.debug("style-relative lint: %d of %d survey findings apply", len(kept), len(findings))
    return kept + check_learned_order(doc, style)
