"""The command line behaves like a well-mannered Unix tool: -q and -v anywhere, quiet on a closed pipe."""

import logging
import subprocess
import sys

import pytest

from bot.cli import CLOSED_PIPE, build_parser, main
from bot.commands.options import verbosity


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
