"""`litbot lint` as a PR check: exit codes, table/GitHub-annotation/JSON output, and --fix writing a file."""

import json

from bot.cli import main

CLEAN = (
    "## A\n### S\n"
    "- New, <ins>ICLR, 2025</ins> [[Paper](https://arxiv.org/abs/2501.00001)]\n"
    "- Old, <ins>Arxiv, 2023</ins> [[Paper](https://arxiv.org/abs/2301.00001)]\n"
)
BROKEN = CLEAN.replace("2025</ins>", "2025/ins>")


def _write(tmp_path, text, name="README.md"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_errors_fail_the_check_and_warnings_do_not(tmp_path, capsys):
    assert main(["lint", "--readme", str(_write(tmp_path, BROKEN))]) == 1
    out = capsys.readouterr().out
    assert "LB003 broken-venue-tag" in out and "2 findings: 1 error, 1 warning" in out
    assert main(["lint", "--readme", str(_write(tmp_path, CLEAN))]) == 0  # a venue spelling is only a warning


def test_github_format_emits_workflow_annotations(tmp_path, capsys):
    path = _write(tmp_path, BROKEN)
    assert main(["lint", "--readme", str(path), "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"::error file={path},line=3,title=LB003 broken-venue-tag::venue tag closed with `/ins>` instead of `</ins>`"
    )
    assert lines[1].startswith(f"::warning file={path},line=4,title=LB010 venue-spelling::")


def test_json_output_on_the_survey(capsys):
    assert main(["lint", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["LB003 broken-venue-tag"] == 8
    memformer = [f for f in data["findings"] if f["line"] == 424]
    assert [(f["rule"], f["name"], f["fixable"]) for f in memformer] == [
        ("LB007", "malformed-link", True), ("LB010", "venue-spelling", True),
    ]
    assert data["errors"] == sum(f["severity"] == "error" for f in data["findings"])


def test_fix_output_writes_the_repaired_file_and_leaves_the_original(tmp_path, capsys):
    path = _write(tmp_path, BROKEN)
    out = tmp_path / "fixed.md"
    assert main(["lint", "--readme", str(path), "--fix", "--output", str(out)]) == 0
    assert path.read_bytes().decode() == BROKEN
    assert out.read_bytes().decode() == CLEAN.replace("Arxiv", "arXiv")
    assert "fixed 2 finding(s) on 2 line(s)" in capsys.readouterr().out


def test_fix_in_place(tmp_path):
    path = _write(tmp_path, BROKEN)
    assert main(["lint", "--readme", str(path), "--fix", "--in-place", "--json"]) == 0
    assert path.read_bytes().decode() == CLEAN.replace("Arxiv", "arXiv")


def test_fix_without_a_destination_prints_the_diff_and_writes_nothing(tmp_path, capsys):
    path = _write(tmp_path, BROKEN)
    assert main(["lint", "--readme", str(path), "--fix"]) == 0
    out = capsys.readouterr().out
    assert "-- New, <ins>ICLR, 2025/ins>" in out and "+- New, <ins>ICLR, 2025</ins>" in out
    assert "not written" in out
    assert path.read_bytes().decode() == BROKEN


def test_fix_that_leaves_errors_still_fails(capsys, tmp_path):
    out = tmp_path / "fixed.md"
    assert main(["lint", "--fix", "--output", str(out), "--format", "github"]) == 1
    text = capsys.readouterr().out
    assert "LB001 duplicate-in-section" in text and "LB003" not in text


def test_unreadable_readme_is_a_clear_error(tmp_path, capsys):
    assert main(["lint", "--readme", str(tmp_path / "missing.md")]) == 1
    assert "cannot read README" in capsys.readouterr().err


def test_fix_on_a_local_clone_commits_only_the_flagged_lines_to_a_branch(git_clone, survey_readme_text, capsys):
    import subprocess

    from bot.lint import lint
    from bot.readme import parse

    def git(*args):
        return subprocess.run(["git", *args], cwd=git_clone, check=True, capture_output=True).stdout.decode()

    branch = "litbot/lint-fix-2025-03-03"
    assert main(["lint", "--fix", "--local", str(git_clone), "--date", "2025-03-03"]) == 1  # duplicates remain
    out = capsys.readouterr().out
    assert f"opened local PR {branch}" in out and "LB001 duplicate-in-section: 1" not in out
    fixed = git("show", f"{branch}:README.md")
    old, new = survey_readme_text.splitlines(), fixed.splitlines()
    changed = [n for n, (a, b) in enumerate(zip(old, new), 1) if a != b]
    assert len(old) == len(new)
    assert changed == sorted({f.line for f in lint(parse(survey_readme_text)) if f.fixable})
    assert git("show", "main:README.md") == survey_readme_text
    body = (git_clone / ".git" / "litbot" / "lint-fix-2025-03-03.md").read_text()
    assert body.startswith("### litbot lint --fix: 35 finding(s) repaired on 34 line(s)")
    assert "- LB001 duplicate-in-section: 1" in body


def test_mojibake_copy_is_an_error_and_fix_restores_the_original_bytes(tmp_path, survey_readme_text, capsys):
    broken = _write(tmp_path, survey_readme_text.encode("utf-8").decode("mac_roman"))
    assert main(["lint", "--readme", str(broken), "--format", "github"]) == 1
    assert "title=LB013 mojibake::" in capsys.readouterr().out
    out = tmp_path / "restored.md"
    main(["lint", "--readme", str(broken), "--fix", "--output", str(out)])
    assert "only undid the double encoding" in capsys.readouterr().out
    assert out.read_bytes() == survey_readme_text.encode("utf-8")
