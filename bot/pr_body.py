"""Renders the pull-request body (a review table plus a machine-readable block) and reads that block back."""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from bot.proposal import ARXIV_ID, Proposal
from bot.sanitise import markdown, plain

log = logging.getLogger(__name__)

BLOCK_TAG = "litbot"
GITHUB_BODY_LIMIT = 65_536  # characters GitHub accepts in a PR body
_BUDGET = 60_000  # leave room for edits by maintainers

TITLE_MAX = 300
TITLE_SHORT = 80  # titles in the compact table of a PR too big for the full one
BLOCK_TITLE_SHORT = 60
SECTION_MAX = 120
TERM_MAX = 40
TERMS_SHOWN = 8
NEAREST_MAX = 160
NEAREST_SHOWN = 3
ENTRY_MAX = 1_000
ABSTRACT_CAPS = (2_000, 600, 0)  # tried in order until the body fits the budget

# ASCII punctuation with a meaning anywhere in a GitHub markdown line (HTML, links, code, emphasis, tables, math,
# entities); a backslash makes each literal. What matters only at the start of a line is bot.sanitise's job.
_MARKDOWN = re.compile(r"[\\`*_\[\]<>#!|~&$]")
_ZWJ = "\u200d"
_PINGS = re.compile(r"([@#])(?=[A-Za-z0-9])")  # @user / #123 / a@b.c: a joiner after the sign breaks the link
_GH_REF = re.compile(r"(?i)\b(gh)(-\d)")  # GH-123, GitHub's other issue reference
_SCHEMES = re.compile(r"(?i)\b(javascript|vbscript|data|file|mailto|ftp)(\\?:)")
_BLOCK = re.compile(r"<!--\s*" + BLOCK_TAG + r":\s*(\{.*?\})\s*-->", re.DOTALL)


def clean_text(text: str, limit: int) -> str:
    """One line of plain text (bot.sanitise.plain), cut to `limit` characters."""
    return plain(text, limit)


def _inert(text: str) -> str:
    """One stretch of paper text without links in it, made literal: markup escaped, references and mentions broken."""
    text = _MARKDOWN.sub(lambda m: "\\" + m.group(0), text)
    text = _PINGS.sub(lambda m: m.group(1) + _ZWJ, text)
    text = _GH_REF.sub(lambda m: m.group(1) + _ZWJ + m.group(2), text)
    return _SCHEMES.sub(lambda m: m.group(1) + _ZWJ + m.group(2), text)


def escape(text: str, limit: int) -> str:
    """Paper text made inert for GitHub markdown: no HTML, links, mentions, issue refs, code spans or table breaks."""
    return markdown(clean_text(text, limit), _inert)


def _fenced(line: str) -> str:
    """A fenced code block holding `line` (or a multi-line item's lines) literally, with a fence longer than any
    backtick run inside it."""
    line = "\n".join(clean_text(part, ENTRY_MAX) for part in line.split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{line}\n{fence}"


def _path(section: tuple[str, ...]) -> str:
    return " › ".join(escape(part, SECTION_MAX) for part in section)


def _score(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.2f}"


def _link(p: Proposal) -> str:
    if not ARXIV_ID.match(p.arxiv_id):  # Proposal validates this; kept so no other link can ever be emitted
        return escape(p.title, TITLE_MAX)
    return f"[{escape(p.title, TITLE_MAX)}](https://arxiv.org/abs/{p.arxiv_id})"


def _best_alternatives(p: Proposal) -> list[tuple[tuple[str, ...], float]]:
    return [alt for alt in sorted(p.alternatives, key=lambda alt: -alt[1]) if alt[0]][:2]


def _alternatives(p: Proposal) -> str:
    """The next-best sections by leaf name; by path where two of those named share a leaf name (`Generation`
    under Vision and under Audio)."""
    best = _best_alternatives(p)
    names = [path[-1] for path in [p.section] + [path for path, _ in best]]
    return "; ".join(f"{escape(path[-1], SECTION_MAX) if names.count(path[-1]) == 1 else _path(path)} "
                     f"({_score(score)})" for path, score in best) or "—"


def _table(proposals: tuple[Proposal, ...]) -> list[str]:
    rows = ["| # | Paper | Section | In scope | Section confidence | Alternatives |", "|---:|---|---|---:|---:|---|"]
    for n, p in enumerate(proposals, 1):
        rows.append(f"| {n} | {_link(p)} | {_path(p.section)} | {_score(p.relevance)} | {_score(p.confidence)} "
                    f"| {_alternatives(p)} |")
    return rows


def _details(n: int, p: Proposal, abstract_cap: int) -> list[str]:
    out = [f"#### {n}. {escape(p.title, TITLE_MAX)}", "", _fenced(p.entry_line), ""]
    out.append(f"- **Section:** {_path(p.section)}")
    alts = "".join(f"; {_path(path)} ({_score(score)})" for path, score in _best_alternatives(p))
    out.append(f"- **In scope:** {_score(p.relevance)} · **section confidence:** {_score(p.confidence)}"
               f"{' · alternatives' + alts[1:] if alts else ''}")
    terms = ", ".join(escape(t, TERM_MAX) for t in p.why_terms[:TERMS_SHOWN]) or "—"
    nearest = "; ".join(f"*{escape(t, NEAREST_MAX)}*" for t in p.nearest[:NEAREST_SHOWN]) or "—"
    out.append(f"- **Why:** top terms: {terms} · nearest listed papers: {nearest}")
    out.append(f"- **arXiv:** https://arxiv.org/abs/{p.arxiv_id}")
    if abstract_cap and p.abstract.strip():
        out += ["", "<details><summary>Abstract</summary>", "", escape(p.abstract, abstract_cap), "", "</details>"]
    return out + [""]


def render_block(day: date, proposals: tuple[Proposal, ...], dropped: tuple[str, ...] = (), detail: int = 2) -> str:
    """The `<!-- litbot: {json} -->` comment: date, arXiv ids, sections, titles, confidences, and dropped ids.

    `detail` 2 is all of it; 1 cuts titles to BLOCK_TITLE_SHORT characters; 0 keeps only what litbot must read
    back, compactly, for a PR of hundreds of papers: ids, and sections as indexes into one list of them.
    """
    papers, sections = [], list(dict.fromkeys(p.section for p in proposals))
    for p in proposals:
        paper: dict[str, object] = {"arxiv_id": p.arxiv_id, "section": list(p.section)}
        if detail:
            paper["title"] = clean_text(p.title, TITLE_MAX if detail > 1 else BLOCK_TITLE_SHORT)
            paper["confidence"] = None if math.isnan(p.confidence) else round(p.confidence, 4)
        else:
            paper["section"] = sections.index(p.section)
        if p.moved_from:  # what litbot proposed before a maintainer moved it: `litbot learn` counts the move
            paper["moved_from"] = list(p.moved_from)
        papers.append(paper)
    record = {"v": 1, "date": day.isoformat(), "papers": papers, "dropped": sorted(set(dropped))}
    if not detail:
        record["sections"] = [list(section) for section in sections]
    data = json.dumps(record, ensure_ascii=True, sort_keys=True, separators=None if detail else (",", ":"))
    # '<' and '>' only occur inside JSON strings, so \u escapes keep the JSON valid and the comment unbreakable.
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f"<!-- {BLOCK_TAG}: {data} -->"


def _compact_table(proposals: tuple[Proposal, ...]) -> list[str]:
    rows = ["| # | Paper | Section | Section confidence |", "|---:|---|---|---:|"]
    rows += [f"| {n} | [{escape(p.title, TITLE_SHORT)}](https://arxiv.org/abs/{p.arxiv_id}) | "
             f"{escape(p.leaf, SECTION_MAX)} | {_score(p.confidence)} |" for n, p in enumerate(proposals, 1)]
    return rows


def _layouts(proposals: tuple[Proposal, ...]) -> Iterator[list[str]]:  # lists of lines, the most detailed first
    """The review part of the body, most detailed first; each shorter one says what it leaves out."""
    n, limit = len(proposals), f"GitHub takes at most {GITHUB_BODY_LIMIT:,} characters in a PR body"
    for cap in ABSTRACT_CAPS:
        yield _table(proposals) + [""] + [line for i, p in enumerate(proposals, 1) for line in _details(i, p, cap)]
    commits = "each paper's commit on this branch holds its README line"
    yield _table(proposals) + ["", f"_Per-paper details left out: {n} papers are too many for one body ({limit}); "
                               f"{commits}._", ""]
    yield _compact_table(proposals) + ["", f"_Titles shortened, per-paper details and alternatives left out: {n} "
                                       f"papers are too many for one body ({limit}); {commits}._", ""]
    yield [f"_{n} papers are too many to describe in one body ({limit}); {commits}, and its message names the "
           "paper and its section._", ""]


def render_body(day: date, proposals: tuple[Proposal, ...], dropped: tuple[str, ...] = ()) -> str:
    """The whole PR body, always within GitHub's limit: abstracts shrink then go, then per-paper details, then the
    table shortens; the machine-readable block keeps every paper, dropping titles only when it must.

    `dropped` are arXiv ids a maintainer removed from the branch; the block keeps them so they count as rejected.
    """
    n = len(proposals)
    head = [
        f"### litbot proposes {n} paper{'s' if n != 1 else ''} from arXiv ({day.isoformat()})",
        "",
        "Each paper is its own commit on this branch. To drop one, revert its commit (or delete its line from "
        "the README on this branch) before merging. Papers of a litbot PR closed without merging are not "
        "proposed again.",
        "",
    ]
    if dropped:
        head += [f"Dropped by a maintainer (not proposed again): {escape(', '.join(sorted(set(dropped))), 2000)}", ""]
    blocks = [render_block(day, proposals, dropped, detail) for detail in (2, 1, 0)]
    body = ""
    for lines in _layouts(proposals):
        for block in blocks:
            body = "\n".join(head + lines + [block, ""])
            if len(body) <= _BUDGET:
                return body
    log.error("PR body is %d characters even at its shortest, over GitHub's limit of %d", len(body),
              GITHUB_BODY_LIMIT)
    return body


@dataclass(frozen=True)
class BlockPaper:
    arxiv_id: str
    section: tuple[str, ...]
    title: str
    confidence: float
    moved_from: tuple[str, ...] = ()  # the section litbot proposed, when a maintainer moved the paper since


@dataclass(frozen=True)
class Block:
    """What a litbot PR proposed, read back from its body."""

    day: date
    papers: tuple[BlockPaper, ...]
    dropped: tuple[str, ...] = ()

    @property
    def arxiv_ids(self) -> frozenset[str]:
        return frozenset(p.arxiv_id for p in self.papers)


def parse_block(body: str | None) -> Block | None:
    """The last litbot block in `body`, or None if there is none or a maintainer's edit broke it."""
    matches = _BLOCK.findall(body or "")
    if not matches:
        return None
    try:
        data = json.loads(matches[-1])
        if not all(ARXIV_ID.match(str(p["arxiv_id"])) for p in data["papers"]):
            raise ValueError("a paper without a valid arXiv id")
        shared = data.get("sections") or []  # the compact form: a paper's section is an index into this list
        papers = tuple(
            BlockPaper(
                arxiv_id=str(p["arxiv_id"]),
                section=tuple(str(s) for s in (shared[p["section"]] if isinstance(p["section"], int)
                                               else p["section"])),
                title=str(p.get("title") or ""),
                confidence=math.nan if p.get("confidence") is None else float(p["confidence"]),
                moved_from=tuple(str(s) for s in p.get("moved_from") or ()),
            )
            for p in data["papers"]
        )
        dropped = tuple(str(i) for i in data.get("dropped") or () if ARXIV_ID.match(str(i)))
        return Block(day=date.fromisoformat(data["date"]), papers=papers, dropped=dropped)
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring an unreadable litbot block: %s", exc)
        return None
