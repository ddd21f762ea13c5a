"""In-place edits of existing lines: rewrite chosen lines (keeping their endings) and refresh an entry's venue."""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.errors import ReadmeError
from bot.readme.document import BOM, Document, parse


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
