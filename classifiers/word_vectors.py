"""Learns small static word vectors from the training texts, so papers and leaves are compared by meaning, not
only by the words they share.

Positive pointwise mutual information of words within a few words of each other, reduced by a seeded truncated
SVD (the classic count-based alternative to word2vec). The texts are the ~13,000 papers the models train on, so
"w4a8", "int4" and "quantiz" end up near each other without any download. A paper's vector is the tf-idf-weighted
mean of its words' vectors, scaled to unit length.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.utils.extmath import randomized_svd

from classifiers.options import SEED


def cooccurrence(texts: list[str], vocabulary: dict[str, int], window: int) -> sparse.csr_matrix:
    """Symmetric counts of vocabulary words at most `window` words apart within one text (words outside the
    vocabulary are dropped first, so the window counts vocabulary words)."""
    ids: list[int] = []
    doc: list[int] = []
    for d, text in enumerate(texts):
        row = [vocabulary[w] for w in text.split() if w in vocabulary]
        ids += row
        doc += [d] * len(row)
    ids_a, doc_a = np.array(ids, dtype=np.int32), np.array(doc, dtype=np.int32)
    n = len(vocabulary)
    counts = sparse.csr_matrix((n, n), dtype=np.float32)
    for off in range(1, window + 1):  # one offset at a time: the pairs of all offsets at once cost ~0.4 GB
        same = doc_a[:-off] == doc_a[off:]
        a, b = ids_a[:-off][same], ids_a[off:][same]
        counts = counts + sparse.csr_matrix((np.ones(len(a), np.float32), (a, b)), shape=(n, n))
    return (counts + counts.T).tocsr()


def ppmi(counts: sparse.csr_matrix, alpha: float = 0.75) -> sparse.csr_matrix:
    """Positive PMI, with context counts raised to `alpha` so rare contexts do not dominate."""
    total = float(counts.sum(dtype=np.float64))
    if total == 0:
        return counts
    word = np.asarray(counts.sum(axis=1, dtype=np.float64)).ravel()
    context = word ** alpha
    context = context / context.sum()
    c = counts.tocoo()
    pmi = np.log(c.data.astype(np.float64) / total / (word[c.row] / total) / context[c.col]).astype(np.float32)
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep], (c.row[keep], c.col[keep])), shape=counts.shape)


def fit_word_vectors(texts: list[str], vocabulary: dict[str, int], dim: int = 100,
                     window: int = 5) -> np.ndarray:
    """One unit-length row per vocabulary word (float32), learned from prepared texts (`features.paper_text`)."""
    matrix = ppmi(cooccurrence(texts, vocabulary, window))
    dim = max(1, min(dim, min(matrix.shape) - 1))
    u, s, _ = randomized_svd(matrix, dim, random_state=SEED)
    vectors = u * np.sqrt(s)
    return unit_rows(vectors).astype(np.float32)


def without_common_directions(vectors: np.ndarray, X, k: int = 1) -> np.ndarray:
    """The word vectors with the top k principal directions of the papers' vectors (tf-idf rows X) projected out.

    Every paper shares a component ("we propose a method, experiments show") that says nothing about its topic;
    removing it (as SIF sentence embeddings do) makes the closeness of two papers depend on what differs.
    """
    if k <= 0 or X.shape[0] == 0:
        return vectors
    _, _, vt = np.linalg.svd(embed(X, vectors), full_matrices=False)
    top = vt[:k]
    return (vectors - (vectors @ top.T) @ top).astype(np.float32)


def unit_rows(m: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length; an all-zero row stays zero."""
    norms = np.linalg.norm(m, axis=1, keepdims=True)
    return m / np.where(norms > 0, norms, 1.0)


def embed(X, vectors: np.ndarray) -> np.ndarray:
    """Paper vectors for tf-idf rows X: the tf-idf-weighted sum of word vectors, scaled to unit length."""
    return unit_rows(np.asarray(X @ vectors.astype(np.float32, copy=False), dtype=np.float32))
