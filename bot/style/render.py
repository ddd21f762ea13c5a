"""Write an entry's fields in a learned template: the lines a maintainer of that list would write."""

from __future__ import annotations

import logging
import re

from bot.readme.entry_format import safe_url, title_markdown
from bot.style import pieces
from bot.style.model import Fields, Template
from bot.venues import normalise_venue

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"\{\{|\}\}|\{(\w+)\}")
_SEPARATOR = re.compile(r"^[ \t,;，]*$")


def split_skeleton(skeleton: str) -> list[tuple[str | None, str]]:
    """A skeleton as (slot, '') and (None, literal text) pieces, doubled braces read back as one."""
    out: list[tuple[str | None, str]] = []
    pos = 0
    literal = ""
    for m in _TOKEN.finditer(skeleton):
        literal += skeleton[pos : m.start()]
        pos = m.end()
        if m.group(1) is None:
            literal += m.group(0)[0]
            continue
        out += [(None, literal), (m.group(1), "")]
        literal = ""
    out.append((None, literal + skeleton[pos:]))
    return out


def _text(value: str) -> str:
    return title_markdown(value)


def _links(template: Template, fields: Fields) -> tuple[str, str, str]:
    """(all links joined, the paper link, the code link) as the template writes them."""
    form = template.link_form
    paper_url = template.paper_url.replace("{id}", fields.arxiv_id) if fields.arxiv_id else None
    paper_url = paper_url or (safe_url(fields.paper_url) if fields.paper_url else None)
    code_url = safe_url(fields.code_url) if fields.code_url else None
    paper = pieces.write_link(form, template.paper_label, paper_url) if paper_url else ""
    code = pieces.write_link(form, template.code_label, code_url) if code_url else ""
    extra = [pieces.write_link(form, _text(link.label), url) for link in fields.links
             for url in [safe_url(link.url)] if url]
    ordered = [paper] + ((extra + [code]) if template.code_last else ([code] + extra))
    return template.link_sep.join(part for part in ordered if part), paper, code


def slot_values(template: Template, fields: Fields) -> dict[str, str]:
    """Each slot's text for these fields; a slot with nothing to say is the empty string."""
    style = template.authors
    authors = pieces.write_authors(tuple(_text(a) for a in fields.authors), fields.et_al, style.sep,
                                   style.last_sep, style.max_names, style.et_al)
    links, paper, code = _links(template, fields)
    repo = pieces.github_repo(fields.code_url)
    return {
        "title": _text(fields.title),
        "authors": authors,
        "venue": _text(normalise_venue(fields.venue or template.default_venue)),
        "year": str(fields.year) if fields.year else "",
        "note": (" " + _text(fields.note)) if fields.note else "",
        "date": pieces.write_date(fields.date, template.date_format) if fields.date else "",
        "links": links,
        "paper": paper,
        "code": code,
        "badge": template.badge.replace("{repo}", repo) if template.badge and repo else "",
        "comment": _text(fields.comment),
    }


def _blank_lines(parts: list[tuple[str | None, str]], texts: list[str]) -> list[bool]:
    """Per skeleton line: True when it has slots and all of them came out empty (a block's authors line for a
    paper without authors), so the line is left out rather than written as bare markup."""
    out, has_slot, all_empty = [], False, True
    for (slot, _), text in zip(parts, texts):
        if slot:
            has_slot, all_empty = True, all_empty and not text
            continue
        for _ in range(text.count("\n")):
            out.append(has_slot and all_empty)
            has_slot, all_empty = False, True
    out.append(has_slot and all_empty)
    return out


def render(template: Template, fields: Fields) -> tuple[str, ...]:
    """The entry's lines (without endings). An empty slot takes the separator before it (or after it) along;
    a line whose slots are all empty is left out."""
    values = slot_values(template, fields)
    parts = split_skeleton(template.skeleton)
    texts = [values.get(slot, "") if slot else text for slot, text in parts]
    for k, (slot, _) in enumerate(parts):
        if not slot or texts[k] or slot == "note":  # a missing note leaves the year's neighbours as they are
            continue
        if k > 0 and parts[k - 1][0] is None and texts[k - 1] and _SEPARATOR.match(texts[k - 1]):
            texts[k - 1] = ""
        elif k + 1 < len(parts) and parts[k + 1][0] is None and _SEPARATOR.match(texts[k + 1]):
            texts[k + 1] = ""
    lines = tuple(line for line, blank in zip("".join(texts).split("\n"), _blank_lines(parts, texts)) if not blank)
    log.debug("rendered %r in %s layout as %d line(s)", fields.title[:60], template.layout, len(lines))
    return lines
