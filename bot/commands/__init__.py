"""One module per CLI sub-command; each exposes `register(subparsers)` and sets `func(args) -> int`."""

from __future__ import annotations

import argparse
from datetime import date


def iso_day(text: str) -> date:
    """argparse type for YYYY-MM-DD dates, with a message that says what was wrong."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
