"""`litbot style`: print the house style learned from a README's own entries, with the share each template matches."""

from __future__ import annotations

import argparse
import json
import logging

from bot.commands.options import README, add_command
from bot.commands.output import add_json
from bot.context import Context
from bot.style import ListStyle, Template, infer

log = logging.getLogger(__name__)


def _template_dict(template: Template) -> dict:
    return {
        "layout": template.layout, "skeleton": template.skeleton, "link_form": template.link_form,
        "link_sep": template.link_sep, "paper_label": template.paper_label, "paper_url": template.paper_url,
        "paper_target": template.paper_target, "code_label": template.code_label, "code_last": template.code_last,
        "date_format": template.date_format, "default_venue": template.default_venue, "badge": template.badge,
        "authors": {"last_sep": template.authors.last_sep, "max_names": template.authors.max_names,
                    "et_al": template.authors.et_al},
    }


def as_json(style: ListStyle) -> dict:
    return {
        "entries": style.entries, "matched": style.matched, "share": round(style.share, 4),
        "template": _template_dict(style.template),
        "templates": [{"entries": n, **_template_dict(t)} for t, n in style.templates],
        "sections": [{"section": list(s.section), "entries": s.entries, "matched": s.matched,
                      "share": round(s.share, 4), "order": s.order, "skeleton": s.template.skeleton}
                     for s in style.sections],
    }


def render_text(style: ListStyle, top: int = 5) -> list[str]:
    """The list-wide template with its details, the most common templates, and sections that differ."""
    t = style.template
    lines = [f"{style.matched}/{style.entries} entries ({style.share:.1%}) match their section's dominant template",
             f"list-wide template ({t.layout}):"]
    lines += ["    " + line for line in t.skeleton.split("\n")]
    lines.append(f"  links: {t.link_form} form joined by {t.link_sep!r}; paper {t.paper_label!r} -> {t.paper_target} "
                 f"({t.paper_url}); code {t.code_label!r} {'after' if t.code_last else 'before'} other links")
    if "{date}" in t.skeleton:
        lines.append(f"  date: {t.date_format}")
    if "{authors}" in t.skeleton:
        cut = f", at most {t.authors.max_names} then {t.authors.et_al!r}" if t.authors.et_al else ", all names"
        lines.append(f"  authors: joined by {t.authors.sep!r}, last by {t.authors.last_sep!r}{cut}")
    if t.badge:
        lines.append(f"  badge: {t.badge}")
    lines.append("templates:")
    for template, n in style.templates[:top]:
        lines.append(f"  {n / style.entries:6.1%} {n:5d}  {template.skeleton!r}")
    if len(style.templates) > top:
        rest = sum(n for _, n in style.templates[top:])
        lines.append(f"  {rest / style.entries:6.1%} {rest:5d}  ({len(style.templates) - top} other templates)")
    lines.append("sections:")
    for s in style.sections:
        other = "" if s.template == t else f"  {s.template.skeleton!r}"
        lines.append(f"  {' > '.join(s.section)}: {s.matched}/{s.entries} ({s.share:.0%}), {s.order}{other}")
    return lines


def run(ctx: Context, args: argparse.Namespace) -> int:
    style = infer(ctx.readme())
    if args.json:
        print(json.dumps(as_json(style), ensure_ascii=False, indent=2))
    else:
        print("\n".join(render_text(style)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "style", README,
                         help="print the entry templates learned from a README, with their shares")
    add_json(parser, '{"entries", "matched", "share", "template": {...}, "templates": [{"entries", ...}], '
             '"sections": [{"section", "entries", "matched", "share", "order", "skeleton"}]}')
    parser.set_defaults(func=run)
