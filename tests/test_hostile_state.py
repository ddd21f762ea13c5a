"""Tampered or broken files and credentials: model files, the SQLite state file, the config, the token. Each gives a
clear error (through `litbot run` where a user would meet it); a tampered model is refused and never executed."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import sys
import textwrap
from pathlib import Path

import pytest

from bot.cli import main
from bot.errors import StoreError
from bot.store import Store
from classifiers import persist
from tests.conftest import FAKE_GITHUB_TOKEN, REPO
from tests.reliability import day_file, day_papers  # noqa: F401 (day_file: fixture)

SHIPPED = REPO / "data" / "model"


@pytest.fixture
def run_cli(tmp_path, monkeypatch, capsys, git_clone):
    """`litbot run --load DAY --local CLONE` with extra arguments; returns (exit code, stdout + stderr)."""
    day = tmp_path / "day.jsonl"
    day.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in day_papers()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("LITBOT_") or n == "GITHUB_TOKEN"]:
        monkeypatch.delenv(name)

    def run(*extra: str, repo: tuple[str, ...] = ("--local", str(git_clone))) -> tuple[int, str]:
        code = main(["run", "--load", str(day), "--state", str(tmp_path / "state.sqlite"), *repo, *extra])
        out = capsys.readouterr()
        return code, out.out + out.err

    return run


# ----- model files -----
def _model_copy(tmp_path: Path) -> Path:
    target = tmp_path / "model"
    shutil.copytree(SHIPPED, target)
    return target


def _evil_module(tmp_path: Path, monkeypatch) -> object:
    """A class whose unpickling writes a marker file: the side effect a malicious model would have."""
    (tmp_path / "evil_payload.py").write_text(textwrap.dedent("""
        import pathlib
        class Evil:
            def __init__(self, marker):
                self.marker = marker
            def __setstate__(self, state):
                pathlib.Path(state["marker"]).write_text("pwned")
                self.__dict__.update(state)
    """), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import evil_payload

    return evil_payload


def corrupt(model: Path, tmp_path: Path, monkeypatch) -> str:
    (model / persist.MODEL_FILE).write_bytes(os.urandom(4096))
    return "corrupt or unreadable"


def truncated(model: Path, tmp_path: Path, monkeypatch) -> str:
    data = (model / persist.MODEL_FILE).read_bytes()
    (model / persist.MODEL_FILE).write_bytes(data[: len(data) // 2])
    return "corrupt or unreadable"


def pickle_file(model: Path, tmp_path: Path, monkeypatch) -> str:
    import pickle

    (model / persist.MODEL_FILE).write_bytes(pickle.dumps({"relevance": [1, 2, 3]}))
    return "corrupt or unreadable"


def other_format(model: Path, tmp_path: Path, monkeypatch) -> str:
    meta = (model / persist.META_FILE).read_text(encoding="utf-8").replace('"format": 1', '"format": 99')
    (model / persist.META_FILE).write_text(meta, encoding="utf-8")
    return "has format 99"


def metadata_not_an_object(model: Path, tmp_path: Path, monkeypatch) -> str:
    (model / persist.META_FILE).write_text("[1, 2, 3]\n", encoding="utf-8")
    return "is not a JSON object"


def untrusted_class(model: Path, tmp_path: Path, monkeypatch) -> str:
    import skops.io as sio

    evil = _evil_module(tmp_path, monkeypatch)
    sio.dump({"relevance": evil.Evil(str(tmp_path / "pwned"))}, model / persist.MODEL_FILE)
    del sys.modules["evil_payload"]  # loading must not even import it
    return "types litbot does not trust: evil_payload.Evil"


def untrusted_function(model: Path, tmp_path: Path, monkeypatch) -> str:
    import skops.io as sio

    sio.dump({"relevance": os.system}, model / persist.MODEL_FILE)
    return "types litbot does not trust: posix.system"


MODELS = {f.__name__.replace("_", " "): f for f in (corrupt, truncated, pickle_file, other_format,
                                                   metadata_not_an_object, untrusted_class, untrusted_function)}


@pytest.mark.parametrize("tamper", MODELS.values(), ids=MODELS.keys())
def test_a_broken_or_tampered_model_is_refused_with_a_clear_message(tmp_path, monkeypatch, run_cli, tamper):
    model = _model_copy(tmp_path)
    message = tamper(model, tmp_path, monkeypatch)
    code, out = run_cli("--model", str(model))
    assert code == 1 and message in out, out
    assert not (tmp_path / "pwned").exists() and "evil_payload" not in sys.modules
    with Store(tmp_path / "state.sqlite") as store:
        assert store.outcome_counts() == {} and store.last_processed_day() is None


# ----- the SQLite state file -----
def test_a_corrupt_state_file_is_a_store_error_and_the_cli_says_so(tmp_path, run_cli):
    (tmp_path / "state.sqlite").write_bytes(b"SQLite format 2\x00" + os.urandom(8000))
    code, out = run_cli()
    assert code == 1 and "error: cannot open state file" in out and "file is not a database" in out, out


def test_a_truncated_state_file_is_a_store_error(tmp_path, run_cli):
    assert run_cli()[0] == 0
    data = (tmp_path / "state.sqlite").read_bytes()
    (tmp_path / "state.sqlite").write_bytes(data[: len(data) // 2])
    code, out = run_cli()
    assert code == 1 and "state file" in out and "malformed" in out, out


@pytest.mark.parametrize("lock", ["EXCLUSIVE", "IMMEDIATE"])
def test_a_locked_state_file_is_a_store_error_not_a_hang(tmp_path, lock):
    path = tmp_path / "state.sqlite"
    Store(path).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute(f"BEGIN {lock}")  # another litbot (or a sqlite3 shell) holds the file
    try:
        with pytest.raises(StoreError, match="is locked"):
            with Store(path, busy_timeout=0.05) as store:
                store.start_run("run")
    finally:
        other.execute("ROLLBACK")
        other.close()
    with Store(path) as store:  # and nothing was half-written
        assert store.runs() == []


def test_a_half_written_local_pr_record_is_a_clear_error_not_a_traceback(tmp_path, run_cli, git_clone):
    assert run_cli()[0] == 0
    (record,) = (git_clone / ".git" / "litbot").glob("*.json")
    record.write_text(record.read_text(encoding="utf-8")[:40], encoding="utf-8")  # as a crash mid-write would
    (tmp_path / "state.sqlite").unlink()  # so the day is proposed again and the PR records are read
    code, out = run_cli()
    assert code == 1 and "local PR record" in out and "unreadable" in out, out
    assert not list(record.parent.glob(".*")), "no temporary files are left behind"


# ----- config -----
def test_a_config_with_wrong_types_and_unknown_keys_lists_every_problem(tmp_path, run_cli, monkeypatch):
    (tmp_path / "litbot.toml").write_text(textwrap.dedent("""
        [pr]
        daily_cap = "fifteen"
        colour = "red"
        [arxiv]
        categories = "cs.CL"
        [plugins]
        load = "evil"
    """), encoding="utf-8")
    monkeypatch.setenv("LITBOT_STATE_RETRAIN_AFTER", "soon")
    code, out = run_cli()
    assert code == 1
    for problem in ("pr.daily_cap: got 'fifteen', expected a whole number", "pr.colour: unknown key",
                    "arxiv.categories: got 'cs.CL', expected a list of strings", "[plugins]: unknown section",
                    "LITBOT_STATE_RETRAIN_AFTER: got 'soon'"):
        assert problem in out, out
    assert not (tmp_path / "state.sqlite").exists()


# ----- the token -----
def test_a_missing_token_is_a_config_error_before_any_request(run_cli, github_fake):
    code, out = run_cli(repo=("--repo", github_fake.full_name))
    assert code == 1 and "GITHUB_TOKEN is not set" in out, out
    assert github_fake.requests == []


def test_a_token_without_push_rights_stops_at_the_first_write_and_is_never_printed(run_cli, monkeypatch, github_fake):
    monkeypatch.setenv("GITHUB_TOKEN", FAKE_GITHUB_TOKEN)
    monkeypatch.setenv("LITBOT_REPO_API_URL", github_fake.base_url)
    github_fake.fail(403, "POST", r"/git/refs$", message="Resource not accessible by personal access token")
    code, out = run_cli("--json", repo=("--repo", github_fake.full_name))
    assert code == 1 and "the token lacks permission" in out, out
    assert FAKE_GITHUB_TOKEN not in out
    assert [r.method for r in github_fake.requests if r.method != "GET"] == ["POST"]
    assert github_fake.pulls == [] and list(github_fake.branches) == ["main"]





def test_a_full_disk_at_the_record_step_is_a_failed_run_not_an_ok_one(tmp_path, day_file, git_clone):
    """The disk fills while the day is being recorded (RLIMIT_FSIZE: the state file cannot grow at COMMIT)."""
    import resource
    import signal

    from bot.config import Config, PrConfig
    from bot.local_repo import LocalRepo
    from bot.pipeline import Pipeline, RunRequest
    from tests.reliability import CAP, DAY, shipped_classifier

    path = tmp_path / "state.sqlite"
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)

    def disk_fills(point: str) -> None:
        if point == "after-pr-before-record":
            resource.setrlimit(resource.RLIMIT_FSIZE, (path.stat().st_size, hard))

    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
    try:
        with Store(path) as store:
            pipeline = Pipeline(Config(pr=PrConfig(daily_cap=CAP)), store=store, repo=LocalRepo(git_clone),
                                source=None, load_classifier=lambda taxonomy: shipped_classifier(),
                                say=lambda _: None, checkpoint=disk_fills)
            report = pipeline.run(RunRequest(load=(day_file,)))
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)
    assert not report.ok and any("is the disk full?" in e for e in report.errors), report.errors
    with Store(path) as store:
        (run,) = store.runs()
        assert run["status"] == "failed" and "is the disk full?" in run["errors"][0], run
        assert store.processed_days(DAY, DAY) == set() and store.outcome_counts() == {}


# ----- options and files a user can get wrong: a one-line message that says what, never a traceback -----
def _file(name: str, data: bytes):
    def make(tmp_path: Path) -> list[str]:
        (tmp_path / name).write_bytes(data)
        return ["--load", str(tmp_path / name)]
    return make


def _config(text: str | None):
    def make(tmp_path: Path) -> list[str]:
        if text is None:
            (tmp_path / "litbot.toml").mkdir()  # a directory where the config file should be
        else:
            (tmp_path / "litbot.toml").write_text(text, encoding="utf-8")
        return []
    return make


ATOM = (REPO / "tests" / "fixtures" / "arxiv" / "arxiv_rss_atom_cs.AI_2025-08-20_trimmed.xml").read_bytes()
MISTAKES = {
    "--until without --since": (lambda tmp: ["--until", "2025-06-10"], "--until needs --since"),
    "--since after --until": (lambda tmp: ["--since", "2025-06-11", "--until", "2025-06-10"],
                              "--since 2025-06-11 is after --until 2025-06-10"),
    "a .gz that is not gzip": (_file("day.jsonl.gz", b'{"arxiv_id": "2506.00001"}\n'), "is not gzip data"),
    "non-UTF-8 JSONL": (_file("day.jsonl", b'{"arxiv_id": "2506.00001", "title": "Caf\xe9"}\n'),
                        "day.jsonl:1: not UTF-8 text (byte 0xe9)"),
    "an empty --load file": (_file("empty.jsonl", b"\n"), "empty.jsonl is empty: there are no papers in it"),
    "a truncated Atom file": (_file("day.xml", ATOM[: len(ATOM) // 2]), "day.xml is truncated or not XML"),
    "a directory as the config": (_config(None), "cannot read config file litbot.toml: Is a directory"),
    "an unknown schedule.timezone": (_config('[schedule]\ntimezone = "Mars/Olympus"\n'),
                                     "schedule.timezone: got 'Mars/Olympus', expected an IANA time zone name"),
    "arxiv.delay_seconds = inf": (_config("[arxiv]\ndelay_seconds = inf\n"),
                                  "arxiv.delay_seconds: got inf, expected a number of seconds from 0 to 600"),
}


@pytest.mark.parametrize("mistake, message", MISTAKES.values(), ids=MISTAKES.keys())
def test_a_wrong_option_or_input_file_is_one_clear_error_and_nothing_is_recorded(tmp_path, run_cli, mistake, message):
    code, out = run_cli(*mistake(tmp_path))
    assert code == 1 and message in out, out
    assert "Traceback" not in out and "unexpected" not in out and "arXiv sent" not in out, out
    if (tmp_path / "state.sqlite").exists():
        with Store(tmp_path / "state.sqlite") as store:
            assert store.last_processed_day() is None and store.outcome_counts() == {}
            assert all(run["status"] == "failed" for run in store.runs())


def test_a_state_file_failing_its_integrity_check_is_refused_and_the_message_says_it_can_be_moved_aside(
        tmp_path, run_cli):
    assert run_cli()[0] == 0
    path = tmp_path / "state.sqlite"
    db = sqlite3.connect(path)
    db.execute("PRAGMA writable_schema = ON")  # the index now claims to hold what it does not: a damaged file
    db.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX outcomes_day ON outcomes(outcome)' "
               "WHERE name = 'outcomes_day'")
    db.commit()
    db.close()
    code, out = run_cli()
    assert code == 1 and f"state file {path} is damaged" in out, out
    assert f"move it aside (mv {path} {path}.damaged)" in out and "Traceback" not in out, out


def test_a_state_file_that_is_no_database_says_it_can_be_moved_aside(tmp_path, run_cli):
    (tmp_path / "state.sqlite").write_bytes(b"not a database at all, just text " * 200)
    code, out = run_cli()
    assert code == 1 and "file is not a database" in out and "The state file is a cache: move it aside" in out, out


# ----- a triage CSV as people and spreadsheets write them, and a damaged triage queue -----
def _batch(tmp_path: Path, data: bytes) -> int:
    from tests.test_triage_batch import README

    (tmp_path / "decisions.csv").write_bytes(data)
    return main(["triage", "--batch", str(tmp_path / "decisions.csv"), "--state", str(tmp_path / "s.sqlite"),
                 "--readme", str(README), "--data", str(tmp_path)])


def test_a_triage_csv_saved_by_excel_with_a_byte_order_mark_is_applied(tmp_path, capsys):
    from tests.test_triage_session import queue_papers, state

    queue_papers(tmp_path / "s.sqlite", n=2)
    code = _batch(tmp_path, "\ufeffarxiv_id,decision,section\r\n2506.00001,reject,\r\n2506.00002,skip,\r\n"
                  .encode("utf-8"))
    assert code == 0, capsys.readouterr().err
    assert state(tmp_path) == {"2506.00001": ("rejected", None), "2506.00002": ("skipped", None)}


def test_a_csv_field_over_the_csv_modules_limit_is_a_bad_row_not_a_traceback(tmp_path, capsys):
    from tests.test_triage_session import queue_papers, state

    queue_papers(tmp_path / "s.sqlite", n=2)
    before = state(tmp_path)
    code = _batch(tmp_path, b'2506.00001,reject,\n2506.00002,accept,"' + b"x" * 200_000 + b'"\n')
    err = capsys.readouterr().err
    assert code == 1 and "1 bad row, nothing was applied" in err and "line 2: unreadable CSV" in err, err
    assert "Traceback" not in err and state(tmp_path) == before


def test_200000_bad_rows_are_counted_and_the_first_few_named(tmp_path, capsys):
    from bot.triage.batch import PROBLEMS_SHOWN
    from tests.test_triage_session import queue_papers

    queue_papers(tmp_path / "s.sqlite", n=1)
    code = _batch(tmp_path, b"".join(b"2599.%05d,reject,\n" % (i % 100_000) for i in range(200_000)))
    err = capsys.readouterr().err
    assert code == 1 and "200000 bad rows, nothing was applied" in err and "... and 199980 more bad rows" in err
    assert err.count("unknown arXiv id") == PROBLEMS_SHOWN and len(err) < 5_000, len(err)


def test_a_damaged_prediction_in_the_triage_queue_still_lets_the_paper_be_decided(tmp_path, capsys):
    from tests.test_triage_session import queue_papers, state

    queue_papers(tmp_path / "s.sqlite", n=3)
    with Store(tmp_path / "s.sqlite") as store, store.transaction() as db:
        db.execute("UPDATE triage SET prediction = '{\"sections\": [[\"A\", \"B\"' WHERE arxiv_id = '2506.00001'")
        db.execute("UPDATE triage SET prediction = "
                   "'{\"sections\": [{\"path\": [\"A\"], \"score\": \"high\"}], \"why\": 7}' "
                   "WHERE arxiv_id = '2506.00002'")
    code = _batch(tmp_path, b"2506.00001,reject,\n2506.00002,accept,Speculative Decoding\n2506.00003,accept,\n")
    out = capsys.readouterr()
    assert code == 0, out.err
    assert [s for s, _ in state(tmp_path).values()] == ["rejected", "accepted", "accepted"]


# models, state file (corrupt, truncated, two locks, a full disk, failing its integrity check, not a database), a
# half-written PR record, a bad config, the token (missing, no push rights), mistaken options and files, triage
# CSVs (a BOM, a 200 KB field, 200,000 bad rows) and a damaged triage prediction
HOSTILE_INPUTS = len(MODELS) + 7 + 1 + 1 + 2 + len(MISTAKES) + 3 + 1
