"""Paper identity over a parsed README: find a listed paper by arXiv id or title, and report duplicates."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from bot.readme.document import Document, Entry

_REPEATED_PREFIX = re.compile(r"^\s*([^:]{1,80}):\s*\1:\s*", re.IGNORECASE)


def normalise_title(title: str) -> str:
    """A key that survives case, punctuation, spacing, NBSP, a repeated `X: X:` prefix and LaTeX braces."""
    text = unicodedata.normalize("NFKC", title)
    text = _REPEATED_PREFIX.sub(r"\1: ", text)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def titles_agree(a: str, b: str) -> bool:
    """Two titles name the same paper: equal keys, or near-identical (a typo, a dropped subtitle word)."""
    ka, kb = normalise_title(a), normalise_title(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    return difflib.SequenceMatcher(None, ka, kb, autojunk=False).ratio() >= 0.9


@dataclass(frozen=True)
class Duplicate:
    """One paper listed more than once: `kind` is "same-section" or "several-sections"."""

    kind: str
    entries: tuple[Entry, ...]


class Index:
    """Look-ups over a document's entries. Built once per document; cheap to rebuild after an insert."""

    def __init__(self, doc: Document):
        self.doc = doc
        self._by_id: dict[str, list[Entry]] = defaultdict(list)
        self._by_title: dict[str, list[Entry]] = defaultdict(list)
        for entry in doc.entries:
            if entry.arxiv_id:
                self._by_id[entry.arxiv_id].append(entry)
            self._by_title[normalise_title(entry.title)].append(entry)

    def find(self, arxiv_id: str | None = None, title: str | None = None) -> tuple[Entry, ...]:
        """Listed entries for this paper: litbot's one identity rule (dedupe, propose, add and learn all ask here).

        Two records name the same paper when their arXiv ids are equal, whatever their titles say (a listed id
        back under a shortened title is listed); only where one side has no id do titles decide, by equal
        normalised keys. Two papers with different ids are two papers, however alike their titles. Entries whose
        title agrees come first, then document order: the README puts a few ids on two different papers
        (2308.13137, 2312.09571, 2305.15265), and the one that agrees is the paper asked about.
        """
        hits: dict[int, Entry] = {}
        if arxiv_id:
            for entry in self._by_id.get(arxiv_id, ()):
                hits[entry.line_no] = entry
        if title:
            for entry in self._by_title.get(normalise_title(title), ()):
                if not (arxiv_id and entry.arxiv_id):
                    hits[entry.line_no] = entry
        agree = (lambda e: titles_agree(title, e.title)) if title else (lambda e: True)
        return tuple(sorted(hits.values(), key=lambda e: (not agree(e), e.line_no)))

    def is_listed(self, arxiv_id: str | None, title: str | None, section: tuple[str, ...] | None = None) -> bool:
        found = self.find(arxiv_id, title)
        return any(section is None or e.section == tuple(section) for e in found)

    def shared_ids(self) -> dict[str, tuple[Entry, ...]]:
        """arXiv ids that appear on entries whose titles disagree (a wrong link in the README)."""
        out = {}
        for arxiv_id, entries in self._by_id.items():
            if any(not titles_agree(entries[0].title, e.title) for e in entries[1:]):
                out[arxiv_id] = tuple(entries)
        return out

    def duplicates(self) -> tuple[Duplicate, ...]:
        """Papers listed twice in one section, and papers listed in several sections."""
        out = []
        for group in self._by_title.values():
            for entries in _same_papers(group):
                out.extend(_duplicates_of(entries))
        return tuple(sorted(out, key=lambda d: (d.entries[0].line_no, d.kind)))


def _same_papers(group: list[Entry]) -> list[list[Entry]]:
    """Split entries with one title key by the identity rule: different arXiv ids are different papers.

    An entry without an id cannot be told apart from any of them, so a group holding one stays whole.
    """
    if len(group) < 2 or any(not e.arxiv_id for e in group):
        return [group]
    by_id: dict[str, list[Entry]] = defaultdict(list)
    for entry in group:
        by_id[str(entry.arxiv_id)].append(entry)
    return list(by_id.values())


def _duplicates_of(entries: list[Entry]) -> list[Duplicate]:
    """One paper's entries: listed twice in a section, and listed in several sections."""
    out: list[Duplicate] = []
    if len(entries) < 2:
        return out
    by_section: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
    for entry in entries:
        by_section[entry.section].append(entry)
    out.extend(Duplicate("same-section", tuple(same)) for same in by_section.values() if len(same) > 1)
    if len(by_section) > 1:
        out.append(Duplicate("several-sections", tuple(entries)))
    return out
