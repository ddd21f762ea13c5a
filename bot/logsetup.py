"""Configures logging once, for the CLI entry point; library modules only call logging.getLogger(__name__)."""

import logging
import sys

from bot.redact import redact


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the moment of each record, not the one seen at configure time.

    Long-lived processes are unaffected; tests that swap sys.stderr never leave the root logger holding a closed
    stream.
    """

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


class _RedactingFormatter(logging.Formatter):
    """Formats a record, traceback included, then takes any secret out (bot.redact)."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def configure(verbosity: int = 0) -> None:
    """Send log records to stderr: warnings by default and with -q (verbosity -1), -v for info, -vv for debug."""
    level = logging.WARNING - 10 * max(0, min(verbosity, 2))
    handler = _CurrentStderr()
    handler.setFormatter(_RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", datefmt="%H:%M:%S"))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # PyGithub attaches its own stderr handler at INFO when imported (the CLI imports it before this runs);
    # route its records through ours instead, at our level.
    github_logger = logging.getLogger("github")
    github_logger.handlers.clear()
    github_logger.setLevel(logging.NOTSET)
