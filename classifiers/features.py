"""Turns papers into the text and tf-idf features both models share, and explains a linear score by its terms."""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from classifiers.dataset import Paper

Path_ = tuple[str, ...]


# A crude suffix stripper: "quantized", "quantization", "quantizing" -> "quant". With ~400 labelled papers,
# merging word forms beat bigrams and char n-grams on the backtest, and one regex pass keeps classification fast.
_SUFFIX = re.compile(r"(?<=[a-z]{3})(?:izations?|izing|ized|izes|ize|ations?|ings?|ed|ers?|es|s)\b")


def prepare(text: str) -> str:
    """Lower-case and strip common suffixes; the tf-idf step of both Pipelines takes prepared text."""
    return _SUFFIX.sub("", text.lower())


def paper_text(paper: Paper) -> str:
    """Title twice (it is the densest signal, and all that some listed papers have) then the abstract, prepared."""
    title = paper.title.strip()
    return prepare(f"{title}. {title}. {paper.abstract.strip()}")


def section_text(path: Path_) -> str:
    """A pseudo-document for a leaf section built from its heading names, leaf first (so no leaf is empty)."""
    return prepare(". ".join(reversed(path)))


def make_vectorizer(min_df: int = 2, max_features: int | None = 60000) -> TfidfVectorizer:
    """Word unigrams of prepared text, sublinear tf; words in over half the documents are dropped as stop words."""
    return TfidfVectorizer(
        lowercase=False,
        token_pattern=r"(?u)\b[a-z][a-z0-9\-]+\b",
        ngram_range=(1, 1),
        min_df=min_df,
        max_df=0.5,
        max_features=max_features,
        sublinear_tf=True,
        dtype=np.float32,
    )


def top_terms(X, weights: np.ndarray, row_weights: np.ndarray | None, names: list[str],
              k: int = 5) -> list[tuple[str, ...]]:
    """For each row of sparse X, up to k terms with the largest positive contribution x_j * w_j, best first.

    `weights` is either one weight vector shared by all rows, or a matrix with one row per class and
    `row_weights[i]` naming the class whose weights explain input row i. Vectorised over the batch.
    """
    X = X.tocsr()
    counts = np.diff(X.indptr)
    rows = np.repeat(np.arange(X.shape[0]), counts)
    w = weights[X.indices] if weights.ndim == 1 else weights[row_weights[rows], X.indices]
    contrib = X.data * w
    order = np.lexsort((-contrib, rows))  # grouped by row, largest contribution first within a row
    rank = np.arange(len(order)) - X.indptr[rows]  # position within its row (rows are already sorted)
    keep = order[(rank < k) & (contrib[order] > 0)]
    terms = [names[j] for j in X.indices[keep].tolist()]
    bounds = np.searchsorted(rows[keep], np.arange(X.shape[0] + 1))
    return [tuple(terms[bounds[r]:bounds[r + 1]]) for r in range(X.shape[0])]
