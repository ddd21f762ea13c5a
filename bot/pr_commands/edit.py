"""The README edits behind PR commands (pure): find a proposed paper's line, drop it, move it, add one, revert one."""

from __future__ import annotations

import math
from collections import Counter

from bot.errors import CommandError, ReadmeError
from bot.proposal import Proposal
from bot.readme import Document, Entry, Index, insert_entries, normalise_title
from bot.readme.update import remove_lines

Path = tuple[str, ...]


def proposed_entries(doc: Document, base: Index) -> tuple[Entry, ...]:
    """The entries the branch adds over the base branch: the lines a litbot PR proposes."""
    return tuple(e for e in doc.entries if not base.find(e.arxiv_id, e.title))


def find_proposed(doc: Document, base: Index, arxiv_id: str, title: str | None, name: str) -> Entry:
    """The branch's line for a proposed paper; CommandError when the branch no longer has it."""
    proposed = proposed_entries(doc, base)
    hits = [e for e in proposed if e.arxiv_id == arxiv_id] or [  # an entry without its arXiv link: same title
        e for e in proposed if not e.arxiv_id and title and normalise_title(title) == normalise_title(e.title)]
    if not hits:
        raise CommandError(f"{name} is not on this branch any more (dropped, or its line was removed)")
    return hits[0]


def short_title(entry: Entry, title: str | None = None) -> str:
    """A commit-message-sized title for the paper on `entry`."""
    text = (title or entry.title or entry.arxiv_id or "a paper").strip() or "a paper"
    return Proposal(arxiv_id=entry.arxiv_id or "0000.00000", title=text, entry_line=entry.raw or text,
                    section=entry.section or ("?",), confidence=math.nan).short_title


def drop(doc: Document, entry: Entry) -> Document:
    """The document without the entry's line."""
    return remove_lines(doc, [entry.line_no])


def move(doc: Document, entry: Entry, target: Path) -> Document:
    """The entry's line taken out of its section and put into `target` where a new entry goes."""
    if entry.section == target:
        raise CommandError(f"it is already in {target[-1]}")
    try:
        return insert_entries(drop(doc, entry), [(target, entry.raw)])
    except ReadmeError as exc:
        raise CommandError(str(exc)) from None


def add(doc: Document, p: Proposal) -> Document:
    """The document with the paper's entry in its section; CommandError when the README already lists it."""
    listed = Index(doc).find(p.arxiv_id, p.title)
    if listed:
        raise CommandError(f"{p.arxiv_id} is already listed in {listed[0].section[-1]} (README line "
                           f"{listed[0].line_no + 1})")
    try:
        return insert_entries(doc, [(p.section, p.entry_line)])
    except ReadmeError as exc:
        raise CommandError(str(exc)) from None


def revert(before: Document, after: Document, current: Document) -> tuple[Document, tuple[str, ...], tuple[str, ...]]:
    """`current` with the change from `before` to `after` taken back: the lines it added removed, the lines it
    removed put back in their sections. Returns (document, arXiv ids taken out, arXiv ids put back).

    CommandError when that change has since been changed again (a line it added is gone, one it removed is back).
    """
    old = Counter((e.section, e.raw) for e in before.entries)
    new = Counter((e.section, e.raw) for e in after.entries)
    added, removed = new - old, old - new
    if not added and not removed:
        raise CommandError("that commit changed no README entry")
    doc, out, back = current, [], []
    for (section, raw), _ in added.items():
        line = next((e for e in doc.entries if e.raw == raw and e.section == section), None) or next(
            (e for e in doc.entries if e.raw == raw), None)
        if line is None:
            raise CommandError(f"its line is no longer on the branch: {raw[:80]}")
        doc = remove_lines(doc, [line.line_no])
        out.append(line.arxiv_id or "")
    for (section, raw), _ in removed.items():
        entry = next(e for e in before.entries if (e.section, e.raw) == (section, raw))
        if Index(doc).find(entry.arxiv_id, entry.title):
            raise CommandError(f"{entry.arxiv_id or entry.title[:60]} is on the branch again already")
        try:
            doc = insert_entries(doc, [(section, raw)])
        except ReadmeError as exc:
            raise CommandError(str(exc)) from None
        back.append(entry.arxiv_id or "")
    return doc, tuple(i for i in out if i), tuple(i for i in back if i)
