"""The two yardsticks the section model must beat: untuned tf-idf + LinearSVC, and keyword rules from section names."""

from __future__ import annotations

import re

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.svm import LinearSVC

from classifiers.dataset import Labelled, Paper
from classifiers.features import prepare

Path_ = tuple[str, ...]
_PIECE = re.compile(r"[a-z0-9]+")  # hyphenated words count as their parts: "weight-only" -> weight, only


def _words(text: str) -> list[str]:
    return _PIECE.findall(prepare(text))


_GENERIC = frozenset(prepare("other based level methods efficient efficiency llm llms model language large "
                             "system").split())


def _raw(paper: Paper) -> str:
    return f"{paper.title} {paper.abstract}"


class SvcBaseline:
    """scikit-learn defaults: TfidfVectorizer() + LinearSVC(), one row per (paper, section), ranked by margin."""

    def __init__(self, leaves: list[Path_]):
        self.leaves = leaves

    def fit(self, labelled: list[Labelled]) -> "SvcBaseline":
        index = {p: i for i, p in enumerate(self.leaves)}
        texts = [_raw(item.paper) for item in labelled for s in item.sections if s in index]
        ys = [index[s] for item in labelled for s in item.sections if s in index]
        self.pipe = Pipeline([("tfidf", TfidfVectorizer()), ("svc", LinearSVC(random_state=0))]).fit(texts, ys)
        return self

    def scores(self, papers: list[Paper]) -> np.ndarray:
        margins = self.pipe.decision_function([_raw(p) for p in papers])
        out = np.full((len(papers), len(self.leaves)), -np.inf)
        out[:, self.pipe[-1].classes_] = margins
        return out


class KeywordBaseline:
    """Counts each section's own heading words (leaf words count 3x, parents' 1x) in the title and abstract."""

    def __init__(self, leaves: list[Path_]):
        self.leaves = leaves
        self.words: list[dict[str, float]] = []
        for path in leaves:
            weights: dict[str, float] = {}
            for depth, name in enumerate(path):
                for w in _words(name):
                    if w not in _GENERIC:
                        weights[w] = max(weights.get(w, 0.0), 3.0 if depth == len(path) - 1 else 1.0)
            self.words.append(weights)

    def fit(self, labelled: list[Labelled]) -> "KeywordBaseline":
        return self

    def scores(self, papers: list[Paper]) -> np.ndarray:
        out = np.zeros((len(papers), len(self.leaves)))
        for i, paper in enumerate(papers):
            tokens = _words(f"{paper.title} {paper.title} {paper.abstract}")
            counts: dict[str, int] = {}
            for t in tokens:
                counts[t] = counts.get(t, 0) + 1
            for c, weights in enumerate(self.words):
                out[i, c] = sum(w * np.log1p(counts.get(word, 0)) for word, w in weights.items())
        return out
