"""Reads `@litbot ...` command lines out of a PR comment into frozen commands (pure: no I/O, never raises)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.paper import ARXIV_ID, base_id

MAX_COMMANDS = 10  # per comment; more lines than this are answered with the help text
LINE_MAX = 300  # characters of a command line kept (for commit messages and replies)

Ref = int | str | None  # a row of the PR table, an arXiv id, or None: the line a review comment sits on


@dataclass(frozen=True)
class Drop:
    """Remove a proposed paper's line from the branch (it counts as rejected)."""

    ref: Ref
    text: str


@dataclass(frozen=True)
class Move:
    """Move a proposed paper's line to another leaf section (`section` as the maintainer wrote it)."""

    ref: Ref
    section: str
    text: str


@dataclass(frozen=True)
class Add:
    """Fetch a paper from arXiv and commit its entry (into `section`, else where the classifier puts it)."""

    arxiv_id: str
    section: str | None
    text: str


@dataclass(frozen=True)
class Undo:
    """Revert litbot's last command commit on the branch that has not been undone yet."""

    text: str


@dataclass(frozen=True)
class Help:
    """Answer with the list of commands."""

    text: str


@dataclass(frozen=True)
class Unknown:
    """A line addressed to litbot that is not a command; `problem` says what was wrong."""

    text: str
    problem: str


Command = Drop | Move | Add | Undo | Help | Unknown

HELP = """\
litbot takes these commands in a comment on its pull requests, one per line, each line starting with `@litbot` \
(maintainers with write access only):

| Command | What it does |
|---|---|
| `@litbot drop 3` | removes paper #3 of the table from this branch; it is not proposed again |
| `@litbot move 2 to KV-Cache Optimization` | moves paper #2's line to that section (a unique part of its name is \
enough) |
| `@litbot add 2506.01234` | fetches the paper from arXiv and adds it where the classifier puts it |
| `@litbot add 2506.01234 to Speculative Decoding` | ... or to the section you name |
| `@litbot undo` | reverts litbot's last command on this branch |
| `@litbot help` | shows this list |

A paper can be named by its row number (`3`, `#3`) or its arXiv id; `drop` and `move` can take several \
(`@litbot drop 1, 4`). In a review comment on a README line, `@litbot drop` or `@litbot move to <section>` \
acts on the paper of that line. Each change is its own commit; the table and the labels follow."""

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ROW = re.compile(r"^#?(\d{1,4})$")
_ID_PREFIX = re.compile(r"^(?:arxiv:|https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/)", re.IGNORECASE)
_SEPARATORS = re.compile(r"\s*(?:,|;|\band\b|&)\s*|\s+", re.IGNORECASE)
_TO = re.compile(r"\s+(?:to|into|->|→)\s+|^(?:to|into|->|→)\s+", re.IGNORECASE)


def _clean(text: str) -> str:
    return " ".join(text.split())[:LINE_MAX]


def _ref(word: str) -> Ref:
    """A row number or an arXiv id from one word (`#3`, `3.`, `arXiv:2506.01234v2`), or '' if it is neither."""
    word = word.strip().rstrip(".,;:!?)").lstrip("(")
    m = _ROW.match(word)
    if m:
        return int(m.group(1))
    bare = _ID_PREFIX.sub("", word).removesuffix(".pdf")
    try:
        bare = base_id(bare)
    except ValueError:
        return ""
    return bare if ARXIV_ID.match(bare) else ""


def _refs(text: str) -> list[Ref] | None:
    """Every paper named in `text` (None if any word names none; [] if there is no word)."""
    words = [w for w in _SEPARATORS.split(text.strip()) if w]
    refs = [_ref(w) for w in words]
    return None if any(r == "" for r in refs) else refs


def _command(rest: str, line: str) -> list[Command]:
    verb, _, args = rest.partition(" ")
    verb, args = verb.lower().rstrip(".,:!"), args.strip()
    if verb in ("", "help", "?"):
        return [Help(line)]
    if verb == "undo":
        return [Undo(line)] if not args.strip(" .!") else [Unknown(line, "`undo` takes nothing after it")]
    if verb in ("drop", "remove", "reject"):
        refs = _refs(args)
        if refs is None:
            return [Unknown(line, "`drop` takes row numbers or arXiv ids")]
        return [Drop(ref, line) for ref in refs] or [Drop(None, line)]
    if verb == "move":
        parts = _TO.split(args, maxsplit=1)
        named, section = (parts[0], parts[1]) if len(parts) == 2 else ("", args)
        if len(parts) == 1:  # `move 2 KV-Cache`: the first word is the paper, the rest the section
            first, _, others = args.partition(" ")
            if _ref(first) != "":
                named, section = first, others
        refs, section = _refs(named), section.strip().strip("`\"'").strip()
        if refs is None or not section:
            return [Unknown(line, "`move` takes a paper and a section: `move 2 to KV-Cache Optimization`")]
        return [Move(ref, section, line) for ref in refs] or [Move(None, section, line)]
    if verb == "add":
        parts = _TO.split(args, maxsplit=1)
        ref = _ref(parts[0].strip()) if parts[0].strip() else ""
        if not isinstance(ref, str) or not ref:
            return [Unknown(line, "`add` takes one arXiv id: `add 2506.01234 [to <section>]`")]
        section = parts[1].strip().strip("`\"'").strip() if len(parts) == 2 else None
        return [Add(ref, section or None, line)]
    return [Unknown(line, f"unknown command {verb!r}")]


def parse_comment(body: str, mention: str = "litbot") -> tuple[Command, ...]:
    """The commands in a comment: every line (outside code fences, not quoted) that starts with `@<mention>`.

    A comment that only mentions litbot mid-sentence, quotes an earlier command (`> @litbot drop 3`) or shows one
    in code gives no command, so litbot's own replies never command it.
    """
    start = re.compile(rf"^@{re.escape(mention)}(?![\w-])[:,]?\s*(.*)$", re.IGNORECASE)
    out: list[Command] = []
    fence: str | None = None
    for raw in (body or "").splitlines():
        m = _FENCE.match(raw)
        if fence:
            fence = None if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) else fence
            continue
        if m:
            fence = m.group(1)
            continue
        m = start.match(raw.strip())
        if m:
            out += _command(_clean(m.group(1)), _clean(raw.strip()))
    if len(out) > MAX_COMMANDS:
        return (Unknown(_clean(body), f"more than {MAX_COMMANDS} commands in one comment"),)
    return tuple(out)
