"""The README as a lossless document: headings, entries and opaque lines that render back byte for byte."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bot.errors import ReadmeError
from bot.readme.entry_line import Link, parse_entry_line
from bot.readme.headings import clean_name, match_heading, unique_slugs

BOM = "\ufeff"
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HTML_BLOCK_OPEN = re.compile(r"^ {0,3}<(div|table|details|pre|p|center)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Heading:
    """A markdown heading: `path` runs from the top-level category (h2) down to this heading."""

    line_no: int
    level: int
    text: str
    name: str
    slug: str
    path: tuple[str, ...]


@dataclass(frozen=True)
class Entry:
    """A listed paper with what could be read from it; `raw` is its text without the final line ending.

    `kind` is "line" for a one-line entry (the survey's), "block" for a multi-line item (`raw` holds its lines
    joined by newlines) or "row" for a table row; `date` is the date a block or row states, if any.
    """

    line_no: int
    raw: str
    title: str
    venue: str
    year: int | None
    links: tuple[Link, ...]
    arxiv_id: str | None
    section: tuple[str, ...]
    kind: str = "line"
    date: dt.date | None = None

    @property
    def code_url(self) -> str | None:
        return next((link.url for link in self.links if link.label.lower() == "code"), None)

    @property
    def last_line(self) -> int:
        """0-based number of the entry's last line (its first for a one-line entry)."""
        return self.line_no + self.raw.count("\n")


@dataclass(frozen=True)
class Document:
    """Parsed README text. Every line is kept as written; headings and entries are views onto them."""

    lines: tuple[str, ...]
    bom: bool = False
    headings: tuple[Heading, ...] = field(default=(), repr=False)
    entries: tuple[Entry, ...] = field(default=(), repr=False)

    def render(self) -> str:
        """The text this document was parsed from (plus any inserted lines), byte for byte."""
        return (BOM if self.bom else "") + "".join(self.lines)

    @property
    def newline(self) -> str:
        """The line ending most lines use, for lines the bot adds."""
        crlf = sum(1 for line in self.lines if line.endswith("\r\n"))
        return "\r\n" if crlf * 2 > len(self.lines) else "\n"

    def section_paths(self) -> tuple[tuple[str, ...], ...]:
        """Every taxonomy section (a heading under a top-level category that holds entries), in order."""
        categories = {e.section[0] for e in self.entries if e.section}
        return tuple(h.path for h in self.headings if h.path and h.path[0] in categories)

    def leaf_paths(self) -> tuple[tuple[str, ...], ...]:
        """Sections with no sub-sections that list papers: the taxonomy's labels and where entries go.

        A heading without entries (the frameworks table under "LLM Frameworks") is not a place for papers.
        """
        paths = self.section_paths()
        parents = {p[:-1] for p in paths}
        listed = {e.section for e in self.entries}
        return tuple(p for p in paths if p not in parents and p in listed)

    def opaque_lines(self) -> frozenset[int]:
        """0-based numbers of lines inside fenced code, HTML blocks or HTML comments (never headings or entries)."""
        mask = _opaque_mask([_strip_ending(line) for line in self.lines])
        return frozenset(i for i, opaque in enumerate(mask) if opaque)

    def heading(self, path: tuple[str, ...]) -> Heading:
        for h in self.headings:
            if h.path == tuple(path):
                return h
        raise ReadmeError(f"no section {' > '.join(path)!r} in the README")

    def entries_in(self, path: tuple[str, ...]) -> tuple[Entry, ...]:
        """Entries that sit directly under the section `path`."""
        path = tuple(path)
        return tuple(e for e in self.entries if e.section == path)

    def resolve_section(self, name: str) -> tuple[str, ...]:
        """A leaf path from a full path (`A > B > C`) or a unique leaf name, case-insensitive."""
        wanted = [part.strip().casefold() for part in name.split(">")]
        matches = [p for p in self.leaf_paths() if [x.casefold() for x in p[-len(wanted) :]] == wanted]
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise ReadmeError(f"no leaf section named {name!r}; `litbot sections` lists them")
        options = "; ".join(" > ".join(p) for p in matches)
        raise ReadmeError(f"section name {name!r} is ambiguous: {options}")


def split_lines(text: str) -> list[str]:
    """Split after each '\\n', so CRLF stays with its line and a last line without an ending survives."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _strip_ending(line: str) -> str:
    return line[:-2] if line.endswith("\r\n") else line.rstrip("\n")


def _opaque_mask(bare: list[str]) -> list[bool]:
    """True for lines inside fenced code, HTML blocks or HTML comments: never headings, never entries."""
    mask = [False] * len(bare)
    fence: str | None = None
    html_tag: str | None = None
    in_comment = False
    for i, line in enumerate(bare):
        if fence:
            mask[i] = True
            if re.match(r"^ {0,3}" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$", line):
                fence = None
            continue
        if in_comment:
            mask[i] = True
            in_comment = "-->" not in line
            continue
        if html_tag:
            mask[i] = True
            if re.search(rf"</{html_tag}\s*>", line, re.IGNORECASE):
                html_tag = None
            continue
        m = _FENCE.match(line)
        if m:
            fence, mask[i] = m.group(1), True
            continue
        if line.lstrip().startswith("<!--"):
            mask[i] = True
            in_comment = "-->" not in line
            continue
        m = _HTML_BLOCK_OPEN.match(line)
        if m:
            mask[i] = True
            tag = m.group(1)
            if not re.search(rf"</{tag}\s*>", line, re.IGNORECASE):
                html_tag = tag
    return mask


def parse(text: str) -> Document:
    """Parse README text. Lines that are neither headings nor readable entries stay opaque, unchanged."""
    bom = text.startswith(BOM)
    lines = split_lines(text[1:] if bom else text)
    bare = [_strip_ending(line) for line in lines]
    mask = _opaque_mask(bare)

    found: list[tuple[int, int, str]] = []
    for i, line in enumerate(bare):
        if not mask[i]:
            m = match_heading(line)
            if m:
                found.append((i, m[0], m[1]))
    slugs = unique_slugs([text_ for _, _, text_ in found])

    headings: list[Heading] = []
    stack: list[tuple[int, str]] = []  # (level, clean name), h2 and below
    heading_at: dict[int, Heading] = {}
    for (i, level, htext), slug in zip(found, slugs):
        while stack and stack[-1][0] >= level:
            stack.pop()
        name = clean_name(htext)
        if level >= 2:
            stack.append((level, name))
        path = tuple(n for _, n in stack) if level >= 2 else ()
        heading = Heading(line_no=i, level=level, text=htext, name=name, slug=slug, path=path)
        headings.append(heading)
        heading_at[i] = heading

    entries: list[Entry] = []
    current: tuple[str, ...] = ()
    for i, line in enumerate(bare):
        if i in heading_at:
            current = heading_at[i].path
            continue
        if mask[i] or not current:
            continue
        parts = parse_entry_line(line)
        if parts:
            entries.append(
                Entry(
                    line_no=i,
                    raw=line,
                    title=parts.title,
                    venue=parts.venue,
                    year=parts.year,
                    links=parts.links,
                    arxiv_id=parts.arxiv_id,
                    section=current,
                )
            )
    doc = Document(lines=tuple(lines), bom=bom, headings=tuple(headings), entries=tuple(entries))
    return _with_items(doc)


def _with_items(doc: Document) -> Document:
    """The document with its multi-line items and table rows added as entries (a survey-style list has none)."""
    from bot.readme.blocks import paper_blocks
    from bot.style.extract import observe

    items = [b for b in paper_blocks(doc) if b.kind != "line"]
    if not items:
        return doc
    added = []
    for block in items:
        fields = observe(block).fields
        if not fields.title:
            continue
        links = [Link(label, url) for label, url in _written_links(block.text)]
        if fields.code_url and not any(link.label.lower() == "code" for link in links):
            links.append(Link("Code", fields.code_url))  # what Entry.code_url asks for, whatever the list calls it
        added.append(Entry(line_no=block.line_no, raw=block.text, title=fields.title, venue=fields.venue,
                           year=fields.year, links=tuple(links), arxiv_id=fields.arxiv_id, section=block.section,
                           kind=block.kind, date=fields.date))
    entries = tuple(sorted(doc.entries + tuple(added), key=lambda e: e.line_no))
    return Document(lines=doc.lines, bom=doc.bom, headings=doc.headings, entries=entries)


def _written_links(text: str) -> list[tuple[str, str]]:
    from bot.style.pieces import read_links

    return [(link.label, link.url) for link in read_links(text)]
