"""Plans a venue refresh: which listed preprints arXiv now says were accepted, or now name their code (pure)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from bot.detect import detect_code_url, detect_venue
from bot.paper import Paper
from bot.readme import Document, Entry, safe_url, titles_agree
from bot.readme.update import add_code_link, replace_venue
from bot.style import ListStyle, parse_entry, render
from bot.venues import is_preprint


@dataclass(frozen=True)
class Change:
    """One entry line to rewrite, with the arXiv text that justifies it."""

    line_no: int  # 0-based, like Entry.line_no
    arxiv_id: str
    title: str
    old_venue: str
    old_year: int | None
    new_venue: str | None  # None: the venue tag stays
    new_year: int | None
    code_url: str | None  # None: no code link added
    venue_evidence: tuple[str, str] | None  # ("journal_ref" or "comments", text)
    code_evidence: str | None  # "comments" or "abstract"
    old_line: str
    new_line: str


@dataclass(frozen=True)
class Skip:
    """An entry left as it is. `kind`: not-found, other-title, workshop, not-accepted, no-metadata or other-style."""

    line_no: int
    arxiv_id: str
    title: str
    kind: str
    reason: str


@dataclass(frozen=True)
class Plan:
    checked: tuple[Entry, ...]
    changes: tuple[Change, ...]
    skipped: tuple[Skip, ...]

    def texts(self) -> dict[int, str]:
        """Each changed entry's new text by its first line: the argument `bot.readme.update.replace_entries` takes."""
        return {c.line_no: c.new_line for c in self.changes}


def candidates(doc: Document) -> tuple[Entry, ...]:
    """Listed entries with an arXiv id whose venue is arXiv or blank: the ones a refresh looks at.

    An id shared by papers with different titles is still checked; the title test in `plan` guards it.
    """
    return tuple(e for e in doc.entries if e.arxiv_id and is_preprint(e.venue))


def _venue(paper: Paper) -> tuple[str, int | None, tuple[str, str]] | None:
    found = detect_venue(paper.journal_ref, paper.comments)
    if not found:
        return None
    from_ref = detect_venue(paper.journal_ref, None) if paper.journal_ref else None
    evidence = ("journal_ref", paper.journal_ref or "") if from_ref == found else ("comments", paper.comments or "")
    return found[0], found[1], evidence


def _why_not(paper: Paper, venue: str | None) -> tuple[str, str]:
    if venue and "workshop" in venue.lower():
        return "workshop", f"workshop paper ({venue}): not a venue update"
    if venue:
        return "not-accepted", f"{venue} is not a publication venue"
    if paper.journal_ref or paper.comments:
        return "not-accepted", "no acceptance stated (submitted, under review, or no venue named)"
    return "no-metadata", "no journal_ref or comments on arXiv"


def plan(doc: Document, papers: Mapping[str, Paper], style: ListStyle | None = None) -> Plan:
    """What to change, entry by entry. A paper counts as accepted only if the venue detector says so and it
    is not a workshop; the year is the one stated, else the entry's, else the paper's first version's.

    Survey-style lines are edited in place. With a list's learned `style`, an entry is read into its fields and
    written again by its section's template, but only when that template gives its text back byte for byte;
    any other entry (and any multi-line one without a style) is skipped as `other-style`.
    """
    checked = candidates(doc)
    changes: list[Change] = []
    skipped: list[Skip] = []
    for entry in checked:
        paper = papers.get(entry.arxiv_id or "")

        def skip(kind_reason: tuple[str, str], entry: Entry = entry) -> None:
            skipped.append(Skip(entry.line_no, entry.arxiv_id or "", entry.title, *kind_reason))

        if paper is None:
            skip(("not-found", "not found on arXiv"))
            continue
        if not titles_agree(paper.title, entry.title):
            skip(("other-title", f"arXiv {entry.arxiv_id} is titled {paper.title!r}: the README's link may be wrong"))
            continue
        detected = _venue(paper)
        new_venue = new_year = venue_evidence = None
        if detected and detected[0] not in ("arXiv", "") and "workshop" not in detected[0].lower():
            new_venue, venue_evidence = detected[0], detected[2]
            published = paper.published.year if paper.published else None
            new_year = detected[1] or entry.year or published
        code = None
        code_evidence = None
        if not entry.code_url:
            for field, text in (("comments", paper.comments), ("abstract", paper.abstract)):
                found = detect_code_url(text)
                if found and safe_url(found):
                    code, code_evidence = found, field
                    break
        if new_venue is None and code is None:
            skip(_why_not(paper, detected[0] if detected else None))
            continue
        line = _rewritten(entry, style, new_venue, new_year, code)
        if line is None:
            skip(("other-style", "not written in its section's usual template; litbot leaves its text alone"
                  if style else "not a one-line entry, and no learned style is configured (`litbot init --readme`)"))
            continue
        changes.append(Change(
            line_no=entry.line_no, arxiv_id=entry.arxiv_id or "", title=entry.title, old_venue=entry.venue,
            old_year=entry.year, new_venue=new_venue, new_year=new_year, code_url=code,
            venue_evidence=venue_evidence, code_evidence=code_evidence, old_line=entry.raw, new_line=line,
        ))
    return Plan(checked, tuple(changes), tuple(skipped))


def _rewritten(entry: Entry, style: ListStyle | None, venue: str | None, year: int | None,
               code: str | None) -> str | None:
    """The entry's text with the new venue (and year) and code link, or None when litbot cannot write it so."""
    if style is None:
        if entry.kind != "line":
            return None
        line = entry.raw if venue is None else replace_venue(entry.raw, venue, year)
        return line if code is None else add_code_link(line, code)
    template = style.for_section(entry.section)
    fields = parse_entry(style, entry.raw.split("\n"))
    if "\n".join(render(template, fields)) != entry.raw:
        return None
    if venue is not None:
        fields = dataclasses.replace(fields, venue=venue, year=year, note="")
    if code is not None:
        fields = dataclasses.replace(fields, code_url=code)
    return "\n".join(render(template, fields))
