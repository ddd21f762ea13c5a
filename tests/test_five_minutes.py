"""The README's first section, "Add litbot to your survey repository in five minutes", run as a maintainer would.

Every command of its console block runs in a fresh clone of the survey README, offline: arXiv is the loopback
fake serving a recorded day (pointed to through litbot's own LITBOT_ARXIV_* settings), `git push` has no remote
and `pip install` needs the network (the wheel's own test installs litbot). Each documented output line must
appear, in order, in what the command printed. The clicks on github.com are checked against the files the
commands wrote: the workflow they name exists, has the `dry_run` input, and uses the secret and setting named.
"""

from __future__ import annotations

import re
import shlex
import subprocess
from datetime import date
from pathlib import Path

import yaml

from bot.cli import main
from tests.conftest import init_clone
from tests.fakes.arxiv import stream_papers

REPO = Path(__file__).resolve().parent.parent
TITLE = "## Add litbot to your survey repository in five minutes"
SHA = "0123456789abcdef0123456789abcdef01234567"  # stands in for COMMIT_SHA, the one placeholder
NOT_OFFLINE = ("pip install", "git push")


def guide() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index(TITLE)
    return text[start:text.index("\n## ", start + 1)]


def steps(section: str) -> list[tuple[str, list[str]]]:
    """(command, documented output lines) for each `$ ` line of the section's console block."""
    block = re.search(r"```console\n(.*?)```", section, re.DOTALL).group(1)
    out: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            out.append((line[2:], []))
        else:
            out[-1][1].append(line)
    return out


def printed_in_order(expected: list[str], printed: str) -> bool:
    lines, at = printed.splitlines(), 0
    for want in (w.strip() for w in expected if w.strip() != "..."):
        while at < len(lines) and want not in lines[at]:
            at += 1
        if at == len(lines):
            return False
        at += 1
    return True


def test_the_readme_leads_with_the_guide():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert text.index(TITLE) == text.index("\n## ") + 1
    assert "docs/github-actions.md" in guide()


def test_every_step_but_the_clicks_runs_offline_as_written(tmp_path, arxiv_fake, monkeypatch, capsys,
                                                          survey_readme_text):
    day = date(2025, 6, 10)
    papers = stream_papers(day, day)
    arxiv_fake.list_papers(papers, day)
    arxiv_fake.add_api_papers(papers)
    monkeypatch.setenv("LITBOT_ARXIV_RSS_URL", arxiv_fake.rss_url + "/")
    monkeypatch.setenv("LITBOT_ARXIV_API_URL", arxiv_fake.api_url)
    monkeypatch.setenv("LITBOT_ARXIV_DELAY_SECONDS", "0")
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    clone = init_clone(tmp_path / "Efficient-LLMs-Survey", survey_readme_text.encode("utf-8"))
    monkeypatch.chdir(clone)

    skipped = []
    for command, expected in steps(guide()):
        for part in (p.strip() for p in command.replace("COMMIT_SHA", SHA).split("&&")):
            argv = shlex.split(part)
            if any(part.startswith(s) for s in NOT_OFFLINE):
                skipped.append(" ".join(argv[:2]))
            elif argv[0] == "litbot":
                capsys.readouterr()
                assert main(argv[1:]) == 0, (part, capsys.readouterr().err)
                printed = capsys.readouterr().out
                assert printed_in_order(expected, printed), (part, expected, printed[-2000:])
            else:
                assert argv[0] == "git", part
                subprocess.run(argv, cwd=clone, check=True, capture_output=True)
    assert skipped == ["pip install", "git push"]

    # what the dry run did: nothing to the clone but the commit of the two workflows; its state outside the clone
    committed = subprocess.run(["git", "show", "--name-only", "--format=%s", "HEAD"], cwd=clone, check=True,
                               capture_output=True, text=True).stdout.split()
    assert committed[:3] == ["Add", "litbot", ".github/workflows/litbot-lint.yml"]
    assert committed[3:] == [".github/workflows/litbot.yml"]
    assert subprocess.run(["git", "status", "--porcelain"], cwd=clone, check=True, capture_output=True,
                          text=True).stdout == ""
    assert subprocess.run(["git", "branch", "--list", "litbot/*"], cwd=clone, check=True, capture_output=True,
                          text=True).stdout == ""

    # the clicks: the workflow and input they name exist, with the secret and the setting the guide mentions
    text = (clone / ".github/workflows/litbot.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    assert workflow["name"] == "litbot"
    assert "dry_run" in workflow[True]["workflow_dispatch"]["inputs"]  # YAML 1.1 reads the key `on` as True
    assert f"OWNER/litbot@{SHA}" in text and "secrets.LITBOT_TOKEN || github.token" in text
    assert '"30 2 * * MON,TUE,WED,THU,FRI"' in text  # 02:30 UTC on weekdays, as the guide says
    assert "Allow\n# GitHub Actions to create and approve pull requests" in text
    for click in ("Allow GitHub Actions to create and approve pull", "LITBOT_TOKEN", "Run workflow", "dry_run"):
        assert click in " ".join(guide().split())
