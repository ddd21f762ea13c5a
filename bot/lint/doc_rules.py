"""Checks across the whole document: duplicates, reused arXiv ids, stale TOC anchors and year order."""

from __future__ import annotations

import difflib
import re
from urllib.parse import unquote

from bot.readme import Document, Entry, Index
from bot.lint.findings import Finding, finding

_ANCHOR_LINK = re.compile(r"\]\(\s*#([^)\s]*)\s*\)")
_HTML_ANCHOR = re.compile(r"<a\s[^>]*?\b(?:name|id)\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
# A section is "kept newest first" when at least this share of its dated entries already are.
YEAR_ORDER_SHARE = 0.75
YEAR_ORDER_MIN = 4


def _short(entry: Entry) -> str:
    return entry.title if len(entry.title) <= 60 else entry.title[:57] + "..."


def check_duplicates(doc: Document) -> list[Finding]:
    out = []
    for dup in Index(doc).duplicates():
        first, *rest = dup.entries
        for entry in rest:
            if dup.kind == "same-section":
                msg = f"`{_short(entry)}` is already listed in this section at line {first.line_no + 1}"
                out.append(finding("duplicate-in-section", entry.line_no, msg, (first.line_no,)))
            elif entry.section != first.section:
                msg = (
                    f"`{_short(entry)}` is also listed in {' > '.join(first.section[-2:])} "
                    f"at line {first.line_no + 1}"
                )
                out.append(finding("duplicate-across-sections", entry.line_no, msg, (first.line_no,)))
    return out


def check_shared_ids(doc: Document) -> list[Finding]:
    out = []
    for arxiv_id, entries in Index(doc).shared_ids().items():
        for entry in entries:
            others = tuple(e.line_no for e in entries if e is not entry)
            where = ", ".join(str(n + 1) for n in others)
            msg = f"arXiv {arxiv_id} links `{_short(entry)}` and a paper with another title (line {where})"
            out.append(finding("shared-arxiv-id", entry.line_no, msg, others))
    return out


def anchor_targets(doc: Document) -> set[str]:
    """Fragments GitHub resolves in this file: heading slugs and explicit `<a name/id>` anchors, lower-cased.

    GitHub gives headings lower-case ids and its page script matches a `#fragment` case-insensitively,
    which is why the survey's `#Model-Compression` links work; so the comparison ignores case.
    """
    targets = {h.slug.lower() for h in doc.headings}
    for line in doc.lines:
        targets.update(m.group(1).lower() for m in _HTML_ANCHOR.finditer(line))
    return targets


def check_toc_anchors(doc: Document) -> list[Finding]:
    targets = anchor_targets(doc)
    opaque = doc.opaque_lines()
    out = []
    for i, line in enumerate(doc.lines):
        if i in opaque:
            continue
        for m in _ANCHOR_LINK.finditer(line):
            fragment = m.group(1)
            if not fragment or unquote(fragment).lower() in targets:
                continue
            near = difflib.get_close_matches(unquote(fragment).lower(), sorted(targets), n=1, cutoff=0.5)
            hint = f"; did you mean `#{near[0]}`?" if near else ""
            out.append(finding("stale-toc-anchor", i, f"`#{fragment}` matches no heading{hint}"))
    return out


def _newest_first_keep(years: list[int]) -> set[int]:
    """Indexes of a longest non-increasing subsequence of years (the entries already in order)."""
    n = len(years)
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if years[j] >= years[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    i = max(range(n), key=lambda k: (best[k], -k))
    keep = set()
    while i != -1:
        keep.add(i)
        i = prev[i]
    return keep


def check_year_order(doc: Document) -> list[Finding]:
    out = []
    for path in doc.leaf_paths():
        dated = [e for e in doc.entries_in(path) if e.year is not None]
        if len(dated) < YEAR_ORDER_MIN:
            continue
        keep = _newest_first_keep([e.year for e in dated if e.year is not None])
        if len(keep) == len(dated) or len(keep) < YEAR_ORDER_SHARE * len(dated):
            continue
        for i, entry in enumerate(dated):
            if i in keep:
                continue
            above = next((dated[k] for k in range(i - 1, -1, -1) if k in keep), None)
            where = f" below {above.year} (line {above.line_no + 1})" if above else " at the top"
            msg = f"{entry.year} sits{where} in a section listed newest first"
            out.append(finding("year-order", entry.line_no, msg))
    return out
