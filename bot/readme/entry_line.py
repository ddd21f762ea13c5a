"""Reads one README entry line (`- Title, <ins>Venue, Year</ins> [[Paper](url)] ...`) as tolerantly as the file
needs."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ENTRY_START = re.compile(r"^ {0,3}[-*+][ \t]+")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_INS_OPEN = re.compile(r"<ins>", re.IGNORECASE)
# A closing tag, well-formed (`</ins>`) or broken (`/ins>`, `<ins>` typed twice is not seen in the file).
_INS_CLOSE = re.compile(r"<?/ins>", re.IGNORECASE)
_TITLE_TAIL = re.compile(r"[\s,，;:]+$")

_ARXIV_NEW = r"(\d{4}\.\d{4,5})"
_ARXIV_OLD = r"([a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})"
_ARXIV_URL = re.compile(
    r"arxiv\.org/(?:abs|pdf|html|format)/(?:" + _ARXIV_NEW + "|" + _ARXIV_OLD + r")(?:v\d+)?",
    re.IGNORECASE,
)
_ARXIV_DOI = re.compile(r"10\.48550/arxiv\." + _ARXIV_NEW, re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """One labelled link of an entry: `[[Code](https://github.com/...)]` is Link("Code", "https://github.com/...")."""

    label: str
    url: str


@dataclass(frozen=True)
class EntryParts:
    """What an entry line says, before it is placed in a document."""

    title: str
    venue: str
    year: int | None
    links: tuple[Link, ...]
    arxiv_id: str | None


def arxiv_id_from_url(url: str) -> str | None:
    """The version-less arXiv id a URL points to (abs/, pdf/…vN.pdf, html/, www., doi.org/10.48550/arXiv.ID)."""
    m = _ARXIV_URL.search(url)
    if m:
        return m.group(1) or m.group(2)
    m = _ARXIV_DOI.search(url)
    return m.group(1) if m else None


def looks_like_entry(line: str) -> bool:
    """A top-level list item (up to 3 spaces in, as GitHub renders it) that carries a `[[label]` link or an `<ins>`
    venue tag."""
    return bool(_ENTRY_START.match(line)) and ("[[" in line or "ins>" in line.lower())


_URL_BODY = re.compile(r"((?:[^()]|\([^()]*\))*)\)")


def _read_url(text: str, i: int) -> tuple[str, int]:
    """Read a URL starting at text[i] up to its balancing ')'; return (url, index after the ')')."""
    m = _URL_BODY.match(text, i)
    if not m:
        return text[i:].strip(), len(text)
    return m.group(1).strip(), m.end()


@dataclass(frozen=True)
class LinkSpan:
    """Where a `[[Label]...]` link sits in a line and how it is written.

    `form` is "ok" for `[[Label](url)]`, "outside" for `[[Label]](url)`, "nested" for
    `[[Label]([text](url2))]` (url is url2), "unclosed" for `[[Label](url)` without its closing `]`.
    `text[start:end]` is the whole link as written.
    """

    start: int
    end: int
    label: str
    url: str
    form: str


def link_spans(text: str) -> tuple[LinkSpan, ...]:
    """Every readable `[[Label]...]` link in text, in order, with its position and written form."""
    spans = []
    i = text.find("[[")
    while i != -1:
        close = text.find("]", i + 2)
        if close == -1:
            break
        label = text[i + 2 : close].strip()
        rest = close + 1
        url = None
        form = "ok"
        if text.startswith("](", rest):  # [[Label]](url)
            url, rest = _read_url(text, rest + 2)
            form = "outside"
        elif text.startswith("(", rest):
            inner = rest + 1
            nested = re.match(r"\s*\[[^\]]*\]\(", text[inner:])
            if nested:  # [[Label]([text](url2))]
                url, rest = _read_url(text, inner + nested.end())
                form = "nested"
                if text.startswith(")", rest):
                    rest += 1
            else:
                url, rest = _read_url(text, inner)
            if text.startswith("]", rest):
                rest += 1
            elif form == "ok":
                form = "unclosed"
        if url is not None and label and "[" not in label:
            spans.append(LinkSpan(i, rest, label, url, form))
        i = text.find("[[", max(rest, i + 2))
    return tuple(spans)


def parse_links(text: str) -> tuple[Link, ...]:
    """Every `[[Label](url)]`, `[[Label]](url)` and nested `[[Label]([text](url2))]` (href = url2) in text."""
    return tuple(Link(span.label, span.url) for span in link_spans(text))


def _split_venue(tag_text: str) -> tuple[str, int | None]:
    """`arXiv, 2024` -> ("arXiv", 2024); `ICLR 2023` -> ("ICLR", 2023); `arXiv, ICML` -> ("arXiv, ICML", None)."""
    years = list(_YEAR.finditer(tag_text))
    if not years:
        return _TITLE_TAIL.sub("", tag_text.strip()), None
    last = years[-1]
    venue = tag_text[: last.start()] + tag_text[last.end() :]
    return _TITLE_TAIL.sub("", venue.strip()).strip(" ,，"), int(last.group(1))


def parse_entry_line(line: str) -> EntryParts | None:
    """Read an entry line (without its line ending), or None when the line is not an entry."""
    if not looks_like_entry(line):
        return None
    body = _ENTRY_START.sub("", line, count=1)
    links_at = body.find("[[")
    head = body if links_at == -1 else body[:links_at]
    open_m = _INS_OPEN.search(head)
    close_m = _INS_CLOSE.search(head, open_m.end() if open_m else 0)
    if open_m:
        title = head[: open_m.start()]
        tag_end = close_m.start() if close_m else len(head)
        venue, year = _split_venue(head[open_m.end() : tag_end])
    elif close_m:  # orphan `2024</ins>`: the venue text runs back to the last comma of the title
        before = head[: close_m.start()]
        cut = max(before.rfind(","), before.rfind("，"))
        title, tag = (before[:cut], before[cut + 1 :]) if cut != -1 else ("", before)
        venue, year = _split_venue(tag)
    else:
        title, venue, year = head, "", None
    title = _TITLE_TAIL.sub("", title.strip()).strip()
    if not title:
        return None
    links = parse_links(body)
    arxiv_id = None
    for link in sorted(links, key=lambda link: link.label.lower() != "paper"):
        arxiv_id = arxiv_id_from_url(link.url)
        if arxiv_id:
            break
    return EntryParts(title=title, venue=venue, year=year, links=links, arxiv_id=arxiv_id)
