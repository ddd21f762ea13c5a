"""The command line behaves like a well-mannered Unix tool: -q and -v anywhere, quiet on a closed pipe."""

import io
import logging
import subprocess
import sys

import pytest

from bot.cli import CLOSED_PIPE, build_parser, main
from bot.commands.options import verbosity
from bot.commands.progress import progress
from tests.fakes.arxiv import FIXTURES

RSS_86 = FIXTURES / "arxiv_rss_atom_cs.AI_2025-08-20_86entries_repaired.xml"


@pytest.mark.parametrize("argv", [["-q", "sections"], ["sections", "-q"], ["sections", "--quiet"]])
def test_quiet_is_a_global_option_before_or_after_the_command(argv):
    assert verbosity(build_parser().parse_args(argv)) == -1


def test_quiet_wins_over_verbose():
    assert verbosity(build_parser().parse_args(["-vv", "sections", "-q"])) == -1
    assert verbosity(build_parser().parse_args(["sections", "-vv"])) == 2


def test_quiet_logs_warnings_and_errors_only(capsys):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        assert main(["sections", "-q"]) == 0
        logging.getLogger("bot.x").info("a note")
        logging.getLogger("bot.x").warning("a warning")
        err = capsys.readouterr().err
        assert "a warning" in err and "a note" not in err
        assert main(["sections", "-v"]) == 0
        logging.getLogger("bot.x").info("a note")
        assert "a note" in capsys.readouterr().err
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_a_closed_pipe_ends_quietly_with_the_sigpipe_status():
    """`litbot sections | head -1`: the reader is gone before litbot writes; no traceback, status 141."""
    proc = subprocess.Popen([sys.executable, "-m", "bot", "sections"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # no reader left: litbot's first write to stdout meets EPIPE
    err = proc.stderr.read().decode()
    assert proc.wait() == CLOSED_PIPE
    assert err == ""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_a_bar_on_a_terminal_and_nothing_with_quiet(monkeypatch):
    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with progress("evaluating", 3) as steps:
        steps.update(description="section backtest", advance=1)
    assert "section backtest" in screen.getvalue() and "1/3" in screen.getvalue()
    quiet = Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    with progress("evaluating", 3, quiet=True) as steps:
        steps.update(description="section backtest", advance=1)
    assert quiet.getvalue() == ""


def test_without_a_terminal_a_fetch_says_what_it_does_at_v(tmp_path, capsys):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        assert main(["-v", "fetch", "--load", str(RSS_86), "--state", str(tmp_path / "s.sqlite")]) == 0
        err = capsys.readouterr().err
        assert "fetching arXiv days (1 to do) ..." in err
        assert "fetching arXiv days: fetched 2025-08-20 (1 of 1 done)" in err
        assert "fetching arXiv days: finished in" in err
        assert main(["fetch", "--load", str(RSS_86), "--state", str(tmp_path / "s.sqlite")]) == 0
        assert "fetching" not in capsys.readouterr().err
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])


def test_no_lock_file_stays_behind_a_command_that_failed(tmp_path, capsys):
    truncated = FIXTURES / "arxiv_rss_atom_cs.AI_2025-08-20_truncated_malformed.xml"
    assert main(["fetch", "--load", str(truncated), "--state", str(tmp_path / "s.sqlite")]) == 1
    assert main(["fetch", "--load", str(RSS_86), "--state", str(tmp_path / "s.sqlite")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.sqlite"]
