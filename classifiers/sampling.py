"""Draws the negatives sample in data/negatives.jsonl.gz from the full stream and LLM-paper dumps (seeded).

The last `heldout_days` announce days of the stream are copied whole with split="heldout" and are never used
for training; they measure how many papers a day the relevance model would flag. Training negatives are a random
sample of the earlier stream days plus a random sample of the LLM-paper index, minus every paper that was ever
listed in the survey (matched by arXiv id or normalised title). LLM-index papers whose (noisy) tags say they
are about efficiency, quantization, pruning or distillation are left out too: many of them are in scope but were
never listed, and as negatives they taught the model to miss exactly the papers the survey wants.
"""

from __future__ import annotations

import logging
import random
from pathlib import Path

from bot.readme import normalise_title
from classifiers.dataset import read_jsonl, write_jsonl

log = logging.getLogger(__name__)

SEED = 20250204
IN_SCOPE_TAGS = frozenset({"Efficiency and Optimization", "Quantization", "Pruning", "Distillation"})


def build_negatives(
    stream_path: Path,
    tagged_path: Path,
    listed: list[dict],
    out_path: Path,
    *,
    heldout_days: int = 20,
    n_stream: int = 8000,
    n_tagged: int = 5000,
    seed: int = SEED,
) -> dict[str, int]:
    """Write the negatives sample and return how many rows of each kind it holds."""
    ids = {r["arxiv_id"] for r in listed if r.get("arxiv_id")}
    titles = {normalise_title(r["title"]) for r in listed if r.get("title")}

    def keep(row: dict) -> bool:
        return (bool(row.get("title") and row.get("arxiv_id")) and row["arxiv_id"] not in ids
                and normalise_title(row["title"]) not in titles)

    stream = sorted((r for r in read_jsonl(stream_path) if keep(r)), key=lambda r: (r["date"], r["arxiv_id"]))
    days = sorted({r["date"] for r in stream})
    first_heldout = days[-heldout_days]
    rng = random.Random(seed)
    train_stream = [r for r in stream if r["date"] < first_heldout]
    heldout = [r for r in stream if r["date"] >= first_heldout]
    picked = sorted(rng.sample(train_stream, min(n_stream, len(train_stream))), key=lambda r: r["arxiv_id"])
    stream_ids = {r["arxiv_id"] for r in stream}
    tagged = sorted((r for r in read_jsonl(tagged_path)
                     if keep(r) and r["arxiv_id"] not in stream_ids and not IN_SCOPE_TAGS & set(r.get("tags") or ())),
                    key=lambda r: r["arxiv_id"])
    picked_tagged = sorted(rng.sample(tagged, min(n_tagged, len(tagged))), key=lambda r: r["arxiv_id"])

    def row(r: dict, source: str, split: str) -> dict:
        out = {"arxiv_id": r["arxiv_id"], "title": r["title"], "abstract": r.get("abstract") or "",
               "source": source, "split": split, "date": r.get("date") or str(r.get("year") or "")}
        return out

    rows = ([row(r, "stream", "train") for r in picked] + [row(r, "llm_papers", "train") for r in picked_tagged]
            + [row(r, "stream", "heldout") for r in heldout])
    write_jsonl(out_path, rows)
    counts = {"stream_train": len(picked), "llm_papers_train": len(picked_tagged), "stream_heldout": len(heldout),
              "heldout_from": first_heldout}
    log.info("negatives sample: %s", counts)
    return counts
