"""Finds the leaf section a maintainer meant from a forgiving name: any case or punctuation, a unique prefix, a typo."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Sequence

from bot.errors import CommandError

Path = tuple[str, ...]
TYPO_CUTOFF = 0.8  # difflib ratio a misspelt name must reach
SHOWN = 5  # candidates listed when a name is ambiguous or unknown


def words(text: str) -> tuple[str, ...]:
    """Lower-case alphanumeric words: 'KV-Cache  Optimization' -> ('kv', 'cache', 'optimization')."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return tuple(w for w in re.split(r"[^\w]+|_", text) if w)


def _word_prefixes(query: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """Each query word starts a later word of the name, in order ('kv opt' fits 'kv cache optimization')."""
    at = 0
    for q in query:
        while at < len(name) and not name[at].startswith(q):
            at += 1
        if at == len(name):
            return False
        at += 1
    return True


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _show(paths: Sequence[Path]) -> str:
    return "; ".join(" > ".join(p[-2:]) for p in paths[:SHOWN]) + ("; ..." if len(paths) > SHOWN else "")


def match_leaf(query: str, leaves: Sequence[Path], sections: Sequence[Path] = ()) -> Path:
    """The one leaf `query` names, trying in turn: the exact name (or trailing `A > B` path), a prefix of the
    name, words that start the name's words, then the closest spelling. CommandError when none or several fit.

    `sections` (every heading path) lets a parent's name be refused with its leaves listed.
    """
    parts = [words(p) for p in query.split(">") if words(p)]
    if not parts:
        raise CommandError("no section named; `@litbot help` shows the commands")
    if len(parts) > 1:  # a path: the trailing components must match, each forgivingly
        fits = [p for p in leaves if len(p) >= len(parts) and all(
            words(name)[:len(q)] == q or "".join(words(name)).startswith("".join(q))
            for name, q in zip(p[-len(parts):], parts))]
        if len(fits) == 1:
            return fits[0]
        if fits:
            raise CommandError(f"section {query!r} fits several leaves: {_show(fits)}")
        query, parts = query.split(">")[-1], parts[-1:]
    q = parts[0]
    flat = "".join(q)
    names = {p: words(p[-1]) for p in leaves}
    for parent in sections:
        if parent not in names and words(parent[-1]) == q:
            children = [p for p in leaves if p[: len(parent)] == parent]
            raise CommandError(f"{parent[-1]!r} has sub-sections; choose one of: {_show(children)}")
    stages = (
        lambda n: n == q or "".join(n) == flat,
        lambda n: "".join(n).startswith(flat),
        lambda n: _word_prefixes(q, n),
    )
    for fits_stage in stages:
        fits = [p for p in leaves if fits_stage(names[p])]
        if len(fits) == 1:
            return fits[0]
        if fits:
            raise CommandError(f"section {query.strip()!r} fits several leaves: {_show(fits)}; give more of the name")
    scored = sorted(((max(_ratio(flat, "".join(n)), _ratio(flat, "".join(n)[: len(flat)]) - 0.05), p)
                     for p, n in names.items()), key=lambda sp: -sp[0])
    close = [p for score, p in scored if score >= TYPO_CUTOFF]
    if len(close) == 1 or (len(close) > 1 and scored[0][0] - scored[1][0] >= 0.05):
        return close[0]
    if close:
        raise CommandError(f"section {query.strip()!r} fits several leaves: {_show(close)}; give more of the name")
    nearest = [p for _, p in scored[:3]]
    raise CommandError(f"no leaf section like {query.strip()!r}; closest: {_show(nearest)}")
