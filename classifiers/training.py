"""Trains the shipped classifier from a README and the files in data/, and saves it with its metadata."""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from bot.errors import ModelError
from bot.lint.mojibake import refuse_double_encoded_headings
from bot.readme import Document
from classifiers import persist
from classifiers.dataset import (AbstractCache, EvaluationSplit, Labelled, Negative, data_hash, evaluation_split,
                                 labelled_from_readme, read_negatives)
from classifiers.descriptions import SECTIONS, read_descriptions
from classifiers.decisions import DECISIONS, decision_examples, read_decisions, without
from classifiers.features import fit_vectorizer, paper_text, surface_forms
from classifiers.bundle import to_bundle
from classifiers.options import Options
from classifiers.reading import DAILY, READINGS, load_corpus, reading_examples
from classifiers.relevance_model import fit_relevance
from classifiers.section_model import fit_section, meaning_vectors

log = logging.getLogger(__name__)

ABSTRACTS = "abstracts.jsonl"
NEGATIVES = "negatives.jsonl.gz"
HISTORY = "survey_history.jsonl"


@dataclass(frozen=True)
class TrainingSet:
    """What one training run learns from: listed papers (labels) and training-split negatives."""

    listed: tuple[Labelled, ...]
    negatives: tuple[Negative, ...]
    leaves: tuple[tuple[str, ...], ...]
    descriptions: tuple[tuple[tuple[str, ...], str], ...] = ()  # (leaf, what it is about), from sections.toml
    scope_read: frozenset[str] = frozenset()  # stream papers read blind as the daily run meets them
    read_in: int = 0  # how many of `listed` come from blind readings (the rest: README and maintainers)


def evaluation_split_in(doc: Document, data_dir: Path) -> EvaluationSplit:
    """The evaluation split (history, training negatives, held-out stream days) read from the files in data_dir."""
    return evaluation_split(doc, AbstractCache.load(data_dir / ABSTRACTS), data_dir / HISTORY, data_dir / NEGATIVES)


def training_set(doc: Document, data_dir: Path, limit: int | None = None,
                 decisions: Path | list[dict] | None = None) -> TrainingSet:
    """Labels from the README, abstracts from the cache, negatives (training split only) and the leaves'
    descriptions from data/, and the maintainers' decisions: `decisions` rows (as in decisions.jsonl) or a file of
    them (default data_dir/decisions.jsonl). A README with double-encoded headings is refused: its damage would
    become labels."""
    refuse_double_encoded_headings(doc)
    cache = AbstractCache.load(data_dir / ABSTRACTS)
    listed = labelled_from_readme(doc, cache)
    if not listed:
        raise ModelError("the README lists no papers under leaf sections; nothing to train on")
    negatives = [n for n in read_negatives(data_dir / NEGATIVES, [item.paper for item in listed])
                 if n.split == "train"]
    if not negatives:
        raise ModelError(f"no training negatives in {data_dir / NEGATIVES}")
    if limit is not None:
        negatives = negatives[:limit]
    rows = decisions if isinstance(decisions, list) else read_decisions(decisions or data_dir / DECISIONS)
    accepted, rejected = decision_examples(rows, listed, doc.leaf_paths(), cache)
    listed += accepted  # maintainers' decisions: accepted papers in their corrected section, rejected ones
    negatives = without(negatives, [item.paper for item in accepted]) + rejected
    corpus = load_corpus(data_dir)
    scope_read: frozenset[str] = frozenset()
    read_in: list[Labelled] = []
    if corpus is not None:  # blind readings: below the README and the maintainers' decisions
        read_in, read_out = reading_examples(corpus, listed, doc.leaf_paths(), [n.paper for n in rejected])
        listed += read_in
        negatives = without(negatives, [item.paper for item in read_in] + [n.paper for n in read_out]) + read_out
        used = {item.paper.arxiv_id for item in read_in} | {n.paper.arxiv_id for n in read_out}
        scope_read = frozenset(i for i in used if i is not None and corpus.strata.get(i) in DAILY)
    descriptions = read_descriptions(data_dir / SECTIONS, doc.leaf_paths())
    return TrainingSet(tuple(listed), tuple(negatives), tuple(doc.leaf_paths()), tuple(descriptions.items()),
                       scope_read, len(read_in))


def fit(ts: TrainingSet, opts: Options = Options(), step=lambda what: None) -> tuple[dict, dict]:
    """Fit both models on a training set; returns (bundle for skops, training facts for the metadata).

    `step(what)` is called before each stage, for a progress display.
    """
    listed = list(ts.listed)
    positives = [item.paper for item in listed]
    negatives = [n.paper for n in ts.negatives]
    step("tf-idf")
    texts = [paper_text(p) for p in positives + negatives]
    vectorizer = fit_vectorizer(texts)
    step("word vectors")
    vectors = meaning_vectors(vectorizer, texts, opts)
    step("section model")
    section = fit_section(vectorizer, listed, list(ts.leaves), opts, dict(ts.descriptions), vectors=vectors)
    step("relevance model")
    relevance = fit_relevance(vectorizer, positives, negatives, opts, ts.scope_read)
    facts = {
        "listed_papers": len(listed),
        "read_in_scope": ts.read_in,
        "with_abstract": sum(1 for p in positives if p.abstract),
        "negatives": len(negatives),
        "described_leaves": len(ts.descriptions),
        "describe_weight": section.describe_weight,
        "meaning_weight": section.embed_weight,
        "meaning_temperature": section.embed_temperature,
        "mix_temperature": section.mix_temperature,
        "vocabulary": len(vectorizer.vocabulary_),
        "section_temperature": section.temperature,
        "triage_below": section.triage_below,
        "relevance_threshold": relevance.threshold,
        "propose_above": relevance.propose_above,
        "relevance_out_of_fold": relevance.extra,
        "options": asdict(opts),
    }
    return to_bundle(section, relevance, listed, surface_forms(vectorizer, positives + negatives),
                     ts.read_in), facts


STAGES = 6


def train(doc: Document, readme_text: str, data_dir: Path, out_dir: Path, opts: Options = Options(),
          limit: int | None = None, step=lambda what: None, decisions: Path | list[dict] | None = None,
          extra_meta: dict | None = None) -> dict:
    """Train from a parsed README and data_dir, save to out_dir and return the metadata written beside the model.

    `limit` keeps only the first N training negatives (for quick tests); the shipped model uses all of them.
    `decisions` replace data_dir's decisions.jsonl (bot.relearn passes those derived from the repository);
    `extra_meta` is merged into the metadata (bot.relearn records what the model learned from there).
    """
    started = time.perf_counter()
    step("reading data")
    decisions = data_dir / DECISIONS if decisions is None else decisions
    ts = training_set(doc, data_dir, limit, decisions)
    bundle, facts = fit(ts, opts, step)
    step("saving")
    meta = {
        "trained_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "training_data_sha256": data_hash([data_dir / ABSTRACTS, data_dir / NEGATIVES]
                                          + [p for p in [decisions if isinstance(decisions, Path) else None,
                                                         data_dir / SECTIONS,
                                                         data_dir / READINGS / "readings.jsonl",
                                                         data_dir / READINGS / "papers.jsonl.gz"]
                                             if p is not None and p.exists()],
                                          readme_text),
        "taxonomy": [list(p) for p in ts.leaves],
        "training": facts,
        "metrics": {"out_of_fold": facts["relevance_out_of_fold"]},
        "train_seconds": round(time.perf_counter() - started, 1),
        **(extra_meta or {}),
    }
    persist.save(out_dir, bundle, meta)
    log.info("trained on %d listed papers and %d negatives in %.1fs", facts["listed_papers"], facts["negatives"],
             meta["train_seconds"])
    return meta
