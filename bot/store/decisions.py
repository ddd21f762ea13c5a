"""Maintainers' decisions (labels for training), the triage decisions that produce them, and asked-for reviews."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.paper import Paper
from bot.store.outcomes import OutcomesMixin, TriageItem

LABELS = ("positive", "negative")


@dataclass(frozen=True)
class Decision:
    """One label: a paper belongs in `section` (positive) or not in the survey at all (negative).

    `source` says where it came from (triage, add, pr-merged, pr-closed, pr-removed, pr-dropped); `detail` is a
    sentence for people. `id`, `decided_at`, `trained` and `abstract` are filled in when read back.
    """

    arxiv_id: str
    title: str
    label: str
    section: tuple[str, ...] | None = None
    source: str = ""
    detail: str = ""
    id: int | None = None
    decided_at: str = ""
    trained: bool = False
    abstract: str = ""

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"unknown label {self.label!r}; one of {', '.join(LABELS)}")
        if self.section is not None:
            object.__setattr__(self, "section", tuple(self.section) or None)

    def same_verdict(self, other: Decision | None) -> bool:
        return other is not None and (self.label, self.section) == (other.label, other.section)

    def to_dict(self) -> dict[str, object]:
        """The data/decisions.jsonl record `litbot train` reads."""
        return {"arxiv_id": self.arxiv_id, "title": self.title, "abstract": self.abstract, "label": self.label,
                "section": list(self.section) if self.section else None, "source": self.source,
                "detail": self.detail, "decided_at": self.decided_at}


_COLUMNS = ("d.id, d.arxiv_id, d.title, d.label, d.section, d.source, d.detail, d.decided_at, d.trained, p.record")


def _row(row: tuple) -> Decision:
    ident, arxiv_id, title, label, section, source, detail, decided_at, trained, record = row
    abstract = (json.loads(record).get("abstract") or "") if record else ""
    return Decision(arxiv_id, title, label, tuple(json.loads(section)) if section else None, source, detail,
                    ident, decided_at, bool(trained), abstract)


class DecisionsMixin(OutcomesMixin):
    """The decisions table, and triage decisions that change the queue and record a label in one transaction."""

    def _insert_decision(self, db: sqlite3.Connection, d: Decision) -> int:
        cursor = db.execute(
            "INSERT INTO decisions (arxiv_id, title, label, section, source, detail, decided_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (d.arxiv_id, d.title, d.label, json.dumps(list(d.section)) if d.section else None, d.source, d.detail,
             self._stamp()),
        )
        assert cursor.lastrowid is not None  # an INSERT always sets it
        return cursor.lastrowid

    def record_decisions(self, decisions: Iterable[Decision], *,
                         unless_same_from: Iterable[str] = ()) -> list[Decision]:
        """Record decisions in one transaction; returns those written.

        With `unless_same_from`, a decision is skipped when the paper's latest decision from one of those sources
        already says the same (label and section): re-deriving known facts adds nothing.
        """
        sources = tuple(unless_same_from)
        written = []
        with self.transaction() as db:
            for d in decisions:
                if sources:
                    marks = ",".join("?" * len(sources))
                    row = db.execute(
                        f"SELECT {_COLUMNS} FROM decisions d LEFT JOIN papers p ON p.arxiv_id = d.arxiv_id"
                        f" WHERE d.arxiv_id = ? AND d.source IN ({marks}) ORDER BY d.id DESC LIMIT 1",
                        (d.arxiv_id, *sources),
                    ).fetchone()
                    if row is not None and d.same_verdict(_row(row)):
                        continue
                written.append(self._insert_decision(db, d))
        return [d for d in self.decisions() if d.id in set(written)]

    def record_decision(self, decision: Decision) -> Decision:
        return self.record_decisions([decision])[0]

    def decisions(self, untrained_only: bool = False, latest_only: bool = False) -> list[Decision]:
        """Decisions in the order they were made; `latest_only` keeps each paper's most recent one."""
        sql = f"SELECT {_COLUMNS} FROM decisions d LEFT JOIN papers p ON p.arxiv_id = d.arxiv_id"
        if untrained_only:
            sql += " WHERE d.trained = 0"
        out = [_row(r) for r in self._read(sql + " ORDER BY d.id")]
        if latest_only:
            last = {d.arxiv_id: d for d in out}
            out = [d for d in out if last[d.arxiv_id] is d]
        return out

    def count_decisions(self, untrained_only: bool = False) -> int:
        sql = "SELECT COUNT(*) FROM decisions" + (" WHERE trained = 0" if untrained_only else "")
        return int(self._read(sql)[0][0])

    def mark_trained(self, up_to_id: int) -> int:
        """Mark decisions up to `up_to_id` as used by a training run; returns how many changed."""
        with self.transaction() as db:
            return db.execute("UPDATE decisions SET trained = 1 WHERE id <= ? AND trained = 0", (up_to_id,)).rowcount

    # --- triage decisions ------------------------------------------------------------------------------------
    def decide_triage(self, arxiv_id: str, status: str, section: tuple[str, ...] | None = None, *,
                      title: str = "", detail: str = "") -> Decision | None:
        """Set a queued paper's status and record its label (accepted: positive, rejected: negative) atomically."""
        return self.decide_triage_many([(arxiv_id, status, section, title, detail)])[0]

    def decide_triage_many(
        self, rows: Iterable[tuple[str, str, tuple[str, ...] | None, str, str]]
    ) -> list[Decision | None]:
        """Apply (arxiv_id, status, section, title, detail) rows in ONE transaction: all of them or none."""
        ids: list[int | None] = []
        with self.transaction() as db:
            for arxiv_id, status, section, title, detail in rows:
                if status not in ("accepted", "rejected", "skipped"):
                    raise ValueError(f"not a triage decision: {status!r}")
                section = tuple(section) if status == "accepted" and section else None
                if status == "accepted" and not section:
                    raise ValueError(f"{arxiv_id}: accepting needs a section")
                changed = db.execute(
                    "UPDATE triage SET status = ?, section = ?, decided_at = ? WHERE arxiv_id = ?",
                    (status, json.dumps(list(section)) if section else None, self._stamp(), arxiv_id),
                ).rowcount
                if not changed:
                    raise ValueError(f"{arxiv_id} is not in the triage queue")
                db.execute("DELETE FROM decisions WHERE arxiv_id = ? AND source = 'triage' AND trained = 0",
                           (arxiv_id,))
                if status == "skipped":
                    ids.append(None)
                    continue
                label = "positive" if status == "accepted" else "negative"
                ids.append(self._insert_decision(db, Decision(arxiv_id, title or arxiv_id, label, section, "triage",
                                                              detail)))
        by_id = {d.id: d for d in self.decisions()}
        return [by_id.get(i) if i is not None else None for i in ids]

    def undo_triage(self, arxiv_id: str) -> None:
        """Put a decided paper back in the queue and withdraw the label its triage decision recorded."""
        with self.transaction() as db:
            db.execute("UPDATE triage SET status = 'pending', section = NULL, decided_at = NULL WHERE arxiv_id = ?",
                       (arxiv_id,))
            row = db.execute("SELECT MAX(id) FROM decisions WHERE arxiv_id = ? AND source = 'triage'",
                             (arxiv_id,)).fetchone()
            if row and row[0] is not None:
                db.execute("DELETE FROM decisions WHERE id = ?", (row[0],))

    def enqueue_triage(self, items: Iterable[TriageItem]) -> None:
        """Put papers a maintainer asked to review into the triage queue (a decided paper keeps its status)."""
        with self.transaction() as db:
            self._write_triage(db, items)

    def papers_announced(self, day: date) -> list[Paper]:
        """Papers first announced on `day`, by arXiv id."""
        rows = self._read("SELECT record FROM papers WHERE first_announced = ? ORDER BY arxiv_id", (day.isoformat(),))
        return [Paper.from_dict(json.loads(r[0])) for r in rows]
