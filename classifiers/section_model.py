"""The section model: a calibrated distribution over the README's leaf sections, from which the top-k are read.

tf-idf -> multinomial logistic regression over the leaves, blended with a nearest-listed-papers score (cosine
similarity over the same tf-idf), then temperature-scaled so the blend is calibrated on out-of-fold predictions.
Every leaf also gets a pseudo-document made of its heading names. The calibrated distribution is then mixed with
similarity to the maintainers' description of each leaf (`classifiers.descriptions`), so a leaf with no listed
paper can still be predicted. Last, it is pooled with a "meaning" channel: cosine similarity in learned
word-vector space (`classifiers.word_vectors`) to each leaf's centroid of listed papers and description.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.pipeline import Pipeline

from classifiers.dataset import Labelled
from classifiers.descriptions import choose_weight, description_text, similarity_distribution
from classifiers.features import band_threshold, paper_text, section_text, softmax
from classifiers.options import SEED, Options
from classifiers.word_vectors import embed, fit_word_vectors, unit_rows, without_common_directions

Path_ = tuple[str, ...]


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
    vectors: np.ndarray | None = None  # term x dim word vectors, unit rows
    centroids: np.ndarray | None = None  # leaf x dim: listed papers' mean vector plus the description's, unit rows
    embed_weight: float = 0.0
    embed_temperature: float = 0.05
    mix_temperature: float = 1.0  # applied after pooling with the meaning channel

    def leaf_columns(self) -> list[np.ndarray]:
        """Each leaf's listed papers, as sorted column indices of the similarity matrix `raw_scores` returns."""
        member = self.membership.tocsc()
        return [np.sort(member.indices[member.indptr[c]:member.indptr[c + 1]]) for c in range(len(self.leaves))]

    def raw_scores(self, X) -> tuple[np.ndarray, np.ndarray]:
        """(blended distribution before temperature, similarity of each input to each listed paper)."""
        clf = self.pipeline[-1]
        p_lr = np.zeros((X.shape[0], len(self.leaves)), dtype=np.float64)
        p_lr[:, clf.classes_] = clf.predict_proba(X)
        sims = (X @ self.listed_X.T).toarray()
        if self.knn_weight <= 0 or self.listed_X.shape[0] == 0:
            return p_lr, sims
        knn = np.full((X.shape[0], len(self.leaves)), 0.0)
        for c, idx in enumerate(self.leaf_columns()):
            if len(idx) == 0:
                continue
            # The mean of the k highest similarities: a partition finds them without sorting the rest, and they
            # are summed best first, as before, so the scores stay bit-identical.
            k = min(self.knn_k, len(idx))
            if k:
                top = np.sort(-np.partition(-sims[:, idx], k - 1, axis=1)[:, :k], axis=1)[:, ::-1]
                knn[:, c] = top.mean(axis=1)
        return (1 - self.knn_weight) * p_lr + self.knn_weight * softmax(knn / self.knn_temperature), sims

    def with_descriptions(self, X, q: np.ndarray) -> np.ndarray:
        """Blend a calibrated distribution with similarity to the leaves' descriptions. The temperature is fitted
        on the learned channels only: fitted on the blend, out-of-fold papers made it too sharp for later papers."""
        if self.described is None or self.describe_weight <= 0:
            return q
        p_desc = similarity_distribution(X, self.described, self.describe_temperature)
        return (1 - self.describe_weight) * q + self.describe_weight * p_desc

    def closeness(self, X) -> np.ndarray:
        """Each row's cosine similarity to each leaf centroid in word-vector space."""
        assert self.vectors is not None and self.centroids is not None, "closeness needs word vectors"
        return embed(X, self.vectors) @ self.centroids.T

    def with_meaning(self, X, q: np.ndarray) -> np.ndarray:
        """q pooled with the meaning channel, or q itself for a model without word vectors."""
        if self.vectors is None or self.centroids is None or self.embed_weight <= 0:
            return q
        return self.pooled(q, self.closeness(X))

    def pooled(self, q: np.ndarray, closeness: np.ndarray) -> np.ndarray:
        """q and the meaning channel pooled log-linearly (where the two agree the result is surer than either;
        an average was under-confident by 0.13 in the backtest), then sharpened by the mix temperature."""
        w = self.embed_weight
        logp = (1 - w) * np.log(np.clip(q, 1e-12, None)) + w * closeness / self.embed_temperature
        return softmax(logp / self.mix_temperature)

    def proba(self, X) -> tuple[np.ndarray, np.ndarray]:
        blended, sims = self.raw_scores(X)
        return self.with_meaning(X, self.with_descriptions(X, apply_temperature(blended, self.temperature))), sims


def meaning_vectors(vectorizer, texts: list[str], opts: Options) -> np.ndarray | None:
    """Word vectors over the vectorizer's terms, learned from the prepared training texts (listed papers and
    negatives alike); None when `opts.embed_dim` turns the meaning channel off."""
    if opts.embed_dim <= 0:
        return None
    vectors = fit_word_vectors(texts, vectorizer.vocabulary_, opts.embed_dim, opts.embed_window)
    return without_common_directions(vectors, vectorizer.transform(texts), opts.embed_common)


def leaf_centroids(listed_X, membership: sparse.csr_matrix, described, vectors: np.ndarray) -> np.ndarray:
    """Each leaf's direction: its listed papers' mean vector plus its description's vector, both unit length (the
    description carries a leaf that has few or no listed papers)."""
    papers = unit_rows(np.asarray(membership.T @ embed(listed_X, vectors)))
    return unit_rows(papers + embed(described, vectors)).astype(np.float32)


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
                descriptions: dict[Path_, str] | None = None, calibrate: bool = True,
                vectors: np.ndarray | None = None) -> SectionModel:
    """Fit the section model on listed papers (vectorizer already fitted), then calibrate it out-of-fold.

    `descriptions` (leaf -> text, see `classifiers.descriptions`) feed the description channel; a leaf without
    one is described by its heading names. `vectors` (`word_vectors.fit_word_vectors` over the vectorizer's
    terms) feed the meaning channel; without them there is none.
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
                         describe_weight=opts.describe_weight, describe_temperature=opts.describe_temperature,
                         embed_weight=opts.embed_weight, embed_temperature=opts.embed_temperature)
    if vectors is not None:
        model.vectors = vectors
        model.centroids = leaf_centroids(listed_X, membership, model.described, vectors)
    if calibrate and len(labelled) >= 2 * opts.folds:
        oof, oof_meaning, truth = _section_oof(vectorizer, labelled, leaves, opts, vectors)
        model.temperature = fit_temperature(oof, truth)
        # Out-of-fold scores of papers from the same years flatter the final mix (it then abstained on 2% of
        # the later papers in the backtest); the learned channels' threshold, applied to the mix, abstains when
        # they are unsure or when the description disagrees with them.
        q = apply_temperature(oof, model.temperature)
        model.triage_below = triage_threshold(q, truth, opts.triage_accuracy)
        model.describe_weight = choose_weight(
            q, similarity_distribution(listed_X, model.described, opts.describe_temperature), truth,
            opts.describe_weights)
        if oof_meaning is not None:
            # Relative to the default: fit_temperature searches 0.2-5x, and cosines need about 0.05.
            model.embed_temperature = opts.embed_temperature * fit_temperature(
                np.exp(oof_meaning / opts.embed_temperature), truth)
            model.mix_temperature = fit_temperature(model.pooled(model.with_descriptions(listed_X, q), oof_meaning),
                                                    truth)
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


def _section_oof(vectorizer, labelled, leaves, opts, vectors=None):
    """Out-of-fold scores of the learned channels (logistic regression and neighbours), before temperature, and
    of the meaning channel (None without word vectors), with the true leaves of each paper."""
    leaf_index = {p: i for i, p in enumerate(leaves)}
    oof = np.zeros((len(labelled), len(leaves)))
    meaning = None if vectors is None else np.zeros_like(oof)
    for train_idx, test_idx in KFold(opts.folds, shuffle=True, random_state=SEED).split(labelled):
        sub = fit_section(vectorizer, [labelled[i] for i in train_idx], leaves, opts, calibrate=False,
                          vectors=vectors)
        X = vectorizer.transform([paper_text(labelled[i].paper) for i in test_idx])
        oof[test_idx] = sub.raw_scores(X)[0]
        if meaning is not None:
            meaning[test_idx] = sub.closeness(X)
    truth = [{leaf_index[s] for s in item.sections if s in leaf_index} for item in labelled]
    return oof, meaning, truth


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
    hit = np.array([int(np.argmax(row)) in t for row, t in zip(q, truth)])
    return band_threshold(q.max(axis=1), hit, accuracy)
