"""Reads the maintainers' descriptions of leaf sections (data/sections.toml) and scores papers against them.

A description is a short text saying what a leaf is about. The section model blends the cosine similarity of a
paper to each leaf's description (plus its heading names) into its scores: on the time-split backtest this beat
the heading names alone, and it gives a new or tiny leaf a voice before any paper is listed there.
"""

from __future__ import annotations

import logging
import tomllib
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.errors import ModelError
from classifiers.features import prepare, softmax

log = logging.getLogger(__name__)

SECTIONS = "sections.toml"
Path_ = tuple[str, ...]


def read_descriptions(path: Path, leaves: Sequence[Path_]) -> dict[Path_, str]:
    """Descriptions by leaf path, from a TOML table of leaf name -> text. A missing file means none.

    A name that is no leaf of the taxonomy is reported and ignored (a section was renamed or removed), so a
    stale entry never stops training; a value that is not a string is an error naming its key.
    """
    if not path.exists():
        return {}
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(f"{path} is not valid TOML: {exc}") from exc
    by_name: dict[str, list[Path_]] = {}
    for leaf in leaves:
        by_name.setdefault(leaf[-1], []).append(leaf)
    out: dict[Path_, str] = {}
    for name, text in table.items():
        if not isinstance(text, str):
            raise ModelError(f"{path}: the description of {name!r} must be a string, not {type(text).__name__}")
        if name not in by_name:
            log.warning("%s: %r is not a leaf section of this README; its description is ignored", path, name)
            continue
        for leaf in by_name[name]:
            out[leaf] = text.strip()
    return out


def description_text(leaf: Path_, description: str = "") -> str:
    """The prepared pseudo-document for a leaf: its heading names, leaf first, then its description."""
    return prepare(". ".join([*reversed(leaf), description]))


def similarity_distribution(X, described, temperature: float) -> np.ndarray:
    """A softmax over leaves of each row's cosine similarity (tf-idf rows are unit length) to each description."""
    return softmax((X @ described.T).toarray() / temperature)


def choose_weight(q: np.ndarray, p_desc: np.ndarray, truth: list[set[int]], weights: tuple[float, ...]) -> float:
    """The weight w of the mix (1 - w) * q + w * p_desc, chosen on out-of-fold rows by the one-standard-error
    rule: the smallest w whose top-1 accuracy is within one standard error of the best. The fewer listed papers,
    the less the learned channels know and the more the descriptions count; where the accuracies are level
    (they are for the shipped README, 265-270 of 420 papers for 0.35-0.8) the learned channels keep the lead.
    """
    accuracy = [float(np.mean([int(c) in t for c, t in zip(((1 - w) * q + w * p_desc).argmax(axis=1), truth)]))
                for w in weights]
    best = max(accuracy)
    se = float(np.sqrt(best * (1 - best) / max(len(truth), 1)))
    return next(w for w, a in zip(weights, accuracy) if a >= best - se)
