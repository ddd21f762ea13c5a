"""House style of any curated paper list: learn its entry templates from its own entries, read and write entries."""

from bot.style.infer import infer, infer_blocks, parse_entry
from bot.style.model import AuthorStyle, Fields, Link, ListStyle, SectionStyle, Template
from bot.style.render import render

__all__ = [
    "AuthorStyle", "Fields", "Link", "ListStyle", "SectionStyle", "Template", "infer", "infer_blocks",
    "parse_entry", "render",
]
