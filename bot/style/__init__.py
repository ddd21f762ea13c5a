"""House style of any curated paper list: learn its entry templates from its own entries, read and write entries."""

from bot.readme.document import Document
from bot.style.infer import infer, infer_blocks, parse_entry
from bot.style.model import AuthorStyle, Fields, Link, ListStyle, SectionStyle, Template
from bot.style.render import render


def house_style(doc: Document, list_style: str) -> ListStyle | None:
    """The style new entries are written in: the list's own, learned from `doc`, when config says `list.style =
    "learned"` (`litbot init --readme`); None for the survey's house style (bot.readme.format_entry)."""
    return infer(doc) if list_style == "learned" else None


__all__ = [
    "AuthorStyle", "Fields", "Link", "ListStyle", "SectionStyle", "Template", "house_style", "infer", "infer_blocks",
    "parse_entry", "render",
]
