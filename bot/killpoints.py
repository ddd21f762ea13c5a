"""Test-only kill points: SIGKILL this process at a named step boundary of a run; a no-op unless asked for.

The CLI reads LITBOT_TEST_KILL_AT (comma-separated point names) once and hands the pipeline the callable that
`checkpoint_from` returns; the pipeline and propose() call it with a point name at each step boundary:
    after-fetch               the days are fetched, nothing written yet
    after-commit:N            the N-th paper of this run is committed on the day's branch
    after-pr-open             the PR is opened, before its labels are added
    after-pr-before-record    the PR is written, before the store records any outcome
    after-store               a day's papers, outcomes and cursor are committed to the store
Without the variable the checkpoint is `noop`, so production runs never pay for or depend on it.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Mapping

ENV = "LITBOT_TEST_KILL_AT"
POINTS = ("after-fetch", "after-commit:N", "after-pr-open", "after-pr-before-record", "after-store")

Checkpoint = Callable[[str], None]


def noop(point: str) -> None:
    """The production checkpoint: does nothing."""


def checkpoint_from(environ: Mapping[str, str]) -> Checkpoint:
    """`noop`, or a checkpoint that kills this process with SIGKILL when it reaches one of the named points."""
    wanted = {part.strip() for part in environ.get(ENV, "").split(",") if part.strip()}
    if not wanted:
        return noop

    def kill_at(point: str) -> None:
        if point in wanted:
            sys.stderr.write(f"litbot: {ENV}: killing this process at {point}\n")
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGKILL)

    return kill_at
