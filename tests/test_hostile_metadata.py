"""Hostile paper metadata through `litbot run`: the README line, the commit and the PR stay inert and intact."""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace
from datetime import date

import pexpect
import pytest

from bot.pr_body import GITHUB_BODY_LIMIT, parse_block
from bot.readme import format_entry, parse
from bot.store import Store
from tests.reliability import DAY, Harness, announce, day_papers

# (name, text) pairs; each is put into a relevant paper's title, abstract and comments
HOSTILE = {
    "markdown link": "Click](javascript:alert(1)) [x](javascript:alert(2))",
    "escaped-bracket link": "\\[pwn\\](javascript:alert(3))",
    "html": '<img src=x onerror="alert(4)"><script>alert(5)</script>',
    "mention": "thanks @org/team and @octocat, see #1, GH-2 and owner/repo#3",
    "backticks": "``` code ` span",
    "table pipe": "a | b || c",
    "control chars": "bell\x07 esc\x1b[31m nul\x00 del\x7f cr\r lf\n tab\t",
    "bidi override": "safe\u202eexe.txt\u202c",
    "emoji": "🚀 Fast LLMs 🤖",
    "bare links": "see https://evil.example/pwn?a=1&b=2, www.evil.example and pwn@evil.example",
    "character references": "&#x202E;gpj.exe &#8238;txt &rlm;",
    "invisible characters": "zero\u200bwidth word\u2060joiner bom\ufeff alm\u061c hangul\u3164filler",
}


def literal(line: str) -> str:
    """What stays live in a markdown line once backslash escapes, entities and code spans are taken out."""
    return re.sub(r"`[^`]*`", "", re.sub(r"&[a-z]+;|\\.", "", line))


def live_links(text: str) -> list[str]:
    """Bare URLs, www. names and e-mail addresses GitHub would turn into links (not those in a `](...)` target)."""
    return re.findall(r"(?i)(?<!\]\()\b(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.\w+", literal(text))


def check_entry_line(line: str, arxiv_id: str) -> None:
    assert "\n" not in line and "\r" not in line
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in line), repr(line)
    assert not re.search(r"&(?!amp;|lt;|gt;)#?\w+;", line), "a character reference would render"
    assert live_links(line) == [], live_links(line)
    spans = re.findall(r"`([^`]*)`", re.sub(r"\\.", "", line))
    assert all(re.fullmatch(r"(?i)(?:https?://|www\.|[\w.+-]+@)\S+", span) for span in spans), spans
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
    for line, _paper in zip(sorted(added), sorted(block.papers, key=lambda p: p.arxiv_id)):
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
    assert not references(prose), references(prose)
    assert "javascript:" not in prose.replace("javascript\u200d\\:", ""), "a javascript: URL outside code"
    assert [link for link in live_links(prose) if not link.startswith("https://arxiv.org/abs/")] == []
    assert not re.search(r"&#?\w+;", literal(prose)), "a character reference would render"
    assert not any(ch in body for ch in "\u200b\u2060\ufeff\u061c\u3164")
    assert re.fullmatch(r"Add \d papers? from arXiv \(\d{4}-\d\d-\d\d\)", pr.title)
    for message in github_fake.history(pr.branch):
        assert "\n" not in message and not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in message), \
            repr(message)
        assert not references(message) and "://" not in message, message


def references(text: str) -> list[str]:
    """What GitHub reads as an issue reference, a closing keyword's target or a mention, in a commit or PR text."""
    return re.findall(r"(?i)(?<![\w\u200d])#\d+|\bgh-\d+|[\w.-]+/[\w.-]+#\d+|(?<![\w\u200d])@[a-z\d][\w-]*", text)


CLOSING = {  # a title that, pasted into a commit subject, would close or cross-reference an issue once merged
    "closing keyword": "Fixes #1: Faster Attention for LLMs",
    "cross-repository": "Closes owner/repo#12: Sparse Decoding",
    "GH reference": "GH-1: Speculative Decoding at Scale",
    "mention": "@octocat: Quantization for Everyone",
    "issue URL": "Resolves https://github.com/owner/repo/issues/1 Faster KV",
}


@pytest.mark.parametrize("title", CLOSING.values(), ids=CLOSING.keys())
def test_commit_messages_and_the_pr_body_reference_close_or_mention_nothing(title, make_proposals):
    from bot.pr_body import render_body
    from bot.proposal import Proposal

    base = make_proposals(1)[0]
    p = Proposal(arxiv_id=base.arxiv_id, title=title, entry_line=format_entry(title, "arXiv", 2025, base.arxiv_id),
                 section=base.section, confidence=0.5)
    message = p.commit_message
    assert not references(message) and "://" not in message, message
    assert message.startswith("Add ") and len(message) > len(f"Add  to {p.leaf}"), "the title is kept, not emptied"
    body = render_body(DAY, (p,))
    prose = re.sub(r"(?ms)^(`{3,})text\n.*?^\1$", "", body.split("<!-- litbot:")[0])
    assert not references(prose), references(prose)
    assert [link for link in live_links(prose) if not link.startswith("https://arxiv.org/abs/")] == []


BLOCK_STARTS = ["# Heading", "### Heading", "> Quote", "- Item", "+ Item", "1. Item", "2) Item", "~~~ Fence",
                "=== Setext"]


@pytest.mark.parametrize("start", BLOCK_STARTS)
def test_a_title_never_starts_a_block_inside_its_list_item_or_pr_line(start):
    from bot.pr_body import escape

    line = format_entry(f"{start} of Efficient LLMs", "arXiv", 2025, "2506.06401")
    check_entry_line(line, "2506.06401")
    title = line[2:].split(", <ins>")[0]
    assert not re.match(r"(?:#{1,6}(?:\s|$)|>|[-+*=~]|\d+[.)](?:\s|$))", title), title
    assert not re.match(r"(?:#{1,6}(?:\s|$)|>|[-+*=~]|\d+[.)](?:\s|$))", escape(f"{start} of LLMs", 300))


def test_triage_shows_hostile_titles_without_escape_sequences(tmp_path):
    """C1 controls (CSI U+009B), ESC sequences and bidi overrides never reach the maintainer's terminal raw."""
    from tests.test_triage_session import queue_papers, spawn

    evil = "Evil\x1b]0;pwned\x07 \x1b[2J\x9b31m title\u202e"
    queue_papers(tmp_path / "s.sqlite", n=1)
    with Store(tmp_path / "s.sqlite") as store:
        (item,) = store.triage_items()
        why = {"terms": [evil], "section_terms": [evil], "nearest": [{"title": evil, "arxiv_id": "2210.17323"}]}
        record = {**item.prediction, "why": why}
        paper = replace(item.paper, title=evil, abstract=f"Abstract {evil} ends.")
        with store.transaction() as db:  # as a paper record from a hostile feed would be stored
            db.execute("UPDATE papers SET title = ?, record = ?", (evil, json.dumps(paper.to_dict())))
            db.execute("UPDATE triage SET prediction = ?", (json.dumps(record),))
    child = spawn(tmp_path, "--no-propose")
    child.expect(r"\[q\] quit")
    shown = child.before
    child.sendline("q")
    child.expect(pexpect.EOF)
    assert shown.count("Evil") == 4 and "Abstract Evil" in shown, shown  # title, abstract, terms, nearest
    assert not any(ch in shown for ch in "\x1b\x9b\x07\u202e"), repr(shown)


def test_commit_messages_carry_no_control_escape_or_bidi_characters():
    from bot.proposal import Proposal

    title = "Bell\x07 esc\x1b[31m red\x9b[0m \u202eevil\u202c\nSecond line"
    p = Proposal(arxiv_id="2506.06401", title=title, entry_line=format_entry(title, "arXiv", 2025, "2506.06401"),
                 section=("A", "B"), confidence=0.5)
    message = p.commit_message
    assert message.startswith("Add Bell esc [31m red [0m evil Second line") and message.endswith(" to B")
    assert not any(unicodedata.category(ch) in ("Cc", "Cf") for ch in message), repr(message)


# ----- identity: one rule (bot.readme.Index.find) decides "the same paper" for dedupe, propose and add -----
LISTED_ID = "2403.01241"  # listed in the survey README as "IntactKV: Improving Large Language Model Quantization ..."
SHORTENED = "IntactKV: Improving LLM Quantization by Keeping Pivot Tokens Intact"


def test_two_papers_whose_titles_differ_only_in_case_and_punctuation_are_both_proposed(tmp_path, arxiv_fake,
                                                                                      arxiv_clock, github_fake):
    """Distinct arXiv ids are distinct papers: the second twin is committed, never recorded proposed and lost."""
    from tests.reliability import check_consistent, reference

    papers = day_papers()
    first, second = (next(i for i, p in enumerate(papers) if p.arxiv_id == a) for a in reference().pr_papers[:2])
    papers[second] = replace(papers[second], title=papers[first].title.upper().replace(" ", " - ") + "!")
    announce(arxiv_fake, papers)
    with Store(tmp_path / "state.sqlite") as store:
        report = Harness(store, arxiv_fake, arxiv_clock, github_fake)()
        assert report.ok and report.proposed == 4, report.errors
        check_consistent(store, github_fake, papers)
        outcomes = store.outcomes([papers[first].arxiv_id, papers[second].arxiv_id])
    assert {o.outcome for o in outcomes.values()} == {"proposed"}
    (pr,) = github_fake.pulls
    assert {papers[first].arxiv_id, papers[second].arxiv_id} <= parse_block(pr.body).arxiv_ids
    on_branch = [e.arxiv_id for e in parse(github_fake.text(pr.branch)).entries]
    assert on_branch.count(papers[first].arxiv_id) == on_branch.count(papers[second].arxiv_id) == 1


def test_title_twins_given_together_are_both_committed(github_fake, github_repo, make_proposals):
    from bot.propose import propose

    a, b = make_proposals(2)
    twin = replace(b, title=a.title.lower().replace(":", " -"), section=a.section,
                   entry_line=format_entry(a.title.lower().replace(":", " -"), "arXiv", 2025, b.arxiv_id))
    out = propose(github_repo(), DAY, (a, twin))
    assert [p.arxiv_id for p in out.committed] == [a.arxiv_id, b.arxiv_id] and out.skipped == ()
    assert len(github_fake.history(out.branch)) == 2
    assert parse_block(github_fake.pulls[0].body).arxiv_ids == {a.arxiv_id, b.arxiv_id}


def test_a_listed_id_under_a_shortened_title_is_listed_for_dedupe_propose_and_add(tmp_path, arxiv_fake, arxiv_clock,
                                                                                 github_fake, github_repo, git_clone,
                                                                                 capsys):
    from bot.cli import main
    from bot.proposal import Proposal
    from bot.kinds import SkipKind
    from bot.propose import propose

    papers = day_papers()
    papers[-1] = replace(papers[-1], arxiv_id=LISTED_ID, title=SHORTENED)
    announce(arxiv_fake, papers)
    with Store(tmp_path / "state.sqlite") as store:  # dedupe, in the daily run
        report = Harness(store, arxiv_fake, arxiv_clock, github_fake)()
        assert report.ok, report.errors
        assert store.outcomes([LISTED_ID])[LISTED_ID].outcome == "listed"
    assert LISTED_ID not in parse_block(github_fake.pulls[0].body).arxiv_ids

    section = ("Model-Centric Methods", "Efficient Inference", "Speculative Decoding")  # not where it is listed
    p = Proposal(LISTED_ID, SHORTENED, format_entry(SHORTENED, "arXiv", 2024, LISTED_ID), section, 0.9)
    out = propose(github_repo(), date(2025, 6, 11), (p,))  # propose
    assert out.committed == () and [s.kind for s in out.skipped] == [SkipKind.LISTED]

    load = tmp_path / "paper.jsonl"  # add
    load.write_text(json.dumps(papers[-1].to_dict()) + "\n", encoding="utf-8")
    assert main(["add", LISTED_ID, "--section", "Speculative Decoding", "--load", str(load), "--yes",
                 "--local", str(git_clone), "--state", str(tmp_path / "add.sqlite"), "--data", str(tmp_path)]) == 1
    assert f"{LISTED_ID} is already listed" in capsys.readouterr().out


# ----- the PR body: within GitHub's limit whatever pr.daily_cap allows (up to 200) and beyond -----
@pytest.mark.parametrize("n", [15, 60, 200, 400])
@pytest.mark.parametrize("title", ["🚀" * 300, '"\\#|<&' * 50], ids=["emoji", "escapes"])
def test_the_pr_body_stays_under_githubs_limit_keeps_every_paper_and_says_what_it_left_out(survey_readme_text, n,
                                                                                           title):
    from bot.pr_body import render_body
    from bot.proposal import Proposal

    leaves = parse(survey_readme_text).leaf_paths()
    longest = max(leaves, key=lambda path: len(" > ".join(path)))
    proposals = tuple(
        Proposal(f"2506.{10000 + i}", f"{title} {i}", format_entry(title, "arXiv", 2025, f"2506.{10000 + i}"),
                 longest if i % 2 else leaves[i % len(leaves)], 0.5, alternatives=((longest, 0.2), (longest, 0.1)),
                 why_terms=("t" * 40,) * 8, nearest=(title,) * 3, abstract=title * 20)
        for i in range(n))
    body = render_body(DAY, proposals)
    assert len(body) <= GITHUB_BODY_LIMIT, len(body)
    block = parse_block(body)
    assert [(p.arxiv_id, p.section) for p in block.papers] == [(p.arxiv_id, p.section) for p in proposals]
    full = all(f"#### {i}. " in body for i in range(1, n + 1))
    assert full or "too many" in body, "a body that leaves details out says so"


# the hostile strings, the 5 MB abstract, closing references, block starts, escape sequences in triage, the two
# identity cases and an oversized PR body
HOSTILE_INPUTS = len(HOSTILE) + 1 + len(CLOSING) + len(BLOCK_STARTS) + 1 + 2 + 1
