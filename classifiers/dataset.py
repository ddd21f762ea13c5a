"""Builds labelled and unlabelled paper sets from the README, the abstract cache and the negatives sample in data/.

Everything here is plain file I/O over JSON lines; no network. Labels always come from a README parsed by
`bot.readme`; abstracts come from `data/abstracts.jsonl` (joined by arXiv id, then by normalised title).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ModelError
from bot.readme import normalise_title, titles_agree

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Paper:
    """One paper as the classifier sees it; the abstract may be empty."""

    arxiv_id: str | None
    title: str
    abstract: str = ""


@dataclass(frozen=True)
class Labelled:
    """A paper listed in the survey, with every leaf section it sits in (usually one)."""

    paper: Paper
    sections: tuple[Path_, ...]


@dataclass(frozen=True)
class HistoryEntry:
    """An entry of the survey's history: when it was first added and where it sits in the snapshot."""

    paper: Paper
    first_seen: str
    sections: tuple[Path_, ...]


def read_jsonl(path: Path) -> Iterator[dict]:
    """Yield one dict per non-blank line of a (possibly gzipped) JSON-lines file."""
    opener = gzip.open if str(path).endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    yield json.loads(line)
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"cannot read training data {path}: {exc}") from exc


def write_jsonl(path: Path, rows: Iterable[dict]) -> None:
    """Write rows as JSON lines (gzipped when the name ends in .gz, with a fixed mtime so bytes are stable)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows).encode("utf-8")
    if str(path).endswith(".gz"):
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
            gz.write(data)
    else:
        path.write_bytes(data)


class AbstractCache:
    """Abstracts by arXiv id and by title key, read from data/abstracts.jsonl.

    One id may carry several rows with different titles (the README has ids pasted onto the wrong paper);
    a row is identified by (id, title key).
    """

    def __init__(self, rows: Iterable[dict] = ()):
        self._rows: dict[tuple[str, str], dict] = {}
        self.by_id: dict[str, list[dict]] = {}
        self.by_title: dict[str, dict] = {}
        for row in rows:
            self.add(row)

    @classmethod
    def load(cls, path: Path) -> "AbstractCache":
        return cls(read_jsonl(path)) if path.exists() else cls()

    def add(self, row: dict) -> None:
        key = (row.get("arxiv_id") or "", normalise_title(row.get("title") or ""))
        if key in self._rows:
            self.by_id.get(key[0], []).remove(self._rows[key])
        self._rows[key] = row
        if key[0]:
            self.by_id.setdefault(key[0], []).append(row)
        if key[1]:
            self.by_title[key[1]] = row

    def abstract_for(self, arxiv_id: str | None, title: str) -> str:
        """The cached abstract for a paper. An id match counts only if the titles agree (when a title is given):
        the README has ids pasted onto the wrong paper, and those must not borrow another paper's abstract."""
        for row in self.by_id.get(arxiv_id or "", ()):
            if not title or titles_agree(row.get("title") or "", title):
                return row.get("abstract") or ""
        return (self.by_title.get(normalise_title(title)) or {}).get("abstract") or ""

    def rows(self) -> list[dict]:
        return [self._rows[k] for k in sorted(self._rows)]


def labelled_from_readme(doc, cache: AbstractCache) -> list[Labelled]:
    """Each distinct listed paper of a parsed README with all its leaf sections, enriched with cached abstracts.

    A paper listed twice (same title) becomes one multi-label example. Entries that share an arXiv id but not a
    title stay apart: the README has ids pasted onto the wrong paper.
    Entries under a heading that is not a leaf are skipped: only leaves are classes.
    """
    leaves = set(doc.leaf_paths())
    merged: dict[str, tuple[Paper, list[Path_]]] = {}
    for entry in doc.entries:
        section = tuple(entry.section)
        if section not in leaves or not entry.title:
            continue
        key = normalise_title(entry.title)
        if key not in merged:
            paper = Paper(entry.arxiv_id, entry.title, cache.abstract_for(entry.arxiv_id, entry.title))
            merged[key] = (paper, [])
        if section not in merged[key][1]:
            merged[key][1].append(section)
    return [Labelled(p, tuple(s)) for p, s in merged.values()]


def history_entries(path: Path, cache: AbstractCache) -> list[HistoryEntry]:
    """Entries of survey_history.jsonl still in the snapshot (labels = sections_in_snapshot), oldest first."""
    out = []
    for row in read_jsonl(path):
        sections = tuple(tuple(s) for s in row.get("sections_in_snapshot") or ())
        if not sections or not row.get("title"):
            continue
        paper = Paper(row.get("arxiv_id"), row["title"], cache.abstract_for(row.get("arxiv_id"), row["title"]))
        out.append(HistoryEntry(paper, row["first_seen"], sections))
    return sorted(out, key=lambda h: h.first_seen)


@dataclass(frozen=True)
class Negative:
    """A real stream or LLM-index paper that is not in the survey; `split` is "train" or "heldout"."""

    paper: Paper
    source: str
    date: str
    split: str


def read_negatives(path: Path, exclude: Iterable[Paper] = ()) -> list[Negative]:
    """The negatives sample, minus any paper that matches an excluded (listed) paper by id or title."""
    ids = {p.arxiv_id for p in exclude if p.arxiv_id}
    titles = {normalise_title(p.title) for p in exclude}
    out = []
    for row in read_jsonl(path):
        if row["arxiv_id"] in ids or normalise_title(row["title"]) in titles:
            continue
        paper = Paper(row["arxiv_id"], row["title"], row.get("abstract") or "")
        out.append(Negative(paper, row["source"], row.get("date") or "", row["split"]))
    return out


@dataclass(frozen=True)
class EvaluationSplit:
    """What the evaluation measures with: the survey's history, and the stream split into training and held-out."""

    history: tuple[HistoryEntry, ...]
    train_negatives: tuple[Paper, ...]
    heldout: tuple[Paper, ...]


def evaluation_split(doc, cache: AbstractCache, history_path: Path, negatives_path: Path) -> EvaluationSplit:
    """Read the history and the negatives, leaving out every negative the README lists or ever listed."""
    if not history_path.exists():
        raise ModelError(f"no survey history at {history_path}; the backtest needs it")
    history = history_entries(history_path, cache)
    listed = [item.paper for item in labelled_from_readme(doc, cache)] + [h.paper for h in history]
    negatives = read_negatives(negatives_path, listed)
    heldout = tuple(n.paper for n in negatives if n.split == "heldout")
    if not heldout:
        raise ModelError(f"{negatives_path} has no held-out stream days")
    return EvaluationSplit(tuple(history), tuple(n.paper for n in negatives if n.split == "train"), heldout)


def data_hash(paths: Iterable[Path], extra: str = "") -> str:
    """sha256 over the bytes of the training files (and any extra text such as the README), for the metadata."""
    h = hashlib.sha256()
    for path in paths:
        h.update(path.name.encode())
        h.update(path.read_bytes() if path.exists() else b"<missing>")
    h.update(extra.encode("utf-8"))
    return h.hexdigest()
