"""Fits the section and relevance models (scikit-learn Pipelines, fixed seeds) and scores papers with them.

Section model: tf-idf -> multinomial logistic regression over the README's leaf sections, blended with a
nearest-listed-papers score (cosine similarity over the same tf-idf), then temperature-scaled so the blended
distribution is calibrated on out-of-fold predictions. Every leaf also gets a pseudo-document made of its
heading names. Last, the calibrated distribution is mixed with similarity to the maintainers' description of each
leaf (`classifiers.descriptions`), so a leaf with no listed paper can still be predicted.
Relevance model: the same tf-idf -> logistic regression (listed papers vs. real stream/LLM-index papers),
Platt-calibrated on out-of-fold scores; the flag threshold is chosen on those out-of-fold scores, never on test data.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold, StratifiedGroupKFold, cross_val_predict
from sklearn.pipeline import Pipeline

from classifiers.dataset import Labelled, Paper
from classifiers.descriptions import choose_weight, description_text, similarity_distribution
from classifiers.features import paper_text, section_text, softmax

log = logging.getLogger(__name__)

SEED = 0
Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Options:
    """Model choices; the defaults are the ones the backtest selected (see `litbot evaluate`)."""

    section_c: float = 100.0
    knn_weight: float = 0.5
    knn_k: int = 3
    knn_temperature: float = 0.05
    describe_weight: float = 0.35  # when too few listed papers to choose one of describe_weights out-of-fold
    describe_weights: tuple[float, ...] = (0.2, 0.35, 0.5, 0.65, 0.8)
    describe_temperature: float = 0.05
    relevance_c: float = 4.0
    positive_weight: float = 10.0
    target_recall: float = 0.93
    triage_accuracy: float = 0.5
    folds: int = 5
    title_views: bool = True


@dataclass
class SectionModel:
    """A fitted section model: the Pipeline plus what the neighbour blend needs."""

    pipeline: Pipeline
    leaves: list[Path_]
    listed_X: sparse.csr_matrix
    membership: sparse.csr_matrix  # listed paper x leaf, 1 where the paper sits in the leaf
    knn_weight: float
    knn_k: int
    knn_temperature: float
    temperature: float = 1.0
    triage_below: float = 0.0
    described: sparse.csr_matrix | None = None  # leaf x term: heading names plus description, one row a leaf
    describe_weight: float = 0.0
    describe_temperature: float = 0.05

    def raw_scores(self, X) -> tuple[np.ndarray, np.ndarray]:
        """(blended distribution before temperature, similarity of each input to each listed paper)."""
        clf = self.pipeline[-1]
        p_lr = np.zeros((X.shape[0], len(self.leaves)), dtype=np.float64)
        p_lr[:, clf.classes_] = clf.predict_proba(X)
        sims = (X @ self.listed_X.T).toarray()
        if self.knn_weight <= 0 or self.listed_X.shape[0] == 0:
            return p_lr, sims
        knn = np.full((X.shape[0], len(self.leaves)), 0.0)
        member = self.membership.tocsc()
        for c in range(len(self.leaves)):
            idx = member.indices[member.indptr[c]:member.indptr[c + 1]]
            if len(idx) == 0:
                continue
            top = np.sort(sims[:, idx], axis=1)[:, ::-1][:, : self.knn_k]
            knn[:, c] = top.mean(axis=1) if top.shape[1] else 0.0
        return (1 - self.knn_weight) * p_lr + self.knn_weight * softmax(knn / self.knn_temperature), sims

    def with_descriptions(self, X, q: np.ndarray) -> np.ndarray:
        """Blend a calibrated distribution with similarity to the leaves' descriptions. The temperature is fitted
        on the learned channels only: fitted on the blend, out-of-fold papers made it too sharp for later papers."""
        if self.described is None or self.describe_weight <= 0:
            return q
        p_desc = similarity_distribution(X, self.described, self.describe_temperature)
        return (1 - self.describe_weight) * q + self.describe_weight * p_desc

    def proba(self, X) -> tuple[np.ndarray, np.ndarray]:
        blended, sims = self.raw_scores(X)
        return self.with_descriptions(X, apply_temperature(blended, self.temperature)), sims


def apply_temperature(p: np.ndarray, t: float) -> np.ndarray:
    return softmax(np.log(np.clip(p, 1e-12, None)) / t)


def _expand(labelled: list[Labelled], leaf_index: dict[Path_, int]) -> tuple[list[str], list[int], list[float]]:
    """One training row per (paper, section); a paper in two sections counts half in each."""
    texts, ys, ws = [], [], []
    for item in labelled:
        secs = [leaf_index[s] for s in item.sections if s in leaf_index]
        for s in secs:
            texts.append(paper_text(item.paper))
            ys.append(s)
            ws.append(1.0 / len(secs))
    return texts, ys, ws


def fit_section(vectorizer, labelled: list[Labelled], leaves: list[Path_], opts: Options,
                descriptions: dict[Path_, str] | None = None, calibrate: bool = True) -> SectionModel:
    """Fit the section model on listed papers (vectorizer already fitted), then calibrate it out-of-fold.

    `descriptions` (leaf -> text, see `classifiers.descriptions`) feed the description channel; a leaf without
    one is described by its heading names.
    """
    leaf_index = {p: i for i, p in enumerate(leaves)}
    labelled = [item for item in labelled if any(s in leaf_index for s in item.sections)]
    texts, ys, ws = _expand(labelled, leaf_index)
    texts += [section_text(p) for p in leaves]
    ys += list(range(len(leaves)))
    ws += [1.0] * len(leaves)
    clf = _fit_on_used_columns(LogisticRegression(C=opts.section_c, max_iter=2000, random_state=SEED),
                               vectorizer.transform(texts), np.array(ys), np.array(ws))
    listed_X = vectorizer.transform([paper_text(item.paper) for item in labelled])
    rows, cols = zip(*[(i, leaf_index[s]) for i, item in enumerate(labelled) for s in item.sections
                       if s in leaf_index]) if labelled else ((), ())
    membership = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(labelled), len(leaves)))
    model = SectionModel(Pipeline([("tfidf", vectorizer), ("clf", clf)]), list(leaves), listed_X.tocsr(),
                         membership, opts.knn_weight, opts.knn_k, opts.knn_temperature,
                         described=vectorizer.transform([description_text(p, (descriptions or {}).get(p, ""))
                                                         for p in leaves]).tocsr(),
                         describe_weight=opts.describe_weight, describe_temperature=opts.describe_temperature)
    if calibrate and len(labelled) >= 2 * opts.folds:
        oof, truth = _section_oof(vectorizer, labelled, leaves, opts)
        model.temperature = fit_temperature(oof, truth)
        # Out-of-fold scores of papers from the same years flatter the final mix (it then abstained on 2% of
        # the later papers in the backtest); the learned channels' threshold, applied to the mix, abstains when
        # they are unsure or when the description disagrees with them.
        q = apply_temperature(oof, model.temperature)
        model.triage_below = triage_threshold(q, truth, opts.triage_accuracy)
        model.describe_weight = choose_weight(
            q, similarity_distribution(listed_X, model.described, opts.describe_temperature), truth,
            opts.describe_weights)
    return model



def _fit_on_used_columns(clf: LogisticRegression, X, y, w) -> LogisticRegression:
    """Fit on the columns that are non-zero somewhere in X, then widen coef_ back with zeros.

    With an L2 penalty a feature that is zero in every training row has a zero coefficient at the optimum, so
    this is the same model; the listed papers use about a third of the shared vocabulary, so it fits ~3x faster.
    """
    X = X.tocsc()
    used = np.flatnonzero(np.diff(X.indptr))
    clf.fit(X[:, used].tocsr(), y, sample_weight=w)
    coef = np.zeros((clf.coef_.shape[0], X.shape[1]), dtype=clf.coef_.dtype)
    coef[:, used] = clf.coef_
    clf.coef_, clf.n_features_in_ = coef, X.shape[1]
    return clf


def _section_oof(vectorizer, labelled, leaves, opts) -> tuple[np.ndarray, list[set[int]]]:
    """Out-of-fold scores of the learned channels (logistic regression and neighbours), before temperature."""
    leaf_index = {p: i for i, p in enumerate(leaves)}
    oof = np.zeros((len(labelled), len(leaves)))
    for train_idx, test_idx in KFold(opts.folds, shuffle=True, random_state=SEED).split(labelled):
        sub = fit_section(vectorizer, [labelled[i] for i in train_idx], leaves, opts, calibrate=False)
        X = vectorizer.transform([paper_text(labelled[i].paper) for i in test_idx])
        oof[test_idx] = sub.raw_scores(X)[0]
    truth = [{leaf_index[s] for s in item.sections if s in leaf_index} for item in labelled]
    return oof, truth


def fit_temperature(p: np.ndarray, truth: list[set[int]]) -> float:
    """The temperature minimising the out-of-fold negative log-likelihood of the true section(s)."""
    mask = np.zeros_like(p)
    for i, t in enumerate(truth):
        mask[i, list(t)] = 1.0
    best, best_t = np.inf, 1.0
    for t in np.exp(np.linspace(np.log(0.2), np.log(5.0), 61)):
        nll = -np.mean(np.log(np.clip((apply_temperature(p, t) * mask).sum(axis=1), 1e-12, None)))
        if nll < best - 1e-12:
            best, best_t = nll, float(t)
    return best_t


def triage_threshold(q: np.ndarray, truth: list[set[int]], accuracy: float) -> float:
    """The top-1 probability below which out-of-fold top-1 guesses are right less often than `accuracy`."""
    top = q.max(axis=1)
    hit = np.array([int(np.argmax(row)) in t for row, t in zip(q, truth)])
    order = np.argsort(top)
    # Walk up from the least confident; stop at the first band of 10 that is right often enough.
    for start in range(0, len(order), 5):
        band = order[start:start + 10]
        if hit[band].mean() >= accuracy:
            return float(top[order[start]])
    return float(top.max())


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


def to_bundle(section: SectionModel, relevance: RelevanceModel, listed: list[Labelled],
              surface: list[str]) -> dict:
    """The plain dict skops saves. The shared tf-idf is stored once, its vocabulary as an array of terms
    (a 20k-entry dict costs skops seconds to load); the Pipelines are rebuilt around it by `from_bundle`."""
    vectorizer = copy.copy(section.pipeline[0])
    terms = vectorizer.get_feature_names_out().astype(str)
    del vectorizer.vocabulary_
    return {
        "tfidf": vectorizer,
        "terms": terms,
        "surface": np.array(surface, dtype=str),
        "section_clf": section.pipeline[-1],
        "relevance_clf": relevance.pipeline[-1],
        "leaves": [list(p) for p in section.leaves],
        "listed_X": section.listed_X,
        "membership": section.membership.tocsr(),
        "described": section.described,
        "listed_ids": [item.paper.arxiv_id or "" for item in listed],
        "listed_titles": [item.paper.title for item in listed],
        "params": {
            "knn_weight": float(section.knn_weight), "knn_k": int(section.knn_k),
            "knn_temperature": float(section.knn_temperature), "temperature": float(section.temperature),
            "triage_below": float(section.triage_below), "describe_weight": float(section.describe_weight),
            "describe_temperature": float(section.describe_temperature), "platt_a": float(relevance.platt[0]),
            "platt_b": float(relevance.platt[1]), "threshold": float(relevance.threshold),
        },
    }


def from_bundle(bundle: dict) -> tuple[SectionModel, RelevanceModel]:
    """Rebuild the two fitted models (Pipelines sharing one tf-idf) from a loaded bundle."""
    vectorizer = bundle["tfidf"]
    vectorizer.vocabulary_ = {str(t): i for i, t in enumerate(bundle["terms"])}
    p = bundle["params"]
    section = SectionModel(Pipeline([("tfidf", vectorizer), ("clf", bundle["section_clf"])]),
                           [tuple(x) for x in bundle["leaves"]], bundle["listed_X"].tocsr(),
                           bundle["membership"].tocsr(), p["knn_weight"], int(p["knn_k"]), p["knn_temperature"],
                           p["temperature"], p["triage_below"], bundle.get("described"),
                           p.get("describe_weight", 0.0), p.get("describe_temperature", 0.05))
    relevance = RelevanceModel(Pipeline([("tfidf", vectorizer), ("clf", bundle["relevance_clf"])]),
                               (p["platt_a"], p["platt_b"]), p["threshold"])
    return section, relevance
