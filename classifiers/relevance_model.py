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
from classifiers.features import paper_text
from classifiers.options import SEED, Options

log = logging.getLogger(__name__)


@dataclass
class RelevanceModel:
    """A fitted relevance model: Pipeline (tf-idf -> logistic regression) plus Platt scaling and a threshold."""

    pipeline: Pipeline
    platt: tuple[float, float] = (1.0, 0.0)
    threshold: float = 0.5
    extra: dict = field(default_factory=dict)

    def proba(self, X) -> np.ndarray:
        a, b = self.platt
        return 1.0 / (1.0 + np.exp(-(a * self.pipeline[-1].decision_function(X) + b)))


def fit_relevance(vectorizer, positives: list[Paper], negatives: list[Paper], opts: Options) -> RelevanceModel:
    """Fit listed-vs-stream logistic regression, Platt-calibrate it and pick the threshold out-of-fold.

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
    clf.fit(X, y, sample_weight=w)
    flags = float((p_oof[y0 == 0] >= threshold).mean() * 1000)
    log.info("relevance: threshold %.4f, out-of-fold negatives flagged per 1000: %.1f", threshold, flags)
    return RelevanceModel(Pipeline([("tfidf", vectorizer), ("clf", clf)]), (a, b), threshold,
                          {"oof_flags_per_1000": flags, "oof_recall": float((p_oof[y0 == 1] >= threshold).mean())})
