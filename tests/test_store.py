"""The state file remembers every paper and version seen, which days are done and what each run did."""

import sqlite3
from datetime import date, datetime, timezone

import pytest

from bot.errors import StoreError
from bot.paper import Paper
from bot.store import MIGRATIONS, SCHEMA_VERSION, Store


def listing(ident, kind="new", day="2025-08-20", **kw):
    return Paper(ident, f"Title of {ident}", "Abstract.", announce_type=kind, announce_date=day,
                 categories=("cs.CL",), **kw)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "state.sqlite", now=lambda: datetime(2025, 8, 20, 6, tzinfo=timezone.utc)) as opened:
        yield opened


def test_new_file_gets_the_current_schema(store):
    assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)


def test_discoveries_are_new_once_then_known(store):
    first = store.record_papers([listing("2508.00001v1"), listing("2508.00002v1", "cross")])
    again = store.record_papers([listing("2508.00001v1")])
    assert first.new == ("2508.00001", "2508.00002") and again.new == () and again.known == ("2508.00001",)
    assert store.count_papers() == 2


def test_replacement_of_a_seen_paper_is_a_version_update(store):
    store.record_papers([listing("2508.00001v1")])
    result = store.record_papers([listing("2508.00001v2", "replace", day="2025-08-25")])
    assert result.updated == ("2508.00001",) and result.new == ()
    assert store.versions("2508.00001") == (1, 2)
    assert store.paper("2508.00001").announce_date == date(2025, 8, 20)  # first announcement is kept
    assert store.paper("2508.00001").version == 2


def test_replacement_of_an_unseen_paper_is_never_a_new_paper(store):
    result = store.record_papers([listing("2401.00001v3", "replace-cross")])
    assert result.ignored == ("2401.00001",) and store.paper("2401.00001") is None


def test_later_metadata_fills_a_known_paper(store):
    store.record_papers([listing("2508.00001v1")])
    store.record_papers([listing("2508.00001v1", comments="Accepted to ICLR 2026", doi="10.1/x")])
    paper = store.paper("2508.00001")
    assert paper.comments == "Accepted to ICLR 2026" and paper.doi == "10.1/x"


def test_processed_days_cursor_finds_missed_weekdays(store):
    store.record_day(date(2025, 8, 18), [listing("2508.00001v1", day="2025-08-18")], source="rss",
                     categories=["cs.CL"])
    store.record_day(date(2025, 8, 20), [], source="rss", categories=["cs.CL"])
    assert store.processed_days(date(2025, 8, 1), date(2025, 8, 31)) == {date(2025, 8, 18), date(2025, 8, 20)}
    # 2025-08-23/24 are a weekend: nothing is announced, so nothing is missing.
    assert store.missing_days(date(2025, 8, 18), date(2025, 8, 25)) == [
        date(2025, 8, 19), date(2025, 8, 21), date(2025, 8, 22), date(2025, 8, 25)]
    assert store.last_processed_day() == date(2025, 8, 20)


def test_a_crash_mid_write_leaves_nothing_behind(store):
    def listings():
        yield listing("2508.00001v1")
        raise RuntimeError("killed mid-run")

    with pytest.raises(RuntimeError):
        store.record_day(date(2025, 8, 20), listings(), source="rss", categories=["cs.CL"])
    assert store.count_papers() == 0
    assert store.processed_days(date(2025, 8, 20), date(2025, 8, 20)) == set()


def test_runs_are_recorded(store):
    run = store.start_run("fetch")
    store.finish_run(run, status="partial", counts={"new": 3}, errors=["2025-08-19: HTTP 503"])
    [latest] = store.runs()
    assert latest["command"] == "fetch" and latest["status"] == "partial"
    assert latest["counts"] == {"new": 3} and latest["errors"] == ["2025-08-19: HTTP 503"]
    assert latest["started_at"] == "2025-08-20T06:00:00+00:00"


def test_a_second_run_on_the_same_state_file_is_refused_until_the_first_finishes(tmp_path, store):
    first = store.start_run("run")
    with Store(tmp_path / "state.sqlite") as other:
        with pytest.raises(StoreError, match=rf"another litbot process .*run {first} \(run\), started 2025-08-20"):
            other.start_run("fetch")
        other.record_papers([listing("2508.00001v1")])  # short commands still write beside a long run
        store.finish_run(first, status="ok", counts={})
        second = other.start_run("fetch")
        other.finish_run(second, status="ok", counts={})
    assert [(r["id"], r["status"]) for r in store.runs()] == [(second, "ok"), (first, "ok")]


def test_a_run_its_process_never_finished_is_marked_abandoned_by_the_next(tmp_path, caplog):
    path = tmp_path / "state.sqlite"
    crashed = Store(path)
    cut_off = crashed.start_run("run")
    crashed.close()  # what the OS does to a killed process: the lock goes, the row still says "running"
    with Store(path) as store:
        assert store.runs()[0]["status"] == "running"
        nxt = store.start_run("run")
        store.finish_run(nxt, status="ok", counts={})
        runs = {r["id"]: r for r in store.runs()}
    assert runs[cut_off]["status"] == "abandoned" and runs[cut_off]["finished_at"]
    assert runs[cut_off]["errors"] == ["the process ended without finishing (killed or crashed)"]
    assert runs[nxt]["status"] == "ok"
    assert f"run {cut_off} (run, started" in caplog.text


def lock_files(folder):
    return sorted(p.name for p in folder.glob("*.lock"))


def test_no_lock_file_stays_behind_after_a_run_ends_fails_or_is_interrupted(tmp_path):
    path = tmp_path / "state.sqlite"
    with Store(path) as store:
        run = store.start_run("run")
        assert lock_files(tmp_path) == ["state.sqlite.lock"]
        store.finish_run(run, status="ok", counts={})
        assert lock_files(tmp_path) == []
    for interruption in (StoreError("a failure mid-run"), KeyboardInterrupt()):
        with pytest.raises(type(interruption)):
            with Store(path) as store:
                store.start_run("run")
                raise interruption
        assert lock_files(tmp_path) == []
    (tmp_path / "state.sqlite.lock").write_text("")  # left by a process killed with SIGKILL
    with Store(path) as store:
        store.finish_run(store.start_run("run"), status="ok", counts={})
    assert lock_files(tmp_path) == []


def test_state_survives_reopening(tmp_path):
    path = tmp_path / "state.sqlite"
    with Store(path) as store:
        store.record_papers([listing("2508.00001v1")])
    with Store(path) as store:
        assert store.seen(["2508.00001", "2508.00002"]) == {"2508.00001"}


def test_older_schema_is_migrated_forward(tmp_path):
    path = tmp_path / "state.sqlite"
    sqlite3.connect(path).close()  # an empty file at schema 0
    with Store(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        store.record_papers([listing("2508.00001v1")])


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_unreadable_file_is_a_store_error(tmp_path):
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError):
        Store(path)
