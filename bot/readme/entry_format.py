"""House-style entry lines: clean titles, escape markup, normalise the venue, build
`- Title, <ins>…</ins> [[Paper](…)]`."""

from __future__ import annotations

import re
import unicodedata

from bot.paper import ARXIV_ID
from bot.sanitise import markdown, plain
from bot.venues import normalise_venue

_LATEX_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "lambda": "λ", "mu": "μ",
    "pi": "π", "sigma": "σ", "Sigma": "Σ", "theta": "θ", "tau": "τ", "phi": "φ", "omega": "ω",
    "infty": "∞", "times": "×", "approx": "≈", "leq": "≤", "geq": "≥", "le": "≤", "ge": "≥",
    "rightarrow": "→", "to": "→", "cdot": "·", "pm": "±", "sim": "~",
}
_LATEX_ESCAPES = {"\\&": "&", "\\%": "%", "\\_": "_", "\\#": "#", "\\$": "$", "~": " "}
_TEXT_COMMANDS = re.compile(r"\\(?:textbf|textit|texttt|emph|mathrm|mathbf|mathcal|text|textsc|mbox)\s*\{([^{}]*)\}")
_MARKUP = {"\\": "\\\\", "[": "\\[", "]": "\\]", "<": "&lt;", ">": "&gt;", "`": "\\`", "|": "\\|", "*": "\\*",
           "_": "\\_"}
# An `&` that starts a character reference (`&#x202E;` renders a real RTL override); a lone `&` stays as written.
_ENTITY = re.compile(r"&(?=#?\w+;)")
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
    """One line of plain text: LaTeX resolved, then bot.sanitise.plain (no control, bidi or invisible characters)."""
    return plain(latex_to_text(title), MAX_TITLE)


def escape_markdown(text: str) -> str:
    """Neutralise what would break the entry line or inject markup: backslashes (which would un-escape what
    follows), brackets, tags, backticks, pipes, emphasis, character references."""
    return "".join(_MARKUP.get(ch, ch) for ch in _ENTITY.sub("&amp;", text))


def title_markdown(title: str) -> str:
    """A title (or any paper text) as inert README markdown: cleaned, escaped, links shown as code, no block start."""
    return markdown(clean_title(title), escape_markdown)


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
    venue = title_markdown(normalise_venue(venue or "arXiv"))  # paper metadata: never pasted raw
    tag = ", ".join(part for part in (venue, str(year) if year else "") if part)
    line = f"- {title_markdown(title)}, <ins>{tag}</ins> [[Paper](https://arxiv.org/abs/{arxiv_id})]"
    code = safe_url(code_url) if code_url else None
    if code:
        line += f" [[Code]({code})]"
    return line
