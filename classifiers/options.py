"""The model choices both classifiers share, and the seed; the defaults are those the backtest selected."""

from __future__ import annotations

from dataclasses import dataclass

SEED = 0


@dataclass(frozen=True)
class Options:
    """Model choices; the defaults are the ones the backtest selected (see `litbot evaluate`)."""

    section_c: float = 100.0
    knn_weight: float = 0.3
    knn_k: int = 3
    knn_temperature: float = 0.05
    describe_weight: float = 0.35  # when too few listed papers to choose one of describe_weights out-of-fold
    describe_weights: tuple[float, ...] = (0.2, 0.35, 0.5, 0.65, 0.8)
    describe_temperature: float = 0.05
    embed_dim: int = 100  # word vectors' size; 0 turns the meaning channel off
    embed_window: int = 5
    embed_common: int = 1  # principal directions of the papers' vectors removed from the word vectors
    embed_weight: float = 0.35
    embed_temperature: float = 0.05  # fitted out-of-fold from here; this is the centre of the search
    relevance_c: float = 4.0
    positive_weight: float = 10.0
    target_recall: float = 0.99  # of listed papers, out-of-fold: the daily net is wide; the gates below sort it
    triage_accuracy: float = 0.95  # out-of-fold accuracy of the sections proposed; less sure ones go to triage
    propose_precision: float = 0.9  # read stream papers at the proposal threshold are in scope this often
    folds: int = 5
    title_views: bool = True
