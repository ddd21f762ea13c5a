"""Checks and repairs of one entry line: venue tag, comma, year, venue spelling and link syntax."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from bot.readme import Document, Entry
from bot.readme.entry_line import link_spans, parse_entry_line
from bot.venues import normalise_venue
from bot.lint.findings import Finding, finding

_OPEN = re.compile(r"<ins>", re.IGNORECASE)
_CLOSE = re.compile(r"<?/ins>", re.IGNORECASE)
_BAD_CLOSE = re.compile(r"(?<!<)/ins>", re.IGNORECASE)
_BEFORE_OPEN = re.compile(r"[ \t]*(?:，[ \t]*)?(?=<ins>)", re.IGNORECASE)


def _head(line: str) -> tuple[str, str]:
    """The line split before its first `[[` link: (title and tag part, links part)."""
    at = line.find("[[")
    return (line, "") if at == -1 else (line[:at], line[at:])


def _tag_problems(line: str) -> tuple[str | None, str | None]:
    """(broken-tag message, orphan-tag message) for the line's venue tag, None where it is fine."""
    head, _ = _head(line)
    open_m = _OPEN.search(head)
    close_m = _CLOSE.search(head)
    orphan = None
    if close_m and (not open_m or close_m.start() < open_m.start()):
        orphan = f"`{close_m.group(0)}` closes a venue tag that was never opened"
    broken = None
    bad = _BAD_CLOSE.search(head)
    if bad:
        broken = "venue tag closed with `/ins>` instead of `</ins>`"
    elif open_m and not _CLOSE.search(head, open_m.end()):
        again = _OPEN.search(head, open_m.end())
        broken = "venue tag closed with a second `<ins>`" if again else "venue tag `<ins>` is never closed"
    return broken, orphan


def fix_broken_tag(line: str) -> str:
    head, links = _head(line)
    head = _BAD_CLOSE.sub("</ins>", head)
    open_m = _OPEN.search(head)
    if open_m and not _CLOSE.search(head, open_m.end()):
        again = _OPEN.search(head, open_m.end())
        if again:
            head = head[: again.start()] + "</ins>" + head[again.end() :]
    return head + links


def fix_orphan_tag(line: str) -> str:
    """`Title, 2024</ins>` -> `Title, <ins>2024</ins>`: the tag opens after the last comma before it."""
    if _tag_problems(line)[1] is None:
        return line
    head, links = _head(line)
    close_m = _CLOSE.search(head)
    if close_m is None:
        return line
    before = head[: close_m.start()]
    cut = max(before.rfind(","), before.rfind("，"))
    if cut == -1:
        return line
    start = cut + 1
    while start < len(before) and before[start] in " \t":
        start += 1
    return head[:start] + "<ins>" + head[start:] + links


def _lacks_comma(head: str) -> bool:
    open_m = _OPEN.search(head)
    return open_m is not None and not head[: open_m.start()].rstrip(" \t").endswith(",")


def fix_missing_comma(line: str) -> str:
    head, links = _head(line)
    m = _BEFORE_OPEN.search(head)
    if not m or not _lacks_comma(head):
        return line
    return head[: m.start()].rstrip(" \t") + ", " + head[m.end() :] + links


def fix_venue_spelling(line: str) -> str:
    parts = parse_entry_line(line)
    if not parts or not parts.venue:
        return line
    head, links = _head(line)
    open_m = _OPEN.search(head)
    if not open_m:
        return line
    close_m = _CLOSE.search(head, open_m.end())
    end = close_m.start() if close_m else len(head)
    tag = head[open_m.end() : end]
    fixed = tag.replace(parts.venue, normalise_venue(parts.venue), 1)
    return head[: open_m.end()] + fixed + head[end:] + links


def _rewrite_links(line: str, forms: set[str]) -> str:
    for span in reversed(link_spans(line)):
        if span.form in forms:
            line = line[: span.start] + f"[[{span.label}]({span.url})]" + line[span.end :]
    return line


def fix_malformed_links(line: str) -> str:
    return _rewrite_links(line, {"outside", "unclosed"})


def fix_nested_links(line: str) -> str:
    return _rewrite_links(line, {"nested"})


def fix_link_spacing(line: str) -> str:
    spans = link_spans(line)
    for left, right in reversed(list(zip(spans, spans[1:]))):
        if left.end == right.start:
            line = line[: right.start] + " " + line[right.start :]
    return line


# Repairs by rule name, in the order they are applied to one line.
FIXERS: dict[str, Callable[[str], str]] = {
    "broken-venue-tag": fix_broken_tag,
    "orphan-venue-tag": fix_orphan_tag,
    "missing-comma": fix_missing_comma,
    "venue-spelling": fix_venue_spelling,
    "malformed-link": fix_malformed_links,
    "nested-link": fix_nested_links,
    "missing-space-between-links": fix_link_spacing,
}


def _check_entry(entry: Entry) -> Iterator[Finding]:
    line, n = entry.raw, entry.line_no
    broken, orphan = _tag_problems(line)
    if broken:
        yield finding("broken-venue-tag", n, broken)
    if orphan:
        yield finding("orphan-venue-tag", n, orphan)
    head, _ = _head(line)
    open_m = _OPEN.search(head)
    if open_m and _lacks_comma(head):
        shown = head[max(0, open_m.start() - 12) : open_m.end()].lstrip()
        yield finding("missing-comma", n, f"no comma between title and venue tag: `{shown}`")
    if entry.year is None and (open_m or _CLOSE.search(head)):
        yield finding("missing-year", n, f"venue tag `{entry.venue}` has no year")
    canonical = normalise_venue(entry.venue) if entry.venue else ""
    if canonical and canonical != entry.venue:
        yield finding("venue-spelling", n, f"venue `{entry.venue}` is spelt `{canonical}` in this README")
    spans = link_spans(line)
    for span in spans:
        written = line[span.start : span.end]
        if span.form in ("outside", "unclosed"):
            yield finding("malformed-link", n, f"`{written}` should be `[[{span.label}]({span.url})]`")
        elif span.form == "nested":
            yield finding("nested-link", n, f"`{written}` nests a link; its target is {span.url}")
    for left, right in zip(spans, spans[1:]):
        if left.end == right.start:
            yield finding("missing-space-between-links", n, f"no space before `[[{right.label}]`")


def check_entries(doc: Document) -> list[Finding]:
    """Findings of every entry-line rule, in line order."""
    return [f for entry in doc.entries for f in _check_entry(entry)]
