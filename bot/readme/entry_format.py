"""House-style entry lines: clean titles, escape markup, normalise the venue, build `- Title, <ins>…</ins> [[Paper](…)]`."""

from __future__ import annotations

import re
import unicodedata

from bot.paper import ARXIV_ID
from bot.venues import normalise_venue

_LATEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "lambda": "λ", "mu": "μ",
    "pi": "π", "sigma": "σ", "Sigma": "Σ", "theta": "θ", "tau": "τ", "phi": "φ", "omega": "ω",
    "infty": "∞", "times": "×", "approx": "≈", "leq": "≤", "geq": "≥", "le": "≤", "ge": "≥",
    "rightarrow": "→", "to": "→", "cdot": "·", "pm": "±", "sim": "~",
}
_LATEX_ESCAPES = {"\\&": "&", "\\%": "%", "\\_": "_", "\\#": "#", "\\$": "$", "~": " "}
_TEXT_COMMANDS = re.compile(r"\\(?:textbf|textit|texttt|emph|mathrm|mathbf|mathcal|text|textsc|mbox)\s*\{([^{}]*)\}")
# Bidirectional overrides and isolates can make a line read differently than it is written.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"))
_MARKUP = {"\\": "\\\\", "[": "\\[", "]": "\\]", "<": "&lt;", ">": "&gt;", "`": "\\`", "|": "\\|", "*": "\\*", "_": "\\_"}
_SAFE_URL = re.compile(r"^https?://[^\s<>()\[\]`|\"']+$", re.IGNORECASE)
MAX_TITLE = 300


def latex_to_text(text: str) -> str:
    """Turn the simple LaTeX arXiv titles use ($\\alpha$, \\textbf{X}, \\&, {Braces}) into plain text."""
    for _ in range(3):
        text = _TEXT_COMMANDS.sub(r"\1", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _LATEX_SYMBOLS.get(m.group(1), m.group(0)), text)
    for src, dst in _LATEX_ESCAPES.items():
        text = text.replace(src, dst)
    text = re.sub(r"(?<!\\)\$", "", text)
    text = re.sub(r"(?<!\\)[{}]", "", text)
    return text


def clean_title(title: str) -> str:
    """One line of plain text: LaTeX resolved, control and bidi characters dropped, whitespace collapsed."""
    text = latex_to_text(title).translate(_BIDI)
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > MAX_TITLE:
        text = text[: MAX_TITLE - 1].rstrip() + "…"
    return text


def escape_markdown(text: str) -> str:
    """Neutralise what would break the entry line or inject markup: backslashes (which would un-escape what
    follows), brackets, tags, backticks, pipes, emphasis."""
    return "".join(_MARKUP.get(ch, ch) for ch in text)


def safe_url(url: str) -> str | None:
    """The URL if it is a plain http(s) link that cannot break out of `(...)`, else None."""
    url = url.strip()
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in url):  # control, bidi and zero-width characters
        return None
    return url if _SAFE_URL.match(url) else None


def format_entry(title: str, venue: str, year: int | None, arxiv_id: str, code_url: str | None = None) -> str:
    """The line maintainers would write, without a line ending.

    `- Title, <ins>Venue, Year</ins> [[Paper](https://arxiv.org/abs/ID)] [[Code](url)]`
    """
    if not ARXIV_ID.match(arxiv_id):
        raise ValueError(f"not an arXiv id: {arxiv_id!r}")
    venue = escape_markdown(clean_title(normalise_venue(venue or "arXiv")))  # paper metadata: never pasted raw
    tag = ", ".join(part for part in (venue, str(year) if year else "") if part)
    line = f"- {escape_markdown(clean_title(title))}, <ins>{tag}</ins> [[Paper](https://arxiv.org/abs/{arxiv_id})]"
    code = safe_url(code_url) if code_url else None
    if code:
        line += f" [[Code]({code})]"
    return line
