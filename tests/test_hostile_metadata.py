"""Hostile paper metadata through `litbot run`: the README line, the commit and the PR stay inert and intact."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import pytest

from bot.pr_body import GITHUB_BODY_LIMIT, parse_block
from bot.readme import format_entry, parse
from bot.store import Store
from tests.reliability import Harness, announce, day_papers

# (name, text) pairs; each is put into a relevant paper's title, abstract and comments
HOSTILE = {
    "markdown link": "Click](javascript:alert(1)) [x](javascript:alert(2))",
    "escaped-bracket link": "\\[pwn\\](javascript:alert(3))",
    "html": '<img src=x onerror="alert(4)"><script>alert(5)</script>',
    "mention": "thanks @org/team and @octocat, see #1",
    "backticks": "``` code ` span",
    "table pipe": "a | b || c",
    "control chars": "bell\x07 esc\x1b[31m nul\x00 del\x7f cr\r lf\n tab\t",
    "bidi override": "safe\u202eexe.txt\u202c",
    "emoji": "🚀 Fast LLMs 🤖",
}
HOSTILE_INPUTS = len(HOSTILE) + 1  # + the 5 MB abstract


def literal(line: str) -> str:
    """What stays live in a markdown line once backslash escapes and entities are taken out."""
    return re.sub(r"&[a-z]+;|\\.", "", line)


def check_entry_line(line: str, arxiv_id: str) -> None:
    assert "\n" not in line and "\r" not in line
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in line), repr(line)
    live = literal(line)
    assert live.count("[") == live.count("]") == 2 and live.count("(") >= 1
    assert f"[[Paper](https://arxiv.org/abs/{arxiv_id})]" in line
    assert "`" not in live and "|" not in live and "](" not in live.replace("[[Paper](", ""), live
    assert re.findall(r"<[^>]*>", live) == ["<ins>", "</ins>"], live
    (entry,) = parse("## Section\n" + line + "\n").entries
    assert entry.arxiv_id == arxiv_id and [link.label for link in entry.links] == ["Paper"]


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_format_entry_keeps_hostile_titles_inert(text):
    line = format_entry(f"Efficient {text} Inference", f"ICLR {text}", 2025, "2506.06401", f"https://x.org/{text}")
    check_entry_line(line, "2506.06401")
    assert "[[Code]" not in line  # a code URL with markup in it is dropped, never pasted


@pytest.fixture
def hostile_day(arxiv_fake):
    """The recorded day with every hostile string in the likely-relevant papers (title, abstract, comments)."""
    papers = day_papers()
    # XML 1.0 cannot carry C0 controls other than tab/CR/LF, so arXiv's feeds never hold them; C1 controls
    # (CSI \x9b, NEL \x85) and DEL can, and stand in for them here.
    evil = [re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text) for text in HOSTILE.values()]
    evil[list(HOSTILE).index("control chars")] += " del\x7f csi\x9b[31m nel\x85 end"
    for i, paper in enumerate(papers[:8]):
        text = evil[i % len(evil)] + " " + evil[(i + 3) % len(evil)]
        abstract = paper.abstract + " " + text + (" 🤖" * 1_250_000 if i == 0 else "")  # one 5 MB abstract
        papers[i] = replace(paper, title=f"{paper.title} {text}", abstract=abstract, comments=f"ICLR 2025 {text}")
    announce(arxiv_fake, papers)
    return papers


def test_a_hostile_day_gives_inert_entries_commits_and_pr(tmp_path, hostile_day, arxiv_clock, arxiv_fake, github_fake):
    with Store(tmp_path / "state.sqlite") as store:
        report = Harness(store, arxiv_fake, arxiv_clock, github_fake)()
        assert report.ok and report.proposed, report.errors
        assert set(store.outcomes(p.arxiv_id for p in hostile_day)) == {p.arxiv_id for p in hostile_day}
    (pr,) = github_fake.pulls
    base = github_fake.text("main").splitlines(keepends=True)
    branch = github_fake.text(pr.branch).splitlines(keepends=True)
    added = [line for line in branch if line not in set(base)]
    assert len(branch) == len(base) + report.proposed == len(base) + len(added)
    block = parse_block(pr.body)
    for line, paper in zip(sorted(added), sorted(block.papers, key=lambda p: p.arxiv_id)):
        check_entry_line(line.rstrip("\n"), re.search(r"abs/([\d.]+)\)", line).group(1))
    body = pr.body
    assert len(body) < GITHUB_BODY_LIMIT
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in body)
    assert "\u202e" not in body
    shown, block_text = body.split("<!-- litbot:")
    assert "<" not in block_text and block_text.count("-->") == 1, "paper text could break out of the block comment"
    live = literal(shown)
    assert "<img" not in live and "<script" not in live and "](javascript" not in live
    prose = re.sub(r"(?ms)^(`{3,})text\n.*?^\1$", "", shown)  # fenced code (the entry lines) never pings
    pings = [prose[max(0, m.start() - 80):m.end()] for m in re.finditer(r"(?<!\w)@(org/team|octocat)", prose)]
    assert not pings, pings
    assert "javascript:" not in prose.replace("javascript\u200d\\:", ""), "a javascript: URL outside code"
    assert re.fullmatch(r"Add \d papers? from arXiv \(\d{4}-\d\d-\d\d\)", pr.title)
    for message in github_fake.history(pr.branch):
        assert "\n" not in message and not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in message), \
            repr(message)


def test_commit_messages_carry_no_control_escape_or_bidi_characters():
    from bot.proposal import Proposal

    title = "Bell\x07 esc\x1b[31m red\x9b[0m \u202eevil\u202c\nSecond line"
    p = Proposal(arxiv_id="2506.06401", title=title, entry_line=format_entry(title, "arXiv", 2025, "2506.06401"),
                 section=("A", "B"), confidence=0.5)
    message = p.commit_message
    assert message.startswith("Add Bell esc [31m red [0m evil Second line") and message.endswith(" to B")
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in message), repr(message)
