"""The survey README model: lossless parse and render, paper identity, house-style entries and insert-only edits."""

from bot.readme.document import Document, Entry, Heading, parse
from bot.readme.entry_format import clean_title, escape_markdown, format_entry, safe_url
from bot.readme.entry_line import Link, arxiv_id_from_url, parse_entry_line
from bot.readme.index import Duplicate, Index, normalise_title, titles_agree
from bot.readme.insert import insert_entries

__all__ = [
    "Document", "Duplicate", "Entry", "Heading", "Index", "Link", "arxiv_id_from_url", "clean_title",
    "escape_markdown", "format_entry", "insert_entries", "normalise_title", "parse", "parse_entry_line",
    "safe_url", "titles_agree",
]
