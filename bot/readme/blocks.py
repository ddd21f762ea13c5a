"""Every listed item of a README as a block of lines: one-line entries, multi-line blocks and table rows."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bot.readme.document import Document, _opaque_mask, _strip_ending
from bot.readme.entry_line import parse_entry_line

log = logging.getLogger(__name__)

_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+")
_BOLD_START = re.compile(r"^ {0,3}(?:(?:[-*+]|\d{1,3}[.)])[ \t]+)?\*\*[^*\s]")
_LINK = re.compile(r"\]\(")
_TABLE_ROW = re.compile(r"^ {0,3}\|.*\|[ \t]*$")
_DELIMITER = re.compile(r"^ {0,3}\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+(?:[ \t]*:?-{3,}:?[ \t]*)?[ \t]*$")
# A table is a paper list when one of its header cells names a paper or its title.
_PAPER_COLUMNS = {"title", "paper", "papers", "paper title", "name"}


@dataclass(frozen=True)
class Block:
    """One listed item: `lines` (without endings) start at 0-based `line_no`; `kind` is line, block or row.

    A row carries its table's `header` cells; a line or block has none.
    """

    line_no: int
    lines: tuple[str, ...]
    section: tuple[str, ...]
    kind: str
    header: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


def split_cells(row: str) -> list[str]:
    """The cells of a table row `| a | b |`, split on pipes that are not escaped, as written (not stripped)."""
    body = row.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") and not body.endswith("\\|") else body
    return re.split(r"(?<!\\)\|", body)


def _plain(cell: str) -> str:
    return re.sub(r"[*_`]", "", cell).strip().lower()


def _is_item(lines: list[str]) -> bool:
    """A multi-line item counts when it opens with a bold title and links somewhere."""
    return bool(_BOLD_START.match(lines[0])) and any(_LINK.search(line) for line in lines)


def _items(run: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Split a paragraph (no blank lines) into items, each starting at a list marker or a bold title."""
    items: list[list[tuple[int, str]]] = []
    for i, line in run:
        if not items or _LIST_ITEM.match(line) or _BOLD_START.match(line):
            items.append([(i, line)])
        else:
            items[-1].append((i, line))
    return items


def paper_blocks(doc: Document) -> tuple[Block, ...]:
    """The document's items in order. One-line entries are exactly `doc.entries`; blocks and rows are added.

    A block is a paragraph item that starts with `**Title**` (optionally as a list item) and holds a link;
    a row is a body row of a table whose header has a Title or Paper column. Nothing here changes the lines.
    """
    bare = [_strip_ending(line) for line in doc.lines]
    mask = _opaque_mask(bare)
    section_at = {h.line_no: h.path for h in doc.headings}
    entry_at = {e.line_no for e in doc.entries if e.kind == "line"}
    out: list[Block] = []
    current: tuple[str, ...] = ()
    run: list[tuple[int, str]] = []
    header: tuple[str, ...] | None = None

    def flush() -> None:
        for item in _items(run):
            if item[0][0] in entry_at or not current:
                if item[0][0] in entry_at:
                    out.append(Block(item[0][0], (item[0][1],), current, "line"))
                continue
            lines = [line for _, line in item]
            if parse_entry_line(lines[0]) is None and _is_item(lines):
                out.append(Block(item[0][0], tuple(lines), current, "block"))
        run.clear()

    for i, line in enumerate(bare):
        if i in section_at or mask[i] or not line.strip():
            flush()
            header = None
            if i in section_at:
                current = section_at[i]
            continue
        if _TABLE_ROW.match(line):
            flush()
            if header is None and i + 1 < len(bare) and _DELIMITER.match(bare[i + 1]):
                cells = tuple(_plain(c) for c in split_cells(line))
                header = cells if _PAPER_COLUMNS & set(cells) else ()
            elif header and not _DELIMITER.match(line) and current:
                out.append(Block(i, (line,), current, "row", header))
            continue
        header = None
        run.append((i, line))
    flush()
    log.debug("%d blocks: %d lines, %d multi-line, %d rows", len(out), sum(b.kind == "line" for b in out),
              sum(b.kind == "block" for b in out), sum(b.kind == "row" for b in out))
    return tuple(out)
