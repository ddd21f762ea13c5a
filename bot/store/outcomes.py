"""What happened to each paper, the triage queue, and maintainers' decisions, on top of the state file's core."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.kinds import OutcomeKind
from bot.paper import Paper
from bot.redact import redact
from bot.store.base import Recorded, StoreBase, _iso

log = logging.getLogger(__name__)

TRIAGE_STATUSES = ("pending", "accepted", "rejected", "skipped")


@dataclass(frozen=True)
class PaperOutcome:
    """A paper's latest fate (bot.kinds.OutcomeKind: proposed, triage, irrelevant, listed, already-proposed,
    rejected, failed)."""

    arxiv_id: str
    outcome: OutcomeKind
    detail: str = ""
    section: tuple[str, ...] | None = None
    relevance: float | None = None
    day: date | None = None
    branch: str | None = None


@dataclass(frozen=True)
class TriageItem:
    """A paper waiting for (or given) a maintainer's look, with the prediction that sent it here."""

    arxiv_id: str
    day: date | None
    reason: str
    prediction: dict[str, Any]
    status: str = "pending"
    section: tuple[str, ...] | None = None
    paper: Paper | None = None


def _path(value: tuple[str, ...] | None) -> str | None:
    return json.dumps(list(value)) if value else None


def _unpath(text: str | None) -> tuple[str, ...] | None:
    return tuple(json.loads(text)) if text else None


def _prediction(arxiv_id: str, text: str) -> dict[str, Any]:
    """A queued paper's stored prediction; a damaged one is shown as none (the paper can still be decided)."""
    try:
        record = json.loads(text)
    except (TypeError, ValueError) as exc:
        log.warning("the stored prediction of %s is unreadable (%s); it is shown without one", arxiv_id, exc)
        return {}
    return record if isinstance(record, dict) else {}


class OutcomesMixin(StoreBase):
    """Outcome, triage and decision tables; every method is one transaction."""

    def _write_outcomes(self, db: sqlite3.Connection, outcomes: Iterable[PaperOutcome], run_id: int | None) -> None:
        stamp = self._stamp()
        db.executemany(
            "INSERT OR REPLACE INTO outcomes (arxiv_id, outcome, detail, section, relevance, day, branch, run_id,"
            " decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(o.arxiv_id, OutcomeKind(o.outcome).value, redact(o.detail), _path(o.section), o.relevance, _iso(o.day),
              o.branch, run_id, stamp)
             for o in outcomes],
        )

    def _write_triage(self, db: sqlite3.Connection, items: Iterable[TriageItem]) -> None:
        stamp = self._stamp()
        db.executemany(
            "INSERT INTO triage (arxiv_id, day, reason, prediction, status, queued_at)"
            " VALUES (?, ?, ?, ?, 'pending', ?)"
            " ON CONFLICT(arxiv_id) DO UPDATE SET reason = excluded.reason, prediction = excluded.prediction"
            " WHERE triage.status = 'pending'",
            [(t.arxiv_id, _iso(t.day), t.reason, json.dumps(t.prediction, sort_keys=True), stamp) for t in items],
        )

    def complete_day(
        self,
        day: date,
        listings: Iterable[Paper],
        outcomes: Iterable[PaperOutcome],
        triage: Iterable[TriageItem] = (),
        *,
        source: str,
        categories: Iterable[str],
        run_id: int | None = None,
    ) -> Recorded:
        """Record a day's papers, every paper's outcome and its triage entries, and mark the day processed:
        atomically."""
        with self.transaction() as db:
            tally = self._record(db, listings, run_id)
            self._write_outcomes(db, outcomes, run_id)
            self._write_triage(db, triage)
            db.execute(
                "INSERT OR REPLACE INTO days (day, source, categories, papers, completed_at, run_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (day.isoformat(), source, ",".join(categories), len(tally.new) + len(tally.known) + len(tally.updated),
                 self._stamp(), run_id),
            )
            return tally.freeze()

    def record_outcomes(self, outcomes: Iterable[PaperOutcome], run_id: int | None = None) -> None:
        with self.transaction() as db:
            self._write_outcomes(db, outcomes, run_id)

    def outcomes(self, arxiv_ids: Iterable[str]) -> dict[str, PaperOutcome]:
        ids = list(arxiv_ids)
        found: dict[str, PaperOutcome] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            rows = self._read(
                "SELECT arxiv_id, outcome, detail, section, relevance, day, branch FROM outcomes"
                f" WHERE arxiv_id IN ({','.join('?' * len(chunk))})", chunk,
            )
            for a, outcome, detail, section, relevance, day, branch in rows:
                found[a] = PaperOutcome(a, OutcomeKind(outcome), detail, _unpath(section), relevance,
                                        date.fromisoformat(day) if day else None, branch)
        return found

    def outcome_counts(self) -> dict[OutcomeKind, int]:
        rows = self._read("SELECT outcome, COUNT(*) FROM outcomes GROUP BY outcome")
        return {OutcomeKind(k): int(v) for k, v in rows}

    # --- triage ------------------------------------------------------------------------------------------------
    def triage_items(self, status: str | None = "pending", day: date | None = None) -> list[TriageItem]:
        """Queued papers (oldest day first), with their stored paper records."""
        sql = ("SELECT t.arxiv_id, t.day, t.reason, t.prediction, t.status, t.section, p.record FROM triage t"
               " LEFT JOIN papers p ON p.arxiv_id = t.arxiv_id WHERE 1 = 1")
        params: list[object] = []
        if status:
            sql += " AND t.status = ?"
            params.append(status)
        if day:
            sql += " AND t.day = ?"
            params.append(day.isoformat())
        rows = self._read(sql + " ORDER BY t.day, t.queued_at, t.arxiv_id", params)
        return [
            TriageItem(a, date.fromisoformat(d) if d else None, reason, _prediction(a, pred), st, _unpath(sec),
                       Paper.from_dict(json.loads(rec)) if rec else None)
            for a, d, reason, pred, st, sec, rec in rows
        ]

    def set_triage_status(self, arxiv_id: str, status: str, section: tuple[str, ...] | None = None) -> None:
        """Record a maintainer's triage decision (or undo it with status 'pending')."""
        if status not in TRIAGE_STATUSES:
            raise ValueError(f"unknown triage status {status!r}; one of {', '.join(TRIAGE_STATUSES)}")
        with self.transaction() as db:
            db.execute(
                "UPDATE triage SET status = ?, section = ?, decided_at = ? WHERE arxiv_id = ?",
                (status, _path(section), None if status == "pending" else self._stamp(), arxiv_id),
            )
