"""Every console example in README.md, run offline as written, with its documented output compared.

The examples run in one prepared folder, in README order, so that later examples see what earlier ones left (the
local PR of `litbot run` is the one `litbot comment` reviews): `README.md` is a copy of the survey README in a git
repository on `main`; `clone` (the `make demo` clone) and `survey` are clones of it, and `survey` gets a run of
the recorded day into `state.sqlite` before the triage example, whose queue it needs; `data/` and `tests/` point
at the checkout; `> FILE` writes stdout to the file as the shell would; the sample
files the README text describes (three papers for `refresh`, one good and one bad line for `classify`, a
`decisions.csv` with three bad rows) are written just before their example. Output is compared line by line after
masking what changes from run to run (timings, the temporary folder, hashes); a documented line `...` stands for
any number of lines. Examples that need the network, run for minutes or wait for keys are listed in SKIPPED with
the reason, and a new example that is in neither list fails the test.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli import main
from tests.conftest import init_clone

REPO = Path(__file__).resolve().parent.parent
SAMPLE = "data/samples/arxiv-2025-06-10.atom.xml"
SHA = "0123456789abcdef0123456789abcdef01234567"

SKIPPED = {  # the start of the command -> why it is not run here
    "pip install": "needs the network; tests/test_wheel.py installs litbot from a wheel",
    "git add .github/workflows && git commit": "the five-minute guide; tests/test_five_minutes.py runs its block",
    "litbot init --workflow --action OWNER/litbot@COMMIT_SHA": "tests/test_five_minutes.py runs the guide's block",
    "litbot run --dry-run --local . --state ../litbot-try.sqlite": "tests/test_five_minutes.py runs the guide",
    "make demo": "runs the whole demo in a fresh venv (minutes); its steps are the examples below",
    "make test": "is the test suite itself",
    "litbot -v serve": "a daemon that runs until SIGTERM, logging clock times; tests/test_schedule*.py drive it",
    "litbot train --out data/model": "trains the shipped model (minutes), would overwrite data/model; its numbers "
                                     "are checked against data/model/model.json below",
    "litbot evaluate": "replays the held-out reading days (minutes) and writes reports/; its "
                         "numbers are checked against reports/report.md below",
    "litbot triage --state state.sqlite --local survey --data /tmp/demo --no-browser":
        "interactive, one key a paper; tests/test_triage*.py press the keys",
    ".venv/bin/python bench/": "benchmarks: timings and minutes of work; `make bench` runs them",
    ".venv/bin/python -m pytest": "a part of the test suite",
}


# ----- reading the README -----
def examples() -> list[tuple[int, str, list[str]]]:
    """(README line, command, documented output lines) for each `$ ` line of every ```console block."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    out: list[tuple[int, str, list[str]]] = []
    for block in re.finditer(r"^( *)```console\n(.*?)^\1```", text, re.DOTALL | re.MULTILINE):
        indent, first = len(block.group(1)), text.count("\n", 0, block.start(2)) + 1
        lines = [line[indent:] for line in block.group(2).splitlines()]
        i = 0
        while i < len(lines):
            line = lines[i]
            if line.startswith("$ "):
                command, start = line[2:], i
                while command.endswith("\\") and i + 1 < len(lines):
                    i += 1
                    command = command[:-1].rstrip() + " " + lines[i].strip()
                out.append((first + start, command, []))
            else:
                out[-1][2].append(line)
            i += 1
    return out


def reason_skipped(command: str) -> str | None:
    return next((why for start, why in SKIPPED.items() if command.startswith(start)), None)


# ----- comparing, with what changes from run to run masked -----
MASKS: list[tuple[str, str]] = [
    (r'("(?:fetch|dedupe|classify|propose|record|learn)": )\d+(\.\d+)?', r"\1<seconds>"),  # run --json timings
    (r"\s+\d+\.\d+ │$", " <seconds> │"),                   # the seconds column of the run table
    (r"(?<![\w.~])/(?:[\w.+-]+/)+", "<dir>/"),              # absolute folders (the temporary one, /tmp/demo)
    (r"\b[0-9a-f]{12,40}\b", "<sha>"),                      # commit and data hashes
]


def masked(line: str) -> str:
    for pattern, replacement in MASKS:
        line = re.sub(pattern, replacement, line)
    return line.rstrip()


def mismatch(documented: list[str], printed: str) -> str | None:
    """None when the printed lines are the documented ones (masked; `...` matches any run of lines), else why not."""
    got = [masked(line) for line in printed.splitlines()]
    want = [masked(line) for line in documented]
    chunks: list[list[str]] = [[]]
    for line in want:
        if line.strip() == "...":
            chunks.append([])
        else:
            chunks[-1].append(line)
    at = 0
    for n, chunk in enumerate(chunks):
        if not chunk:
            continue
        anchored = n == 0  # the first chunk starts the output unless the example begins with `...`
        spots = [at] if anchored else range(at, len(got) - len(chunk) + 1)
        found = next((s for s in spots if got[s:s + len(chunk)] == chunk), None)
        if found is None:
            near = next((s for s in spots if s < len(got) and got[s] == chunk[0]), at)
            diff = [f"- {w}\n+ {g}" for w, g in zip(chunk, got[near:near + len(chunk)] + [""] * len(chunk)) if w != g]
            return "documented lines not printed:\n" + "\n".join(diff[:8])
        at = found + len(chunk)
    if chunks[-1] and at != len(got):
        return "printed more than documented:\n" + "\n".join(got[at:at + 8])
    return None


# ----- the files the README text describes, written just before their example -----
def three_papers(work: Path) -> None:
    """`refresh`: "a hand-written three-paper sample": one accepted with code, one not accepted, one workshop."""
    papers = [
        {"arxiv_id": "2403.03507", "title": "GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection",
         "abstract": "Training LLMs with less memory.", "journal_ref": "ICML 2024",
         "comments": "Code is available at https://github.com/jiaweizzhao/GaLore"},
        {"arxiv_id": "2407.02490", "title": "MInference 1.0: Accelerating Pre-filling for Long-Context LLMs via "
         "Dynamic Sparse Attention", "abstract": "Sparse attention for pre-filling.",
         "comments": "Submitted to NeurIPS 2024"},
        {"arxiv_id": "2410.18517", "title": "KVSharer: Efficient Inference via Layer-Wise Dissimilar KV Cache Sharing",
         "abstract": "Sharing KV caches across layers.",
         "comments": "Accepted at the ICML 2024 Workshop on Efficient Systems for Foundation Models"},
    ]
    (work / "papers.jsonl").write_text("".join(json.dumps(p) + "\n" for p in papers), encoding="utf-8")


def one_paper_one_bad_line(work: Path) -> None:
    """`classify`: the CodeGEMM paper from the stream and a line that is not JSON."""
    import gzip

    with gzip.open(REPO / "data" / "negatives.jsonl.gz", "rt", encoding="utf-8") as stream:
        paper = next(json.loads(line) for line in stream if '"2512.17970"' in line)
    good = {key: paper[key] for key in ("arxiv_id", "title", "abstract")}
    (work / "papers.jsonl").write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")


def broken_tag_on_a_branch(work: Path) -> None:
    """`lint --diff main`: the README gains, at line 320, a 2025 entry whose venue tag is closed with `/ins>`."""
    lines = (work / "README.md").read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(319, "- NewKV: A Cache Trick, <ins>arXiv, 2025/ins> [[Paper](https://arxiv.org/abs/2506.00001)]\n")
    (work / "README.md").write_text("".join(lines), encoding="utf-8")


def maintainer_reviews(work: Path) -> None:
    """`learn`: on `survey`, the maintainer moves #2 and drops #5 of the day's PR and merges it, and closes (deletes)
    the branch of the `add` example; once, before the first of the two `learn` runs."""
    if (work / "survey" / ".git" / "refs" / "heads" / "litbot" / "arxiv-2025-06-12").exists() is False:
        return
    assert main(["-q", "comment", "--local", "survey", "--pr", "2025-06-10",
                 "--text", "@litbot move 2 to kv cache\n@litbot drop 5"]) == 0
    for args in (["merge", "-q", "--no-ff", "-m", "Merge the daily PR", "litbot/arxiv-2025-06-10"],
                 ["branch", "-q", "-D", "litbot/arxiv-2025-06-12"]):
        subprocess.run(["git", *args], cwd=work / "survey", check=True, capture_output=True)


def back_to_main(work: Path) -> None:
    subprocess.run(["git", "checkout", "--", "README.md"], cwd=work, check=True, capture_output=True)


def decisions_with_three_bad_rows(work: Path) -> None:
    """`triage --batch`: one good row (a paper the run queued), then a bad section, decision and id."""
    from bot.store import Store

    with Store(work / "state.sqlite") as store:
        queued = [item.arxiv_id for item in store.triage_items()[:3]]
    (work / "decisions.csv").write_text(
        "arxiv_id,decision,section\n"
        f"{queued[0]},accept,\n"
        f"{queued[1]},accept,Weight-Only Quant\n"
        f"{queued[2]},maybe,\n"
        "2506.99999,reject,\n", encoding="utf-8")


BEFORE: dict[str, Callable[[Path], None]] = {
    "litbot refresh": three_papers,
    "litbot classify --input": one_paper_one_bad_line,
    "litbot lint --readme README.md --diff main": broken_tag_on_a_branch,
    "litbot learn --local survey --state state.sqlite --data /tmp/demo --no-retrain": maintainer_reviews,
    "litbot triage --batch": lambda work: (day_run_on_survey(work), decisions_with_three_bad_rows(work)),
}
AFTER: dict[str, Callable[[Path], None]] = {"litbot lint --readme README.md --diff main": back_to_main}
EXIT = {  # the start of the command -> its documented exit status, where it is not 0
    "litbot lint": 1,                                          # error-level findings remain
    "litbot triage --batch": 1,                                # bad rows: nothing applied
    "litbot add 2403.01241 --section": 1,                      # already listed
}


def hooked(hooks: dict[str, Callable[[Path], None]], command: str, work: Path) -> None:
    for start, hook in hooks.items():
        if command.startswith(start):
            hook(work)


# ----- the folder the examples run in -----
@pytest.fixture
def work(tmp_path, monkeypatch, survey_readme_text, capsys) -> Path:
    readme = survey_readme_text.encode("utf-8")
    work = init_clone(tmp_path / "work", readme)
    for name in ("data", "tests"):
        (work / name).symlink_to(REPO / name)
    (work / "work" / "demo").mkdir(parents=True)
    init_clone(work / "work" / "demo" / "Efficient-LLMs-Survey", readme)  # `make demo`'s clone, for `comment`
    (work / "clone").symlink_to(work / "work" / "demo" / "Efficient-LLMs-Survey")
    init_clone(work / "survey", readme)
    (work / ".git" / "info" / "exclude").write_text("*\n!README.md\n", encoding="utf-8")
    monkeypatch.chdir(work)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    return work


def day_run_on_survey(work: Path) -> None:
    """What the triage and add examples start from: the recorded day run on `survey`, its queue in state.sqlite."""
    assert main(["-q", "run", "--load", SAMPLE, "--local", "survey", "--state", "state.sqlite"]) == 0


def argv_of(command: str, work: Path) -> list[str]:
    command = re.sub(r"\$\(git -C path/to/litbot rev-parse HEAD\)", SHA, command)
    command = re.sub(r"\$'((?:[^'\\]|\\.)*)'",  # bash's $'...' quoting, as the comment example uses
                     lambda m: shlex.quote(m.group(1).encode().decode("unicode_escape")), command)
    command = command.replace("/tmp/demo", str(work / "demo"))
    argv = shlex.split(command)
    return argv[1:] if argv[0] in ("litbot", ".venv/bin/litbot") else argv


def test_every_console_example_is_run_or_skipped_with_a_reason():
    runnable = ("litbot ", ".venv/bin/litbot ", "head -c ")
    unknown = [(line, cmd) for line, cmd, _ in examples() if not reason_skipped(cmd) and not cmd.startswith(runnable)]
    assert unknown == []
    used = {start for start in SKIPPED if any(cmd.startswith(start) for _, cmd, _ in examples())}
    assert used == set(SKIPPED), "a skip reason for an example the README no longer has"


def test_the_readme_examples_print_what_they_show(work, capsys):
    failures, ran = [], 0
    for line, command, documented in examples():
        if reason_skipped(command):
            continue
        hooked(BEFORE, command, work)
        argv = argv_of(command, work)
        capsys.readouterr()
        if argv[:2] == ["head", "-c"]:
            printed = (work / argv[3]).read_text(encoding="utf-8")[:int(argv[2])] + "\n"
        else:
            into = argv.index(">") if ">" in argv else None  # `> FILE`: stdout into the file, as the shell does
            try:
                code = main(argv[:into])
            except SystemExit as exit_:  # argparse's --help
                code = exit_.code
            out, err = capsys.readouterr()
            if into is not None:
                (work / argv[into + 1]).write_text(out, encoding="utf-8")
                out = ""
            printed = out + err
            hooked(AFTER, command, work)
            expected = next((c for start, c in EXIT.items() if command.startswith(start)), 0)
            if code != expected:
                failures.append(f"README line {line}: `{command}` exited {code}, not {expected}:\n{err[-1500:]}")
                continue
        ran += 1
        why = mismatch(documented, printed)
        if why:
            failures.append(f"README line {line}: `{command}`\n{why}\nit printed:\n{printed[:3000]}")
    assert not failures, "\n\n".join(failures)
    assert ran >= 14

    # what the README says of the reviewed PR after the `comment` example: its last two commits and its title line
    clone = work / "work" / "demo" / "Efficient-LLMs-Survey"
    subjects = subprocess.run(["git", "log", "-2", "--format=%s", "litbot/arxiv-2025-06-10"], cwd=clone, check=True,
                              capture_output=True, text=True).stdout.splitlines()
    title = re.search(r"litbot proposes \d+ papers", (clone / ".git/litbot/arxiv-2025-06-10.md").read_text()).group()
    prose = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    said = f"The branch then ends in `{subjects[1]}` and `{subjects[0]}`, and the PR reads \"{title}\""
    assert said in prose


def test_the_train_example_shows_the_shipped_model():
    """`litbot train` takes minutes, so its example is checked against the record the shipped model keeps of its
    training (data/model/model.json): every count, threshold and the data hash; only the seconds may differ."""
    documented = next(out for _, cmd, out in examples() if cmd.startswith("litbot train --out data/model"))
    meta = json.loads((REPO / "data" / "model" / "model.json").read_text(encoding="utf-8"))
    facts, oof = meta["training"], meta["training"]["relevance_out_of_fold"]
    read = facts["read_in_scope"]
    expected = [str(facts["listed_papers"] - read), str(read), str(facts["with_abstract"]), str(facts["negatives"]),
                str(len(meta["taxonomy"])), f"{facts['relevance_threshold']:.4f}", f"{oof['oof_recall']:.3f}",
                f"{oof['oof_flags_per_1000']:.1f}", f"{facts['propose_above']:.4f}", f"{facts['triage_below']:.4f}",
                meta["training_data_sha256"][:12]]
    text = re.sub(r"in [\d.]+s$", "", "\n".join(documented), flags=re.MULTILINE)  # the seconds it took
    shown = re.findall(r"\b(?:\d+\.\d+|\d[\d,]*|[0-9a-f]{12})\b", text)
    assert [s for s in shown if s != "1,000"] == expected  # "per 1,000" is prose


def test_the_evaluate_example_shows_the_committed_report():
    """`litbot evaluate` takes minutes, so its example is checked against the report it wrote (reports/report.md):
    the section scores, the relevance split and every row of the test days' judgment table."""
    documented = next(out for _, cmd, out in examples() if cmd.startswith("litbot evaluate"))
    report = (REPO / "reports" / "report.md").read_text(encoding="utf-8")
    rows = {cells[0].strip(): [c.strip() for c in cells[1:]]
            for cells in (line.strip("|").split("|") for line in report.splitlines() if line.startswith("| "))}
    names = {"section model": "model", "section tfidf+LinearSVC": "tfidf+LinearSVC",
             "section keyword rules": "keyword rules"}
    test_days = False
    for line in documented:
        scores = re.match(r"(section .+?)\s+top-1 ([\d.]+)\s+top-3 ([\d.]+)\s+macro-F1 ([\d.]+)$", line)
        if scores:
            assert rows[names[scores.group(1)]][:3] == list(scores.groups()[1:]), line
        elif line.startswith("relevance (time split"):
            split, recall, later, flags = re.findall(r"[\d][\d.-]*", line)[:4]
            assert f"Time split at {split}" in report and f"**{recall}**" in report, line
            assert f"the {later} survey papers added later" in report and f"**{flags}**" in report, line
        elif line.startswith("shipped model on"):
            papers, flags = re.findall(r"[\d.]+", line)[:2]
            assert f"of {papers} papers = **{flags} per 1,000**" in report, line
        elif line.startswith("judgment on the test"):
            test_days = True
        elif test_days and line.startswith("  "):
            measure, value = re.split(r"\s{2,}", line.strip())
            assert rows[measure] == [value], line
    assert test_days
