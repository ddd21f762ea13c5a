"""Writes recorded arXiv days (real stream papers) as rss.arxiv.org Atom files under data/samples/, for replay.

    python tools/make_sample_days.py 2025-06-10 [more days...] [--stream PATH] [--out data/samples]

The papers are real (../shared/data/arxiv_stream_*.jsonl.gz, CC0 metadata); the feed is rendered in the same
wire format the loopback fake serves (tests/fakes/arxiv_wire.py), one file per announce day, with every
category litbot watches in one feed as `litbot run` requests it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.paper import DEFAULT_CATEGORIES, Paper  # noqa: E402
from tests.fakes.arxiv_wire import render_rss_entry, rss_feed  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("days", nargs="+", type=date.fromisoformat)
    parser.add_argument("--stream", type=Path,
                        default=next((ROOT.parent / "shared" / "data").glob("arxiv_stream_*.jsonl.gz")))
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "samples")
    args = parser.parse_args()
    wanted = {d.isoformat(): [] for d in args.days}
    with gzip.open(args.stream, "rt", encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row.get("date") in wanted:
                wanted[row["date"]].append(Paper.from_dict(row))
    args.out.mkdir(parents=True, exist_ok=True)
    cats = "+".join(DEFAULT_CATEGORIES)
    for day_text, papers in wanted.items():
        day = date.fromisoformat(day_text)
        entries = []
        for paper in papers:
            listed_in = [c for c in paper.categories if c in DEFAULT_CATEGORIES]
            if listed_in:
                entries.append(render_rss_entry(paper, listed_in[0], day))
        path = args.out / f"arxiv-{day_text}.atom.xml"
        path.write_bytes(rss_feed(cats, entries, day))
        print(f"{path}: {len(entries)} papers")


if __name__ == "__main__":
    main()
