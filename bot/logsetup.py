"""Configures logging once, for the CLI entry point; library modules only call logging.getLogger(__name__)."""

import logging


def configure(verbosity: int = 0) -> None:
    """Send log records to stderr: warnings by default, -v for info, -vv for debug."""
    level = logging.WARNING - 10 * max(0, min(verbosity, 2))
    logging.basicConfig(
        level=level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        datefmt="%H:%M:%S",
        force=True,
    )
