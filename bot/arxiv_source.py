"""The arXiv adapter, the only module that talks to arXiv; it returns plain `Paper`s.

Endpoints (base URLs are parameters, so tests point the real libraries at loopback):
- GET https://rss.arxiv.org/atom/<cat>+<cat>+...   today's announcements, all categories in ONE request (feedparser)
- GET https://export.arxiv.org/api/query?id_list=... or ?search_query=...submittedDate:[A TO B]
  metadata in id_list batches of <= 100 and date-range backfill, paginated (the `arxiv` package's Client)

Pacing, retries and body checks are ours, not the libraries': at least `delay` seconds between API requests
on an injected clock/sleeper; retries with capped exponential backoff for exactly the named transient failures
(429 honouring Retry-After, 503, timeouts, connection resets, an empty page where results remain); a
truncated, undecodable or non-Atom body (an HTML error page sent with status 200) is a SourceError and nothing
from it is used.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from datetime import date, datetime, time as dtime, timedelta, timezone
from typing import Any, Callable, Iterable, Sequence
from zoneinfo import ZoneInfo

import arxiv
import feedparser
import requests
from lxml import etree

from bot.errors import SourceError, TransientError
from bot.paper import DEFAULT_CATEGORIES, Paper, base_id, split_arxiv_id, strip_rss_prefix

log = logging.getLogger(__name__)

RSS_URL = "https://rss.arxiv.org/atom"
API_URL = "https://export.arxiv.org/api/query"
ID_BATCH = 100
_ATOM = "{http://www.w3.org/2005/Atom}"
_OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"
_EASTERN = ZoneInfo("America/New_York")
_CUTOFF = dtime(14, 0)  # arXiv's daily submission deadline, US Eastern


@dataclass(frozen=True)
class Listing:
    """One RSS announcement: discoveries (new + cross, one per paper) and version updates (replacements)."""

    day: date | None
    papers: tuple[Paper, ...]
    updates: tuple[Paper, ...]
    entries: int


def previous_weekday(day: date) -> date:
    day -= timedelta(days=1)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def submission_window(day: date) -> tuple[datetime, datetime] | None:
    """The UTC submission window arXiv announces on `day` (None at weekends, when nothing is announced).

    Papers submitted between two consecutive 14:00 US-Eastern deadlines are announced on the next weekday
    (holidays are not modelled: their papers simply carry this estimated day).
    """
    if day.weekday() >= 5:
        return None
    end_day = previous_weekday(day)
    start_day = previous_weekday(end_day)
    start = datetime.combine(start_day, _CUTOFF, _EASTERN).astimezone(timezone.utc)
    end = datetime.combine(end_day, _CUTOFF, _EASTERN).astimezone(timezone.utc) - timedelta(minutes=1)
    return start, end


def parse_feed(body: bytes, origin: str | None = None) -> Listing:
    """Parse an rss.arxiv.org Atom listing (or a saved API Atom response) into a Listing.

    Strips the `arXiv:ID Announce Type: X Abstract:` prefix, keeps one paper per id (a paper cross-listed
    in several requested categories appears once, as `new` if any listing says so), and separates
    replacements. Raises SourceError for a body that is not a complete Atom feed; `origin` names a saved file the
    body came from, so the message blames the file and not arXiv.
    """
    _check_atom(body, origin)
    feed = feedparser.parse(body)
    found: dict[str, Paper] = {}
    days: list[date] = []
    for entry in feed.entries:
        try:
            paper = _paper_from_entry(entry)
        except (ValueError, KeyError) as exc:
            log.warning("skipping unreadable feed entry %r: %s", entry.get("id"), exc)
            continue
        if paper.announce_date:
            days.append(paper.announce_date)
        seen = found.get(paper.arxiv_id)
        if seen is None or (seen.announce_type != "new" and paper.announce_type == "new"):
            found[paper.arxiv_id] = paper
    day = max(days) if days else _feed_day(feed)
    discoveries = tuple(p for p in found.values() if p.is_discovery)
    updates = tuple(p for p in found.values() if not p.is_discovery)
    return Listing(day, discoveries, updates, len(feed.entries))


def _feed_day(feed: feedparser.FeedParserDict) -> date | None:
    stamp = feed.feed.get("updated", "")
    try:
        return datetime.fromisoformat(stamp).astimezone(_EASTERN).date() if stamp else None
    except ValueError:
        return None


def _paper_from_entry(entry: feedparser.FeedParserDict) -> Paper:
    abstract, prefixed_id, prefixed_type = strip_rss_prefix(entry.get("summary", ""))
    ident, version = split_arxiv_id(prefixed_id or entry["id"])
    kind = entry.get("arxiv_announce_type") or prefixed_type
    categories = tuple(t["term"] for t in entry.get("tags", []) if t.get("term"))
    primary = (entry.get("arxiv_primary_category") or {}).get("term", "")
    if kind:  # an RSS listing: <published> is the announcement date; dc:creator is one comma-separated string
        authors = tuple(a.strip() for a in entry.get("author", "").split(","))
        return Paper(ident, entry.get("title", ""), abstract, version=version, authors=authors,
                     categories=categories, announce_date=entry.get("published"), announce_type=kind)
    return Paper(ident, entry.get("title", ""), abstract, version=version,
                 authors=tuple(a.get("name", "") for a in entry.get("authors", [])), categories=categories,
                 primary_category=primary, published=entry.get("published"), updated=entry.get("updated"),
                 comments=entry.get("arxiv_comment"), journal_ref=entry.get("arxiv_journal_ref"),
                 doi=entry.get("arxiv_doi"))


def _check_atom(body: bytes, origin: str | None = None) -> etree._Element:
    """Parse strictly; anything but a complete Atom <feed> is an error worth reporting, not retrying."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError as exc:
        what = f"{origin} is truncated or not XML" if origin else "arXiv sent a truncated or non-XML body"
        raise SourceError(f"{what} ({len(body)} bytes): {exc}") from exc
    if root is None or root.tag != f"{_ATOM}feed":
        tag = getattr(root, "tag", None)
        what = f"{origin} is not" if origin else "arXiv sent a document that is not"
        raise SourceError(f"{what} an Atom feed (root {tag!r})")
    return root


def _paper_from_result(result: arxiv.Result) -> Paper:
    return Paper(
        result.entry_id, result.title, result.summary,
        authors=tuple(a.name for a in result.authors), categories=tuple(result.categories),
        primary_category=result.primary_category, published=result.published, updated=result.updated,
        comments=result.comment, journal_ref=result.journal_ref, doi=result.doi,
    )


class _PacedSession(requests.Session):
    """The HTTP session under feedparser's body and arxiv.Client: paces API calls, sets timeouts,
    turns HTTP failures into our errors and refuses bodies that are not complete Atom feeds."""

    def __init__(self, source: ArxivSource) -> None:
        super().__init__()
        self.source = source
        self.headers["User-Agent"] = "litbot/0.1 (arXiv ingestion for the Efficient-LLMs-Survey README)"

    def get(self, url: str, **kwargs: Any) -> requests.Response:  # type: ignore[override]
        src = self.source
        paced = url.startswith(src.api_url)
        if paced and src._last_api is not None:
            wait = src._last_api + src.delay - src.clock()
            if wait > 0:
                src.sleeper(wait)
        kwargs.setdefault("timeout", src.timeout)
        src.requests += 1
        log.info("arXiv request %d: %s", src.requests, url if len(url) <= 160 else url[:157] + "...")
        try:
            response = super().get(url, **kwargs)
            body = response.content
        except requests.exceptions.Timeout as exc:
            raise TransientError(f"arXiv timed out: {url}") from exc
        except (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise TransientError(f"connection to arXiv failed or was reset: {exc}") from exc
        finally:
            if paced:
                src._last_api = src.clock()
        if response.status_code in (429, 503):
            err = TransientError(f"arXiv answered HTTP {response.status_code} for {url}")
            err.retry_after = _retry_after(response.headers.get("Retry-After"))  # type: ignore[attr-defined]
            raise err
        if response.status_code != 200:
            raise SourceError(f"arXiv answered HTTP {response.status_code} for {url}")
        if paced:  # (RSS bodies are checked by parse_feed)
            root = _check_atom(body)
            total = int(root.findtext(f"{_OPENSEARCH}totalResults") or 0)
            start = int(root.findtext(f"{_OPENSEARCH}startIndex") or 0)
            if start < total and root.find(f"{_ATOM}entry") is None:
                raise TransientError(f"arXiv sent an empty page at {start} of {total} results")
        return response


def _retry_after(value: str | None) -> float | None:
    """Retry-After in seconds (arXiv sends seconds; an HTTP date or garbage counts as absent)."""
    return max(0.0, float(value)) if value and value.strip().replace(".", "", 1).isdigit() else None


class ArxivSource:
    """Reads arXiv. `clock`/`sleeper` are injectable (tests use a fake clock); `requests` counts HTTP calls."""

    def __init__(
        self,
        rss_url: str = RSS_URL,
        api_url: str = API_URL,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleeper: Callable[[float], None] = time.sleep,
        delay: float = 3.0,
        retries: int = 4,
        backoff: float = 5.0,
        backoff_cap: float = 120.0,
        timeout: float = 30.0,
        page_size: int = 100,
    ) -> None:
        self.rss_url, self.api_url = rss_url.rstrip("/"), api_url
        self.clock, self.sleeper = clock, sleeper
        self.delay, self.retries, self.timeout = delay, retries, timeout
        self.backoff, self.backoff_cap = backoff, backoff_cap
        self.requests = 0
        self._last_api: float | None = None
        self._session = _PacedSession(self)
        # The arxiv Client builds the URLs, pages and parses entries; its own sleeping and retrying are off.
        self._client = arxiv.Client(page_size=min(page_size, ID_BATCH), delay_seconds=0.0, num_retries=0)
        self._client.query_url_format = api_url + "?{}"
        self._client._session = self._session  # the library's only seam for transport; see arxiv/__init__.py

    # --- public ------------------------------------------------------------------------------------------------
    def daily(self, categories: Sequence[str] = DEFAULT_CATEGORIES) -> Listing:
        """Today's announcement for all categories, from ONE RSS request. An empty feed is a normal day off."""
        url = f"{self.rss_url}/{'+'.join(categories)}"
        listing = self._retrying(f"RSS {url}", lambda: parse_feed(self._session.get(url).content))
        if not listing.entries:
            log.info("arXiv RSS for %s is empty (weekend or holiday)", "+".join(categories))
        return listing

    def metadata(self, arxiv_ids: Iterable[str]) -> dict[str, Paper]:
        """API records for the ids (comments, journal_ref, doi, dates), in id_list batches of at most 100."""
        ids = list(dict.fromkeys(base_id(i) for i in arxiv_ids))
        found: dict[str, Paper] = {}
        for start in range(0, len(ids), ID_BATCH):
            batch = ids[start:start + ID_BATCH]
            search = arxiv.Search(id_list=batch, max_results=len(batch))
            for paper in self._collect(search, f"metadata batch {start // ID_BATCH + 1}"):
                found[paper.arxiv_id] = paper
        return found

    def backfill(self, day: date, categories: Sequence[str] = DEFAULT_CATEGORIES) -> list[Paper]:
        """Papers announced on `day`, via the API's submittedDate search over that day's submission window."""
        window = submission_window(day)
        if window is None:
            return []
        start, end = (moment.strftime("%Y%m%d%H%M") for moment in window)
        cats = " OR ".join(f"cat:{c}" for c in categories)
        search = arxiv.Search(
            query=f"({cats}) AND submittedDate:[{start} TO {end}]", max_results=None,
            sort_by=arxiv.SortCriterion.SubmittedDate, sort_order=arxiv.SortOrder.Ascending,
        )
        wanted = set(categories)
        papers = []
        for paper in self._collect(search, f"backfill {day}"):
            kind = "new" if paper.primary_category in wanted else "cross"
            papers.append(replace(paper, announce_date=day, announce_type=kind))
        return papers

    # --- retrying ----------------------------------------------------------------------------------------------
    def _collect(self, search: arxiv.Search, what: str) -> list[Paper]:
        """All results of a search; a transient failure resumes at the first result not yet received."""
        got: list[Paper | None] = []

        def more() -> list[Paper]:
            for result in self._client.results(search, offset=len(got)):
                try:
                    got.append(_paper_from_result(result))
                except ValueError as exc:  # one unreadable record never costs the others
                    log.warning("skipping unreadable API record %s: %s", result.entry_id, exc)
                    got.append(None)  # keeps the offset right for a resumed page
            return [p for p in got if p is not None]

        return self._retrying(what, more, progress=lambda: len(got))

    def _retrying(self, what: str, call: Callable[[], object], progress: Callable[[], int] = lambda: 0):
        attempt, mark = 0, progress()
        while True:
            try:
                return call()
            except TransientError as exc:
                if progress() > mark:  # a later page failed: earlier pages are kept, the count starts over
                    attempt, mark = 0, progress()
                attempt += 1
                if attempt > self.retries:
                    raise SourceError(f"arXiv {what} failed after {attempt} attempts: {exc}") from exc
                wait = min(self.backoff_cap, self.backoff * 2 ** (attempt - 1))
                retry_after = getattr(exc, "retry_after", None)
                if retry_after is not None:
                    wait = max(wait, min(retry_after, 10 * self.backoff_cap))
                log.warning("arXiv %s: %s; retry %d/%d in %.0f s", what, exc, attempt, self.retries, wait)
                self.sleeper(wait)
            except arxiv.ArxivError as exc:  # should not happen with retries off, but never leak library errors
                raise SourceError(f"arXiv {what} failed: {exc}") from exc
