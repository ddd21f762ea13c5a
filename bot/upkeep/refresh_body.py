"""The venue-update PR: branch name, title and a body that shows the arXiv evidence for every change."""

from __future__ import annotations

import re
from datetime import date

from bot.pr_body import GITHUB_BODY_LIMIT, clean_text, escape
from bot.upkeep.refresh import Change

BRANCH_PREFIX = "litbot/venues-"
EVIDENCE_MAX = 400
TITLE_MAX = 200
LINE_MAX = 1_000


def branch_name(day: date) -> str:
    return f"{BRANCH_PREFIX}{day.isoformat()}"


def pr_title(changes: tuple[Change, ...], day: date) -> str:
    n = len(changes)
    return f"Update venues and code links of {n} listed paper{'s' if n != 1 else ''} ({day.isoformat()})"


def _tag(venue: str, year: int | None) -> str:
    return ", ".join(part for part in (venue, str(year) if year else "") if part) or "(none)"


def _fenced_diff(old: str, new: str) -> str:
    old, new = clean_text(old, LINE_MAX), clean_text(new, LINE_MAX)
    longest = max((len(run) for run in re.findall(r"`+", old + "\n" + new)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}diff\n- {old}\n+ {new}\n{fence}"


def _what(c: Change) -> str:
    parts = []
    if c.new_venue is not None:
        old = _tag(c.old_venue or "(no venue)", c.old_year)
        parts.append(f"venue {escape(old, 80)} → **{escape(_tag(c.new_venue, c.new_year), 80)}**")
    if c.code_url is not None:  # safe_url-checked when planned: plain http(s), no brackets, parentheses or spaces
        parts.append(f"code link added: [{escape(c.code_url, 200)}]({c.code_url})")
    return "; ".join(parts)


def _details(n: int, c: Change) -> list[str]:
    out = [f"#### {n}. {escape(c.title, TITLE_MAX)} (line {c.line_no + 1})", ""]
    out.append(f"- **Change:** {_what(c)}")
    if c.venue_evidence:
        field, text = c.venue_evidence
        out.append(f"- **arXiv {field}:** {escape(text, EVIDENCE_MAX)}")
    if c.code_evidence:
        out.append(f"- **Code link found in:** the paper's {c.code_evidence} on arXiv")
    out.append(f"- **arXiv:** https://arxiv.org/abs/{c.arxiv_id}")
    out += ["", _fenced_diff(c.old_line, c.new_line), ""]
    return out


def render_body(changes: tuple[Change, ...], day: date) -> str:
    """Markdown for the PR: a summary table, then per paper the evidence and the old and new line."""
    lines = [
        f"### litbot refresh ({day.isoformat()}): {len(changes)} listed preprint(s) updated from arXiv",
        "",
        "Each change rewrites only the `<ins>Venue, Year</ins>` part of one entry and/or appends a `[[Code](url)]` "
        "link the paper now names; nothing else in the README changes. A venue is taken only from a journal_ref "
        "or a comment that states acceptance; workshop papers and \"submitted to\" / \"under review\" are left "
        "alone. To drop a change, edit that line back on this branch before merging.",
        "",
        "| # | Paper | Line | Change | Evidence |",
        "|---:|---|---:|---|---|",
    ]
    for n, c in enumerate(changes, 1):
        evidence = escape(c.venue_evidence[1], 120) if c.venue_evidence else f"{c.code_evidence or ''}"
        link = f"[{escape(c.title, 120)}](https://arxiv.org/abs/{c.arxiv_id})"
        lines.append(f"| {n} | {link} | {c.line_no + 1} | {_what(c)} | {evidence} |")
    lines.append("")
    head = list(lines)
    for n, c in enumerate(changes, 1):
        lines += _details(n, c)
    body = "\n".join(lines)
    if len(body) > GITHUB_BODY_LIMIT - 5_000:
        body = "\n".join(head + ["_Details omitted: too many changes for one PR body._", ""])
    return body
