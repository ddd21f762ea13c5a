"""Progress of a long step on stderr: a bar when stderr is a terminal, else log lines that -v shows."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

log = logging.getLogger(__name__)


class Steps:
    """The handle a command advances; it draws the bar, or logs each step at INFO when there is no terminal."""

    def __init__(self, what: str, total: int | None, bar: Progress | None) -> None:
        self.what, self.total, self.done, self._bar = what, total, 0, bar
        self._task = bar.add_task(what, total=total) if bar is not None else None

    def update(self, description: str | None = None, advance: int = 0, total: int | None = None) -> None:
        """Name the step now running and/or count finished ones."""
        self.done += advance
        if total is not None:
            self.total = total
        if self._bar is not None and self._task is not None:
            self._bar.update(self._task, description=description, advance=advance, total=total)
            return
        of = f" of {self.total}" if self.total else ""
        if description:
            log.info("%s: %s (%d%s done)", self.what, description, self.done, of)
        elif advance:
            log.info("%s: %d%s done", self.what, self.done, of)

    def advance(self, n: int = 1) -> None:
        self.update(advance=n)


@contextmanager
def progress(what: str, total: int | None = None, *, quiet: bool = False) -> Iterator[Steps]:
    """A transient bar on a terminal's stderr (none with -q); elsewhere a start and an end line at INFO."""
    if not quiet and sys.stderr.isatty():
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=Console(file=sys.stderr), transient=True) as bar:
            yield Steps(what, total, bar)
        return
    start = time.monotonic()
    log.info("%s%s ...", what, f" ({total} to do)" if total else "")
    steps = Steps(what, total, None)
    yield steps
    log.info("%s: finished in %.1f s", what, time.monotonic() - start)
