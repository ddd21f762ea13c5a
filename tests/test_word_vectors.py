"""Word vectors learned from the training texts, and the section model's meaning channel built on them."""

from __future__ import annotations

import numpy as np

from classifiers.dataset import Labelled, Paper
from classifiers.features import fit_vectorizer, paper_text
from classifiers.options import Options
from classifiers.section_model import fit_section, meaning_vectors
from classifiers.word_vectors import cooccurrence, embed, fit_word_vectors, without_common_directions

LEAVES = [("Compression", "Pruning"), ("Compression", "Quantization"), ("Inference", "Decoding")]


def test_cooccurrence_counts_vocabulary_words_within_the_window_and_never_across_texts():
    vocab = {"a": 0, "b": 1, "c": 2}
    counts = cooccurrence(["a x b c", "c a"], vocab, window=1).toarray()
    # "x" is not in the vocabulary, so "a" and "b" are neighbours; the texts' "c" and "c a" do not meet.
    assert counts.tolist() == [[0, 1, 1], [1, 0, 1], [1, 1, 0]]
    assert cooccurrence(["a b c"], vocab, window=2).toarray()[0, 2] == 1


def _corpus() -> list[str]:
    rng = np.random.default_rng(0)
    texts = []
    for _ in range(60):
        bits = rng.choice(["int4", "fourbit"])  # two words used in the same company
        texts.append(f"quantize weights {bits} rounding grid scale")
        texts.append(f"dialogue agent persona chat reply {rng.choice(['user', 'turn'])}")
    return texts


def test_words_used_in_the_same_company_get_close_vectors_and_training_is_repeatable():
    texts = _corpus()
    vocab = {w: i for i, w in enumerate(sorted({w for t in texts for w in t.split()}))}
    vectors = fit_word_vectors(texts, vocab, dim=4, window=3)
    assert vectors.shape == (len(vocab), 4) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)

    def cos(a, b):
        return float(vectors[vocab[a]] @ vectors[vocab[b]])

    assert cos("int4", "fourbit") > 0.9 > cos("int4", "dialogue")
    assert np.array_equal(vectors, fit_word_vectors(texts, vocab, dim=4, window=3))


def test_the_meaning_channel_places_a_paper_by_words_its_leafs_papers_never_used():
    def listed(title, abstract, leaf):
        return [Labelled(Paper(None, f"{title} {i}", abstract), (LEAVES[leaf],)) for i in range(4)]

    papers = (listed("Pruning large networks", "remove weights with sparsity masks", 0)
              + listed("Quantization of networks", "weights rounded to low bit integers", 1)
              + listed("Faster generation", "draft tokens verified by the target", 2))
    # Unlabelled stream papers, as the training negatives are, teach that "zeroing" keeps company with sparsity.
    background = [Paper(None, f"Zeroing weights {i}", "zeroing gives sparsity masks and removes weights")
                  for i in range(6)] + [Paper(None, f"Chat systems {i}", "dialogue agents reply") for i in range(6)]
    texts = [paper_text(item.paper) for item in papers] + [paper_text(p) for p in background]
    vectorizer = fit_vectorizer(texts)
    query = vectorizer.transform([paper_text(Paper(None, "Zeroing", "zeroing"))])
    # Twelve texts have no "common" direction to remove: on them it would be one of the three topics.
    opts = Options(folds=2, embed_dim=4, embed_common=0)

    plain = fit_section(vectorizer, papers, LEAVES, opts, calibrate=False)
    with_meaning = fit_section(vectorizer, papers, LEAVES, opts, calibrate=False,
                               vectors=meaning_vectors(vectorizer, texts, opts))

    # No listed paper uses the query's word, so the learned channels cannot choose Pruning; the meaning channel can.
    assert plain.proba(query)[0][0].argmax() != 0
    assert with_meaning.proba(query)[0][0].argmax() == 0
    assert meaning_vectors(vectorizer, texts, Options(embed_dim=0)) is None


def test_a_paper_vector_is_the_unit_length_tf_idf_weighted_mean_of_its_words():
    vectorizer = fit_vectorizer(["alpha beta", "gamma delta", "alpha gamma", "beta delta", "epsilon zeta",
                                 "epsilon zeta"])
    vectors = np.eye(len(vectorizer.vocabulary_), dtype=np.float32)
    X = vectorizer.transform(["alpha beta", "nothing known"])
    z = embed(X, vectors)
    assert np.allclose(z[0], X[0].toarray()[0] / np.linalg.norm(X[0].toarray()))
    assert not z[1].any()  # no known word: a zero vector, not NaN


def test_removing_the_common_direction_lets_papers_differ_by_topic():
    rng = np.random.default_rng(0)
    words = rng.normal(size=(40, 8)) + 5.0 * np.eye(8)[0]  # every word shares a large first component
    vectorizer = fit_vectorizer([f"w{i} w{(i + 1) % 40}" for i in range(40)])
    vectors = words[[int(t[1:]) for t in vectorizer.get_feature_names_out()]].astype(np.float32)
    X = vectorizer.transform([f"w{i} w{(i + 1) % 40}" for i in range(40)])

    def mean_cosine(v):
        z = embed(X, v)
        return float((z @ z.T)[np.triu_indices(40, 1)].mean())

    assert mean_cosine(vectors) > 0.8
    assert abs(mean_cosine(without_common_directions(vectors, X))) < 0.2
    assert without_common_directions(vectors, X, k=0) is vectors
