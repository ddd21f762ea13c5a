"""Finds and undoes Mac-Roman/UTF-8 double encoding (`ü§ñ` for 🤖, `Nystr√∂mformer` for Nyströmformer)."""

from __future__ import annotations

import re

from bot.errors import ReadmeError
from bot.readme import Document
from bot.lint.findings import Finding, finding

# The characters Mac Roman gives the bytes 0x80-0xFF; UTF-8 multi-byte sequences are made only of such bytes.
_MAC_HIGH = bytes(range(0x80, 0x100)).decode("mac_roman")
_RUN = re.compile("[" + re.escape(_MAC_HIGH) + "]+")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")


def _runs(line: str) -> list[re.Match[str]]:
    """Runs of Mac Roman's high characters outside inline code spans (quoted text is left as written)."""
    quoted = [m.span() for m in _CODE_SPAN.finditer(line)]
    return [m for m in _RUN.finditer(line) if not any(a <= m.start() < b for a, b in quoted)]


def _undo(run: str) -> str | None:
    """The text a run of Mac Roman characters was, if its bytes are valid UTF-8; None otherwise."""
    try:
        text = run.encode("mac_roman").decode("utf-8")
    except UnicodeError:
        return None
    return text if text != run else None


def repair_line(line: str) -> str:
    """The line with every run of double-encoded characters decoded back; other text is untouched."""
    out, last = [], 0
    for m in _runs(line):
        out += [line[last : m.start()], _undo(m.group(0)) or m.group(0)]
        last = m.end()
    return "".join(out) + line[last:]


def double_encoded(text: str) -> list[tuple[str, str]]:
    """(mojibake, the text it was) for every double-encoded run in `text` outside inline code."""
    pairs = [(m.group(0), _undo(m.group(0))) for m in _runs(text)]
    return [(bad, good) for bad, good in pairs if good]


def refuse_double_encoded_headings(doc: Document) -> None:
    """ReadmeError when the README's headings are double-encoded: its sections are damaged, and papers placed under
    them, or a model trained on them, would carry the damaged names on."""
    found = [pair for heading in doc.headings for pair in double_encoded(doc.lines[heading.line_no])]
    if found:
        bad, good = found[0]
        raise ReadmeError(f"the README's section headings are double-encoded UTF-8 (mojibake: `{bad}` for "
                          f"`{good}`); repair the README with `litbot lint --fix` (do not re-train on it: the "
                          "model would learn the damaged names)")


def check_mojibake(doc: Document) -> list[Finding]:
    out = []
    for i, line in enumerate(doc.lines):
        pairs = double_encoded(line)
        if pairs:
            shown = ", ".join(f"`{bad}` -> `{good}`" for bad, good in pairs[:3])
            more = f" (+{len(pairs) - 3} more)" if len(pairs) > 3 else ""
            out.append(finding("mojibake", i, f"double-encoded UTF-8: {shown}{more}"))
    return out
