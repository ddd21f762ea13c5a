"""The classifier: sensible scores, explanations, abstention, safe persistence, reproducible training."""

from __future__ import annotations

import dataclasses
import json
import shutil

import numpy as np
import pytest
from scipy import sparse

from bot.errors import ModelError
from bot.readme import parse
from classifiers import persist
from classifiers.baselines import KeywordBaseline
from classifiers.dataset import Paper
from classifiers.evaluate import Backtest, section_metrics
from classifiers.features import paper_text, top_terms
from classifiers.predict import Classifier, as_paper, top_k_columns

QUANT = {"arxiv_id": "2599.00001", "title": "Low-bit weight-only post-training quantization of large language models",
         "abstract": "We quantize the weights of LLMs to 3 and 4 bits after training, with no retraining, using a "
                     "calibration set to minimise the layer-wise reconstruction error of the quantized weights."}
OFF_TOPIC = {"arxiv_id": "2599.00002", "title": "Graph neural networks for molecular property prediction",
             "abstract": "We predict solubility and toxicity of small molecules with message passing networks "
                         "trained on public chemistry benchmarks, improving over fingerprints."}


@pytest.fixture(scope="module")
def clf(tiny_model_dir, survey_readme_text):
    return Classifier.load(tiny_model_dir, taxonomy=parse(survey_readme_text).leaf_paths())


def test_an_on_topic_paper_is_relevant_and_lands_in_its_section(clf):
    p = clf.predict([QUANT])[0]
    assert p.relevant and p.relevance > clf.threshold
    assert p.sections[0].path[:3] == ("Model-Centric Methods", "Model Compression", "Quantization")
    assert "quantization" in p.why.terms or "quantize" in p.why.terms or "quantized" in p.why.terms


def test_an_off_topic_paper_is_not_relevant(clf):
    p = clf.predict([OFF_TOPIC])[0]
    assert not p.relevant and p.relevance < clf.threshold


def test_sections_form_a_sorted_distribution_over_leaves_and_neighbours_sit_in_the_chosen_leaf(clf):
    (p,) = clf.predict([QUANT], top_k=0)
    scores = [s.score for s in p.sections]
    assert len(p.sections) == len(clf.leaves) and scores == sorted(scores, reverse=True)
    assert abs(sum(scores) - 1.0) < 1e-3 and 0.0 <= p.relevance <= 1.0
    leaf = clf.leaves.index(p.sections[0].path)
    members = {clf.listed_titles[j] for j in np.flatnonzero(clf.section.membership.toarray()[:, leaf])}
    assert 1 <= len(p.why.nearest) <= 3 and all(n.title in members for n in p.why.nearest)


def test_low_section_confidence_means_needs_triage(clf):
    vague = {"arxiv_id": None, "title": "On things", "abstract": "We study several things and report results."}
    p = clf.predict([vague])[0]
    assert p.needs_triage == (p.sections[0].score < clf.section.triage_below)
    assert clf.predict([QUANT])[0].needs_triage is False


def test_the_saved_model_keeps_its_meaning_channel(clf, tiny_model_dir):
    section = clf.section
    assert section.vectors.shape[0] == len(clf.vectorizer.vocabulary_)
    assert section.centroids.shape == (len(clf.leaves), section.vectors.shape[1]) and section.embed_weight > 0
    X = clf.vectorizer.transform([paper_text(as_paper(QUANT))])
    assert not np.allclose(section.proba(X)[0], dataclasses.replace(section, embed_weight=0.0).proba(X)[0])
    meta = json.loads((tiny_model_dir / persist.META_FILE).read_text())
    assert meta["training"]["meaning_weight"] == section.embed_weight


def test_a_model_without_word_vectors_saves_loads_and_predicts(tmp_path, small_survey):
    """embed_dim=0 turns the meaning channel off; models saved before it existed load the same way."""
    small_survey.train(tmp_path, embed_dim=0)
    loaded = Classifier.load(tmp_path)
    assert loaded.section.vectors is None and loaded.section.centroids is None
    (p,) = loaded.predict([QUANT], top_k=0)
    assert p.sections[0].path[2] == "Quantization" and abs(sum(s.score for s in p.sections) - 1.0) < 1e-3


def test_predict_rejects_an_item_without_a_title(clf):
    with pytest.raises(ValueError):
        clf.predict([{"arxiv_id": "1", "title": "  "}])


def test_a_model_for_another_taxonomy_is_refused_with_a_retrain_hint(tiny_model_dir, survey_readme_text):
    leaves = list(parse(survey_readme_text).leaf_paths())
    with pytest.raises(ModelError, match="re-train"):
        Classifier.load(tiny_model_dir, taxonomy=leaves[:-1] + [("New Category", "New Leaf")])


def test_untrusted_or_corrupt_files_are_refused(tmp_path, tiny_model_dir):
    from sklearn.preprocessing import StandardScaler

    persist.save(tmp_path / "evil", {"x": StandardScaler()}, {})
    with pytest.raises(ModelError, match="does not trust"):
        persist.load(tmp_path / "evil")
    shutil.copytree(tiny_model_dir, tmp_path / "bad")
    (tmp_path / "bad" / persist.MODEL_FILE).write_bytes(b"not a zip")
    with pytest.raises(ModelError, match="corrupt"):
        persist.load(tmp_path / "bad")
    with pytest.raises(ModelError, match="litbot train"):
        persist.load(tmp_path / "missing")


def test_metadata_records_hash_versions_taxonomy_metrics_and_date(tiny_model_dir, survey_readme_text):
    meta = json.loads((tiny_model_dir / persist.META_FILE).read_text())
    assert len(meta["training_data_sha256"]) == 64
    assert meta["libraries"]["scikit-learn"] and meta["libraries"]["skops"]
    assert meta["taxonomy"] == [list(p) for p in parse(survey_readme_text).leaf_paths()]
    assert "out_of_fold" in meta["metrics"] and meta["trained_at"].startswith("20")


def test_same_inputs_train_to_the_same_predictions(tmp_path, small_survey):
    """Two trainings on the same inputs (word vectors, folds and all) give the same model, score for score."""
    small_survey.train(tmp_path / "a")
    small_survey.train(tmp_path / "b")
    a, b = Classifier.load(tmp_path / "a"), Classifier.load(tmp_path / "b")
    assert a.section.vectors is not None
    assert a.predict([QUANT, OFF_TOPIC], top_k=0) == b.predict([QUANT, OFF_TOPIC], top_k=0)
    assert (tmp_path / "b" / persist.META_FILE).read_text().count("training_data_sha256") == 1


def test_top_terms_are_the_largest_positive_contributions_per_row():
    X = sparse.csr_matrix(np.array([[1.0, 0.5, 0.0, 2.0], [0.0, 1.0, 1.0, 0.0]]))
    weights = np.array([1.0, 4.0, -1.0, 0.1])
    assert top_terms(X, weights, None, ["a", "b", "c", "d"], k=2) == [("b", "a"), ("b",)]
    per_class = np.array([[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 0.0]])
    assert top_terms(X, per_class, np.array([1, 0]), ["a", "b", "c", "d"], k=3) == [("a",), ("c",)]


def test_section_metrics_count_a_hit_on_any_of_a_papers_sections():
    leaves = [("A", "x", "1"), ("A", "x", "2"), ("B", "y", "3")]
    scores = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.5, 0.4, 0.1]])
    m = section_metrics(scores, [{0}, {1}, {1, 0}], leaves)
    assert m.top1 == pytest.approx(2 / 3) and m.top3 == 1.0 and m.top_node == pytest.approx(2 / 3)


def test_backtest_outcomes_are_split_by_whether_the_paper_had_an_abstract():
    bt = Backtest(hits=[True, False, True, False], hits3=[True, True, True, False],
                  with_abstract=[True, True, False, False])
    assert bt.model_by_input() == {"with abstract": (2, 0.5, 1.0), "title only": (2, 0.5, 0.5)}
    assert Backtest().model_by_input() == {}


def test_keyword_baseline_uses_section_names(survey_readme_text):
    leaves = list(parse(survey_readme_text).leaf_paths())
    kb = KeywordBaseline(leaves)
    s = kb.scores([Paper(None, "Speculative decoding for fast generation", "")])
    assert leaves[int(s.argmax())][-1] == "Speculative Decoding"


def test_why_names_only_papers_the_readme_lists_never_a_blind_readings_placement(survey_readme_text):
    """The shipped model trained on the readings: a read paper must not explain itself as a "listed" neighbour."""
    from bot.readme import normalise_title
    from classifiers.reading import HELD_OUT, load_corpus

    clf = Classifier.load()
    assert clf.meta["training"]["read_in_scope"] > 0

    from bot.paths import shipped

    corpus = load_corpus(shipped())
    read_in = [corpus.papers[i] for i, r in sorted(corpus.primary().items())
               if r.in_scope and corpus.strata.get(i) not in HELD_OUT][:40]
    listed = {normalise_title(e.title) for e in parse(survey_readme_text).entries}
    shown = [n.title for p in clf.predict([dataclasses.asdict(p) for p in read_in]) for n in p.why.nearest]
    assert len(read_in) == 40 and shown
    assert [t for t in shown if normalise_title(t) not in listed] == []


def test_nearest_columns_are_what_a_stable_sort_of_the_whole_row_gives():
    """The partition shortcut behind "why" keeps the full sort's answer: best first, ties to the lower column,
    excluded (-inf) columns never named, fewer than k when a row has fewer candidates."""
    rng = np.random.default_rng(7)
    scores = rng.integers(0, 4, size=(500, 30)).astype(float)  # many ties
    scores[scores == 0] = -np.inf
    scores[0] = -np.inf
    scores[1, 2:] = -np.inf
    full = np.argsort(-scores, axis=1, kind="stable")[:, :5]
    want = [[j for j in row if scores[i, j] > -np.inf] for i, row in enumerate(full.tolist())]
    got = top_k_columns(scores, 5)
    assert got == want
    assert got[0] == [] and len(got[1]) <= 2
