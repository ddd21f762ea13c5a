"""In-place edits: rewrite or remove chosen lines, replace whole entries (line endings kept), refresh a venue tag."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from bot.errors import ReadmeError
from bot.readme.document import BOM, Document, parse
from bot.readme.entry_line import link_spans


def _ending(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    return "\n" if line.endswith("\n") else ""


def replace_lines(doc: Document, new_lines: Mapping[int, str]) -> Document:
    """A new document with the 0-based lines in `new_lines` replaced by the given text; every other byte kept.

    The replacement is the line without its ending; the old ending (LF, CRLF or none) stays.
    """
    lines = list(doc.lines)
    for line_no, text in new_lines.items():
        if not 0 <= line_no < len(lines):
            raise ReadmeError(f"line {line_no + 1} is outside the README ({len(lines)} lines)")
        if re.search(r"[\r\n]", text):
            raise ReadmeError(f"replacement for line {line_no + 1} spans several lines")
        lines[line_no] = text + _ending(lines[line_no])
    return parse((BOM if doc.bom else "") + "".join(lines))


def remove_lines(doc: Document, line_nos: Iterable[int]) -> Document:
    """A new document without the 0-based lines `line_nos`; every other byte kept.

    Removing the last line of a file that has no final newline leaves the new last line without one, as it was.
    """
    drop = set(line_nos)
    if any(not 0 <= n < len(doc.lines) for n in drop):
        raise ReadmeError(f"line {max(drop) + 1} is outside the README ({len(doc.lines)} lines)")
    lines = [line for n, line in enumerate(doc.lines) if n not in drop]
    if lines and (len(doc.lines) - 1) in drop and not doc.lines[-1].endswith("\n"):
        lines[-1] = lines[-1][: -len(_ending(lines[-1]))] if _ending(lines[-1]) else lines[-1]
    return parse((BOM if doc.bom else "") + "".join(lines))


_TAG = re.compile(r"<ins>(?P<body>.*?)(?:</ins>|(?<!<)/ins>)", re.IGNORECASE)
_ORPHAN = re.compile(r"(?P<lead>[,，][ \t]*)(?P<body>[^,，<>\[\]]*?)</?ins>", re.IGNORECASE)


def replace_venue(line: str, venue: str, year: int | None) -> str:
    """The entry line with its `<ins>Venue, Year</ins>` part rewritten; nothing else in the line changes.

    A broken (`2024/ins>`) or orphan (`, 2024</ins>`) tag is replaced by a well-formed one in the same place;
    a line without a tag gets one after the title, before its links.
    """
    if "\n" in line or "\r" in line:
        raise ReadmeError("replace_venue works on one line without its ending")
    tag = "<ins>" + ", ".join(part for part in (venue, str(year) if year else "") if part) + "</ins>"
    links_at = line.find("[[")
    head_end = len(line) if links_at == -1 else links_at
    m = _TAG.search(line, 0, head_end)
    if m:
        return line[: m.start()] + tag + line[m.end() :]
    m = _ORPHAN.search(line, 0, head_end)
    if m:
        return line[: m.start("body")] + tag + line[m.end() :]
    head = line[:head_end].rstrip(" \t")
    sep = "" if head.endswith(",") else ","
    return f"{head}{sep} {tag} " + line[head_end:] if links_at != -1 else f"{head}{sep} {tag}"


def add_code_link(line: str, url: str) -> str:
    """The entry line with ` [[Code](url)]` right after its last link (before any trailing spaces)."""
    if "\n" in line or "\r" in line or any(ch in url for ch in " \t()[]<>"):
        raise ReadmeError(f"not a plain code URL for an entry line: {url!r}")
    spans = link_spans(line)
    at = spans[-1].end if spans else len(line.rstrip(" \t"))
    return line[:at] + f" [[Code]({url})]" + line[at:]


def replace_entries(doc: Document, texts: Mapping[int, str]) -> Document:
    """A new document where the entry starting at each 0-based line in `texts` (all its lines, for a multi-line
    item) is replaced by the given text, whose lines take the entry's own line ending; every other byte kept."""
    entries = {e.line_no: e for e in doc.entries}
    lines = list(doc.lines)
    for line_no in sorted(texts, reverse=True):  # from the bottom, so earlier line numbers stay valid
        entry = entries.get(line_no)
        if entry is None:
            raise ReadmeError(f"line {line_no + 1} is not an entry")
        first, last = lines[line_no], lines[entry.last_line]
        ending = _ending(first) or "\n"
        new = [part + ending for part in re.split(r"\r?\n", texts[line_no])]
        new[-1] = new[-1][: -len(ending)] + _ending(last)
        lines[line_no:entry.last_line + 1] = new
    return parse((BOM if doc.bom else "") + "".join(lines))
