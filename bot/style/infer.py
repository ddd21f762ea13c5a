"""Learn a list's house style from its own entries: templates, their shares, and each section's order."""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from bot.readme.blocks import Block, paper_blocks, split_cells
from bot.readme.document import Document
from bot.style.extract import Observation, observe
from bot.style.model import AuthorStyle, Fields, ListStyle, SectionStyle, Template, template_key

log = logging.getLogger(__name__)

T = TypeVar("T")

# Share of ordered neighbour pairs that must agree before a section counts as kept in an order.
ORDER_AGREEMENT = 0.8


def key_of(obs: Observation) -> tuple[str, str, str]:
    """What entries written the same way share (model.template_key)."""
    return template_key(obs.layout, obs.skeleton, str(dict(obs.seen).get("link_form", "ok")))


def _most(values: Iterable[T], default: T) -> T:
    counts = Counter(values)
    return counts.most_common(1)[0][0] if counts else default


def consensus(group: Sequence[Observation]) -> Template:
    """One template for entries that share a key: each detail as most of them write it."""
    seen: list[dict[str, Any]] = [dict(o.seen) for o in group]

    def most(name: str, default: object) -> object:
        return _most((s[name] for s in seen if name in s), default)

    authors = [s["authors"] for s in seen if "authors" in s]
    marker = str(_most((a[1] for a in authors), ""))
    style = AuthorStyle(
        last_sep=str(_most((a[0] for a in authors if a[0]), ", ")),
        et_al=marker,
        max_names=int(_most((a[2] for a in authors if a[1] == marker), 0)) if marker else 0,
    )
    base = Template(layout=group[0].layout, skeleton="")
    return Template(
        layout=group[0].layout,
        skeleton=str(_most((o.skeleton for o in group), "")),
        link_form=str(most("link_form", base.link_form)),
        link_sep=str(most("link_sep", base.link_sep)),
        paper_label=str(most("paper_label", base.paper_label)),
        paper_url=str(most("paper_url", base.paper_url)),
        code_label=str(most("code_label", base.code_label)),
        code_last=bool(most("code_last", base.code_last)),
        date_format=str(most("date_format", base.date_format)),
        authors=style,
        default_venue=str(most("venue", base.default_venue)),
        badge=str(most("badge", "")),
    )


def order_of(fields: Sequence[Fields]) -> str:
    """`newest first`, `oldest first` or `none`, from dates when most entries have one, else from years."""
    dated = sum(1 for f in fields if f.date is not None)
    keys = ([f.date.toordinal() for f in fields if f.date] if dated * 2 > len(fields)
            else [f.year for f in fields if f.year])
    down = sum(1 for a, b in zip(keys, keys[1:]) if a > b)
    up = sum(1 for a, b in zip(keys, keys[1:]) if a < b)
    if down + up < 2:
        return "none"
    if down >= ORDER_AGREEMENT * (down + up):
        return "newest first"
    if up >= ORDER_AGREEMENT * (down + up):
        return "oldest first"
    return "none"


def infer_blocks(blocks: Sequence[Block]) -> ListStyle:
    """The style of a list given its blocks (see `infer`)."""
    observations = [observe(b) for b in blocks]
    groups: dict[tuple[str, str, str], list[Observation]] = defaultdict(list)
    for obs in observations:
        groups[key_of(obs)].append(obs)
    templates = {key: consensus(group) for key, group in groups.items()}
    overall = Counter({key: len(group) for key, group in groups.items()})
    ranked = tuple((templates[key], n) for key, n in overall.most_common())
    by_section: dict[tuple[str, ...], list[Observation]] = defaultdict(list)
    for block, obs in zip(blocks, observations):
        by_section[block.section].append(obs)
    sections = []
    for section, group in by_section.items():
        counts = Counter(key_of(o) for o in group)
        best = max(counts, key=lambda k: (counts[k], overall[k]))
        sections.append(SectionStyle(section, templates[best], counts[best], len(group),
                                     order_of([o.fields for o in group])))
    list_wide = ranked[0][0] if ranked else Template(layout="line", skeleton="")
    style = ListStyle(template=list_wide, sections=tuple(sections), templates=ranked, entries=len(blocks))
    log.info("learned %d templates from %d entries in %d sections; %.1f%% match their section's",
             len(ranked), len(blocks), len(sections), 100 * style.share)
    return style


def infer(document: Document) -> ListStyle:
    """The house style of a parsed README: per-section dominant templates, the list-wide one, orders, shares."""
    return infer_blocks(paper_blocks(document))


def parse_entry(style: ListStyle | Template, lines: Sequence[str], header: Sequence[str] = ()) -> Fields:
    """The fields of one entry given as its lines; `header` names a table row's columns.

    Reading does not depend on the template (every template's slots are read the same way); `style` is
    taken so callers state which list the lines belong to, and a table row's header comes from it when
    it is not given.
    """
    lines = tuple(lines)
    kind = "row" if header or (len(lines) == 1 and lines[0].lstrip().startswith("|")) else (
        "line" if len(lines) == 1 else "block")
    if kind == "row" and not header:
        header = _row_header(style)
    return observe(Block(0, lines, (), kind, tuple(h.strip().lower() for h in header))).fields


def _row_header(style: ListStyle | Template) -> tuple[str, ...]:
    """Column roles read back from a row template's skeleton (`| {date} | {title} |` -> date, title)."""
    template = style.template if isinstance(style, ListStyle) else style
    cells = split_cells(template.skeleton)
    return tuple(c.strip().strip("{}") if c.strip().startswith("{") else "" for c in cells)
