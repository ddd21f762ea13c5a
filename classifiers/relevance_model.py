"""The relevance model: tf-idf -> logistic regression, listed papers against real stream and LLM-index papers.

Platt-calibrated on out-of-fold scores; the flag threshold is chosen on those out-of-fold scores, never on test data.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict
from sklearn.pipeline import Pipeline

from classifiers.dataset import Paper
from classifiers.features import band_threshold, paper_text
from classifiers.options import SEED, Options

log = logging.getLogger(__name__)


@dataclass
class RelevanceModel:
    """A fitted relevance model: Pipeline (tf-idf -> logistic regression) plus Platt scaling and a threshold."""

    pipeline: Pipeline
    platt: tuple[float, float] = (1.0, 0.0)
    threshold: float = 0.5
    extra: dict = field(default_factory=dict)
    propose_above: float = 0.0  # at or above: sure enough of scope to propose; between threshold and this: triage

    def proba(self, X) -> np.ndarray:
        a, b = self.platt
        return 1.0 / (1.0 + np.exp(-(a * self.pipeline[-1].decision_function(X) + b)))


def fit_relevance(vectorizer, positives: list[Paper], negatives: list[Paper], opts: Options,
                  scope_read: frozenset[str] = frozenset()) -> RelevanceModel:
    """Fit listed-vs-stream logistic regression, Platt-calibrate it and pick the thresholds out-of-fold.

    The flag threshold keeps `target_recall` of the positives. `scope_read` names stream papers a reader judged
    (drawn as the daily run meets them); the proposal threshold is the relevance from which those papers are in
    scope at least `propose_precision` of the time, so a paper under it goes to triage instead of the PR.

    Every paper with an abstract also trains as a title-only copy, positives and negatives alike: 185 listed
    papers have no abstract, and without the copies "short text" itself became evidence of relevance (a
    title-only stream paper was flagged 7 times in 10). Folds keep a paper and its copy together, and the
    calibration and threshold use the original rows only.
    """
    papers = positives + negatives
    y0 = np.array([1] * len(positives) + [0] * len(negatives))
    copies = [i for i, p in enumerate(papers) if p.abstract and opts.title_views]
    rows = list(range(len(papers))) + copies
    texts = [paper_text(p) for p in papers] + [paper_text(Paper(papers[i].arxiv_id, papers[i].title)) for i in copies]
    y, groups = y0[rows], np.array(rows)
    original = np.arange(len(rows)) < len(papers)
    w = np.where(y == 1, opts.positive_weight, 1.0)
    X = vectorizer.transform(texts)
    clf = LogisticRegression(C=opts.relevance_c, max_iter=2000, random_state=SEED)
    folds = StratifiedGroupKFold(opts.folds, shuffle=True, random_state=SEED)
    oof = cross_val_predict(clf, X, y, groups=groups, cv=folds, method="decision_function",
                            params={"sample_weight": w})[original]
    platt = LogisticRegression(C=1e4, max_iter=1000).fit(oof.reshape(-1, 1), y0)
    a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    p_oof = 1.0 / (1.0 + np.exp(-(a * oof + b)))
    # The daily stream always has abstracts, so the recall target is set on listed papers that have one.
    with_abstract = np.array([bool(p.abstract) for p in papers]) & (y0 == 1)
    target = with_abstract if with_abstract.sum() >= 30 else y0 == 1
    threshold = float(np.quantile(p_oof[target], 1.0 - opts.target_recall))
    read = np.array([p.arxiv_id in scope_read for p in papers])
    propose_above = max(threshold, band_threshold(p_oof[read], y0[read] == 1, opts.propose_precision))
    clf.fit(X, y, sample_weight=w)
    flags = float((p_oof[y0 == 0] >= threshold).mean() * 1000)
    above = read & (p_oof >= propose_above)
    log.info("relevance: threshold %.4f, out-of-fold negatives flagged per 1000: %.1f; propose from %.4f",
             threshold, flags, propose_above)
    return RelevanceModel(Pipeline([("tfidf", vectorizer), ("clf", clf)]), (a, b), threshold,
                          {"oof_flags_per_1000": flags, "oof_recall": float((p_oof[y0 == 1] >= threshold).mean()),
                           "read_papers": int(read.sum()),
                           "oof_read_in_scope_above_propose": float(y0[above].mean()) if above.any() else None},
                          propose_above)
