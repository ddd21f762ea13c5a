"""Triage from a CSV file (arxiv_id, decision, section): every row is checked first, then all are applied at once."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.errors import ConfigError, ReadmeError
from bot.readme import Document
from bot.store import Store
from bot.triage.review import Review, reviews

WORDS = {"accept": "accepted", "accepted": "accepted", "reject": "rejected", "rejected": "rejected",
         "skip": "skipped", "skipped": "skipped"}
HEADER = ("arxiv_id", "decision", "section")
PROBLEMS_SHOWN = 20  # a file of 200,000 bad rows is named in 21 lines, not 14 MB


@dataclass(frozen=True)
class Row:
    """One checked row: what to do with which queued paper."""

    line: int
    review: Review
    status: str
    section: tuple[str, ...] | None


def parse_rows(text: str, doc: Document, queue: Sequence[Review], source: str = "batch") -> list[Row]:
    """Check every row; raise ConfigError listing each bad one (line number and why) if any is wrong."""
    by_id = {r.arxiv_id: r for r in queue}
    rows: list[Row] = []
    problems: list[str] = []
    first_seen: dict[str, int] = {}
    for line, cells in _rows(text, problems):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if line == 1 and tuple(c.casefold() for c in cells[:3]) == HEADER:
            continue
        if len(cells) < 2 or len(cells) > 3:
            problems.append(f"line {line}: expected arxiv_id,decision[,section], got {len(cells)} columns")
            continue
        arxiv_id, word = cells[0], cells[1].casefold()
        name = cells[2] if len(cells) == 3 else ""
        why = []
        review = by_id.get(arxiv_id)
        if review is None:
            why.append(f"unknown arXiv id {arxiv_id!r} (not in the triage queue)")
        elif arxiv_id in first_seen:
            why.append(f"{arxiv_id} already decided on line {first_seen[arxiv_id]}")
        status = WORDS.get(word)
        if status is None:
            why.append(f"unknown decision {cells[1]!r} (use accept, reject or skip)")
        section = None
        if name and status != "accepted" and status is not None:
            why.append(f"a section only goes with accept, not {cells[1]!r}")
        elif name:
            try:
                section = doc.resolve_section(name)
            except ReadmeError as exc:
                why.append(f"unknown section: {exc}")
        elif status == "accepted" and review is not None:
            section = review.predicted
            if section is None:
                why.append("accept without a section, and the paper has no predicted one")
            elif section not in set(doc.leaf_paths()):
                why.append(f"the predicted section {' > '.join(section)!r} is no longer in the README")
        if why or review is None or status is None:  # (no review or status is a reason in `why`)
            problems.append(f"line {line}: " + "; ".join(why))
            continue
        first_seen[arxiv_id] = line
        rows.append(Row(line, review, status, section))
    if problems:
        shown = problems[:PROBLEMS_SHOWN] + ([f"... and {len(problems) - PROBLEMS_SHOWN} more bad rows"]
                                             if len(problems) > PROBLEMS_SHOWN else [])
        raise ConfigError(f"{source}: {len(problems)} bad row{'s' if len(problems) != 1 else ''}, nothing was "
                          "applied:\n  " + "\n  ".join(shown))
    return rows


def _rows(text: str, problems: list[str]) -> Iterator[tuple[int, list[str]]]:  # (line number, cells)
    """The CSV's rows with their line numbers; a row the csv module cannot read (a field over its 128 KB limit, a
    NUL byte) becomes a problem and reading goes on."""
    reader = csv.reader(io.StringIO(text))
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append(f"line {reader.line_num}: unreadable CSV ({exc})")
            continue
        yield reader.line_num, cells


def apply_rows(store: Store, rows: Sequence[Row]) -> None:
    """Apply checked rows in one transaction: all of them or, if the state file fails, none."""
    store.decide_triage_many([
        (r.review.arxiv_id, r.status, r.section, r.review.title, f"batch line {r.line}: {r.status}") for r in rows
    ])


def load_all(store: Store) -> list[Review]:
    """Every queued paper in any state: a batch may revisit an earlier decision."""
    return reviews(store.triage_items(status=None))
