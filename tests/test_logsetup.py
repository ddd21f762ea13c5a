"""Logging is configured in one place and follows stderr even when a test swaps it."""

import io
import logging
import sys

from bot import logsetup


def test_records_go_to_the_current_stderr_and_github_logs_through_ours(monkeypatch):
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        logsetup.configure(1)
        first, second = io.StringIO(), io.StringIO()
        monkeypatch.setattr(sys, "stderr", first)
        logging.getLogger("bot.x").info("one %s", "record")
        monkeypatch.setattr(sys, "stderr", second)
        logging.getLogger("github.Requester").info("from pygithub")
        logging.getLogger("bot.x").debug("hidden at -v")
        assert "bot.x: one record" in first.getvalue()
        assert "github.Requester: from pygithub" in second.getvalue()
        assert "hidden" not in second.getvalue()
        assert not logging.getLogger("github").handlers
    finally:
        root.handlers[:] = saved[0]
        root.setLevel(saved[1])
