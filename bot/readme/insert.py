"""Insert-only edits: put new entry lines into leaf sections without touching any existing byte."""

from __future__ import annotations

from collections.abc import Iterable

from bot.errors import ReadmeError
from bot.readme.blocks import _DELIMITER
from bot.readme.document import Document, Entry, parse
from bot.readme.entry_line import parse_entry_line
from bot.readme.index import Index, normalise_title


def _descending_years(years: list[int | None]) -> bool:
    known = [y for y in years if y is not None]
    return len(known) >= 2 and known[0] != known[-1] and all(a >= b for a, b in zip(known, known[1:]))


def insertion_line(doc: Document, path: tuple[str, ...], year: int | None) -> int:
    """The index in doc.lines where a new entry for `path` goes.

    At the top of the section's entry block, except in a section kept in descending year order, where the new
    line goes after the entries of its year or later.
    """
    entries = doc.entries_in(path)
    if not entries:
        return doc.heading(path).line_no + 1
    if year is not None and _descending_years([e.year for e in entries]):
        for entry in entries:
            if entry.year is not None and entry.year < year:
                return entry.line_no
        return entries[-1].line_no + 1
    return entries[0].line_no


def _check_target(doc: Document, path: tuple[str, ...]) -> None:
    if path in doc.leaf_paths():
        return
    if path in doc.section_paths():
        children = [p[-1] for p in doc.leaf_paths() if p[: len(path)] == path]
        raise ReadmeError(
            f"section {' > '.join(path)!r} has sub-sections; choose one of: {', '.join(children) or '(none)'}"
        )
    raise ReadmeError(f"no leaf section {' > '.join(path)!r} in the README; `litbot sections` lists them")


def _read_item(doc: Document, path: tuple[str, ...], text: str) -> Entry | None:
    """A multi-line item or table row as the README model reads it, or None when it is not one entry.

    A row is read under the header of the section's own table (its first row's table).
    """
    if "\r" in text:
        return None
    head = ""
    if text.lstrip().startswith("|"):
        rows = [e for e in doc.entries_in(path) if e.kind == "row"]
        if not rows:
            return None
        n = rows[0].line_no - 1
        while n > 0 and not _DELIMITER.match(doc.lines[n].rstrip("\r\n")):
            n -= 1
        if n < 1:
            return None
        head = doc.lines[n - 1] + doc.lines[n]
    entries = parse("## _\n\n" + head.replace("\r\n", "\n") + text + "\n").entries
    return entries[0] if len(entries) == 1 and entries[0].raw == text else None


def _date_order(entries: tuple[Entry, ...]) -> int:
    """-1 when a section's dated entries run newest first, 1 oldest first, 0 no order (or too few dates)."""
    dates = [e.date for e in entries if e.date is not None]
    if len(dates) < 2 or dates[0] == dates[-1]:
        return 0
    pairs = list(zip(dates, dates[1:]))
    if sum(a >= b for a, b in pairs) >= 0.8 * len(pairs):
        return -1
    return 1 if sum(a <= b for a, b in pairs) >= 0.8 * len(pairs) else 0


def _item_place(doc: Document, path: tuple[str, ...], item: Entry) -> tuple[int, int, list[str]]:
    """(line index, sort key, the lines to insert) for a multi-line item or row, by the section's date order.

    Items of a list separated by blank lines get one before or after them; rows go in as they are.
    """
    entries = doc.entries_in(path)
    lines = item.raw.split("\n")
    pairs = list(zip(entries, entries[1:]))
    # a blank line between items when the section's own items are kept apart by one (most multi-line lists)
    blank = item.kind == "block" and (not pairs or sum(b.line_no > a.last_line + 1 for a, b in pairs) * 2 >= len(pairs))
    if not entries:
        return doc.heading(path).line_no + 1, 0, ([""] + lines if blank else lines)
    when = item.date
    order = _date_order(entries) if when else 0
    if when and order:
        key = when.toordinal() * -order
        later = next((e for e in entries if e.date is not None and (e.date < when if order < 0
                                                                    else e.date > when)), None)
        if later is None:
            return entries[-1].last_line + 1, key, ([""] + lines if blank else lines)
        return later.line_no, key, (lines + [""] if blank else lines)
    return entries[0].line_no, 0, (lines + [""] if blank else lines)


def insert_entries(doc: Document, items: Iterable[tuple[tuple[str, ...], str]]) -> Document:
    """A new document with each (leaf path, entry text) inserted; the old lines are all kept, in order.

    An entry is one line (the survey's), or a multi-line item or table row written in a list's own style.
    New lines for one section keep the order they are given in (best first), except in a section kept in
    descending year order, or (items and rows) in date order, where the date decides. Raises ReadmeError, before
    changing anything, for an unknown or non-leaf section, a text that is not one readable entry, or a paper
    already listed in that section (or given twice for it).
    """
    index = Index(doc)
    planned: list[tuple[int, int, int, list[str]]] = []  # (line index, sort key, order, lines)
    seen: set[tuple[tuple[str, ...], str]] = set()
    for order, (path, text) in enumerate(items):
        path = tuple(path)
        _check_target(doc, path)
        parts = None if "\n" in text or "\r" in text else parse_entry_line(text)
        item = None if parts else _read_item(doc, path, text)
        if parts:
            title, arxiv_id = parts.title, parts.arxiv_id
        elif item:
            title, arxiv_id = item.title, item.arxiv_id
        else:
            raise ReadmeError(f"not a single entry: {text!r}")
        key = (path, arxiv_id or normalise_title(title))  # the identity rule of Index.find
        if key in seen or index.is_listed(arxiv_id, title, path):
            raise ReadmeError(f"{title!r} is already listed in {' > '.join(path)!r}")
        seen.add(key)
        if parts:
            at = insertion_line(doc, path, parts.year)
            by_year = _descending_years([e.year for e in doc.entries_in(path)])
            planned.append((at, -(parts.year or 0) if by_year else 0, order, [text]))
        elif item:
            at, sort_key, chunk = _item_place(doc, path, item)
            planned.append((at, sort_key, order, chunk))
    if not planned:
        return doc
    lines = list(doc.lines)
    newline = doc.newline
    if not lines[-1].endswith("\n") and any(at == len(lines) for at, *_ in planned):
        lines[-1] += newline  # the file had no final newline; the new last line goes without one instead
        last_ends_bare = True
    else:
        last_ends_bare = False
    for at, _, _, chunk in sorted(planned, key=lambda p: p[:3], reverse=True):
        lines[at:at] = [line + newline for line in chunk]
    if last_ends_bare:
        lines[-1] = lines[-1][: -len(newline)]
    return parse(("\ufeff" if doc.bom else "") + "".join(lines))
