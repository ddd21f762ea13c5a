"""Times parsing and rendering the shipped survey README, and inserting 50 entries into it."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from bot.readme import format_entry, insert_entries, parse

README = Path(__file__).resolve().parent.parent / "data" / "survey_README.md"


def timed(fn, repeat: int) -> float:
    """Median wall time of `fn()` in milliseconds over `repeat` runs."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    text = README.read_bytes().decode("utf-8")
    doc = parse(text)
    leaves = doc.leaf_paths()
    items = [(leaves[i % len(leaves)], format_entry(f"Bench Paper {i}", "arXiv", 2025, f"2501.{i:05d}"))
             for i in range(50)]
    parse_ms = timed(lambda: parse(text), 50)
    render_ms = timed(doc.render, 200)
    insert_ms = timed(lambda: insert_entries(doc, items), 5)
    print(f"README: {len(text.encode()):,} bytes, {len(doc.lines)} lines, {len(doc.entries)} entries, "
          f"{len(leaves)} leaves")
    print(f"parse            {parse_ms:8.2f} ms  (median of 50; target well under 20 ms)")
    print(f"render           {render_ms:8.3f} ms  (median of 200; target well under 20 ms)")
    print(f"insert 50 entries {insert_ms:7.1f} ms  (median of 5)")


if __name__ == "__main__":
    main()
