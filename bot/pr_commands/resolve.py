"""Turns parsed commands into targets: which paper each names (row, arXiv id or review-comment line) and where to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.errors import CommandError
from bot.pr_body import Block, clean_text
from bot.pr_commands.edit import proposed_entries
from bot.pr_commands.event import CommentEvent
from bot.pr_commands.leaf import match_leaf
from bot.pr_commands.parse import Add, Command, Drop, Move, Undo
from bot.pr_history import Fate, History
from bot.proposal import Proposal
from bot.readme import Document, Index, parse
from bot.repo_port import CommentPort, PullInfo

Path = tuple[str, ...]
# (arXiv id, the section the maintainer named or None, the branch's README) -> the paper's proposal
Fetch = Callable[[str, Path | None, Document], Proposal]


@dataclass(frozen=True)
class Target:
    """A command with what it acts on: the paper (id, title, how messages name it) and the section to move to or
    the proposal to add. Undo has no paper."""

    command: Command
    arxiv_id: str = ""
    title: str | None = None
    name: str = ""
    section: Path | None = None
    proposal: Proposal | None = None


def _name(arxiv_id: str, title: str | None, row: int | None) -> str:
    where = f"#{row} " if row else ""
    text = clean_text(title, 60) if title else arxiv_id
    return f"{where}{text} ({arxiv_id})" if title else f"{where}{arxiv_id}"


def _paper(ref: int | str | None, block: Block, doc: Document, base: Index, event: CommentEvent,
           repo: CommentPort, pr: PullInfo, readme_path: str) -> tuple[str, str | None, str]:
    """(arXiv id, title, name) of the proposed paper `ref` names."""
    if isinstance(ref, int):
        if not 1 <= ref <= len(block.papers):
            have = f"rows 1-{len(block.papers)}" if block.papers else "no rows"
            raise CommandError(f"there is no row {ref}: the table has {have}")
        p = block.papers[ref - 1]
        return p.arxiv_id, p.title or None, _name(p.arxiv_id, p.title, ref)
    if isinstance(ref, str):
        rows = {p.arxiv_id: (n, p) for n, p in enumerate(block.papers, 1)}
        if ref in rows:
            n, p = rows[ref]
            return ref, p.title or None, _name(ref, p.title, n)
        entry = next((e for e in proposed_entries(doc, base) if e.arxiv_id == ref), None)
        if entry is None:
            raise CommandError(f"{ref} is not proposed in this PR")
        return ref, entry.title, _name(ref, entry.title, None)
    if event.kind != "review" or event.line is None or event.path != readme_path:
        raise CommandError("which paper? name its row in the table, e.g. `drop 3`, or comment on its README line")
    at = parse(repo.read_readme(event.commit or pr.branch).text)
    entry = next((e for e in at.entries if e.line_no == event.line - 1), None)
    if entry is None or not entry.arxiv_id:
        raise CommandError(f"line {event.line} of {readme_path} is not a paper entry with an arXiv link")
    if base.find(entry.arxiv_id, entry.title):
        raise CommandError(f"line {event.line} lists a paper the base branch has already; litbot only changes the "
                           f"lines its PR adds")
    row = next((n for n, p in enumerate(block.papers, 1) if p.arxiv_id == entry.arxiv_id), None)
    return entry.arxiv_id, entry.title, _name(entry.arxiv_id, entry.title, row)


def resolve(command: Command, *, block: Block, doc: Document, base: Index, event: CommentEvent, repo: CommentPort,
            pr: PullInfo, others: History, fetch: Fetch | None, readme_path: str) -> Target:
    """The command's target, checked against the PR as it is now; CommandError says what is wrong.

    `others` is every litbot PR's history (bot.pr_history).
    """
    if isinstance(command, Undo):
        return Target(command)
    if isinstance(command, (Drop, Move)):
        arxiv_id, title, name = _paper(command.ref, block, doc, base, event, repo, pr, readme_path)
        section = match_leaf(command.section, doc.leaf_paths(), doc.section_paths()) if isinstance(
            command, Move) else None
        return Target(command, arxiv_id, title, name, section)
    if not isinstance(command, Add):
        raise CommandError(f"{type(command).__name__.lower()} is not a change to the branch")
    arxiv_id = command.arxiv_id
    listed = Index(doc).find(arxiv_id)
    if listed:
        raise CommandError(f"{arxiv_id} is already listed in {listed[0].section[-1]} (README line "
                           f"{listed[0].line_no + 1})")
    past = others.get(arxiv_id)
    if past is not None and past.fate is Fate.OPEN and past.pr.name != pr.name:
        raise CommandError(f"{arxiv_id} is already proposed in open {past.pr.name}")
    section = match_leaf(command.section, doc.leaf_paths(), doc.section_paths()) if command.section else None
    if fetch is None:
        raise CommandError("this litbot cannot fetch papers (no arXiv source was given)")
    proposal = fetch(arxiv_id, section, doc)
    return Target(command, arxiv_id, proposal.title, _name(arxiv_id, proposal.title, None), proposal.section,
                  proposal)
