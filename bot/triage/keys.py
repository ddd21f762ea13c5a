"""Single keys (and the odd line) from the terminal: cbreak mode on a tty, plain reads from a pipe.

cbreak keeps the terminal's signal keys, so Ctrl-C still raises KeyboardInterrupt; the previous terminal mode is
restored on exit, however the session ends.
"""

from __future__ import annotations

import os
import select
import sys
import termios
import tty
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO, TextIO

ENTER, ESCAPE, EOF = "enter", "escape", "eof"


class KeyReader:
    """Reads one key at a time from `stream` (default: stdin). Use as a context manager."""

    def __init__(self, stream: TextIO | BinaryIO | None = None) -> None:
        self.fd = (stream or sys.stdin).fileno()
        self.tty = os.isatty(self.fd)
        self._saved: list | None = None

    def __enter__(self) -> KeyReader:
        if self.tty:
            self._saved = termios.tcgetattr(self.fd)
            tty.setcbreak(self.fd)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
            self._saved = None

    def key(self) -> str:
        """One key: a character, or ENTER, ESCAPE (also arrow keys and other sequences), or EOF."""
        data = os.read(self.fd, 1)
        if not data:
            return EOF
        if data == b"\x1b":
            while select.select([self.fd], [], [], 0.0)[0]:  # swallow the rest of an escape sequence
                if not os.read(self.fd, 16):
                    break
            return ESCAPE
        if data in (b"\r", b"\n"):
            return ENTER
        if data == b"\x04":
            return EOF
        while data[0] >= 0xC0 and len(data) < 4:  # the rest of a multi-byte UTF-8 character
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                data += os.read(self.fd, 1)
        return data.decode("utf-8", "replace")

    @contextmanager
    def suspended(self) -> Iterator[None]:
        """The terminal's normal mode for a while (a console browser opened from the session needs it)."""
        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
        try:
            yield
        finally:
            if self._saved is not None:
                tty.setcbreak(self.fd)

    def line(self) -> str | None:
        """A whole line, typed with echo and editing (the terminal's normal mode); None at end of input."""
        if self._saved is not None:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)
        try:
            data = b""
            while not data.endswith(b"\n"):
                chunk = os.read(self.fd, 1)
                if not chunk:
                    return data.decode("utf-8", "replace") if data else None
                data += chunk
            return data.decode("utf-8", "replace").rstrip("\r\n")
        finally:
            if self._saved is not None:
                tty.setcbreak(self.fd)
