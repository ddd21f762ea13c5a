"""The arXiv wire formats the loopback fake speaks: rss.arxiv.org listing Atom and export.arxiv.org API Atom."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Iterable
from xml.sax.saxutils import escape, quoteattr

from bot.paper import Paper


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def render_api_entry(paper: Paper) -> bytes:
    """A paper as an export.arxiv.org API <entry>, in the element order the real API uses."""
    published = paper.published or datetime(2025, 1, 1, tzinfo=timezone.utc)
    updated = paper.updated or published
    vid = f"{paper.arxiv_id}v{paper.version or 1}"
    parts = [
        f"  <entry>\n    <id>http://arxiv.org/abs/{vid}</id>\n    <title>{escape(paper.title)}</title>\n"
        f"    <updated>{_iso(updated)}</updated>\n"
        f'    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>\n'
        f'    <link href="https://arxiv.org/pdf/{vid}" rel="related" type="application/pdf" title="pdf"/>\n'
        f"    <summary>{escape(paper.abstract)}</summary>\n"
    ]
    parts += [f'    <category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>\n' for c in paper.categories]
    parts.append(f"    <published>{_iso(published)}</published>\n")
    if paper.comments:
        parts.append(f"    <arxiv:comment>{escape(paper.comments)}</arxiv:comment>\n")
    parts.append(f"    <arxiv:primary_category term={quoteattr(paper.primary_category)}/>\n")
    if paper.journal_ref:
        parts.append(f"    <arxiv:journal_ref>{escape(paper.journal_ref)}</arxiv:journal_ref>\n")
    parts += [f"    <author>\n      <name>{escape(a)}</name>\n    </author>\n" for a in paper.authors]
    if paper.doi:
        parts.append(f"    <arxiv:doi>{escape(paper.doi)}</arxiv:doi>\n")
    parts.append("  </entry>\n")
    return "".join(parts).encode("utf-8")


def render_rss_entry(paper: Paper, category: str, day: date) -> bytes:
    """A paper as one rss.arxiv.org Atom <entry> in `category`'s listing for `day`."""
    kind = paper.announce_type
    if kind in ("new", "cross"):
        kind = "new" if paper.primary_category == category else "cross"
    vid = f"{paper.arxiv_id}v{paper.version or 1}"
    cats = "".join(f"    <category term={quoteattr(c)}/>\n" for c in paper.categories)
    return (
        f"  <entry>\n    <id>oai:arXiv.org:{vid}</id>\n    <title>{escape(paper.title)}</title>\n"
        f"    <updated>{day.isoformat()}T04:00:19.899254+00:00</updated>\n"
        f'    <link href="https://arxiv.org/abs/{paper.arxiv_id}" rel="alternate" type="text/html"/>\n'
        f"    <summary>arXiv:{vid} Announce Type: {kind} \nAbstract: {escape(paper.abstract)}</summary>\n"
        f"{cats}    <published>{day.isoformat()}T00:00:00-04:00</published>\n"
        f"    <arxiv:announce_type>{kind}</arxiv:announce_type>\n"
        f"    <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>\n"
        f"    <dc:creator>{escape(', '.join(paper.authors))}</dc:creator>\n  </entry>\n"
    ).encode("utf-8")


def rss_feed(cats: str, entries: Iterable[bytes], day: date) -> bytes:
    """A whole rss.arxiv.org Atom document around the given entries (none: the weekend/holiday feed)."""
    head = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns="http://www.w3.org/2005/Atom" xml:lang="en-us">\n'
        f"  <id>http://rss.arxiv.org/atom/{cats}</id>\n  <title>{cats} updates on arXiv.org</title>\n"
        f"  <updated>{day.isoformat()}T04:00:19.866337+00:00</updated>\n"
        f'  <link href="http://rss.arxiv.org/atom/{cats}" rel="self" type="application/atom+xml"/>\n'
        f"  <subtitle>{cats} updates on the arXiv.org e-print archive.</subtitle>\n"
    ).encode("utf-8")
    return head + b"".join(entries) + b"</feed>\n"


def api_feed(query: str, start: int, per_page: int, total: int, entries: Iterable[bytes]) -> bytes:
    """A whole export.arxiv.org API Atom document with its opensearch paging header."""
    head = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        '<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom"'
        ' xmlns="http://www.w3.org/2005/Atom">\n  <id>https://arxiv.org/api/fake</id>\n'
        f"  <title>arXiv Query: {escape(query)}</title>\n  <updated>2026-04-12T22:09:36Z</updated>\n"
        f"  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{total}</opensearch:totalResults>\n"
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
    ).encode("utf-8")
    return head + b"".join(entries) + b"</feed>\n"
