"""Blind readings: section placements are read strictly and scored as the backtest scores the model; scope
verdicts are read strictly."""

from __future__ import annotations

import pytest

from bot.errors import ModelError
from classifiers.agreement import (cut_split, leaf_listing, merged, parse_placements, parse_verdicts,
                                   placements_as_scores, reading_files)
from classifiers.dataset import HistoryEntry, Paper
from classifiers.evaluate import section_metrics

LEAVES = [("Compression", "Pruning"), ("Compression", "Quantization"), ("Inference", "Decoding"),
          ("Inference", "Memory")]


def entry(title: str, first_seen: str, *sections) -> HistoryEntry:
    return HistoryEntry(Paper(None, title), first_seen, tuple(sections))


def test_a_cut_trains_on_earlier_entries_and_tests_on_later_ones_still_in_a_leaf():
    history = [entry("old", "2023-11-30", LEAVES[0]), entry("new", "2024-01-01", LEAVES[2], LEAVES[3]),
               entry("moved away", "2024-02-01", ("Removed", "Heading")), entry("newer", "2024-03-01", LEAVES[1])]
    train, test, truth = cut_split(history, LEAVES, "2024-01-01")
    assert [item.paper.title for item in train] == ["old"]
    assert [h.paper.title for h in test] == ["new", "newer"]
    assert truth == [{2, 3}, {1}]


def test_placements_are_read_by_paper_number_best_first_and_comments_are_skipped():
    text = "# reader A\n1\t3,1,2\n\n2\t 4, 2 ,1\n"
    assert parse_placements(text) == {1: (3, 1, 2), 2: (4, 2, 1)}


@pytest.mark.parametrize("text, message", [
    ("1\t3,1,2\n2 4,2,1\n", "reader.tsv:2: expected"),
    ("1\t3,1,2\n1\t4,2,1\n", "reader.tsv:2: paper 1 is answered twice"),
    ("1\tQuantization\n", "reader.tsv:1: expected"),
])
def test_a_malformed_line_is_an_error_that_names_its_line(text, message):
    with pytest.raises(ModelError, match=message):
        parse_placements(text, "reader.tsv")


def test_the_reader_is_scored_like_the_model_a_hit_on_any_section_counts():
    truth = [{0}, {1}, {2, 3}, {0}]
    placements = {1: (1, 2, 3),   # right first
                  2: (3, 2, 4),   # right second: a top-3 hit only
                  3: (4, 1, 2),   # one of its two sections
                  4: (2, 3, 4)}   # wrong throughout
    scores = placements_as_scores(placements, 4, len(LEAVES))
    m = section_metrics(scores, truth, LEAVES)
    assert (m.n, m.top1, m.top3) == (4, 0.5, 0.75)


@pytest.mark.parametrize("placements, message", [
    ({1: (1, 2, 3)}, r"no placement for paper\(s\) 2"),
    ({1: (1, 2, 3), 2: (1, 2, 3), 3: (1, 2, 3)}, "placement for paper 3, but the cut has 2"),
    ({1: (1, 2, 3), 2: (1, 1, 2)}, "paper 2: three different leaves"),
    ({1: (1, 2, 5), 2: (1, 2, 3)}, "paper 1: leaf 5 is not one of 1..4"),
])
def test_gaps_and_unknown_leaves_are_refused_rather_than_counted_as_guesses(placements, message):
    with pytest.raises(ModelError, match=message):
        placements_as_scores(placements, 2, len(LEAVES))


def test_readers_see_the_leaves_numbered_from_one_with_their_paths_and_descriptions():
    text = leaf_listing(LEAVES[:2], {LEAVES[1]: "low-bit weights"})
    assert text == "1. Compression > Pruning: \n2. Compression > Quantization: low-bit weights\n"


def test_scope_verdicts_are_one_of_three_words_per_paper():
    assert parse_verdicts("# reader\n1\tin\n2\tborderline\n\n3\tout\n") == {1: "in", 2: "borderline", 3: "out"}
    with pytest.raises(ModelError, match="v.tsv:1: expected"):
        parse_verdicts("1\tmaybe\n", "v.tsv")
    with pytest.raises(ModelError, match="v.tsv:2: paper 1 is answered twice"):
        parse_verdicts("1\tin\n1\tout\n", "v.tsv")


def test_papers_are_numbered_across_the_reading_files_and_a_missing_abstract_says_so():
    papers = [Paper("1", "First", "Abstract one."), Paper("2", "Second"), Paper("3", "Third", "Three.")]
    files = reading_files(papers, 2, "(none)")
    assert files == {"papers_a.md": "## 1. First\n\nAbstract one.\n\n## 2. Second\n\n(none)\n\n",
                     "papers_b.md": "## 3. Third\n\nThree.\n\n"}


def test_a_reading_split_over_files_is_merged_and_a_paper_answered_twice_is_refused():
    assert merged([("a.tsv", {1: "in"}), ("b.tsv", {2: "out"})]) == {1: "in", 2: "out"}
    with pytest.raises(ModelError, match="b.tsv: paper 1 is already answered"):
        merged([("a.tsv", {1: "in"}), ("b.tsv", {1: "out"})])
