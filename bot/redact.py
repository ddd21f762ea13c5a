"""Keeps secret values (the GitHub token) out of every text litbot prints, logs or stores: one redaction, at each sink.

A server can echo a request's Authorization header back in an error (a proxy, a wrong api_url, an Enterprise
instance), and that text travels on into messages. Rather than trusting every message, the sinks redact: the CLI's
stdout and stderr (`outputs`), the log formatter (bot.logsetup) and the state file's error and detail texts
(bot.store). The adapter that holds the token (bot.github_repo) and the CLI entry point `remember` it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

MASK = "***"
_MIN_LENGTH = 8  # a value this short is no credential, and masking it would garble ordinary text
_secrets: set[str] = set()


def remember(secret: str | None) -> None:
    """Redact this value from now on (empty and very short values are ignored)."""
    if secret and len(secret.strip()) >= _MIN_LENGTH:
        _secrets.add(secret.strip())


def redact(text: str) -> str:
    """`text` with every remembered secret replaced by ***."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return text


class RedactingStream:
    """A text stream that redacts what is written to it; everything else is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(redact(text))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def outputs() -> Iterator[None]:
    """While inside, sys.stdout and sys.stderr redact (print, rich consoles and log records all write there)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = RedactingStream(saved[0]), RedactingStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
