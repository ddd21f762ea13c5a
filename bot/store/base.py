"""The state file's core: opening and migrating it, transactions, papers seen (all versions), the days cursor, runs.

Every write happens in one transaction, so a crash leaves the file as it was before the write began.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, Self

from bot.errors import StoreError
from bot.paper import Paper
from bot.redact import redact
from bot.store.lease import RunLease
from bot.store.schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recorded:
    """What recording a batch of listings did, by arXiv id."""

    new: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    known: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()


@dataclass
class _Tally:
    new: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    known: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def freeze(self) -> Recorded:
        return Recorded(tuple(self.new), tuple(self.updated), tuple(self.known), tuple(self.ignored))


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


class StoreBase:
    """An open state file: connection, migrations, transactions, papers, the days cursor and runs."""

    def __init__(self, path: str | Path, now: Callable[[], datetime] = _utcnow, busy_timeout: float = 10.0) -> None:
        """`busy_timeout`: seconds to wait for another process's lock before giving up with StoreError."""
        self.path = str(path)
        self._now = now
        self._lease = RunLease(self.path)
        self._open_runs: set[int] = set()
        try:
            self._db = sqlite3.connect(self.path, isolation_level=None, timeout=busy_timeout)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._check_integrity()
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open state file {self.path}: {exc}{self._aside()}") from exc

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._lease.release()
        self._db.close()

    def _aside(self) -> str:
        """What to do with a state file that cannot be used: it is a cache, so it can be moved aside."""
        if self.path in ("", ":memory:"):
            return ""
        return (f". The state file is a cache: move it aside (mv {self.path} {self.path}.damaged) and the next run "
                "starts a new one from the README and litbot's PRs (the triage queue starts empty)")

    def _check_integrity(self) -> None:
        """Refuse a damaged file (a torn write, a bad disk) before anything is read from it or written to it."""
        found = [row[0] for row in self._db.execute("PRAGMA integrity_check(3)").fetchall()]
        if found != ["ok"]:
            raise StoreError(f"state file {self.path} is damaged (SQLite's integrity check: "
                             f"{'; '.join(found)[:300]}){self._aside()}")

    # --- schema ------------------------------------------------------------------------------------------------
    @property
    def schema_version(self) -> int:
        return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"state file {self.path} has schema {current}, newer than this litbot understands ({SCHEMA_VERSION})"
            )
        for number in range(current + 1, SCHEMA_VERSION + 1):
            log.info("migrating %s to schema %d", self.path, number)
            try:
                self._db.executescript(
                    f"BEGIN IMMEDIATE;\n{MIGRATIONS[number - 1]}\nPRAGMA user_version = {number};\nCOMMIT;"
                )
            except sqlite3.Error:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One all-or-nothing write; sqlite errors come out as StoreError."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"state file {self.path} is busy or unreadable: {exc}") from exc
        try:
            yield self._db
            self._db.execute("COMMIT")  # inside the try: a full disk fails here, and must not pass for success
        except BaseException as exc:
            if self._db.in_transaction:
                try:
                    self._db.execute("ROLLBACK")
                except sqlite3.Error:  # the failure that brought us here is the one to report
                    log.debug("rollback of %s failed too", self.path, exc_info=True)
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"write to {self.path} failed and was rolled back: {exc}{_hint(exc)}") from exc
            raise

    # --- papers ------------------------------------------------------------------------------------------------
    def record_papers(self, papers: Iterable[Paper], run_id: int | None = None) -> Recorded:
        """Record listings in one transaction: discoveries of unseen papers are new, a higher version of a
        known paper is an update, a replacement of a paper never seen is ignored (never a new paper)."""
        with self.transaction() as db:
            return self._record(db, papers, run_id).freeze()

    def record_day(
        self, day: date, papers: Iterable[Paper], *, source: str, categories: Iterable[str], run_id: int | None = None
    ) -> Recorded:
        """Record one announce day's listings and mark the day processed, atomically."""
        with self.transaction() as db:
            tally = self._record(db, papers, run_id)
            db.execute(
                "INSERT OR REPLACE INTO days (day, source, categories, papers, completed_at, run_id)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (day.isoformat(), source, ",".join(categories), len(tally.new) + len(tally.known)
                 + len(tally.updated), self._stamp(), run_id),
            )
            return tally.freeze()

    def _record(self, db: sqlite3.Connection, papers: Iterable[Paper], run_id: int | None) -> _Tally:
        tally = _Tally()
        stamp = self._stamp()
        for paper in papers:
            row = db.execute("SELECT latest_version, record FROM papers WHERE arxiv_id = ?",
                             (paper.arxiv_id,)).fetchone()
            version = paper.version or 0
            if row is None and not paper.is_discovery:
                tally.ignored.append(paper.arxiv_id)
                continue
            if row is None:
                db.execute(
                    "INSERT INTO papers (arxiv_id, title, latest_version, first_announced, first_seen, last_seen,"
                    " record) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (paper.arxiv_id, paper.title, version, _iso(paper.announce_date), stamp, stamp,
                     json.dumps(paper.to_dict())),
                )
                tally.new.append(paper.arxiv_id)
            else:
                merged = Paper.from_dict(json.loads(row[1]))
                merged = merged.with_metadata(paper) if merged.announce_date else paper.with_metadata(merged)
                db.execute(
                    "UPDATE papers SET latest_version = MAX(latest_version, ?), last_seen = ?, record = ?"
                    " WHERE arxiv_id = ?",
                    (version, stamp, json.dumps(merged.to_dict()), paper.arxiv_id),
                )
                (tally.updated if version > row[0] else tally.known).append(paper.arxiv_id)
            db.execute(
                "INSERT OR IGNORE INTO paper_versions (arxiv_id, version, announce_date, announce_type, seen_at,"
                " run_id) VALUES (?, ?, ?, ?, ?, ?)",
                (paper.arxiv_id, version, _iso(paper.announce_date), paper.announce_type, stamp, run_id),
            )
        return tally

    def paper(self, arxiv_id: str) -> Paper | None:
        row = self._read("SELECT record FROM papers WHERE arxiv_id = ?", (arxiv_id,))
        return Paper.from_dict(json.loads(row[0][0])) if row else None

    def fetched_papers(self) -> list[Paper]:
        """Every paper fetched so far, in arXiv id order (a new list's training negatives come from here)."""
        return [Paper.from_dict(json.loads(r[0])) for r in self._read("SELECT record FROM papers ORDER BY arxiv_id")]

    def versions(self, arxiv_id: str) -> tuple[int, ...]:
        rows = self._read("SELECT version FROM paper_versions WHERE arxiv_id = ? ORDER BY version", (arxiv_id,))
        return tuple(r[0] for r in rows)

    def seen(self, arxiv_ids: Iterable[str]) -> set[str]:
        ids = list(arxiv_ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(r[0] for r in self._read(f"SELECT arxiv_id FROM papers WHERE arxiv_id IN ({marks})", chunk))
        return found

    def count_papers(self) -> int:
        return int(self._read("SELECT COUNT(*) FROM papers")[0][0])

    # --- the processed-days cursor -----------------------------------------------------------------------------
    def processed_days(self, since: date, until: date) -> set[date]:
        rows = self._read("SELECT day FROM days WHERE day BETWEEN ? AND ?", (since.isoformat(), until.isoformat()))
        return {date.fromisoformat(r[0]) for r in rows}

    def missing_days(self, since: date, until: date) -> list[date]:
        """Weekdays in [since, until] that no run has fully processed yet, oldest first."""
        done = self.processed_days(since, until)
        days = (since + timedelta(days=n) for n in range((until - since).days + 1))
        return [d for d in days if d.weekday() < 5 and d not in done]

    def last_processed_day(self) -> date | None:
        row = self._read("SELECT MAX(day) FROM days")
        return date.fromisoformat(row[0][0]) if row and row[0][0] else None

    # --- runs --------------------------------------------------------------------------------------------------
    def start_run(self, command: str) -> int:
        """Record a run as started, holding the state file's run lock until `finish_run` or `close`.

        Raises StoreError, naming the other run, while another process holds the lock. Runs still marked
        "running" once the lock is ours were cut off (killed or crashed) and are marked "abandoned".
        """
        if not self._open_runs:
            self._lease.acquire(self._running_run)
            self._abandon_dead_runs()
        with self.transaction() as db:
            cursor = db.execute("INSERT INTO runs (command, started_at) VALUES (?, ?)", (command, self._stamp()))
            run_id = cursor.lastrowid
            assert run_id is not None  # an INSERT always sets it
        self._open_runs.add(run_id)
        return run_id

    def finish_run(self, run_id: int, *, status: str, counts: dict[str, int], errors: Iterable[str] = ()) -> None:
        try:
            with self.transaction() as db:
                db.execute(
                    "UPDATE runs SET finished_at = ?, status = ?, counts = ?, errors = ? WHERE id = ?",
                    (self._stamp(), status, json.dumps(counts, sort_keys=True),
                     json.dumps([redact(str(e)) for e in errors]), run_id),
                )
        finally:
            self._open_runs.discard(run_id)
            if not self._open_runs:
                self._lease.release()

    def _running_run(self) -> str:
        row = self._read("SELECT id, command, started_at FROM runs WHERE status = 'running' ORDER BY id DESC LIMIT 1")
        return f"run {row[0][0]} ({row[0][1]}), started {row[0][2]}" if row else "a run not yet recorded"

    def _abandon_dead_runs(self) -> None:
        with self.transaction() as db:
            dead = db.execute("SELECT id, command, started_at FROM runs WHERE status = 'running'").fetchall()
            db.execute("UPDATE runs SET status = 'abandoned', finished_at = ?, errors = ? WHERE status = 'running'",
                       (self._stamp(), json.dumps(["the process ended without finishing (killed or crashed)"])))
        for run_id, command, started in dead:
            log.warning("run %s (%s, started %s) never finished; marked abandoned", run_id, command, started)

    def runs(self, limit: int = 20) -> list[dict[str, object]]:
        rows = self._read(
            "SELECT id, command, started_at, finished_at, status, counts, errors FROM runs ORDER BY id DESC LIMIT ?",
            (limit,),
        )
        keys = ("id", "command", "started_at", "finished_at", "status", "counts", "errors")
        out = [dict(zip(keys, row)) for row in rows]
        for run in out:
            run["counts"] = json.loads(str(run["counts"]))
            run["errors"] = json.loads(str(run["errors"]))
        return out

    # --- helpers -----------------------------------------------------------------------------------------------
    def _read(self, sql: str, params: Iterable[object] = ()) -> list[tuple]:
        try:
            return self._db.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read state file {self.path}: {exc}") from exc

    def _stamp(self) -> str:
        return self._now().isoformat(timespec="seconds")


def _hint(exc: sqlite3.Error) -> str:
    """What to do about a failed write, when sqlite says enough to tell."""
    text = str(exc).lower()
    if "full" in text or "disk i/o" in text:
        return " (is the disk full? free some space, then run again)"
    if "readonly" in text or "read-only" in text:
        return " (litbot cannot write the state file or its folder: check the permissions)"
    return ""


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
