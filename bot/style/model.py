"""The house-style model: what a paper entry says (Fields) and how a list writes it (Template, ListStyle)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Slots a skeleton can hold, written `{name}`; literal braces are doubled.
SLOTS = ("title", "authors", "venue", "year", "note", "date", "links", "paper", "code", "badge", "comment")
LINK_FORMS = {"ok": "[[{label}]({url})]", "outside": "[[{label}]]({url})", "single": "[{label}]({url})"}


@dataclass(frozen=True)
class Link:
    """A labelled link other than the paper and code links (`[[Project](url)]`)."""

    label: str
    url: str


@dataclass(frozen=True)
class Fields:
    """What one entry says, as plain text (markup unescaped): everything a template needs to write it.

    `note` is what follows the year of a plain venue (`(Oral)` in `ICCV 2023 (Oral).`).
    """

    title: str
    authors: tuple[str, ...] = ()
    et_al: bool = False
    venue: str = ""
    year: int | None = None
    date: dt.date | None = None
    arxiv_id: str | None = None
    paper_url: str | None = None
    code_url: str | None = None
    links: tuple[Link, ...] = ()
    note: str = ""
    comment: str = ""


@dataclass(frozen=True)
class AuthorStyle:
    """How a list writes authors: `sep` between names, `last_sep` before the last, at most `max_names` then `et_al`."""

    sep: str = ", "
    last_sep: str = ", "
    max_names: int = 0
    et_al: str = ""


@dataclass(frozen=True)
class Template:
    """One way of writing an entry.

    `skeleton` is the entry's text with each field replaced by its slot (`- {title}, <ins>{venue}, {year}</ins>
    {links}`); lines of a block are joined by newlines. `layout` is line, block or row. Links are written in
    `link_form` (a LINK_FORMS key) joined by `link_sep`: the paper first (`paper_label`, `paper_url` with `{id}`
    for the arXiv id), then the code link before or after the other links. `date_format` uses {d} {dd} {mm}
    {Mon} {Month} {yyyy}; `badge` is the badge's markdown with `{repo}` for the code link's owner/name.
    """

    layout: str
    skeleton: str
    link_form: str = "ok"
    link_sep: str = " "
    paper_label: str = "Paper"
    paper_url: str = "https://arxiv.org/abs/{id}"
    code_label: str = "Code"
    code_last: bool = False
    date_format: str = "{d} {Mon} {yyyy}"
    authors: AuthorStyle = field(default_factory=AuthorStyle)
    default_venue: str = "arXiv"
    badge: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        """What two entries must share to be written the same way: layout, skeleton (spacing aside), link form."""
        return template_key(self.layout, self.skeleton, self.link_form)

    @property
    def paper_target(self) -> str:
        """`pdf` when the paper link points to the PDF, else `abs`."""
        return "pdf" if "/pdf/" in self.paper_url else "abs"

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(name for name in SLOTS if "{" + name + "}" in self.skeleton.replace("{{", ""))


@dataclass(frozen=True)
class SectionStyle:
    """A section's dominant template, how many of its entries it matches, and the order entries keep."""

    section: tuple[str, ...]
    template: Template
    matched: int
    entries: int
    order: str  # "newest first", "oldest first" or "none"

    @property
    def share(self) -> float:
        return self.matched / self.entries if self.entries else 0.0


@dataclass(frozen=True)
class ListStyle:
    """What was learned from a whole list: the list-wide template, and one SectionStyle per section with entries.

    `templates` holds every distinct template seen with its entry count, most common first.
    """

    template: Template
    sections: tuple[SectionStyle, ...]
    templates: tuple[tuple[Template, int], ...]
    entries: int

    @property
    def matched(self) -> int:
        """Entries that match the dominant template of their own section."""
        return sum(s.matched for s in self.sections)

    @property
    def share(self) -> float:
        return self.matched / self.entries if self.entries else 0.0

    def for_section(self, section: tuple[str, ...]) -> Template:
        """The template to write a new entry of `section` in: its own dominant one, else the list-wide one."""
        for s in self.sections:
            if s.section == tuple(section):
                return s.template
        return self.template


def normalise_space(text: str) -> str:
    """Runs of spaces and tabs as one space, no spaces at line ends: how lines are compared, not written."""
    return "\n".join(re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))


def template_key(layout: str, skeleton: str, link_form: str) -> tuple[str, str, str]:
    """Entries are written the same way when layout, link form and skeleton agree, spaces and tabs aside.

    The badge is optional (a paper without code has no stars badge), so it is not part of the key.
    """
    return layout, re.sub(r"[ \t]+", "", skeleton.replace("{badge}", "")), link_form
