"""`litbot lint --diff BASE` judges the PR, not the past: only findings on lines the change adds or alters count.

The end-to-end cases run real git in a temporary clone of today's survey README (which has 25 error-level
findings of its own): a litbot PR made by `litbot run` passes, a PR that adds a broken line fails naming it.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.lint import changed_lines, judge_change, lint, on_lines
from bot.local_repo import LocalRepo
from bot.kinds import SkipKind
from bot.propose import propose
from bot.readme import format_entry, parse

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "samples" / "arxiv-2025-06-10.atom.xml"
BRANCH = "litbot/arxiv-2025-06-10"

BASE = (
    "## A\n### S\n"
    "- New, <ins>ICLR, 2025</ins> [[Paper](https://arxiv.org/abs/2501.00001)]\n"
    "- Old, <ins>ICLR, 2023/ins> [[Paper](https://arxiv.org/abs/2301.00001)]\n"  # a broken tag from the past
)
ADDED = "- Newer, <ins>ICML, 2025</ins> [[Paper](https://arxiv.org/abs/2502.00001)]\n"
BROKEN = "- Broken, <ins>ICML, 2025/ins> [[Paper](https://arxiv.org/abs/2502.00002)]\n"


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def commit_readme(clone: Path, text: str, message: str) -> None:
    (clone / "README.md").write_bytes(text.encode("utf-8"))
    git(clone, "commit", "-q", "-am", message)


def add_after(text: str, anchor: str, line: str) -> tuple[str, int]:
    """`text` with `line` inserted after the first line starting with `anchor`, and its 1-based number."""
    lines = text.splitlines(keepends=True)
    at = next(i for i, old in enumerate(lines) if old.startswith(anchor)) + 1
    lines.insert(at, line)
    return "".join(lines), at + 1


# ----- the core: which lines changed, which findings they answer for -----
def test_changed_lines_are_the_added_and_altered_lines_of_the_new_text():
    old = parse("a\nb\nc\nd\n")
    assert changed_lines(old, parse("a\nb\nc\nd\n")) == frozenset()
    assert changed_lines(old, parse("a\nNEW\nb\nc\nd\n")) == {2}
    assert changed_lines(old, parse("a\nB\nc\nd\n")) == {2}
    assert changed_lines(old, parse("a\nc\nd\n")) == frozenset()  # a deletion leaves no line to judge
    assert changed_lines(parse("a\nb"), parse("a\nb\nc\n")) == {3}  # the newline after `b` does not alter it
    assert changed_lines(old, parse("a\r\nb\r\nc\r\nd\r\n")) == frozenset()  # nor do line endings


def test_findings_of_the_past_are_left_out_and_the_change_is_judged():
    old = parse(BASE)
    assert [f.rule.id for f in lint(old) if f.severity == "error"] == ["LB003"]
    clean, _ = add_after(BASE, "### S", ADDED)
    assert judge_change(old, parse(clean)) == ()
    broken, line = add_after(BASE, "### S", BROKEN)
    assert [(f.line, f.rule.id) for f in judge_change(old, parse(broken))] == [(line, "LB003")]


def test_a_duplicate_the_change_creates_counts_even_where_the_finding_sits_on_the_old_copy():
    old = parse(BASE)
    dup = "- New, <ins>ICLR, 2025</ins> [[Paper](https://arxiv.org/abs/2501.00001)]\n"
    text, line = add_after(BASE, "### S", dup)  # above the old copy: the finding lands on the old line
    found = judge_change(old, parse(text))
    assert [f.rule.id for f in found] == ["LB001"] and found[0].line == line + 1 and found[0].related == (line,)
    assert on_lines(found, frozenset({999})) == ()


# ----- the CLI, through real git -----
def test_a_litbot_pr_against_todays_survey_readme_passes(git_clone, tmp_path, capsys):
    whole = lint(parse((git_clone / "README.md").read_bytes().decode("utf-8")))
    assert sum(f.severity == "error" for f in whole) == 25  # the past: the whole file fails
    assert main(["run", "--load", str(SAMPLE), "--local", str(git_clone), "--state", str(tmp_path / "s.sqlite"),
                 "--no-learn"]) == 0
    added = int(git(git_clone, "rev-list", "--count", f"main..{BRANCH}"))
    assert added >= 5  # one commit per proposed paper (the shipped model proposes 8 of the day)
    git(git_clone, "checkout", "-q", BRANCH)
    capsys.readouterr()

    assert main(["lint", "--readme", str(git_clone / "README.md"), "--diff", "main", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["findings"] == [] and len(report["diff"]["changed_lines"]) == added
    assert report["diff"]["findings_in_file"] >= len(whole)
    assert main(["lint", "--readme", str(git_clone / "README.md")]) == 1  # without --diff: still the past

    # As the lint workflow sees it: actions/checkout checks out the PR merged into its base, judged against HEAD^1.
    git(git_clone, "checkout", "-q", "--detach", "main")
    git(git_clone, "merge", "-q", "--no-ff", "-m", "Merge the PR into main", BRANCH)
    capsys.readouterr()
    assert main(["lint", "--readme", str(git_clone / "README.md"), "--diff", "HEAD^1", "--format", "github"]) == 0
    out = capsys.readouterr().out
    assert f"judged the {added} line(s) added or altered since HEAD^1" in out and "::error" not in out


def test_a_pr_that_adds_a_broken_line_fails_naming_that_line(git_clone, capsys, monkeypatch):
    git(git_clone, "checkout", "-q", "-b", "maintainer-edit")
    text, line = add_after((git_clone / "README.md").read_text(encoding="utf-8"), "- Palu: ", BROKEN)
    commit_readme(git_clone, text, "Add a paper by hand")
    monkeypatch.chdir(git_clone)  # as the lint workflow runs it: from the checkout, against the merge's parent
    capsys.readouterr()

    assert main(["lint", "--readme", "README.md", "--diff", "HEAD^1", "--format", "github"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("judged the 1 line(s) added or altered since HEAD^1")
    assert out[1] == (f"::error file=README.md,line={line},title=LB003 broken-venue-tag::"
                      "venue tag closed with `/ins>` instead of `</ins>`")
    assert [o for o in out if o.startswith("::error")] == [out[1]]

    assert main(["lint", "--readme", "README.md", "--diff", "main"]) == 1
    table = capsys.readouterr().out
    assert f"│ {line:>4} │ LB003 broken-venue-tag" in table and "1 error" in table


def test_the_base_can_be_a_file_and_a_bad_base_is_a_clear_error(tmp_path, capsys):
    base, head = tmp_path / "base.md", tmp_path / "README.md"
    base.write_text(BASE, encoding="utf-8")
    head.write_text(add_after(BASE, "### S", ADDED)[0], encoding="utf-8")
    assert main(["lint", "--readme", str(head), "--diff", str(base)]) == 0
    head.write_text(add_after(BASE, "### S", BROKEN)[0], encoding="utf-8")
    assert main(["lint", "--readme", str(head), "--diff", str(base)]) == 1
    capsys.readouterr()
    assert main(["lint", "--readme", str(head), "--diff", "no-such-rev"]) == 1
    assert "--diff no-such-rev: not a file, nor a git revision" in capsys.readouterr().err
    assert main(["lint", "--readme", str(head), "--diff", str(base), "--fix"]) == 1
    assert "does not go with --fix" in capsys.readouterr().err


# ----- the same check inside the proposal flow, before anything is committed -----
@pytest.mark.parametrize("spoil,rule", [
    (lambda p: replace(p, entry_line=p.entry_line.replace("</ins>", "/ins>")), "LB003 broken-venue-tag"),
    # arXiv metadata read with the wrong encoding: format_entry keeps the title as it came
    (lambda p: replace(p, entry_line=format_entry("Nystr\u221a\u2202mformer Goes Fast", "arXiv", 2025, p.arxiv_id)),
     "LB013 mojibake"),
])
def test_propose_commits_no_line_that_would_fail_the_pr_check(git_clone, make_proposals, spoil, rule):
    good, bad = make_proposals(2)
    bad = spoil(bad)
    out = propose(LocalRepo(git_clone), date(2025, 3, 4), (good, bad))

    assert [p.arxiv_id for p in out.committed] == [good.arxiv_id]
    (skip,) = out.skipped
    assert skip.arxiv_id == bad.arxiv_id and skip.kind is SkipKind.FAILED
    assert skip.reason.startswith(f"its README line fails lint: {rule}")
    branch = git(git_clone, "show", "litbot/arxiv-2025-03-04:README.md")
    assert bad.arxiv_id not in branch and good.arxiv_id in branch
    assert main(["lint", "--readme", str(git_clone / "README.md"), "--diff", "main"]) == 0  # main is untouched
