"""The classifier's public API: load a trained model, score papers, get frozen `Prediction`s with explanations.

Usage (the daily run and the PR body call exactly this)::

    from classifiers.predict import Classifier
    clf = Classifier.load(Path("data/model"), taxonomy=doc.leaf_paths())   # ModelError if taxonomy differs
    for p in clf.predict(papers):          # any objects (or dicts) with arxiv_id, title, abstract
        p.relevance      # float 0..1, calibrated probability the paper belongs in the survey
        p.relevant       # relevance >= the threshold chosen at training time (out-of-fold recall target)
        p.scope_sure     # relevance >= the proposal threshold (read stream papers there are mostly in scope)
        p.needs_triage   # the best section's probability is too low to trust: a human should pick
        p.sections       # tuple[SectionScore(path, score)], every leaf, best first; scores sum to 1
        p.why.terms      # words that pushed the relevance score up the most
        p.why.section_terms  # words that pushed the chosen section
        p.why.nearest    # up to 3 most similar listed papers in the chosen section: Neighbour(title, arxiv_id)

`predict` raises ValueError when an item has no title; callers with untrusted input check items with
`as_paper` first (the CLI does, and turns each bad line into an error record without stopping the others).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.errors import ModelError
from classifiers import persist
from classifiers.dataset import Paper
from classifiers.features import paper_text, top_terms
from classifiers.bundle import from_bundle

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SectionScore:
    path: tuple[str, ...]
    score: float


@dataclass(frozen=True)
class Neighbour:
    title: str
    arxiv_id: str | None


@dataclass(frozen=True)
class Why:
    terms: tuple[str, ...]
    nearest: tuple[Neighbour, ...]
    section_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prediction:
    arxiv_id: str | None
    relevance: float
    relevant: bool
    needs_triage: bool
    sections: tuple[SectionScore, ...]
    why: Why
    scope_sure: bool = True  # relevance reaches the proposal threshold: in scope often enough to propose


def as_paper(item) -> Paper:
    """Accept a classifiers Paper, bot.paper.Paper, or a dict; raise ValueError when there is no title."""
    get = item.get if isinstance(item, dict) else (lambda k, d=None: getattr(item, k, d))
    title, abstract, arxiv_id = get("title"), get("abstract") or "", get("arxiv_id")
    if not isinstance(title, str) or not title.strip():
        raise ValueError("a paper needs a non-empty title")
    if not isinstance(abstract, str):
        raise ValueError("abstract must be a string")
    if arxiv_id is not None and not isinstance(arxiv_id, str):
        raise ValueError("arxiv_id must be a string")
    return Paper(arxiv_id, title, abstract)


class Classifier:
    """A loaded model. Stateless after load; `predict` is vectorised over the whole batch."""

    def __init__(self, bundle: dict, meta: dict):
        self.meta = meta
        # A model for another list learned from titles alone: it reads new papers' titles alone too.
        self.titles_only = bool(isinstance(meta.get("list"), dict) and meta["list"].get("titles_only"))
        self.section, self.relevance = from_bundle(bundle)
        self.leaves = self.section.leaves
        self.listed_ids = [i or None for i in bundle["listed_ids"]]
        self.listed_titles = list(bundle["listed_titles"])
        self.vectorizer = self.section.pipeline[0]
        self._names = [str(t) for t in bundle["surface"]]
        self._section_coef = self.section.pipeline[-1].coef_
        # coef_ rows follow classes_; map each leaf to its coefficient row once.
        self._coef_row = np.full(len(self.leaves), -1)
        self._coef_row[self.section.pipeline[-1].classes_] = np.arange(len(self.section.pipeline[-1].classes_))
        self._relevance_coef = self.relevance.pipeline[-1].coef_[0]
        # Each leaf's listed papers, as columns of the similarity matrix. "Why" names only papers the README or a
        # maintainer placed, never a blind reading's placement (those come after `listed_shown`).
        shown = int(bundle.get("listed_shown", len(self.listed_ids)))
        self._members = [idx[idx < shown] for idx in self.section.leaf_columns()]
        self._neighbours = [Neighbour(t, i) for t, i in zip(self.listed_titles, self.listed_ids)]

    @classmethod
    def load(cls, path: Path | None = None, taxonomy: Sequence[Sequence[str]] | None = None,
             list_repo: str | None = None) -> "Classifier":
        """Load from a model directory; with `taxonomy`, refuse a model trained for different leaf sections, or
        (its metadata names a list, or `list_repo` names one) for another list."""
        if path is None:
            from bot.paths import shipped_model

            path = shipped_model()
        bundle, meta = persist.load(Path(path))
        if taxonomy is not None:
            from classifiers.list_training import check_list

            check_list(meta, list_repo, taxonomy)
            want = [list(p) for p in taxonomy]
            if want != meta.get("taxonomy"):
                have = {tuple(p) for p in meta.get("taxonomy") or []}
                diff = sorted({tuple(p) for p in want} ^ have)
                sample = "; ".join(" > ".join(p) for p in diff[:3]) or "same leaves, different order"
                raise ModelError(f"the model was trained for another taxonomy (differs at: {sample}); if the "
                                 "README's sections changed on purpose, re-train it with `litbot train`; if not, "
                                 "`litbot lint` shows what is wrong with the README")
        return cls(bundle, meta)

    @property
    def threshold(self) -> float:
        return self.relevance.threshold

    def predict(self, items: Iterable, top_k: int = 10) -> list[Prediction]:
        """Score every item (objects or dicts with arxiv_id, title, abstract); ValueError on an item with no title.

        Each prediction carries the `top_k` best sections (all leaves with top_k=0).
        """
        papers = [as_paper(i) for i in items]
        if self.titles_only:
            papers = [Paper(p.arxiv_id, p.title) for p in papers]
        if not papers:
            return []
        X = self.vectorizer.transform([paper_text(p) for p in papers])
        relevance = self.relevance.proba(X)
        probs, sims = self.section.proba(X)
        order = np.argsort(-probs, axis=1, kind="stable")[:, : top_k or None]
        best = order[:, 0]
        rel_terms = top_terms(X, self._relevance_coef, None, self._names)
        sec_terms = top_terms(X, self._section_coef, self._coef_row[best], self._names)
        nearest = self._nearest(sims, best)
        scores = np.round(np.take_along_axis(probs, order, axis=1), 6).tolist()
        rel = np.round(relevance.astype(np.float64), 6).tolist()
        flagged = (relevance >= self.relevance.threshold).tolist()
        sure = (relevance >= self.relevance.propose_above).tolist()
        triage = (probs[np.arange(len(papers)), best] < self.section.triage_below).tolist()
        leaves = self.leaves
        return [
            Prediction(paper.arxiv_id, rel[i], flagged[i], triage[i],
                       tuple(SectionScore(leaves[c], s) for c, s in zip(order[i].tolist(), scores[i])),
                       Why(rel_terms[i], nearest[i], sec_terms[i]), sure[i])
            for i, paper in enumerate(papers)
        ]

    def _nearest(self, sims: np.ndarray, leaves: np.ndarray, k: int = 3) -> list[tuple[Neighbour, ...]]:
        """The k listed papers (README or maintainers, not readings) most similar to each input in its chosen leaf."""
        found: list[tuple[Neighbour, ...]] = [() for _ in range(len(leaves))]
        for leaf in np.unique(leaves).tolist():
            rows = np.flatnonzero(leaves == leaf)
            members = self._members[leaf]
            for r, cols in zip(rows.tolist(), top_k_columns(sims[np.ix_(rows, members)], k)):
                found[r] = tuple(self._neighbours[j] for j in members[cols].tolist())
        return found


def top_k_columns(scores: np.ndarray, k: int) -> list[list[int]]:
    """Each row's k highest finite columns, best first, ties to the lower column: what a stable argsort of the
    whole row gives, without sorting the row (a partition finds the k-th value; only columns reaching it sort)."""
    if scores.shape[1] == 0 or k <= 0:
        return [[] for _ in range(scores.shape[0])]
    kth = -np.partition(-scores, min(k, scores.shape[1]) - 1, axis=1)[:, min(k, scores.shape[1]) - 1]
    rows, cols = np.nonzero((scores >= kth[:, None]) & (scores > -np.inf))
    order = np.lexsort((cols, -scores[rows, cols], rows))
    rows, cols = rows[order], cols[order]
    starts = np.searchsorted(rows, np.arange(scores.shape[0] + 1))
    picked = cols.tolist()
    return [picked[a:min(b, a + k)] for a, b in zip(starts[:-1].tolist(), starts[1:].tolist())]
