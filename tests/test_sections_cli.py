"""`litbot sections` prints the taxonomy with counts, and fails clearly on a missing README."""

import subprocess
import sys

from bot.cli import main


def test_prints_tree_with_counts(capsys):
    assert main(["sections"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Model-Centric Methods/  306"
    assert "        Weight-Only Quantization  13" in out
    assert out[-1] == "422 entries in 49 leaf sections"


def test_missing_readme_is_a_clear_error(tmp_path, capsys):
    assert main(["sections", "--readme", str(tmp_path / "nope.md")]) == 1
    assert "cannot read README" in capsys.readouterr().err


def test_python_dash_m_bot_is_the_same_command():
    result = subprocess.run([sys.executable, "-m", "bot", "sections"], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "422 entries in 49 leaf sections"
