"""Interactive `litbot triage` driven through a pseudo-terminal: the store is checked after every key, Ctrl-C keeps
what was decided, and the accepted papers end up on the day's branch of a local clone."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pexpect
from bot.paper import Paper
from bot.readme import parse
from bot.store import Store, TriageItem

REPO = Path(__file__).resolve().parent.parent
README = REPO / "data" / "survey_README.md"
DAY = date(2025, 6, 10)
TIMEOUT = 15


def _leaf(name: str) -> tuple[str, ...]:
    return parse(README.read_text(encoding="utf-8")).resolve_section(name)


def queue_papers(path: Path, n: int = 4) -> list[Paper]:
    """A state file with n queued papers, each predicted into Weight-Only Quantization (alternatives follow)."""
    predicted = _leaf("Weight-Only Quantization")
    alt1, alt2 = _leaf("Speculative Decoding"), _leaf("KV-Cache Optimization")
    papers = [Paper(f"2506.{i:05d}v1", f"Queued Paper {i}: Faster Inference by Trick {i}",
                    f"We make LLM inference faster with trick number {i}.", categories=("cs.CL",),
                    announce_date=DAY, comments="Accepted at ICML 2025") for i in range(1, n + 1)]
    record = {"relevance": 0.8, "sections": [{"path": list(predicted), "score": 0.3},
                                             {"path": list(alt1), "score": 0.25}, {"path": list(alt2), "score": 0.1}],
              "why": {"terms": ["quantization"], "section_terms": ["weight", "bits"],
                      "nearest": [{"title": "GPTQ: Accurate Post-Training Quantization", "arxiv_id": "2210.17323"}]}}
    items = [TriageItem(p.arxiv_id, DAY, "needs_triage", {**record, "title": p.title}) for p in papers]
    with Store(path) as store:
        store.complete_day(DAY, papers, [], items, source="rss", categories=("cs.CL",))
    return papers


def spawn(tmp_path: Path, *extra: str, browser: str | None = None) -> pexpect.spawn:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", "LINES": "40", "TERM": "dumb"}
    if browser:
        env["BROWSER"] = browser  # the standard library's webbrowser runs this command with the URL
    args = ["-m", "bot", "triage", "--state", str(tmp_path / "s.sqlite"), "--readme", str(README),
            "--data", str(tmp_path), *([] if browser else ["--no-browser"]), *extra]
    return pexpect.spawn(sys.executable, args, cwd=str(REPO), env=env, encoding="utf-8", codec_errors="replace",
                         timeout=TIMEOUT,
                         dimensions=(40, 120))


def state(tmp_path: Path) -> dict[str, tuple[str, tuple[str, ...] | None]]:
    with Store(tmp_path / "s.sqlite") as store:
        return {t.arxiv_id: (t.status, t.section) for t in store.triage_items(status=None)}


def labels(tmp_path: Path) -> dict[str, tuple[str, tuple[str, ...] | None]]:
    with Store(tmp_path / "s.sqlite") as store:
        return {d.arxiv_id: (d.label, d.section) for d in store.decisions()}


def test_each_key_is_saved_at_once_and_undo_takes_the_last_decision_back(tmp_path):
    queue_papers(tmp_path / "s.sqlite")
    child = spawn(tmp_path, "--no-propose")
    child.expect(r"\[1/4\] 2506\.00001")
    child.expect("Weight-Only Quantization")
    child.expect(r"\[q\] quit")

    child.send("a")
    child.expect(r"accepted 2506\.00001")
    assert state(tmp_path)["2506.00001"] == ("accepted", _leaf("Weight-Only Quantization"))
    assert labels(tmp_path) == {"2506.00001": ("positive", _leaf("Weight-Only Quantization"))}

    child.expect(r"\[2/4\] 2506\.00002")
    child.send("r")
    child.expect(r"rejected 2506\.00002")
    assert state(tmp_path)["2506.00002"] == ("rejected", None)
    assert labels(tmp_path)["2506.00002"] == ("negative", None)

    child.expect(r"\[3/4\] 2506\.00003")
    child.send("o")
    child.expect(r"opening https://arxiv\.org/abs/2506\.00003")
    child.send("u")
    child.expect(r"undone: 2506\.00002 is pending again")
    child.expect(r"\[2/4\] 2506\.00002")
    assert state(tmp_path)["2506.00002"] == ("pending", None)
    assert "2506.00002" not in labels(tmp_path)

    child.send("s")
    child.expect(r"skipped 2506\.00002")
    assert state(tmp_path)["2506.00002"] == ("skipped", None) and "2506.00002" not in labels(tmp_path)

    child.expect(r"\[3/4\] 2506\.00003")
    child.send("c")
    child.expect("search section names")
    child.sendline("specul")
    child.expect(r"1\s+Speculative Decoding")
    child.expect("search section names")
    child.sendline("1")
    child.expect(r"accepted 2506\.00003 -> [^\r\n]*Speculative Decoding")
    assert state(tmp_path)["2506.00003"] == ("accepted", _leaf("Speculative Decoding"))

    child.expect(r"\[4/4\] 2506\.00004")
    child.send("q")
    child.expect("quit; decisions so far are saved")
    child.expect(r"3 decisions: 2 accepted, 0 rejected, 1 skipped")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert state(tmp_path)["2506.00004"] == ("pending", None)
    exported = (tmp_path / "decisions.jsonl").read_text()
    assert "2506.00001" in exported and "2506.00003" in exported and "2506.00002" not in exported


def test_ctrl_c_in_the_middle_keeps_the_decisions_made_so_far(tmp_path):
    queue_papers(tmp_path / "s.sqlite")
    child = spawn(tmp_path, "--no-propose")
    child.expect(r"\[1/4\]")
    child.send("r")
    child.expect(r"rejected 2506\.00001")
    child.expect(r"\[2/4\]")
    child.send("a")
    child.expect(r"accepted 2506\.00002")
    child.expect(r"\[3/4\]")
    child.expect(r"\[q\] quit")  # the whole screen is out: the tty discards unread output on Ctrl-C
    child.sendintr()
    child.expect("interrupted: the 2 decisions made are saved")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert state(tmp_path) == {"2506.00001": ("rejected", None),
                               "2506.00002": ("accepted", _leaf("Weight-Only Quantization")),
                               "2506.00003": ("pending", None), "2506.00004": ("pending", None)}
    assert set(labels(tmp_path)) == {"2506.00001", "2506.00002"}

    again = spawn(tmp_path, "--no-propose")  # the next session starts with what is still pending
    again.expect(r"\[1/2\] 2506\.00003")
    again.send("q")
    again.expect(pexpect.EOF)


def test_accepted_papers_are_proposed_on_the_days_branch_when_the_maintainer_says_yes(tmp_path, git_clone):
    queue_papers(tmp_path / "s.sqlite", n=2)
    child = spawn(tmp_path, "--local", str(git_clone), "--pr-date", "2025-06-10")
    child.expect(r"\[1/2\]")
    child.send("a")
    child.expect(r"\[2/2\]")
    child.send("c")
    child.expect("search section names")
    child.sendline("2")  # the first alternative: Speculative Decoding
    child.expect(r"accepted 2506\.00002")
    child.expect("end of the queue")
    child.send("x")
    child.expect(r"open a PR with the 2 accepted papers\? \[y/N\]")
    child.send("y")
    child.expect(r"opened local PR litbot/arxiv-2025-06-10")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = subprocess.run(["git", "show", "litbot/arxiv-2025-06-10:README.md"], cwd=git_clone, check=True,
                          capture_output=True, text=True).stdout
    doc = parse(text)
    placed = {e.arxiv_id: e.section for e in doc.entries if e.arxiv_id in ("2506.00001", "2506.00002")}
    assert placed == {"2506.00001": _leaf("Weight-Only Quantization"), "2506.00002": _leaf("Speculative Decoding")}
    assert "<ins>ICML, 2025</ins>" in text
    with Store(tmp_path / "s.sqlite") as store:
        assert {o.outcome for o in store.outcomes(["2506.00001", "2506.00002"]).values()} == {"proposed"}


def test_o_opens_the_paper_in_the_browser_and_the_session_goes_on(tmp_path):
    queue_papers(tmp_path / "s.sqlite", n=1)
    opened = tmp_path / "opened.txt"
    browser = f"{sys.executable} -c \"import sys; open({str(opened)!r}, 'a').write(sys.argv[1])\" %s"
    child = spawn(tmp_path, "--no-propose", browser=browser)
    child.expect(r"\[q\] quit")
    child.send("o")
    child.expect(r"opening https://arxiv\.org/abs/2506\.00001")
    child.expect(r"\[1/1\]")
    child.expect(r"\[q\] quit")
    child.send("s")
    child.expect(r"skipped 2506\.00001")
    child.expect("end of the queue")
    child.send("x")
    child.expect(pexpect.EOF)
    assert opened.read_text() == "https://arxiv.org/abs/2506.00001"


def test_an_empty_queue_says_so(tmp_path):
    Store(tmp_path / "s.sqlite").close()
    child = spawn(tmp_path)
    child.expect("nothing to triage")
    child.expect(pexpect.EOF)
