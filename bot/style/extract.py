"""Read one listed item into its fields and its skeleton: the entry's text with each field replaced by a slot."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass

from bot.readme.blocks import Block, split_cells
from bot.readme.entry_line import arxiv_id_from_url
from bot.style import pieces
from bot.style.model import Fields, Link

log = logging.getLogger(__name__)

# A block's raw slot values by role: text (str), "date" (a date), "paper"/"code" (Link), "links" (list[Link]).
Slots = dict[str, Any]

_BULLET = r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+"
_BOLD_TITLE = re.compile(r"^((?:" + _BULLET + r")?[ \t]*)\*\*(.+?)\*\*")
_PLAIN_TITLE = re.compile(r"^(" + _BULLET + r")(.+?)([ \t]*[,，]?[ \t]*)(?=<ins>|<br\s*/?>|$)", re.IGNORECASE)
_INS = re.compile(r"<ins>(.*?)</ins>", re.IGNORECASE)
_ITALIC = re.compile(r"(?<![*\\\w])\*(?!\*)([^*\n]+?)\*(?!\*)|(?<![\w\\])_(?!_)([^_\n]+?)_(?![\w])")
# `NeurIPS 2022`, `ICLR 2023 Workshop (Oral)`: venue, separator, year, then a note up to `.`, a link or the line end.
_VENUE_YEAR = re.compile(r"(^|<br\s*/?>[ \t]*)([A-Za-z][\w .&+/'-]{0,60}?)([ \t]*,?[ \t]+)((?:19|20)\d{2})\b"
                         r"((?:[ \t]+[^.\[\n\\ \t][^.\[\n\\]*?)?)(?=[ \t]*(?:[.\[\\]|$))", re.IGNORECASE | re.MULTILINE)
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_LINK_GAP = re.compile(r"^[ \t]*[,|;]?[ \t]*$")
_UNESCAPE = re.compile(r"\\([\\\[\]`|*_<>#])")
_COLUMNS = {
    "date": "date", "published": "date", "time": "date", "title": "title", "paper title": "title", "name": "title",
    "paper": "paper", "papers": "paper", "pdf": "paper", "arxiv": "paper", "link": "paper", "code": "code",
    "github": "code", "repo": "code", "comment": "comment", "comments": "comment", "note": "comment",
    "notes": "comment", "authors": "authors", "author": "authors", "venue": "venue", "conference": "venue",
    "publication": "venue", "year": "year",
}

Segment = tuple[str | None, str]  # (slot name or None for literal text, text as written)


@dataclass(frozen=True)
class Observation:
    """One item read: its segments (slots and literal text), its fields and the style details it shows."""

    layout: str
    segments: tuple[Segment, ...]
    fields: Fields
    seen: tuple[tuple[str, object], ...]

    @property
    def skeleton(self) -> str:
        return "".join("{" + slot + "}" if slot else text.replace("{", "{{").replace("}", "}}")
                       for slot, text in self.segments)


def unescape(text: str) -> str:
    """Markdown escapes and the three entities escape_markdown writes, undone: what the text says."""
    return _UNESCAPE.sub(r"\1", text).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _replace(segments: list[Segment], pattern: re.Pattern, make: Callable[[re.Match], list[Segment] | None],
             line_start: bool = False) -> list[Segment]:
    """Split literal segments at the first match of `pattern`, which becomes the segments `make` returns.

    With `line_start`, a match at the very start of a segment counts only when the segment starts a line.
    """
    out: list[Segment] = []
    done = False
    for k, (slot, text) in enumerate(segments):
        if slot or done:
            out.append((slot, text))
            continue
        starts_line = k == 0 or segments[k - 1][1].endswith("\n")
        pos = 0
        for m in pattern.finditer(text):
            if line_start and m.start() == 0 and not starts_line and not m.group(1):
                continue
            made = make(m)
            if made is None:
                continue
            out.append((None, text[pos : m.start()]))
            out.extend(made)
            pos = m.end()
            done = True
            break
        out.append((None, text[pos:]))
    return [(slot, text) for slot, text in out if slot or text]


def _read_text(lines: tuple[str, ...], layout: str) -> tuple[list[Segment], Slots, dict[str, object]]:
    """Slots of a one-line entry or a block: links, title, venue tag, authors, date, plain venue and year."""
    text = "\n".join(lines)
    values: Slots = {}
    seen: dict[str, object] = {}
    links = pieces.read_links(text)
    groups: list[list[pieces.LinkRead]] = []
    for link in links:
        if groups and _LINK_GAP.match(text[groups[-1][-1].end : link.start]):
            groups[-1].append(link)
        else:
            groups.append([link])
    segments: list[Segment] = []
    pos = 0
    for group in groups[:1]:
        segments += [(None, text[pos : group[0].start]), ("links", text[group[0].start : group[-1].end])]
        pos = group[-1].end
        values["links"] = group
        seen["link_form"] = group[0].form
        if len(group) > 1:
            seen["link_sep"] = text[group[0].end : group[1].start]
    segments.append((None, text[pos:]))
    segments = [(s, t) for s, t in segments if s or t]

    def badge(m: re.Match) -> list[Segment]:
        values["badge"] = m.group(0)
        return [("badge", m.group(0))]

    segments = _replace(segments, pieces.BADGE, badge)

    def title(m: re.Match) -> list[Segment]:
        values["title"] = m.group(2)
        if m.re is _BOLD_TITLE:
            return [(None, m.group(1) + "**"), ("title", m.group(2)), (None, "**")]
        return [(None, m.group(1)), ("title", m.group(2)), (None, m.group(3))]

    if segments and segments[0][0] is None:
        first = _replace(segments[:1], _BOLD_TITLE, title)
        if "title" not in values:
            first = _replace(segments[:1], _PLAIN_TITLE, title)
        segments = first + segments[1:]

    def tag(m: re.Match) -> list[Segment]:
        inner = m.group(1)
        years = list(_YEAR.finditer(inner))
        if not years:
            values["venue"] = inner
            return [(None, "<ins>"), ("venue", inner), (None, "</ins>")]
        y = years[-1]
        venue, sep = inner[: y.start()].rstrip(" ,"), inner[len(inner[: y.start()].rstrip(" ,")) : y.start()]
        values["venue"], values["year"] = venue, y.group(1)
        out: list[Segment] = [(None, "<ins>")]
        out += [("venue", venue), (None, sep)] if venue else []
        return out + [("year", y.group(1)), (None, inner[y.end() :] + "</ins>")]

    segments = _replace(segments, _INS, tag)

    def authors(m: re.Match) -> list[Segment]:
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        mark = m.group(0)[0]
        body = inner.rstrip(" ") if re.search(r"\bet\.? al\.\s*$", inner) else inner.rstrip(". ")
        values["authors"] = body
        return [(None, mark), ("authors", body), (None, inner[len(body) :] + mark)]

    segments = _replace(segments, _ITALIC, authors)
    for pattern, kind in pieces.DATE_PATTERNS:
        if "date" in values:
            break

        def date(m: re.Match, kind: str = kind) -> list[Segment] | None:
            read = pieces.read_date(m, kind)
            if read is None:
                return None
            values["date"], seen["date_format"] = read
            return [("date", m.group(0))]

        segments = _replace(segments, pattern, date)
    if "year" not in values:
        def venue_year(m: re.Match) -> list[Segment]:
            values["venue"], values["year"], values["note"] = m.group(2), m.group(4), m.group(5)
            return [(None, m.group(1)), ("venue", m.group(2)), (None, m.group(3)), ("year", m.group(4)),
                    ("note", m.group(5))]

        segments = _replace(segments, _VENUE_YEAR, venue_year, line_start=True)
    return segments, values, seen


def _read_row(line: str, header: tuple[str, ...]) -> tuple[list[Segment], Slots, dict[str, object]]:
    """Slots of a table row, cell by cell, by what its column is called."""
    values: Slots = {}
    seen: dict[str, object] = {}
    cells = pieces_of_row(line)
    segments: list[Segment] = [(None, cells[0])]
    for k, (cell, sep) in enumerate(zip(cells[1::2], cells[2::2])):
        role = _COLUMNS.get(header[k]) if k < len(header) else None
        content = cell.strip()
        lead, trail = cell[: len(cell) - len(cell.lstrip())], cell[len(cell.rstrip()) :]
        if role in ("paper", "code"):
            found = pieces.read_links(content)
            if found:
                values[role] = found[0]
                seen[f"{role}_form"] = found[0].form
            elif content:
                role = None
        elif role == "date":
            match = next(((m, kind) for p, kind in pieces.DATE_PATTERNS for m in [p.fullmatch(content)] if m), None)
            read = pieces.read_date(*match) if match else None
            if read is None:
                role = None if content else role
            else:
                values["date"], seen["date_format"] = read
        elif role in ("title", "authors", "venue", "comment", "year"):
            values[role] = content
        if role:
            segments += [(None, lead), (role, content), (None, trail + sep)]
        else:
            segments.append((None, cell + sep))
    if "paper" in values:
        values["links"] = [values["paper"]] + ([values["code"]] if "code" in values else [])
        seen["link_form"] = values["paper"].form
    return [(s, t) for s, t in segments if s or t], values, seen


def pieces_of_row(line: str) -> list[str]:
    """A row as [before first pipe, cell, pipe, cell, pipe, ...]: joined back it is the line."""
    cells = split_cells(line)
    head = line[: line.index("|") + 1] if line.lstrip().startswith("|") else ""
    out = [head]
    for k, cell in enumerate(cells):
        out += [cell, "|" if k < len(cells) - 1 or line.rstrip().endswith("|") else ""]
    tail = line[len("".join(out)) :]
    out[-1] += tail
    return out


def observe(block: Block) -> Observation:
    """Read one block: its slots, fields and the link, date, author and badge style it is written in."""
    if block.kind == "row":
        segments, values, seen = _read_row(block.lines[0], block.header)
    else:
        segments, values, seen = _read_text(block.lines, block.kind)
    fields = _fields(values, seen)
    return Observation(block.kind, tuple(segments), fields, tuple(sorted(seen.items(), key=lambda kv: kv[0])))


def _fields(values: Slots, seen: dict[str, object]) -> Fields:
    """Fields from the raw slot values; notes the paper, code, author and badge style into `seen`."""
    arxiv_id = paper_url = code_url = None
    extra: list[Link] = []
    code_at = extra_at = None
    for k, link in enumerate(values.get("links", [])):
        found = arxiv_id_from_url(link.url)
        if paper_url is None and (found or pieces.is_paper(link.label)):
            arxiv_id, paper_url = found, link.url
            seen["paper_label"] = link.label
            if found:
                seen["paper_url"] = re.sub(re.escape(found) + r"(v\d+)?", "{id}", link.url, count=1)
        elif code_url is None and pieces.is_code(link.label, link.url):
            code_url, code_at = link.url, k
            seen["code_label"] = link.label
        else:
            extra.append(Link(link.label, link.url))
            extra_at = k if extra_at is None else extra_at
    if code_at is not None and extra_at is not None:
        seen["code_last"] = code_at > extra_at
    authors = pieces.read_authors(str(values.get("authors", "")))
    if authors.names:
        seen["authors"] = (authors.last_sep, authors.et_al, len(authors.names) if authors.et_al else 0)
    repo = pieces.github_repo(code_url)
    if "badge" in values and repo:
        seen["badge"] = str(values["badge"]).replace(repo, "{repo}")
    year = values.get("year")
    year = int(str(year)) if year and str(year).isdigit() else None
    date = values.get("date")
    if year is None and date is not None:
        year = date.year
    if values.get("venue"):
        seen["venue"] = str(values["venue"])
    return Fields(
        title=unescape(str(values.get("title", ""))).strip(), authors=tuple(unescape(n) for n in authors.names),
        et_al=bool(authors.et_al), venue=unescape(str(values.get("venue", ""))), year=year, date=date,
        arxiv_id=arxiv_id, paper_url=paper_url, code_url=code_url, links=tuple(extra),
        note=unescape(str(values.get("note", ""))).strip(), comment=str(values.get("comment", "")),
    )
