"""Rewrites a litbot PR's title and body to match its branch after commands, keeping each paper's rows as written."""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from bot.pr_body import Block, escape, render_body
from bot.proposal import Proposal
from bot.propose import carried, pr_title
from bot.readme import Document, Index

BUDGET = 60_000  # characters: as bot.pr_body keeps the bodies it renders
_PAPER = re.compile(r"\(https://arxiv\.org/abs/([^)\s]+)\)")
_DETAIL_ID = re.compile(r"^- \*\*arXiv:\*\* https://arxiv\.org/abs/(\S+)")
_CHUNK = re.compile(r"^#### \d+\. ")
_CONFIDENCE = re.compile(r"\*\*section confidence:\*\* \S+")


@dataclass(frozen=True)
class Reconciled:
    """The PR as its branch now stands: papers in table order, ids to count as rejected, title and body."""

    papers: tuple[Proposal, ...]
    dropped: tuple[str, ...]
    title: str
    body: str


@dataclass(frozen=True)
class _Parts:
    head: list[str]
    header: list[str]
    rows: list[tuple[str | None, str]]
    between: list[str]
    chunks: list[tuple[str | None, list[str]]]
    tail: list[str]


def _split(body: str) -> _Parts | None:
    """A body as bot.pr_body renders it: head, table, per-paper details and the block; None if it is not one."""
    lines = body.replace("\r\n", "\n").split("\n")
    h = next((i for i, line in enumerate(lines) if line.startswith("| # |")), None)
    end = next((i for i in range(len(lines) - 1, -1, -1) if lines[i].startswith("<!-- litbot:")), None)
    if h is None or end is None or end < h + 2:
        return None
    at = h + 2
    rows: list[tuple[str | None, str]] = []
    while at < end and lines[at].startswith("|"):
        m = _PAPER.search(lines[at])
        rows.append((m.group(1) if m else None, lines[at]))
        at += 1
    between: list[str] = []
    chunks: list[tuple[str | None, list[str]]] = []
    for line in lines[at:end]:
        if _CHUNK.match(line):
            chunks.append((None, [line]))
        elif chunks:
            chunks[-1][1].append(line)
        else:
            between.append(line)
    named = [(next((m.group(1) for m in map(_DETAIL_ID.match, chunk) if m), None), chunk) for _, chunk in chunks]
    return _Parts(lines[:h], lines[h:h + 2], rows, between, named, lines[end:])


def _cells(line: str) -> list[str]:
    """The cells of a markdown table row; a backslash-escaped pipe stays inside its cell."""
    cells, cell, escaped = [], "", False
    for ch in line.strip():
        if escaped or ch == "\\":
            cell, escaped = cell + ch, not escaped and ch == "\\"
        elif ch == "|":
            cells.append(cell.strip())
            cell = ""
        else:
            cell += ch
    cells.append(cell.strip())
    return cells[1:-1]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _moved_row(old: str, old_header: str, fresh: str, fresh_header: str) -> str:
    """The old row with the Section and confidence cells of the fresh one (the fresh row if the layouts differ)."""
    old_cells, fresh_cells = _cells(old), _cells(fresh)
    old_names, fresh_names = _cells(old_header), _cells(fresh_header)
    if len(old_cells) != len(old_names) or "Section" not in old_names:
        return fresh
    for name in ("Section", "Section confidence", "Confidence"):
        if name in old_names and name in fresh_names:
            old_cells[old_names.index(name)] = fresh_cells[fresh_names.index(name)]
    return _row(old_cells)


def _number(lines: list[str], n: int, pattern: str, template: str) -> list[str]:
    return [re.sub(pattern, template.format(n), lines[0], count=1), *lines[1:]]


def _splice(old_body: str, fresh: str, fresh_ids: Collection[str], moved: Mapping[str, tuple[str, ...]]) -> str:
    """`fresh` with each paper's row and details taken from `old_body` when it has them, renumbered."""
    old, new = _split(old_body), _split(fresh)
    if old is None or new is None:
        return fresh
    old_rows = {i: line for i, line in old.rows if i}
    old_chunks = {i: chunk for i, chunk in old.chunks if i}
    rows = []
    for n, (i, line) in enumerate(new.rows, 1):
        if i in fresh_ids or i not in old_rows:
            rows.append(line)
        else:
            kept_row = _moved_row(old_rows[i], old.header[0], line, new.header[0]) if i in moved else old_rows[i]
            rows.append(_number([kept_row], n, r"^\|\s*\d+\s*\|", "| {} |")[0])
    chunks = []
    for n, (i, chunk) in enumerate(new.chunks, 1):
        if i in fresh_ids or i not in old_chunks:
            chunks += chunk
            continue
        kept = _number(old_chunks[i], n, r"^#### \d+\. ", "#### {}. ")
        if i in moved:
            section = next((line for line in chunk if line.startswith("- **Section:** ")), None)
            note = f" (moved by a maintainer from {escape(moved[i][-1], 120)})"
            kept = [section + note if section and line.startswith("- **Section:** ") else
                    _CONFIDENCE.sub("**section confidence:** —", line) if line.startswith("- **In scope:** ") else
                    line for line in kept]
        chunks += kept
    body = "\n".join(new.head + new.header + rows + new.between + chunks + new.tail)
    return body if len(body) <= BUDGET else fresh


def reconcile(old_body: str, block: Block, branch_doc: Document, base: Index,
              given: Mapping[str, Proposal] | None = None, forget: Collection[str] = ()) -> Reconciled:
    """The PR as `branch_doc` says it is now: every paper the branch adds over the base (in the block's order,
    then new ones), in the section it sits in now. A paper the block listed that is gone from the branch counts as
    dropped unless it is in `forget` (an undone `add`); one that is back is no longer dropped. `given` are full
    proposals for papers added just now (their rows and details are rendered afresh); every other paper keeps
    its row and details from `old_body`, with a moved paper's section and confidence updated.
    """
    given = dict(given or {})
    papers = carried(branch_doc, base, given, block, tuple(given.values()))
    was = {p.arxiv_id: p.section for p in block.papers}
    moved = {p.arxiv_id: was[p.arxiv_id] for p in papers
             if p.arxiv_id in was and was[p.arxiv_id] != p.section and p.arxiv_id not in given}
    papers = tuple(dataclasses.replace(p, confidence=math.nan) if p.arxiv_id in moved else p for p in papers)
    here = {p.arxiv_id for p in papers}
    gone = set(was) - here - set(forget)
    dropped = tuple(sorted((set(block.dropped) | gone) - here))
    fresh = render_body(block.day, papers, dropped)
    return Reconciled(papers, dropped, pr_title(len(papers), block.day), _splice(old_body, fresh, set(given), moved))
