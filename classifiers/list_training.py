"""Trains a model for any curated list: its own entries as labels, the arXiv papers litbot fetched as negatives.

Nothing from the survey's data/ is read: no abstract cache, negatives sample, section descriptions, decisions or
readings. The model's metadata records the list it was trained for (`list_identity`), and `check_list` refuses
a model trained for another list.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from bot.errors import ModelError
from bot.listing import SURVEY_REPO, fingerprint
from bot.readme import Document, normalise_title
from classifiers import persist
from classifiers.dataset import Labelled, Negative, Paper, data_hash
from classifiers.options import Options
from classifiers.training import TrainingSet, fit

log = logging.getLogger(__name__)

# Below this many negatives the relevance model has too little of "what the list does not take" to learn from.
MIN_NEGATIVES = 50


def list_labels(doc: Document, leaves: Sequence[tuple[str, ...]]) -> list[Labelled]:
    """Each distinct paper listed under one of `leaves`, with every such leaf it sits in (titles only)."""
    wanted = set(leaves)
    merged: dict[str, tuple[Paper, list[tuple[str, ...]]]] = {}
    for entry in doc.entries:
        if entry.section not in wanted or not entry.title:
            continue
        key = entry.arxiv_id or normalise_title(entry.title)
        paper, sections = merged.setdefault(key, (Paper(entry.arxiv_id, entry.title), []))
        if entry.section not in sections:
            sections.append(entry.section)
    return [Labelled(p, tuple(s)) for p, s in merged.values()]


def list_negatives(fetched: Iterable, listed: Sequence[Labelled]) -> list[Negative]:
    """Fetched papers the list does not hold, as title-only negatives (the listed papers have no abstracts)."""
    ids = {item.paper.arxiv_id for item in listed if item.paper.arxiv_id}
    titles = {normalise_title(item.paper.title) for item in listed}
    out, seen = [], set()
    for paper in fetched:
        if paper.arxiv_id in ids or paper.arxiv_id in seen or normalise_title(paper.title) in titles:
            continue
        seen.add(paper.arxiv_id)
        day = paper.announce_date.isoformat() if getattr(paper, "announce_date", None) else ""
        out.append(Negative(Paper(paper.arxiv_id, paper.title), "fetched", day, "train"))
    return out


def list_identity(repo: str, leaves: Sequence[Sequence[str]]) -> dict:
    """What the metadata records about the list a model serves."""
    return {"repo": repo, "fingerprint": fingerprint(leaves), "titles_only": True}


def check_list(meta: dict, repo: str | None, leaves: Sequence[Sequence[str]]) -> None:
    """Refuse a model trained for another list. A model without list metadata is the survey's (older bundles)."""
    trained = meta.get("list")
    if not isinstance(trained, dict):
        if repo and repo != SURVEY_REPO:
            raise ModelError(f"this model was trained for the survey ({SURVEY_REPO}), not for {repo}; train one for "
                             "your list with `litbot train` (its config from `litbot init --readme`)")
        return
    want = fingerprint(leaves)
    if (repo and trained.get("repo") != repo) or trained.get("fingerprint") != want:
        raise ModelError(f"this model was trained for {trained.get('repo')} (taxonomy {trained.get('fingerprint')}), "
                         f"not for {repo or 'this list'} (taxonomy {want}); run `litbot train` for this list")


def train_list(doc: Document, leaves: Sequence[tuple[str, ...]], repo: str, fetched: Iterable, out_dir: Path,
               opts: Options = Options(), step=lambda what: None) -> dict:
    """Train on the list's entries under `leaves` and the fetched papers it does not hold; save to out_dir."""
    started = time.perf_counter()
    step("reading data")
    listed = list_labels(doc, leaves)
    if not listed:
        raise ModelError("the README lists no papers under the sections papers go to; nothing to train on")
    negatives = list_negatives(fetched, listed)
    if len(negatives) < MIN_NEGATIVES:
        raise ModelError(f"only {len(negatives)} fetched papers to learn what the list does not take (at least "
                         f"{MIN_NEGATIVES} needed); record some arXiv days first: `litbot fetch` (or `litbot fetch "
                         "--load FILE` for a recorded day)")
    ts = TrainingSet(tuple(listed), tuple(negatives), tuple(leaves))
    bundle, facts = fit(ts, opts, step)
    step("saving")
    ids = "\n".join(sorted(n.paper.arxiv_id or "" for n in negatives))
    meta = {
        "trained_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "training_data_sha256": data_hash([], doc.render() + "\n" + ids),
        "taxonomy": [list(p) for p in leaves],
        "list": list_identity(repo, leaves),
        "training": facts,
        "metrics": {"out_of_fold": facts["relevance_out_of_fold"]},
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    persist.save(out_dir, bundle, meta)
    log.info("trained for %s on %d listed papers and %d fetched negatives", repo, len(listed), len(negatives))
    return meta
