"""The one sanitiser for outside text (titles, abstracts, names) on its way to markdown, a git commit or a terminal.

Every such text first becomes `plain`: one line of visible characters. C0 and C1 control characters (ESC, CSI
U+009B, NEL, ...) and line or paragraph separators turn into spaces; format characters (bidi overrides and
isolates, the Arabic letter mark U+061C, zero-width spaces and joiners, the word joiner U+2060, a BOM) and lone
surrogates are dropped; whitespace collapses. Then each destination gets what it needs on top:
- `markdown`: URLs and e-mail addresses shown as code (GitHub would make them live links), the rest through the
  destination's own escaper, and nothing that starts a block (heading, quote, list, fence) at its start;
- `commit`: no `#N`, `owner/repo#N`, `GH-N`, `@user` or URL left for GitHub to link, close or mention;
- `terminal`: plain text, so no escape sequence reaches a terminal.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_SPACE_CATEGORIES = ("Cc", "Zl", "Zp")  # controls and line breaks: become a space
_DROP_CATEGORIES = ("Cf", "Cs")  # format characters (bidi, zero-width, BOM, ALM) and lone surrogates: removed
_FILLERS = dict.fromkeys(map(ord, "\u115f\u1160\u3164\uffa0"))  # Hangul fillers: letters that render as nothing
# What GitHub turns into a link by itself (URLs, www. names, e-mail addresses), stopping at characters that could
# close a table cell, a link or an HTML attribute: what follows them is escaped as ordinary text.
_LINK = re.compile(r"(?i)(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>`|\[\]()\"']+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BLOCK_START = re.compile(r"^(?:([#>+=~-])|(\d+)([.)])(?=\s|$))")  # heading, quote, list, fence, ordered list
_REFERENCE = re.compile(r"[#@](?=\w)")
_GH_REF = re.compile(r"(?i)\b(gh)-(?=\d)")
_SCHEME = re.compile(r"(?i):(?=//)")
_LOOKALIKE = {"#": "\uff03", "@": "\uff20"}  # FULLWIDTH NUMBER SIGN, FULLWIDTH COMMERCIAL AT: read alike, link nothing


def plain(text: str, limit: int | None = None) -> str:
    """One line of visible text, cut to `limit` characters (with an ellipsis) when given."""
    out = []
    for ch in text.translate(_FILLERS):
        category = unicodedata.category(ch)
        if category in _SPACE_CATEGORIES:
            out.append(" ")
        elif category not in _DROP_CATEGORIES:
            out.append(ch)
    text = " ".join("".join(out).split())
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)].rstrip() + "…"
    return text


def terminal(text: str, limit: int | None = None) -> str:
    """Text for a terminal: `plain`, so no control or escape sequence is ever written raw."""
    return plain(text, limit)


def code_span(text: str) -> str:
    """`text` as an inline code span, with a fence longer than any backtick run inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown(text: str, escape: Callable[[str], str]) -> str:
    """Plain text made inert markdown: links and addresses as code, the rest through `escape`, no block start."""
    parts, last = [], 0
    for match in _LINK.finditer(text):
        parts += [escape(text[last:match.start()]), code_span(match.group(0))]
        last = match.end()
    parts.append(escape(text[last:]))
    out = "".join(parts)
    return _BLOCK_START.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(2) + "\\" + m.group(3), out)


def commit(text: str) -> str:
    """Plain text for a commit message GitHub shows: references, mentions and URLs made inert by look-alikes."""
    text = _REFERENCE.sub(lambda m: _LOOKALIKE[m.group(0)], plain(text))
    text = _GH_REF.sub(lambda m: m.group(1) + "\u2010", text)  # GH-1 -> GH‐1 (HYPHEN, not HYPHEN-MINUS)
    return _SCHEME.sub("\ua789", text)  # https://… -> https꞉//… (MODIFIER LETTER COLON): no longer a link
