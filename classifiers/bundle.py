"""Lays the two fitted models out as the plain dict skops saves, and rebuilds them from it."""

from __future__ import annotations

import copy

import numpy as np
from sklearn.pipeline import Pipeline

from classifiers.dataset import Labelled
from classifiers.relevance_model import RelevanceModel
from classifiers.section_model import SectionModel


def to_bundle(section: SectionModel, relevance: RelevanceModel, listed: list[Labelled],
              surface: list[str], read: int = 0) -> dict:
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
        # float16 halves the largest array in the file; cosine similarities move by under 1e-3.
        "vectors": None if section.vectors is None else section.vectors.astype(np.float16),
        "centroids": section.centroids,
        "listed_ids": [item.paper.arxiv_id or "" for item in listed],
        "listed_titles": [item.paper.title for item in listed],
        "listed_shown": len(listed) - read,  # the first ones: README and maintainers; the last `read`: readings
        "params": {
            "knn_weight": float(section.knn_weight), "knn_k": int(section.knn_k),
            "knn_temperature": float(section.knn_temperature), "temperature": float(section.temperature),
            "triage_below": float(section.triage_below), "describe_weight": float(section.describe_weight),
            "describe_temperature": float(section.describe_temperature),
            "embed_weight": float(section.embed_weight), "embed_temperature": float(section.embed_temperature),
            "mix_temperature": float(section.mix_temperature),
            "platt_a": float(relevance.platt[0]),
            "platt_b": float(relevance.platt[1]), "threshold": float(relevance.threshold),
            "propose_above": float(relevance.propose_above),
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
    if bundle.get("vectors") is not None:
        section.vectors = bundle["vectors"].astype(np.float32)
        section.centroids = bundle["centroids"]
        section.embed_weight, section.embed_temperature = p["embed_weight"], p["embed_temperature"]
        section.mix_temperature = p["mix_temperature"]
    relevance = RelevanceModel(Pipeline([("tfidf", vectorizer), ("clf", bundle["relevance_clf"])]),
                               (p["platt_a"], p["platt_b"]), p["threshold"],
                               propose_above=p.get("propose_above", p["threshold"]))  # older models: no gate
    return section, relevance
