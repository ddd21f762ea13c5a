"""Insert-only edits: put new entry lines into leaf sections without touching any existing byte."""

from __future__ import annotations

from collections.abc import Iterable

from bot.errors import ReadmeError
from bot.readme.document import Document, parse
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


def insert_entries(doc: Document, items: Iterable[tuple[tuple[str, ...], str]]) -> Document:
    """A new document with each (leaf path, entry line) inserted; the old lines are all kept, in order.

    New lines for one section keep the order they are given in (best first), except in a section kept in
    descending year order, where year decides. Raises ReadmeError, before
    changing anything, for an unknown or non-leaf section, a line that is not a readable entry, or a paper
    already listed in that section (or given twice for it).
    """
    index = Index(doc)
    planned: list[tuple[int, int, int, str]] = []  # (line index, -year, order, line)
    seen: set[tuple[tuple[str, ...], str]] = set()
    for order, (path, line) in enumerate(items):
        path = tuple(path)
        _check_target(doc, path)
        parts = parse_entry_line(line)
        if parts is None or "\n" in line or "\r" in line:
            raise ReadmeError(f"not a single entry line: {line!r}")
        key = (path, parts.arxiv_id or normalise_title(parts.title))  # the identity rule of Index.find
        if key in seen or index.is_listed(parts.arxiv_id, parts.title, path):
            raise ReadmeError(f"{parts.title!r} is already listed in {' > '.join(path)!r}")
        seen.add(key)
        at = insertion_line(doc, path, parts.year)
        by_year = _descending_years([e.year for e in doc.entries_in(path)])
        planned.append((at, -(parts.year or 0) if by_year else 0, order, line))
    if not planned:
        return doc
    lines = list(doc.lines)
    newline = doc.newline
    if not lines[-1].endswith("\n") and any(at == len(lines) for at, *_ in planned):
        lines[-1] += newline  # the file had no final newline; the new last line goes without one instead
        last_ends_bare = True
    else:
        last_ends_bare = False
    for at, _, _, line in sorted(planned, reverse=True):
        lines.insert(at, line + newline)
    if last_ends_bare:
        lines[-1] = lines[-1][: -len(newline)]
    return parse(("\ufeff" if doc.bom else "") + "".join(lines))
