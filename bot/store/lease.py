"""Keeps one run at a time on a state file: an OS lock on `<state>.lock` that the system drops when its process dies.

A `litbot run` started by hand while `litbot serve` (or a second cron job) is mid-run would fetch the same days and
race it for the same branch and PR. The lock is taken for the life of a run only, so `triage`, `learn` and the
other short commands keep working beside a long run. Because the operating system releases it even after SIGKILL,
whoever takes it knows that every run still marked "running" in the state file belongs to a dead process.

The lock file itself is removed on release (a normal end, an error, Ctrl-C: the store is closed on the way out),
so no `*.sqlite.lock` stays behind; one left by a killed process is removed by the next run that takes it. It is
unlinked while still held, and a lock won on a file that was unlinked meanwhile is given up and taken again, so two
processes can never hold the lock on two different files of the same name.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from filelock import FileLock, Timeout

from bot.errors import StoreError

IN_MEMORY = ("", ":memory:")


class RunLease:
    """The run lock of one state file; a no-op for an in-memory database, which no other process can open."""

    def __init__(self, state_path: str) -> None:
        self.path = f"{state_path}.lock"
        self._lock = None if state_path in IN_MEMORY else FileLock(self.path, timeout=0, thread_local=False)

    def acquire(self, holder: Callable[[], str]) -> None:
        """Take the lock now or raise StoreError; `holder()` says who has it (asked only when someone does)."""
        if self._lock is None or self._lock.is_locked:
            return
        for _ in range(3):
            try:
                self._lock.acquire()
            except Timeout:
                raise StoreError(f"another litbot process is running on this state file ({holder()}); wait for it "
                                 f"to finish or stop it, then try again (lock file {self.path})") from None
            except OSError as exc:
                raise StoreError(f"cannot take the run lock {self.path}: {exc}") from exc
            if self._holds_the_named_file():
                return
            self._lock.release(force=True)  # the holder before us removed the file as we opened it: try again
        raise StoreError(f"cannot take the run lock {self.path}: its file keeps being replaced")

    def _holds_the_named_file(self) -> bool:
        """True unless the locked descriptor is known to be another file than the one now at `path`."""
        fd = getattr(getattr(self._lock, "_context", None), "lock_file_fd", None)
        if not isinstance(fd, int):
            return True  # a filelock that does not say: nothing to compare
        try:
            return os.path.samestat(os.fstat(fd), os.stat(self.path))
        except OSError:
            return False  # no file at `path` any more

    def release(self) -> None:
        """Remove the lock file, then let go of the lock (removing it first is what keeps the name safe)."""
        if self._lock is not None and self._lock.is_locked:
            try:
                os.unlink(self.path)
            except OSError:  # already gone, or a system that cannot remove an open file (filelock removes it there)
                pass
            self._lock.release(force=True)
