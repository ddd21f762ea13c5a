"""Ingestion benchmark: feed parse time, normalisation + detection throughput, HTTP requests of a daily run."""

from __future__ import annotations

import gzip
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.arxiv_source import parse_feed  # noqa: E402
from bot.cli import build_parser  # noqa: E402
from bot.detect import detect_code_url, detect_venue  # noqa: E402
from bot.paper import Paper  # noqa: E402
from tests.fakes.arxiv import STREAM, FakeArxiv, FakeClock, render_rss_entry, rss_feed, stream_papers  # noqa: E402

DAY = date(2025, 6, 10)


def stream_records(limit: int) -> list[dict]:
    records = []
    with gzip.open(STREAM, "rt", encoding="utf-8") as handle:
        for line in handle:
            records.append(json.loads(line))
            if len(records) >= limit:
                break
    return records


def bench_parse(records: list[dict]) -> None:
    papers = [Paper.from_dict(r) for r in records[:2000]]
    body = rss_feed("cs.CL+cs.LG+cs.AI", (render_rss_entry(p, p.primary_category, DAY) for p in papers), DAY)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        listing = parse_feed(body)
        times.append(time.perf_counter() - start)
    print(f"parse a {listing.entries}-entry RSS Atom feed ({len(body) / 1e6:.1f} MB): "
          f"{statistics.median(times):.3f} s (median of 3; strict XML check + feedparser + Paper)")


def bench_detect(records: list[dict]) -> None:
    start = time.perf_counter()
    venues = codes = 0
    for record in records:
        paper = Paper.from_dict(record)
        venues += detect_venue(paper.journal_ref, paper.comments) is not None
        codes += detect_code_url(paper.comments, paper.abstract) is not None
    elapsed = time.perf_counter() - start
    print(f"normalise + detect {len(records)} stream papers: {len(records) / elapsed:,.0f} papers/s "
          f"({codes} code links found in abstracts; the stream has no comments, so venue detection sees none)")


def bench_daily_requests() -> None:
    papers = stream_papers(date(2025, 6, 9), date(2025, 6, 30), limit=1000)  # real records with cross-lists
    clock = FakeClock()
    fake = FakeArxiv(clock=clock)
    try:
        fake.list_papers(papers, DAY)
        fake.add_api_papers(papers)
        with tempfile.TemporaryDirectory() as tmp:
            args = build_parser().parse_args([
                "fetch", "--state", str(Path(tmp) / "state.sqlite"), "--output", str(Path(tmp) / "p.jsonl"),
                "--categories", "cs.CL,cs.LG,cs.AI", "--arxiv-rss-url", fake.rss_url, "--arxiv-api-url", fake.api_url,
            ])
            start = time.perf_counter()
            args.func(args, clock=clock, sleeper=clock.sleep)
            wall = time.perf_counter() - start
        rss, api = len(fake.requests_to("/atom")), len(fake.requests_to("/api"))
        listed = sum(len(v) for v in fake.rss_entries.values())
        print(f"daily run, {len(papers)} new papers ({listed} RSS entries incl. cross-lists): "
              f"{rss} RSS + {api} API = {rss + api} HTTP requests (target 1 + 10); "
              f"paced API time {clock.now - 1000.0:.0f} s on the fake clock, {wall:.2f} s real")
    finally:
        fake.close()


def main() -> int:
    records = stream_records(20_000)
    bench_parse(records)
    bench_detect(records)
    bench_daily_requests()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
