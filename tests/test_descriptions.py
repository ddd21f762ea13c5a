"""Section descriptions: read from data/sections.toml, and they let a leaf with no listed paper be chosen."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from bot.errors import ModelError
from bot.readme import parse
from classifiers import persist
from classifiers.dataset import Labelled, Paper
from classifiers.descriptions import choose_weight, read_descriptions
from classifiers.features import fit_vectorizer, paper_text
from classifiers.options import Options
from classifiers.section_model import fit_section

REPO = Path(__file__).resolve().parent.parent
LEAVES = [("Compression", "Pruning"), ("Compression", "Quantization"), ("Inference", "Decoding"),
          ("Inference", "Memory")]


def test_descriptions_are_keyed_by_leaf_name_and_a_missing_file_means_none(tmp_path):
    assert read_descriptions(tmp_path / "absent.toml", LEAVES) == {}
    path = tmp_path / "sections.toml"
    path.write_text('Decoding = "  draft tokens verified in parallel  "\n', encoding="utf-8")
    assert read_descriptions(path, LEAVES) == {("Inference", "Decoding"): "draft tokens verified in parallel"}


def test_a_name_that_is_no_leaf_is_reported_and_ignored(tmp_path, caplog):
    path = tmp_path / "sections.toml"
    path.write_text('"Renamed Section" = "gone"\nMemory = "kv cache"\n', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="classifiers.descriptions"):
        assert list(read_descriptions(path, LEAVES)) == [("Inference", "Memory")]
    assert "'Renamed Section' is not a leaf section" in caplog.text


@pytest.mark.parametrize("text, message", [
    ('Memory = 3\n', "the description of 'Memory' must be a string, not int"),
    ('Memory = "unclosed\n', "is not valid TOML"),
])
def test_a_bad_file_is_an_error_that_names_the_problem(tmp_path, text, message):
    path = tmp_path / "sections.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError, match=message):
        read_descriptions(path, LEAVES)


def test_every_leaf_of_the_shipped_readme_has_a_description():
    leaves = parse((REPO / "data" / "survey_README.md").read_text(encoding="utf-8")).leaf_paths()
    assert set(read_descriptions(REPO / "data" / "sections.toml", leaves)) == set(leaves)


def test_a_described_leaf_with_no_listed_paper_can_be_chosen():
    listed = [Labelled(Paper(None, f"Pruning weights of networks variant {i}", "magnitude sparsity masks"),
                       (LEAVES[0],)) for i in range(4)]
    listed += [Labelled(Paper(None, f"Quantization of weights to low bits {i}", "rounding integer grids"),
                        (LEAVES[1],)) for i in range(4)]
    listed += [Labelled(Paper(None, f"Faster decoding of language models {i}", "draft verify tokens"),
                        (LEAVES[2],)) for i in range(4)]
    # Unlisted papers, as the stream negatives are in training, put the heading and cache words in the vocabulary.
    background = [Paper(None, f"Evicting entries from the key value cache {i}", "heavy hitter entries")
                  for i in range(2)]
    background += [Paper(None, f"Memory during inference {i}", "") for i in range(2)]
    query = Paper(None, "Evicting entries from the key value cache", "the cache keeps heavy hitter entries")
    vectorizer = fit_vectorizer([paper_text(p) for p in [item.paper for item in listed] + background])
    X = vectorizer.transform([paper_text(query)])
    assert X.nnz > 0
    opts = Options(folds=2)

    plain = fit_section(vectorizer, listed, LEAVES, opts, calibrate=False)
    described = fit_section(vectorizer, listed, LEAVES, opts, {LEAVES[3]: "evicting entries of the key value cache, "
                                                                          "heavy hitter entries"}, calibrate=False)

    assert plain.proba(X)[0][0].argmax() != 3
    assert described.proba(X)[0][0].argmax() == 3


def test_training_records_how_many_leaves_were_described(tiny_model_dir):
    meta = json.loads((tiny_model_dir / persist.META_FILE).read_text())
    assert meta["training"]["described_leaves"] == len(meta["taxonomy"])
    assert meta["training"]["options"]["describe_weight"] > 0


def test_the_description_weight_is_the_one_that_places_most_out_of_fold_papers_right():
    learned = np.array([[0.7, 0.3], [0.7, 0.3], [0.9, 0.1]])
    described = np.array([[0.0, 1.0], [0.0, 1.0], [0.0, 1.0]])
    weights = (0.2, 0.35, 0.5, 0.65, 0.8)
    # Papers 1 and 2 sit in leaf 1, which only the descriptions see: w > 0.29 moves them there, and
    # w < 0.44 keeps paper 3 in leaf 0.
    assert choose_weight(learned, described, [{1}, {1}, {0}], weights) == 0.35
    # When the learned channels are right everywhere, the smallest weight wins the tie.
    assert choose_weight(learned, described, [{0}, {0}, {0}], weights) == 0.2
    # Paper 3 moves to leaf 1 only when 0.9 * (1 - w) < 0.1 * (1 - w) + w, i.e. w > 0.44.
    assert choose_weight(learned, described, [{1}, {1}, {1}], weights) == 0.5


def test_training_records_the_chosen_description_weight(tiny_model_dir):
    meta = json.loads((tiny_model_dir / persist.META_FILE).read_text())
    assert meta["training"]["describe_weight"] in Options().describe_weights
