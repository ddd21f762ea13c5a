"""Commit messages of PR commands, with trailers that let `undo` find litbot's last command on a branch (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.pr_body import clean_text
from bot.repo_port import CommitInfo

COMMAND = "Litbot-Command"  # "<op> <arXiv id>" on every command commit
BRANCH = "Litbot-Branch"  # the PR branch the command was given on (commands of merged PRs are not undone)
UNDO = "Litbot-Undo"  # the sha an undo commit reverted
_TRAILER = re.compile(r"^([A-Za-z][\w-]*):\s*(.+?)\s*$")
_MENTION = re.compile(r"^@\S+\s*")  # no @-mention in git history


def _request(text: str) -> str:
    return clean_text(_MENTION.sub("", text.strip()), 200)


def message(subject: str, *, op: str, arxiv_id: str, branch: str, who: str, pr_name: str, request: str) -> str:
    """`subject`, who asked for it where, and the trailers."""
    return (f"{clean_text(subject, 200)}\n\nRequested by {who} on {pr_name}: {_request(request)}\n\n"
            f"{COMMAND}: {op} {arxiv_id}\n{BRANCH}: {branch}\n")


def undo_message(undone: CommitInfo, *, branch: str, who: str, pr_name: str, request: str) -> str:
    subject = undone.message.splitlines()[0] if undone.message.strip() else undone.sha[:12]
    return (f"{clean_text('Undo ' + repr(subject), 200)}\n\nRequested by {who} on {pr_name}: "
            f"{_request(request)}\n\n{UNDO}: {undone.sha}\n{BRANCH}: {branch}\n")


def trailers(text: str) -> dict[str, str]:
    """The `Key: value` lines of a commit message's last paragraph."""
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    if not paragraphs:
        return {}
    found = [_TRAILER.match(line) for line in paragraphs[-1].splitlines()]
    return {m.group(1): m.group(2) for m in found if m}


def command_of(commit: CommitInfo) -> tuple[str, str] | None:
    """(op, arXiv id) of a command commit, else None."""
    op, _, arxiv_id = trailers(commit.message).get(COMMAND, "").partition(" ")
    return (op, arxiv_id) if op else None


def last_undoable(log: Iterable[CommitInfo], branch: str) -> CommitInfo | None:
    """The newest command commit given on `branch` that no later undo commit names; None if there is none."""
    undone: set[str] = set()
    for commit in log:
        found = trailers(commit.message)
        if found.get(BRANCH) != branch:
            continue
        if UNDO in found:
            undone.add(found[UNDO])
        elif COMMAND in found and commit.sha not in undone:
            return commit
    return None
