"""Keeps one run at a time on a state file: an OS lock on `<state>.lock` that the system drops when its process dies.

A `litbot run` started by hand while `litbot serve` (or a second cron job) is mid-run would fetch the same days and
race it for the same branch and PR. The lock is taken for the life of a run only, so `triage`, `learn` and the
other short commands keep working beside a long run. Because the operating system releases it even after SIGKILL,
whoever takes it knows that every run still marked "running" in the state file belongs to a dead process.
"""

from __future__ import annotations

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
        try:
            self._lock.acquire()
        except Timeout:
            raise StoreError(f"another litbot process is running on this state file ({holder()}); wait for it to "
                             f"finish or stop it, then try again (lock file {self.path})") from None
        except OSError as exc:
            raise StoreError(f"cannot take the run lock {self.path}: {exc}") from exc

    def release(self) -> None:
        if self._lock is not None and self._lock.is_locked:
            self._lock.release(force=True)
