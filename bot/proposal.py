"""A Proposal: one paper the bot wants to add to one README section, with the evidence a reviewer needs."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from bot.paper import ARXIV_ID, base_id
from bot.readme.entry_format import clean_title
from bot.sanitise import commit

_SHORT_MAX = 60


def _bare(arxiv_id: str) -> str:
    """'2401.01234v3' -> '2401.01234'; anything that is not an id comes back as is, for validation to refuse."""
    try:
        return base_id(arxiv_id)
    except ValueError:
        return arxiv_id


@dataclass(frozen=True)
class Proposal:
    """One paper proposed for one leaf section.

    `entry_line` is the house-style README line (no newline), or for a list with multi-line items the item's
    lines joined by newlines (no blank line, no carriage return). `alternatives` are the next-best sections with their
    scores, `why_terms` the terms that drove the prediction, `nearest` the titles of the most similar papers already
    listed. `confidence` may be NaN when it is unknown (a paper carried over from an earlier run).
    """

    arxiv_id: str
    title: str
    entry_line: str
    section: tuple[str, ...]
    confidence: float
    alternatives: tuple[tuple[tuple[str, ...], float], ...] = ()
    why_terms: tuple[str, ...] = ()
    nearest: tuple[str, ...] = ()
    abstract: str = ""
    relevance: float = math.nan  # the relevance model's probability that the paper is in scope; NaN when unknown
    moved_from: tuple[str, ...] = ()  # the section litbot proposed, once a maintainer has moved the paper elsewhere

    def __post_init__(self) -> None:
        object.__setattr__(self, "arxiv_id", _bare(self.arxiv_id))
        object.__setattr__(self, "section", tuple(self.section))
        object.__setattr__(self, "moved_from", tuple(self.moved_from))
        object.__setattr__(
            self, "alternatives", tuple((tuple(path), float(score)) for path, score in self.alternatives)
        )
        object.__setattr__(self, "why_terms", tuple(self.why_terms))
        object.__setattr__(self, "nearest", tuple(self.nearest))
        if not ARXIV_ID.match(self.arxiv_id):
            raise ValueError(f"not an arXiv id: {self.arxiv_id!r}")
        if not self.title.strip():
            raise ValueError(f"{self.arxiv_id}: empty title")
        if not self.section or not all(isinstance(part, str) and part for part in self.section):
            raise ValueError(f"{self.arxiv_id}: section must be a non-empty path of names")
        if "\r" in self.entry_line or not all(line.strip() for line in self.entry_line.split("\n")):
            raise ValueError(f"{self.arxiv_id}: entry_line must be one entry without blank lines")
        if not math.isnan(self.confidence) and not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"{self.arxiv_id}: confidence {self.confidence} is outside [0, 1]")

    @property
    def leaf(self) -> str:
        """The leaf section's name, e.g. 'Weight-Only Quantization'."""
        return self.section[-1]

    @property
    def category(self) -> str:
        """The top-level category, e.g. 'Model-Centric Methods'."""
        return self.section[0]

    @property
    def short_title(self) -> str:
        """A commit-message-sized title: the name before a colon if there is one, else the title cut at a word."""
        title = clean_title(self.title)  # no control, escape or bidi characters from paper metadata in git
        head, sep, _ = title.partition(": ")
        head = head.strip()
        if sep and 2 <= len(head) <= _SHORT_MAX:
            return head
        if len(title) <= _SHORT_MAX:
            return title
        cut = title[: _SHORT_MAX - 1].rsplit(" ", 1)[0]
        return cut.rstrip(" ,;:-") + "…"

    @property
    def commit_message(self) -> str:
        """`Add <short title> to <leaf section>` on one line, with nothing GitHub would link, close or mention."""
        return f"Add {commit(self.short_title)} to {commit(self.leaf)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "arxiv_id": self.arxiv_id,
            "title": self.title,
            "entry_line": self.entry_line,
            "section": list(self.section),
            "confidence": None if math.isnan(self.confidence) else self.confidence,
            "alternatives": [[list(path), score] for path, score in self.alternatives],
            "why_terms": list(self.why_terms),
            "nearest": list(self.nearest),
            "abstract": self.abstract,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Proposal:
        """Build from a JSON object (one line of proposals.jsonl); raises ValueError on a malformed record."""
        try:
            confidence = data.get("confidence")
            return cls(
                arxiv_id=str(data["arxiv_id"]),
                title=str(data["title"]),
                entry_line=str(data["entry_line"]),
                section=tuple(str(part) for part in data["section"]),
                confidence=math.nan if confidence is None else float(confidence),
                alternatives=tuple(
                    (tuple(str(p) for p in path), float(score)) for path, score in data.get("alternatives") or ()
                ),
                why_terms=tuple(str(t) for t in data.get("why_terms") or ()),
                nearest=tuple(str(t) for t in data.get("nearest") or ()),
                abstract=str(data.get("abstract") or ""),
            )
        except (KeyError, TypeError) as exc:
            raise ValueError(f"malformed proposal: missing or wrong field {exc}") from None
