"""Measures the models honestly: a time-split section backtest against two baselines, and held-out relevance.

Section backtest: for each cut date, train on survey_history entries first added before it and test on the
entries added on or after it (labels = their sections in the snapshot README). Relevance: recall of survey papers
added after a cut by a model trained only on earlier ones, and flags per 1,000 papers on held-out stream days
that no training step ever sees.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from sklearn.metrics import f1_score

from classifiers.agreement import cut_split
from classifiers.baselines import KeywordBaseline, SvcBaseline
from classifiers.dataset import HistoryEntry, Labelled, Paper
from classifiers.features import fit_vectorizer, paper_text
from classifiers.options import Options
from classifiers.relevance_model import fit_relevance
from classifiers.section_model import fit_section, meaning_vectors

log = logging.getLogger(__name__)

CUTS = ("2024-01-01", "2024-03-01", "2024-06-01")
RELEVANCE_CUT = "2024-03-01"
Path_ = tuple[str, ...]


class SectionSystem:
    """The shipped section model, wrapped with the same fit/scores interface as the baselines."""

    def __init__(self, leaves: list[Path_], negatives: list[Paper], opts: Options,
                 descriptions: dict[Path_, str] | None = None):
        self.leaves, self.negatives, self.opts, self.descriptions = leaves, negatives, opts, descriptions

    def fit(self, labelled: list[Labelled]) -> "SectionSystem":
        texts = [paper_text(item.paper) for item in labelled] + [paper_text(p) for p in self.negatives]
        self.vectorizer = fit_vectorizer(texts)
        self.model = fit_section(self.vectorizer, labelled, self.leaves, self.opts, self.descriptions,
                                 vectors=meaning_vectors(self.vectorizer, texts, self.opts))
        return self

    def scores(self, papers: list[Paper]) -> np.ndarray:
        return self.model.proba(self.vectorizer.transform([paper_text(p) for p in papers]))[0]


@dataclass
class Scores:
    """Section metrics of one system on one test set."""

    n: int
    top1: float
    top3: float
    macro_f1: float
    top_node: float  # top-1 accuracy at the second heading level (e.g. "Model Compression")


def section_metrics(scores: np.ndarray, truth: list[set[int]], leaves: list[Path_]) -> Scores:
    """Top-1/top-3 (a hit on any of a paper's sections counts), macro-F1 over the test set's sections."""
    order = np.argsort(-scores, axis=1, kind="stable")
    top1 = np.array([order[i, 0] in t for i, t in enumerate(truth)])
    top3 = np.array([bool(set(order[i, :3].tolist()) & t) for i, t in enumerate(truth)])
    y_true = [order[i, 0] if top1[i] else min(t) for i, t in enumerate(truth)]
    y_pred = order[:, 0].tolist()
    present = sorted({min(t) for t in truth} | {y for y, h in zip(y_true, top1) if h})
    f1 = f1_score(y_true, y_pred, labels=present, average="macro", zero_division=0)
    node = np.array([leaves[order[i, 0]][:2] in {leaves[c][:2] for c in t} for i, t in enumerate(truth)])
    return Scores(len(truth), float(top1.mean()), float(top3.mean()), float(f1), float(node.mean()))


@dataclass
class Backtest:
    """Per-cut metrics per system, plus pooled top-1 outcomes of the model for the figures."""

    rows: list[tuple[str, int, int, dict[str, Scores]]] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)
    hits: list[bool] = field(default_factory=list)
    true_nodes: list[Path_] = field(default_factory=list)
    pred_nodes: list[Path_] = field(default_factory=list)
    triaged: list[bool] = field(default_factory=list)
    hits3: list[bool] = field(default_factory=list)
    with_abstract: list[bool] = field(default_factory=list)  # daily arXiv papers always have one

    def model_by_input(self) -> dict[str, tuple[int, float, float]]:
        """The model's pooled (papers, top-1, top-3) on test papers with an abstract and on title-only ones."""
        out = {}
        for name, has in (("with abstract", True), ("title only", False)):
            sel = [i for i, a in enumerate(self.with_abstract) if a == has]
            if sel:
                out[name] = (len(sel), float(np.mean([self.hits[i] for i in sel])),
                             float(np.mean([self.hits3[i] for i in sel])))
        return out

    def mean(self, system: str, metric: str) -> float:
        weights = [n_test for _, _, n_test, _ in self.rows]
        values = [getattr(scores[system], metric) for *_, scores in self.rows]
        return float(np.average(values, weights=weights))


def section_backtest(history: list[HistoryEntry], leaves: list[Path_], negatives: list[Paper],
                     opts: Options = Options(), cuts: tuple[str, ...] = CUTS, progress=None,
                     descriptions: dict[Path_, str] | None = None) -> Backtest:
    """Run the model and both baselines on every cut; entries whose sections are not leaves are skipped.

    The model gets the leaves' descriptions (they are written once, not learned from any cut's papers).
    """
    result = Backtest()
    for cut in cuts:
        train, test, truth = cut_split(history, leaves, cut)
        papers = [h.paper for h in test]
        section = SectionSystem(leaves, negatives, opts, descriptions)
        systems: dict[str, SectionSystem | SvcBaseline | KeywordBaseline] = {
            "model": section, "tfidf+LinearSVC": SvcBaseline(leaves), "keyword rules": KeywordBaseline(leaves)}
        scored = {}
        for name, system in systems.items():
            s = system.fit(train).scores(papers)
            scored[name] = section_metrics(s, truth, leaves)
            if name == "model":
                best = s.argmax(axis=1)
                result.confidences += s.max(axis=1).tolist()
                result.hits += [int(b) in t for b, t in zip(best, truth)]
                result.true_nodes += [leaves[min(t)][:2] for t in truth]
                result.pred_nodes += [leaves[b][:2] for b in best]
                result.triaged += (s.max(axis=1) < section.model.triage_below).tolist()
                top3 = np.argsort(-s, axis=1, kind="stable")[:, :3]
                result.hits3 += [bool(set(row.tolist()) & t) for row, t in zip(top3, truth)]
                result.with_abstract += [bool(p.abstract) for p in papers]
        result.rows.append((cut, len(train), len(test), scored))
        log.info("cut %s: model top-1 %.3f top-3 %.3f", cut, scored["model"].top1, scored["model"].top3)
        if progress:
            progress()
    return result


@dataclass
class Relevance:
    """Relevance figures: time-split recall, held-out stream flag rate, and the operating curve."""

    cut: str
    n_train_pos: int
    n_test_pos: int
    n_heldout: int
    threshold: float
    recall: float
    recall_with_abstract: float
    n_with_abstract: int
    flags_per_1000: float
    curve: list[tuple[float, float, float]]  # (threshold, recall, flags per 1000)


def relevance_eval(history: list[HistoryEntry], train_neg: list[Paper], heldout: list[Paper],
                   opts: Options = Options(), cut: str = RELEVANCE_CUT) -> Relevance:
    """Train relevance on survey papers added before `cut`; test on later ones and on held-out stream days."""
    seen: set[str] = set()
    pos: list[Paper] = []
    test: list[Paper] = []
    for h in history:
        key = h.paper.arxiv_id or h.paper.title
        if key in seen:
            continue
        seen.add(key)
        (pos if h.first_seen < cut else test).append(h.paper)
    vectorizer = fit_vectorizer([paper_text(p) for p in pos + train_neg])
    model = fit_relevance(vectorizer, pos, train_neg, opts)
    p_test = model.proba(vectorizer.transform([paper_text(p) for p in test]))
    p_held = model.proba(vectorizer.transform([paper_text(p) for p in heldout]))
    has_abs = np.array([bool(p.abstract) for p in test])
    curve = [(float(t), float((p_test >= t).mean()), float((p_held >= t).mean() * 1000))
             for t in sorted({model.threshold, *np.quantile(p_held, [0.9, 0.95, 0.97, 0.98, 0.99, 0.995])})]
    return Relevance(cut, len(pos), len(test), len(heldout), model.threshold,
                     float((p_test >= model.threshold).mean()), float((p_test[has_abs] >= model.threshold).mean()),
                     int(has_abs.sum()), float((p_held >= model.threshold).mean() * 1000), curve)
