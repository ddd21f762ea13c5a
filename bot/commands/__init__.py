"""One module per CLI sub-command; each exposes `register(subparsers)` and sets `func(args) -> int`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from bot.config import Config
from classifiers.dataset import DEFAULT_DATA


# litbot's own data folder (training data, the shipped model and README, decisions.jsonl), in its checkout.
DATA_DIR = DEFAULT_DATA


def model_dir(args: argparse.Namespace, config: Config) -> Path:
    """The model directory: --model, else classifier.model_path, else the model shipped in litbot's data/."""
    from classifiers.predict import DEFAULT_MODEL

    chosen = getattr(args, "model", None) or config.classifier.model_path
    return Path(chosen) if chosen else DEFAULT_MODEL


def iso_day(text: str) -> date:
    """argparse type for YYYY-MM-DD dates, with a message that says what was wrong."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None
