"""A broken or odd README in the repository: `litbot run` either edits it insert-only, byte for byte around its
entries, or stops with a clear message before writing anything."""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

import pytest

from bot.config import Config, PrConfig
from bot.local_repo import LocalRepo
from bot.pipeline import Pipeline, RunRequest
from bot.readme import parse
from bot.store import Store
from tests.conftest import REPO, init_clone
from tests.reliability import CAP, DAY, day_file, day_papers, shipped_classifier  # noqa: F401 (day_file: fixture)

BASE = (REPO / "data" / "survey_README.md").read_bytes()
BRANCH = f"litbot/arxiv-{DAY}"


def _flattened_copies(n: int) -> bytes:
    """The README plus n copies of its body with the headings turned into plain text: same sections, far bigger."""
    body = b"".join(line.lstrip(b"#") if line.startswith(b"#") else line for line in BASE.splitlines(keepends=True))
    return BASE + b"\n" + body * n


EDITED = {  # the run proposes and edits insert-only
    "CRLF line endings": BASE.replace(b"\n", b"\r\n"),
    "a byte-order mark": b"\xef\xbb\xbf" + BASE,
    "10x its size": _flattened_copies(9),
}
REFUSED = {  # the run stops with this message and writes nothing
    "no headings at all": (b"".join(line for line in BASE.splitlines(keepends=True) if not line.startswith(b"#")),
                           "no section headings"),
    "binary junk": (bytes(random.Random(9).randrange(256) for _ in range(20_000)), "not UTF-8 text"),
    "10 copies of itself": (BASE * 10, "twice"),
    "double-encoded (mojibake)": (BASE.decode("mac_roman").encode("utf-8"),
                                  "repair the README with `litbot lint --fix`"),
}
HOSTILE_INPUTS = len(EDITED) + len(REFUSED)


def clone_with(path: Path, readme: bytes) -> Path:
    return init_clone(path, readme, "Snapshot")


def run(tmp_path: Path, clone: Path, day_file: Path):
    with Store(tmp_path / "state.sqlite") as store:
        pipeline = Pipeline(Config(pr=PrConfig(daily_cap=CAP)), store=store, repo=LocalRepo(clone), source=None,
                            load_classifier=lambda taxonomy: shipped_classifier(), say=lambda _: None)
        report = pipeline.run(RunRequest(load=(day_file,)))
        return report, store.processed_days(DAY, DAY), store.outcomes(p.arxiv_id for p in day_papers())


@pytest.mark.parametrize("readme", EDITED.values(), ids=EDITED.keys())
def test_an_odd_readme_is_edited_insert_only_in_its_own_style(tmp_path, day_file, readme):
    clone = clone_with(tmp_path / "survey", readme)
    report, days, outcomes = run(tmp_path, clone, day_file)
    assert report.ok and report.proposed == CAP, report.errors
    assert days == {DAY} and len(outcomes) == len(day_papers())
    after = subprocess.run(["git", "show", f"{BRANCH}:README.md"], cwd=clone, capture_output=True, check=True).stdout
    old, new = readme.splitlines(keepends=True), after.splitlines(keepends=True)
    added = list(new)
    for line in old:  # every old line survives, byte for byte and in order
        added.remove(line)
    assert len(added) == CAP and after.startswith(readme[:3])
    ending = b"\r\n" if b"\r\n" in readme else b"\n"
    assert all(line.endswith(ending) and line.startswith(b"- ") for line in added)
    text = after.decode("utf-8")
    assert parse(text).render() == text


@pytest.mark.parametrize("readme, message", REFUSED.values(), ids=REFUSED.keys())
def test_a_readme_litbot_cannot_place_papers_in_stops_the_run_before_any_write(tmp_path, day_file, readme, message):
    clone = clone_with(tmp_path / "survey", readme)
    report, days, outcomes = run(tmp_path, clone, day_file)
    assert not report.ok and any(message in e for e in report.errors), report.errors
    assert not any("re-train it" in e for e in report.errors), "the README's damage is not the model's"
    assert days == set() and outcomes == {}
    branches = subprocess.run(["git", "branch", "--list", "litbot/*"], cwd=clone, capture_output=True, text=True)
    assert branches.stdout == ""


def test_litbot_train_refuses_a_readme_whose_headings_are_double_encoded(tmp_path, capsys):
    from bot.cli import main

    readme = tmp_path / "README.md"
    readme.write_bytes(REFUSED["double-encoded (mojibake)"][0])
    code = main(["train", "--readme", str(readme), "--out", str(tmp_path / "model"), "--limit", "50"])
    err = capsys.readouterr().err
    assert code == 1 and "double-encoded UTF-8 (mojibake: `" in err and "litbot lint --fix" in err, err
    assert not (tmp_path / "model").exists(), "nothing is trained on the damaged names"
