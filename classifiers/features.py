"""Turns papers into the text and tf-idf features both models share, and explains a linear score by its terms."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from classifiers.dataset import Paper

Path_ = tuple[str, ...]


# A crude suffix stripper: "quantized", "quantization", "quantizing" -> "quant". With ~400 labelled papers,
# merging word forms beat bigrams and char n-grams on the backtest. Each distinct word is stemmed once and
# cached; English stop words are dropped here, so the vectorizer counts ~40% fewer tokens.
_SUFFIX = re.compile(r"(?<=[a-z]{3})(?:izations?|izing|ized|izes|ize|ations?|ings?|ed|ers?|es|s)\b")
TOKEN = re.compile(r"\b[a-z][a-z0-9\-]+\b")


class _Stems(dict):
    """word -> stem ("" for a stop word), filled on first sight; bounded so odd input cannot grow it forever."""

    def __missing__(self, word: str) -> str:
        stem = "" if word in ENGLISH_STOP_WORDS else _SUFFIX.sub("", word)
        if len(self) < 500_000:
            self[word] = stem
        return stem


_STEMS = _Stems()


def prepare(text: str) -> str:
    """Lower-case, tokenise, drop stop words, strip suffixes; the tf-idf step of both Pipelines reads this text."""
    return " ".join(filter(None, map(_STEMS.__getitem__, TOKEN.findall(text.lower()))))


def paper_text(paper: Paper) -> str:
    """Title twice (it is the densest signal, and all that some listed papers have) then the abstract, prepared."""
    title = paper.title.strip()
    return prepare(f"{title}. {title}. {paper.abstract.strip()}")


def section_text(path: Path_) -> str:
    """A pseudo-document for a leaf section built from its heading names, leaf first (so no leaf is empty)."""
    return prepare(". ".join(reversed(path)))


def make_vectorizer(min_df: int = 2, max_features: int | None = 60000) -> TfidfVectorizer:
    """Unigrams of prepared (space-separated) text, sublinear tf; words in over half the documents are dropped."""
    return TfidfVectorizer(
        lowercase=False,
        token_pattern=r"\S+",
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
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    if weights.ndim == 1:
        w = weights[X.indices]
    else:
        assert row_weights is not None, "a weight matrix needs row_weights"
        w = weights[row_weights[rows], X.indices]
    contrib = X.data * w
    pos = np.flatnonzero(contrib > 0)
    r, c = rows[pos], contrib[pos]
    # One sort on row + (something in [0, 0.5)) that falls as the contribution grows: grouped by row, best first.
    order = np.argsort(r - c / (2.0 * c.max() + 1e-12) if len(c) else r, kind="stable")
    r, feats = r[order], X.indices[pos[order]]
    starts = np.searchsorted(r, np.arange(X.shape[0] + 1))
    out: list[tuple[str, ...]] = []
    for i in range(X.shape[0]):
        out.append(tuple(names[j] for j in feats[starts[i]:min(starts[i] + k, starts[i + 1])].tolist()))
    return out


def band_threshold(scores: np.ndarray, hits: np.ndarray, share: float) -> float:
    """The score from which a guess is right often enough: walking up from the lowest score in bands of 10
    (step 5), the first band whose share of hits reaches `share` sets it; the top score when none does."""
    if len(scores) == 0:
        return 0.0
    order = np.argsort(scores, kind="stable")
    for start in range(0, len(order), 5):
        band = order[start:start + 10]
        if hits[band].mean() >= share:
            return float(scores[order[start]])
    return float(scores.max())


def softmax(z: np.ndarray) -> np.ndarray:
    """Each row of scores as a probability distribution (shifted by its maximum, so large scores cannot overflow)."""
    q = np.exp(z - z.max(axis=1, keepdims=True))
    return q / q.sum(axis=1, keepdims=True)


def surface_forms(vectorizer, papers: list[Paper]) -> list[str]:
    """For each (suffix-stripped) term, the commonest original word it came from, to show in explanations."""
    words = Counter(w for paper in papers for w in TOKEN.findall(f"{paper.title} {paper.abstract}".lower()))
    counts: dict[str, Counter] = {}
    for word, n in words.items():
        counts.setdefault(prepare(word), Counter())[word] += n
    return [counts[t].most_common(1)[0][0] if t in counts else t for t in vectorizer.get_feature_names_out()]


def fit_vectorizer(texts: list[str]):
    """Fit the shared tf-idf; vocabulary ids become plain ints so skops stores them as JSON, not one file each."""
    vectorizer = make_vectorizer().fit(texts)
    vectorizer.vocabulary_ = {term: int(i) for term, i in vectorizer.vocabulary_.items()}
    return vectorizer
