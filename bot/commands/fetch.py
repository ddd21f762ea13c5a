"""`litbot fetch`: get a day's (or a range of days') new arXiv papers, record them in the state file, save them."""

from __future__ import annotations

import argparse
import json
import logging
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Callable, Iterable

from bot.commands import iso_day
from bot.arxiv_source import ArxivSource
from bot.commands.options import ARXIV, LOAD, STATE, add_command
from bot.commands.output import Output, add_json
from bot.commands.progress import progress
from bot.context import Context
from bot.detect import detect_code_url, detect_venue
from bot.errors import ConfigError, SourceError, one_line
from bot.ingest import DayResult, days_from_files, fetch_days
from bot.paper import DEFAULT_CATEGORIES, Paper
from bot.store import Store

log = logging.getLogger(__name__)


def _days(since: date, until: date) -> list[date]:
    if until < since:
        raise ConfigError(f"--until {until} is before --since {since}")
    return [since + timedelta(days=n) for n in range((until - since).days + 1)]


def paper_line(paper: Paper) -> dict[str, object]:
    """A paper as one output JSON object: the record plus the detected venue and code link."""
    venue = detect_venue(paper.journal_ref, paper.comments)
    return {
        **paper.to_dict(),
        "venue": venue[0] if venue else None,
        "venue_year": venue[1] if venue else None,
        "code_url": detect_code_url(paper.comments, paper.abstract),
    }


def day_dict(result: DayResult, rows: list[dict[str, object]], new_to_store: int, seen: int) -> dict[str, object]:
    """One day of the --json object: the numbers `summary` says in words."""
    kinds = [p.announce_type for p in result.papers]
    return {"day": result.day.isoformat(), "source": result.source, "papers": len(result.papers),
            "new": kinds.count("new"), "cross": kinds.count("cross"), "replacements": len(result.updates),
            "new_to_store": new_to_store, "seen_before": seen,
            "with_venue": sum(1 for x in rows if x["venue"]), "with_code": sum(1 for x in rows if x["code_url"]),
            "error": result.error}


def summary(result: DayResult, rows: list[dict[str, object]], new_to_store: int, seen: int) -> str:
    """The one line printed per day; `rows` are the day's papers as `paper_line` gives them."""
    kinds = [p.announce_type for p in result.papers]
    text = (
        f"{result.day}: {len(result.papers)} papers ({kinds.count('new')} new, {kinds.count('cross')} cross), "
        f"{len(result.updates)} replacements; {new_to_store} new to the store, {seen} seen before; "
        f"{sum(1 for x in rows if x['venue'])} with a venue, {sum(1 for x in rows if x['code_url'])} with code "
        f"[{result.source}]"
    )
    return text + (f"; incomplete: {result.error}" if result.error else "")


def run(
    ctx: Context,
    args: argparse.Namespace,
    clock: Callable[[], float] | None = None,
    sleeper: Callable[[float], None] | None = None,
) -> int:
    if args.until and not args.since:
        raise ConfigError("--until needs --since")
    config = ctx.config
    categories = (tuple(args.categories.split(",")) if args.categories
                  else (config.arxiv.categories or DEFAULT_CATEGORIES))
    source = ArxivSource(
        args.arxiv_rss_url or config.arxiv.rss_url, ctx.options.arxiv_api_url or config.arxiv.api_url,
        clock=clock or time.monotonic, sleeper=sleeper or time.sleep, delay=config.arxiv.delay_seconds,
    )
    shown = Output.of(ctx, args)
    days: list[dict[str, object]] = []
    with ctx.store() as store:
        run_id = store.start_run("fetch")
        counts = {"days": 0, "papers": 0, "new": 0, "updated": 0, "requests": 0}
        errors: list[str] = []
        out: list[dict[str, object]] = []
        skipped: list[str] = []
        finished = False
        try:
            if args.load:
                plan: list[date | None] = []
                keep = (set(_days(args.since, args.until or args.since)) if args.since
                        else ({args.date} if args.date else None))
                load = ctx.options.load_one()
                assert load is not None  # args.load is set
                results: Iterable[DayResult] = days_from_files([load], categories, keep)
            else:
                span = _days(args.since, args.until or date.today()) if args.since else []
                plan = [args.date] if args.date else ([*span] if args.since else [None])
                if args.since and not args.refetch:
                    done = store.processed_days(span[0], span[-1])
                    for day in sorted(done & set(plan)):
                        skipped.append(day.isoformat())
                        shown.say(f"{day}: already processed, skipped (--refetch fetches it again)")
                    plan = [d for d in plan if d not in done]
                results = fetch_days(source, plan, categories, errors, shown.say)
            total = len(results) if isinstance(results, list) else sum(d is None or d.weekday() < 5 for d in plan)
            for result in _progress(results, total, ctx.options.quiet):
                recorded = _record(store, result, categories, run_id)
                counts["days"] += 1
                counts["papers"] += len(result.papers)
                counts["new"] += len(recorded.new)
                counts["updated"] += len(recorded.updated)
                rows = [paper_line(p) for p in result.papers]
                out.extend(rows)
                seen = len(recorded.known) + len(recorded.updated)
                days.append(day_dict(result, rows, len(recorded.new), seen))
                shown.say(summary(result, rows, len(recorded.new), seen))
                if result.error:
                    errors.append(f"{result.day}: {result.error}")
            finished = True
        except Exception as exc:  # stored with the failed run, then the CLI says it in one line
            errors.append(one_line(exc))
            raise
        finally:
            counts["requests"] = source.requests
            status = "ok" if finished and not errors else ("partial" if counts["days"] else "failed")
            store.finish_run(run_id, status=status, counts=counts, errors=errors)
            if args.output and counts["days"]:
                _write_jsonl(Path(args.output), out)
    shown.result({"days": days, "skipped_days": skipped, "counts": counts, "errors": errors,
                  "output": str(args.output) if args.output and counts["days"] else None})
    if errors:
        raise SourceError(f"{len(errors)} problem(s): " + "; ".join(errors))
    return 0


def _record(store: Store, result: DayResult, categories: tuple[str, ...], run_id: int):
    listings = result.papers + result.updates
    if result.complete:
        return store.record_day(result.day, listings, source=result.source, categories=categories, run_id=run_id)
    return store.record_papers(listings, run_id=run_id)  # keep the papers, but leave the day for a later run


def _progress(results: Iterable[DayResult], total: int, quiet: bool) -> Iterable[DayResult]:
    """The days as they arrive, with a bar on a terminal (else INFO lines at -v) while they are fetched."""
    with progress("fetching arXiv days", total or None, quiet=quiet) as steps:
        for result in results:
            steps.update(description=f"fetched {result.day}", advance=1)
            yield result


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "fetch", LOAD, STATE, ARXIV,
                         help="fetch new arXiv papers into the state file (and a JSONL file)")
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--date", type=iso_day, metavar="D", help="one announce day, via the API (default: today's RSS)")
    when.add_argument("--since", type=iso_day, metavar="D", help="backfill announce days from D (skips processed days)")
    parser.add_argument("--until", type=iso_day, metavar="D", help="last day of a --since backfill (default: today)")
    parser.add_argument("--categories", metavar="LIST", help="comma-separated arXiv categories (default: config)")
    parser.add_argument("--output", metavar="FILE", help="write the fetched papers as JSONL here")
    parser.add_argument("--refetch", action="store_true", help="with --since: fetch days already processed too")
    parser.add_argument("--arxiv-rss-url", metavar="URL", help="RSS base URL (default: https://rss.arxiv.org/atom)")
    add_json(parser, '{"days": [{"day", "source", "papers", "new", "cross", "replacements", "new_to_store", '
             '"seen_before", "with_venue", "with_code", "error"}], "skipped_days": [DAY], "counts": {"days", '
             '"papers", "new", "updated", "requests"}, "errors": [TEXT], "output": FILE or null}')
    parser.set_defaults(func=run)
