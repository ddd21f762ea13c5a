"""A list's profile: the leaf sections papers go to (skips and depth applied), what to skip, and its fingerprint."""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.errors import ReadmeError
from bot.readme.document import Document, Entry

log = logging.getLogger(__name__)

SURVEY_REPO = "AIoT-MLSys-Lab/Efficient-LLMs-Survey"
# Heading words that name a section of things other than research papers to propose.
# Plural nouns only: "Video Generation", "Tool Learning" and "Dataset Distillation" are paper topics.
_NOT_PAPERS = re.compile(
    r"(?<![\w-])(?:surveys?|tools|toolkits|talks|videos|lectures|tutorials?|courses|books|blogs?|posts|datasets|"
    r"notebooks|libraries|resources|slides|podcasts|introductory|contents|related (?:lists|repositories)|"
    r"awesome lists)(?![\w-])", re.IGNORECASE)
# A section whose entries are mostly not papers (no arXiv id, no paper link) is not a place for papers either.
PAPER_SHARE = 0.5
_PAPER_LABEL = re.compile(r"^(?:paper|pdf|arxiv|abs|abstract|preprint)$", re.IGNORECASE)


@dataclass(frozen=True)
class Skip:
    """A section litbot leaves alone, and why (shown by `litbot init`)."""

    path: tuple[str, ...]
    why: str


def _is_paper(entry: Entry) -> bool:
    return bool(entry.arxiv_id) or any(_PAPER_LABEL.match(link.label) for link in entry.links)


def detect_skips(doc: Document) -> tuple[Skip, ...]:
    """Leaf sections that hold no papers to propose: named for surveys, tools, talks, datasets..., or mostly
    non-paper entries (blog posts, videos, repositories)."""
    out = []
    for path in doc.leaf_paths():
        named = next((m.group(0) for part in path for m in [_NOT_PAPERS.search(part)] if m), None)
        entries = doc.entries_in(path)
        papers = sum(_is_paper(e) for e in entries)
        if named:
            out.append(Skip(path, f"its heading says {named.lower()!r}"))
        elif entries and papers / len(entries) < PAPER_SHARE:
            out.append(Skip(path, f"only {papers} of its {len(entries)} entries are papers"))
    return tuple(out)


def _matches(path: tuple[str, ...], name: str) -> bool:
    """`name` is a heading name anywhere in `path`, or a path `A > B` that `path` starts with (case-insensitive)."""
    parts = [p.strip().casefold() for p in name.split(">")]
    folded = [p.casefold() for p in path]
    if len(parts) == 1:
        return parts[0] in folded
    return folded[: len(parts)] == parts


def paper_leaves(doc: Document, skip: Iterable[str] = (), leaf_depth: int = 0) -> tuple[tuple[str, ...], ...]:
    """The leaf sections papers go to: the README's leaves minus the skipped ones and those deeper than
    `leaf_depth` (0: any depth). These are the classifier's classes and the only places litbot inserts."""
    skip = tuple(skip)
    return tuple(p for p in doc.leaf_paths()
                 if not any(_matches(p, name) for name in skip) and (not leaf_depth or len(p) <= leaf_depth))


def check_skips(doc: Document, skip: Sequence[str]) -> None:
    """A configured skip that names no section of the README is a typo or a renamed heading: say so."""
    paths = doc.section_paths()
    unknown = [name for name in skip if not any(_matches(p, name) for p in paths)]
    if unknown:
        raise ReadmeError(f"list.skip names no section of the README: {', '.join(map(repr, unknown))}; "
                          "`litbot sections` lists them")


def leaf_depth(leaves: Iterable[tuple[str, ...]]) -> int:
    """How deep the deepest leaf sits (1 for a list of `##` sections only)."""
    return max((len(p) for p in leaves), default=0)


def fingerprint(leaves: Iterable[Sequence[str]]) -> str:
    """A short, stable digest of a taxonomy: the leaf paths in order."""
    text = "\n".join(" > ".join(p) for p in leaves)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
