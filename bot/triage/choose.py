"""Fuzzy search over section names, for picking a section other than the predicted one (pure)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

Path_ = tuple[str, ...]


def _score(query: str, path: Path_) -> float:
    q, leaf, full = query.casefold(), path[-1].casefold(), " > ".join(path).casefold()
    if q == leaf:
        return 4.0
    if leaf.startswith(q):
        return 3.0 + len(q) / len(leaf)
    if q in leaf:
        return 2.5 + len(q) / len(leaf)
    if q in full:
        return 2.0 + len(q) / len(full)
    words = [w for w in q.split() if w]
    if words and all(w in full for w in words):
        return 1.5
    ratio = difflib.SequenceMatcher(None, q, leaf, autojunk=False).ratio()
    partial = max((difflib.SequenceMatcher(None, q, w, autojunk=False).ratio() for w in leaf.split()), default=0.0)
    return max(ratio, partial * 0.9)


def search_sections(query: str, leaves: Sequence[Path_], limit: int = 9, cutoff: float = 0.75) -> list[Path_]:
    """Leaf sections that match `query` best first: exact or prefix of the leaf name, substring of the leaf or
    the whole path, all words present, then close spellings (difflib) above `cutoff`."""
    query = " ".join(query.split())
    if not query:
        return []
    scored = [(_score(query, p), n, p) for n, p in enumerate(leaves)]
    return [p for s, _, p in sorted((t for t in scored if t[0] >= cutoff), key=lambda t: (-t[0], t[1]))][:limit]
