"""The venue-update change as a branch and PR: on a local git clone through the CLI, and on the GitHub fake."""

import json
import subprocess
from datetime import date

from bot.cli import build_parser
from bot.commands.options import options_from
from bot.context import Context
from bot.commands import refresh
from bot.config import Config
from bot.readme import parse
from bot.readme.update import replace_entries
from bot.publisher import Edit, publish
from bot.upkeep.refresh import plan
from bot.upkeep.refresh_body import pr_title, render_body
from tests.test_refresh import EXPECTED, PAPERS

DAY = date(2025, 3, 3)
BRANCH = "litbot/venues-2025-03-03"


def _changed(old: str, new: str) -> dict[int, str]:
    a, b = old.splitlines(), new.splitlines()
    assert len(a) == len(b)
    return {n: y for n, (x, y) in enumerate(zip(a, b), 1) if x != y}


def _git(path, *args):
    return subprocess.run(["git", *args], cwd=path, check=True, capture_output=True).stdout.decode()


def _run(*argv):
    args = build_parser().parse_args(["refresh", *argv])
    return refresh.run(Context(load_config=Config, options=options_from(args)), args)


def test_local_clone_gets_a_branch_with_one_commit_and_a_body(git_clone, tmp_path, survey_readme_text, capsys):
    papers = tmp_path / "papers.jsonl"
    papers.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in PAPERS))
    assert _run("--load", str(papers), "--local", str(git_clone), "--date", "2025-03-03") == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith(f"opened local PR {BRANCH}")
    on_branch = _git(git_clone, "show", f"{BRANCH}:README.md")
    assert _changed(survey_readme_text, on_branch) == EXPECTED
    assert _git(git_clone, "show", "main:README.md") == survey_readme_text  # the base is untouched
    assert _git(git_clone, "log", "--format=%s", f"main..{BRANCH}").splitlines() == [
        "Update venues and code links of 4 listed papers from arXiv"
    ]
    body = (git_clone / ".git" / "litbot" / "venues-2025-03-03.md").read_text()
    assert body.startswith("### litbot refresh (2025-03-03): 4 listed preprint(s)")
    # A second run finds nothing left to do on the branch and leaves it alone.
    assert _run("--load", str(papers), "--local", str(git_clone), "--date", "2025-03-03") == 0
    assert "unchanged" in capsys.readouterr().out
    assert len(_git(git_clone, "log", "--format=%s", f"main..{BRANCH}").splitlines()) == 1


def test_dry_run_on_a_clone_changes_nothing(git_clone, tmp_path, capsys):
    papers = tmp_path / "papers.jsonl"
    papers.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in PAPERS))
    assert _run("--load", str(papers), "--local", str(git_clone), "--date", "2025-03-03", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "+- GaLore: Memory-Efficient LLM Training" in out and "dry run" in out
    assert BRANCH not in _git(git_clone, "branch", "--list")


def _edit_for(papers, changes):
    title, body = pr_title(changes, DAY), render_body(changes, DAY)
    return lambda doc: Edit(replace_entries(doc, plan(doc, papers).texts()), title, body)


def test_github_pr_is_opened_once_and_touches_only_the_changed_lines(github_fake, github_repo, survey_readme_text):
    repo = github_repo()
    papers = {p.arxiv_id: p for p in PAPERS}
    changes = plan(parse(survey_readme_text), papers).changes
    out = publish(repo, BRANCH, "Update venues", _edit_for(papers, changes))
    assert out.action == "opened" and out.pr is not None
    assert _changed(survey_readme_text, github_fake.text(BRANCH)) == EXPECTED
    [pull] = github_fake.pulls
    assert (pull.branch, pull.title) == (BRANCH, "Update venues and code links of 4 listed papers (2025-03-03)")
    assert "litbot" in pull.labels and "Accepted to ICML 2024" in pull.body
    again = publish(repo, BRANCH, "Update venues", _edit_for(papers, changes))
    assert again.action == "unchanged" and len(github_fake.pulls) == 1
    assert github_fake.history(BRANCH) == ["Update venues"]


def test_github_branch_that_moved_is_edited_where_it_stands(github_fake, github_repo, survey_readme_text):
    repo = github_repo()
    papers = {p.arxiv_id: p for p in PAPERS[:1]}  # GaLore only
    changes = plan(parse(survey_readme_text), papers).changes
    publish(repo, BRANCH, "Update venues", _edit_for(papers, changes))
    # A maintainer edits another line on the branch; the next run adds Lory on top and keeps that edit.
    edited = github_fake.text(BRANCH).replace("- DeepSeek-V3 Technical Report", "- DeepSeek-V3 Technical Report (v2)")
    github_fake.commit_file(BRANCH, "README.md", edited)
    papers = {p.arxiv_id: p for p in PAPERS[:2]}
    edit = _edit_for(papers, plan(parse(survey_readme_text), papers).changes)
    out = publish(repo, BRANCH, "Update venues again", edit)
    assert out.action == "updated"
    final = github_fake.text(BRANCH)
    assert "- DeepSeek-V3 Technical Report (v2)" in final
    assert set(_changed(survey_readme_text, final)) == {277, 380, 382}
    assert len(github_fake.pulls) == 1 and "COLM" in github_fake.pulls[0].body
