"""Getting announce days of papers: today's RSS plus API metadata, API backfill of past days, or recorded files."""

from __future__ import annotations

import gzip
import json
import logging
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from bot.arxiv_source import ArxivSource, parse_feed
from bot.errors import ConfigError, SourceError
from bot.paper import Paper

log = logging.getLogger(__name__)


@dataclass
class DayResult:
    """What one announce day gave: discoveries (with metadata when it could be had) and replacements."""

    day: date
    source: str
    papers: list[Paper] = field(default_factory=list)
    updates: list[Paper] = field(default_factory=list)
    complete: bool = True
    error: str | None = None



def read_papers_file(path: Path) -> list[Paper]:
    """The offline twin's input: a saved RSS/API Atom file, or JSONL (optionally .gz) of paper records.

    A JSONL line that is not a paper record (bad JSON, no id or title) is skipped with a warning, so one bad record
    does not stop the others; a file with no paper record at all is an error.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    if path.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            raise ConfigError(f"{path} is not gzip data, or is cut short ({exc})") from None
    if not raw.strip():
        raise ConfigError(f"{path} is empty: there are no papers in it to replay")
    if raw.lstrip().startswith(b"<"):
        try:
            listing = parse_feed(raw, origin=str(path))
        except SourceError as exc:
            raise ConfigError(str(exc)) from None
        return list(listing.papers) + list(listing.updates)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_no = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line_no}: not UTF-8 text (byte 0x{raw[exc.start]:02x}); papers JSONL must be "
                          "UTF-8") from None
    papers, bad = [], []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                papers.append(Paper.from_dict(json.loads(line)))
            except (ValueError, TypeError, AttributeError) as exc:
                bad.append(f"{path}:{number}: not a paper record: {exc}")
    if bad and not papers:
        raise ConfigError(bad[0] + (f" (and {len(bad) - 1} more lines like it)" if len(bad) > 1 else ""))
    if bad:
        log.warning("%d of %d records in %s skipped; the first: %s", len(bad), len(bad) + len(papers), path, bad[0])
    return papers



def days_from_files(paths: Iterable[Path], categories: Iterable[str], keep: set[date] | None = None) -> list[DayResult]:
    """Recorded days from saved RSS/Atom or JSONL files, grouped by announce date (only `keep` days, if given)."""
    wanted = set(categories)
    by_day: dict[date, DayResult] = {}
    for path in paths:
        for paper in read_papers_file(Path(path)):
            if not wanted & set(paper.categories):
                continue
            if paper.announce_type == "new" and paper.primary_category not in wanted:
                paper = replace(paper, announce_type="cross")  # as arXiv lists it: new only in its primary category
            day = paper.announce_date or (paper.published.date() if paper.published else None)
            if day is None:
                log.warning("skipping %s from %s: it has no announce or submission date", paper.arxiv_id, path)
                continue
            result = by_day.setdefault(day, DayResult(day, "file"))
            (result.papers if paper.is_discovery else result.updates).append(paper)
    return [by_day[d] for d in sorted(by_day) if keep is None or d in keep]


def fetch_day(source: ArxivSource, day: date | None, categories: tuple[str, ...]) -> DayResult:
    """One day from arXiv: RSS + API metadata for today (day None), an API backfill for a past day."""
    if day is not None:
        return DayResult(day, "api", papers=source.backfill(day, categories))
    listing = source.daily(categories)
    result = DayResult(listing.day or date.today(), "rss", updates=list(listing.updates))
    if not listing.entries and result.day.weekday() < 5:
        # a holiday, or a glitch while arXiv rebuilds its feeds: never mark a weekday done on an empty listing,
        # or its papers are lost; the next run backfills the day from the API instead
        result.complete, result.error = False, "arXiv's listing was empty on a weekday"
        return result
    try:
        meta = source.metadata(p.arxiv_id for p in listing.papers)
    except SourceError as exc:
        log.warning("metadata for %d papers not fetched: %s", len(listing.papers), exc)
        result.papers, result.complete, result.error = list(listing.papers), False, f"metadata: {exc}"
        return result
    result.papers = [p.with_metadata(meta[p.arxiv_id]) if p.arxiv_id in meta else p for p in listing.papers]
    missing = len(listing.papers) - sum(p.arxiv_id in meta for p in listing.papers)
    if missing:
        log.warning("the API had no record of %d listed papers (its index can lag a day)", missing)
    return result



def fetch_days(
    source: ArxivSource, plan: Sequence[date | None], categories: tuple[str, ...], errors: list[str],
    say: Callable[[str], None] = print,
) -> Iterator[DayResult]:
    """Each planned day (None = today's RSS), one at a time; a failed day is reported and the others go on."""
    for day in plan:
        if day is not None and day.weekday() >= 5:
            say(f"{day}: weekend, arXiv announces nothing")
            continue
        try:
            yield fetch_day(source, day, categories)
        except SourceError as exc:  # one failed day never stops the others; it stays unprocessed for next time
            say(f"{day}: failed: {exc}")
            errors.append(f"{day}: {exc}")
