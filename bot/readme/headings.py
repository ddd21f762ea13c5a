"""Markdown heading recognition, clean section names and GitHub's anchor slugs."""

from __future__ import annotations

import re
import unicodedata

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_CLOSING_HASHES = re.compile(r"[ \t]+#+$")
_FOOTNOTE = re.compile(r"\[\^[^\]]*\]")
# Emoji and their glue: pictographs, dingbats, symbols, variation selectors, ZWJ, keycaps, skin tones, flags.
_EMOJI_CATEGORIES = {"So", "Sk", "Cs", "Co"}
_EMOJI_GLUE = {"\u200d", "\ufe0f", "\ufe0e", "\u20e3"}


def match_heading(line: str) -> tuple[int, str] | None:
    """Return (level, display text) when `line` (without its ending) is an ATX heading, else None."""
    m = _ATX.match(line)
    if not m:
        return None
    text = m.group(2) or ""
    text = _CLOSING_HASHES.sub("", text)
    return len(m.group(1)), text


def _is_emoji(ch: str) -> bool:
    if ch in _EMOJI_GLUE or 0x1F3FB <= ord(ch) <= 0x1F3FF or 0x1F1E6 <= ord(ch) <= 0x1F1FF:
        return True
    return unicodedata.category(ch) in _EMOJI_CATEGORIES and ord(ch) > 0x2000


def clean_name(text: str) -> str:
    """The section name a person would say: no emoji, footnote markers, markup or surrounding spaces."""
    text = _FOOTNOTE.sub("", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [label](url) -> label
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text)  # inline HTML tags
    text = "".join(ch for ch in text if not _is_emoji(ch))
    text = text.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip(" \t*_`")


def github_slug(text: str) -> str:
    """GitHub's anchor for a heading: lower-case, punctuation and emoji dropped, each space a hyphen.

    Duplicate headings get -1, -2 ... suffixes; that is the document's job (see `unique_slugs`).
    """
    text = re.sub(r"</?[A-Za-z][^>]*>", "", text).strip().lower()
    kept = []
    for ch in text:
        cat = unicodedata.category(ch)
        if ch in " -_" or cat[0] in "LN" or (cat == "Mn" and ch not in _EMOJI_GLUE):
            kept.append(ch)
    return "".join(kept).replace(" ", "-")


def unique_slugs(texts: list[str]) -> list[str]:
    """Slugs for headings in document order, numbering repeats the way GitHub does."""
    seen: dict[str, int] = {}
    out = []
    for text in texts:
        base = github_slug(text)
        n = seen.get(base, 0)
        out.append(base if n == 0 else f"{base}-{n}")
        seen[base] = n + 1
    return out
