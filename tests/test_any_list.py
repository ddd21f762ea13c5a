"""Bring your own list, end to end and offline: `litbot init --readme` on the diffusion list, `litbot fetch` of
recorded days, `litbot train` on its entries and those fetched papers, `litbot run --local` of another recorded
day: new papers land as the list's own four-line items, newest first, every other byte untouched."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import subprocess
from pathlib import Path

import pytest

from bot.cli import main
from bot.errors import ModelError
from bot.readme import parse
from bot.style import infer
from bot.style.model import normalise_space
from classifiers.predict import Classifier
from tests.conftest import init_clone

ROOT = Path(__file__).resolve().parent.parent
LIST = ROOT / "tests" / "fixtures" / "lists" / "awesome-diffusion-models.six-per-section.md"
STREAM = ROOT / "tests" / "fixtures" / "arxiv" / "stream_2025-06-09_2025-06-13.jsonl.gz"
DAY = ROOT / "data" / "samples" / "arxiv-2025-06-10.atom.xml"
REPO = "hee9joon/Awesome-Diffusion-Models"
SKIPPED = ["Introductory Posts", "Introductory Papers", "Introductory Videos", "Introductory Lectures",
           "Tutorial and Jupyter Notebook", "Survey"]


@pytest.fixture(scope="module")
def own_list(tmp_path_factory):
    """A folder where the four steps ran: (folder, clone, the outputs of init, train and run)."""
    home = tmp_path_factory.mktemp("own-list")
    (home / "work").mkdir()
    clone = init_clone(home / "work" / "Awesome-Diffusion-Models", LIST.read_bytes(), "List snapshot")
    out = {}
    steps = {
        "init": ["init", "--readme", str(clone / "README.md"), "--repo", REPO],
        "fetch": ["fetch", "--load", str(STREAM), "--since", "2025-06-11", "--until", "2025-06-13"],
        "train": ["train"],
        "run": ["run", "--local", str(clone), "--load", str(DAY), "--no-learn", "--json"],
    }
    import contextlib
    import io
    import os

    cwd = os.getcwd()
    os.chdir(home)
    try:
        for name, argv in steps.items():
            buffer = io.StringIO()
            with contextlib.redirect_stdout(buffer):
                code = main(argv)
            out[name] = (code, buffer.getvalue())
    finally:
        os.chdir(cwd)
    return home, clone, out


def _git(clone: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=clone, check=True, capture_output=True, text=True).stdout


def test_init_writes_a_config_for_the_list_with_its_skips_depth_and_style(own_list):
    home, _, out = own_list
    code, printed = out["init"]
    assert code == 0 and f"wrote litbot.toml for {REPO}" in printed
    from bot.config import load_config

    config = load_config(home / "litbot.toml", {})
    assert (config.repo.target, config.repo.local_path, config.classifier.model_path) == (
        REPO, "work/Awesome-Diffusion-Models", "model")
    assert (config.list.style, config.list.leaf_depth, list(config.list.skip)) == ("learned", 2, SKIPPED)
    assert "#     **{title}** \\" in (home / "litbot.toml").read_text(encoding="utf-8")


def test_train_learns_the_list_from_its_entries_and_the_fetched_papers(own_list):
    home, _, out = own_list
    code, printed = out["train"]
    assert code == 0, printed
    assert f"trained for {REPO}" in printed and "354 fetched papers it does not list" in printed
    meta = json.loads((home / "model" / "model.json").read_text(encoding="utf-8"))
    assert meta["list"]["repo"] == REPO and meta["list"]["titles_only"] is True
    assert not any(path[0] in SKIPPED for path in meta["taxonomy"])
    assert len(meta["taxonomy"]) == 30


def test_the_model_refuses_another_list(own_list):
    home, clone, _ = own_list
    leaves = [tuple(p) for p in json.loads((home / "model" / "model.json").read_text(encoding="utf-8"))["taxonomy"]]
    assert Classifier.load(home / "model", taxonomy=leaves, list_repo=REPO).titles_only
    with pytest.raises(ModelError, match=f"trained for {REPO}.*not for someone/other-list"):
        Classifier.load(home / "model", taxonomy=leaves, list_repo="someone/other-list")
    with pytest.raises(ModelError, match="taxonomy"):  # the survey's sections
        Classifier.load(home / "model", taxonomy=parse((ROOT / "data" / "survey_README.md").read_text()).leaf_paths())
    with pytest.raises(ModelError, match="trained for the survey"):  # the shipped model has no list metadata
        Classifier.load(taxonomy=parse((ROOT / "data" / "survey_README.md").read_text()).leaf_paths(),
                        list_repo=REPO)


def test_run_adds_entries_in_the_lists_own_style_and_touches_nothing_else(own_list):
    _, clone, out = own_list
    code, printed = out["run"]
    report = json.loads(printed)
    assert code == 0 and report["proposed"] >= 5 and report["action"] == "opened", report
    before = LIST.read_bytes().decode("utf-8")
    after = _git(clone, "show", "litbot/arxiv-2025-06-10:README.md")
    ops = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False).get_opcodes()
    assert all(tag in ("equal", "insert") for tag, *_ in ops)  # every old line kept, in order
    doc, base = parse(after), parse(before)
    style = infer(base)
    new = [e for e in doc.entries if e.arxiv_id and e.arxiv_id.startswith("2506.")]
    assert len(new) == report["proposed"]
    for entry in new:
        assert entry.kind == "block" and entry.section[0] not in SKIPPED
        assert entry.date == dt.date(2025, 6, 10)
        lines = entry.raw.split("\n")
        assert lines[0].startswith("**") and lines[0].endswith("** \\") and lines[-1] == "10 Jun 2025"
        assert lines[-2].startswith("arXiv 2025. [[Paper](https://arxiv.org/abs/2506.")
        # newest first: the new item sits above every older one of its section, a blank line apart
        older = [e for e in doc.entries_in(entry.section) if e.date and e.date < entry.date]
        assert all(entry.line_no < e.line_no for e in older)
        assert doc.lines[entry.last_line + 1].strip() == ""
        template = style.for_section(entry.section)
        assert normalise_space(template.skeleton.split("\n")[0].replace("{title}", entry.title)) == \
            normalise_space(lines[0])
    body = (clone / ".git" / "litbot" / "arxiv-2025-06-10.md").read_text(encoding="utf-8")
    assert "```text\n**" in body and "\n10 Jun 2025\n```" in body


def test_lint_judges_the_list_by_its_own_style(capsys):
    assert main(["lint", "--readme", str(LIST), "--json"]) == 1  # two real slips remain
    findings = json.loads(capsys.readouterr().out)
    findings = findings["findings"] if isinstance(findings, dict) else findings
    assert sorted({f["name"] for f in findings}) == ["malformed-link", "year-order"]
    assert len(findings) == 3  # the survey's rules on every item: venue spellings, cross-listings and more


def _in_the_lists_style(clone: Path, branch: str, arxiv_id: str, section: tuple[str, ...]) -> None:
    """The paper sits on `branch` under `section` as the list's own four-line item, like the run's entries."""
    (entry,) = [e for e in parse(_git(clone, "show", f"{branch}:README.md")).entries if e.arxiv_id == arxiv_id]
    lines = entry.raw.split("\n")
    assert entry.kind == "block" and entry.section == section, entry
    assert lines[0].startswith("**") and lines[0].endswith("** \\") and lines[-1] == "10 Jun 2025", lines
    assert lines[-2].startswith(f"arXiv 2025. [[Paper](https://arxiv.org/abs/{arxiv_id}")


def _neither_proposed_nor_queued(home: Path, clone: Path) -> list[str]:
    """Papers of the recorded day that the run neither put on its branch nor queued for triage, first to last."""
    from bot.ingest import read_papers_file
    from bot.store import Store

    proposed = {e.arxiv_id for e in parse(_git(clone, "show", "litbot/arxiv-2025-06-10:README.md")).entries}
    with Store(home / ".litbot" / "state.sqlite") as store:
        queued = {t.arxiv_id for t in store.triage_items(status=None)}
    return [p.arxiv_id for p in read_papers_file(DAY) if p.arxiv_id not in proposed | queued]


def test_add_writes_the_entry_in_the_lists_own_style(own_list, monkeypatch, capsys):
    home, clone, _ = own_list
    monkeypatch.chdir(home)
    arxiv_id = _neither_proposed_nor_queued(home, clone)[0]
    leaf = parse(LIST.read_text(encoding="utf-8")).resolve_section("Video Generation")
    assert main(["add", arxiv_id, "--section", " > ".join(leaf), "--load", str(DAY), "--local", str(clone),
                 "--yes", "--date", "2025-06-12"]) == 0, capsys.readouterr()
    _in_the_lists_style(clone, "litbot/arxiv-2025-06-12", arxiv_id, leaf)


def test_triage_proposes_accepted_papers_in_the_lists_own_style(own_list, monkeypatch, capsys):
    """A paper the run queued for triage, accepted in a batch into a section of the maintainer's choosing."""
    from bot.store import Store

    home, clone, _ = own_list
    monkeypatch.chdir(home)
    monkeypatch.setenv("LITBOT_STATE_DIR", str(home / ".litbot"))  # the state the run wrote (as in its config)
    with Store(home / ".litbot" / "state.sqlite") as store:
        queued = [t.arxiv_id for t in store.triage_items()]
    assert queued, "the run queued nothing to triage"
    leaf = parse(LIST.read_text(encoding="utf-8")).resolve_section("Super Resolution")
    (home / "decisions.csv").write_text(f"arxiv_id,decision,section\n{queued[0]},accept,{' > '.join(leaf)}\n",
                                        encoding="utf-8")
    assert main(["triage", "--batch", "decisions.csv", "--propose", "--local", str(clone),
                 "--pr-date", "2025-06-13"]) == 0, capsys.readouterr()
    _in_the_lists_style(clone, "litbot/arxiv-2025-06-13", queued[0], leaf)


def test_refresh_rewrites_a_lists_items_in_their_own_template(tmp_path, monkeypatch, capsys):
    """Accepted preprints of the diffusion list get their venue and code link in the list's four-line item; an
    item its section's template cannot write back byte for byte is skipped, not reformatted; nothing else moves."""
    from bot.upkeep.refresh import candidates

    monkeypatch.chdir(tmp_path)
    doc = parse(LIST.read_text(encoding="utf-8"))
    style = infer(doc)
    from bot.style import parse_entry, render

    fits = [e for e in candidates(doc)
            if "\n".join(render(style.for_section(e.section), parse_entry(style, e.raw.split("\n")))) == e.raw]
    odd = [e for e in candidates(doc) if e not in fits]
    assert fits and odd
    papers = [{"arxiv_id": e.arxiv_id, "title": e.title, "abstract": "x", "journal_ref": "NeurIPS 2023",
               "comments": "Code: https://github.com/example/code"} for e in (fits[0], odd[0])]
    (tmp_path / "papers.jsonl").write_text("".join(json.dumps(p) + "\n" for p in papers), encoding="utf-8")
    (tmp_path / "litbot.toml").write_text('[list]\nstyle = "learned"\n', encoding="utf-8")
    assert main(["refresh", "--readme", str(LIST), "--load", "papers.jsonl", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (change,) = report["changes"]
    assert change["arxiv_id"] == fits[0].arxiv_id
    old, new = fits[0].raw.split("\n"), change["new_line"].split("\n")
    assert new[:2] == old[:2] and new[-1] == old[-1]  # title, authors and date as they were
    assert new[2] == (f"NeurIPS 2023. [[Paper](https://arxiv.org/abs/{fits[0].arxiv_id})] "
                      "[[Github](https://github.com/example/code)] \\")
    assert {(s["arxiv_id"], s["kind"]) for s in report["skipped"]} >= {(odd[0].arxiv_id, "other-style")}
