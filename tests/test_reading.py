"""The reading corpus's answer format: strict lines, every paper answered, leaves required for in-scope verdicts."""

import re

import pytest

from bot.errors import ModelError
from classifiers.dataset import Labelled, Paper, write_jsonl
from classifiers.reading import (Reading, agreement, first_readings, load_corpus, parse_answers, reading_examples,
                                 readings_of_batch)

LEAVES = [("A", "x"), ("A", "y"), ("B", "z")]


def test_answers_parse_into_verdicts_and_leaves_best_first():
    answers = parse_answers("1\tin\t2,1\n# note\n\n2\tout\t-\n3\tborderline\t3\n4\tout\n", 4, 3, "b")
    assert answers == {1: ("in", (2, 1)), 2: ("out", ()), 3: ("borderline", (3,)), 4: ("out", ())}
    readings = readings_of_batch(answers, ["a1", "a2", "a3", "a4"], LEAVES, "R1")
    assert readings[0] == Reading("a1", "in", (("A", "y"), ("A", "x")), "R1")


@pytest.mark.parametrize("text, n_papers, message", [
    ("1\tin\t-\n", 1, "needs at least one leaf"),
    ("1\tin\t4\n", 1, "leaf 4 is not one of 1..3"),
    ("1\tmaybe\t1\n", 1, "expected"),
    ("1\tout\t-\n1\tout\t-\n", 1, "answered twice"),
    ("2\tout\t-\n", 2, "no answer for paper(s) 1"),
    ("1\tout\t-\n3\tout\t-\n", 1, "paper 3 is not one of 1..1"),
])
def test_a_bad_answer_file_names_the_line(text, n_papers, message):
    with pytest.raises(ModelError, match=re.escape(message)):
        parse_answers(text, n_papers, 3, "b")


def test_agreement_counts_scope_and_first_leaf():
    a = [Reading("p", "in", (("A", "x"), ("A", "y")), "R1"), Reading("q", "out", (), "R1"),
         Reading("r", "in", (("B", "z"),), "R1")]
    b = [Reading("p", "in", (("A", "y"),), "R2"), Reading("q", "borderline", (("A", "x"),), "R2"),
         Reading("r", "in", (("B", "z"),), "R2")]
    result = agreement(zip(a, b))
    assert (result.papers, result.scope_same, result.verdict_same, result.both_in) == (3, 3, 2, 2)
    assert (result.first_leaf_same, result.first_in_top3) == (1, 2)
    assert first_readings(a + b)["p"].reader == "R1"


def write_corpus(data_dir):
    folder = data_dir / "readings"
    papers = [("2501.00001", "Fast drafts", "2025-01-02"), ("2501.00002", "Robot arms", "2025-01-02"),
              ("2512.00003", "Held-out paper", "2025-12-04"), ("2501.00004", "Listed already", "2025-01-02"),
              ("2501.00005", "Rejected by a maintainer", "2025-01-02")]
    write_jsonl(folder / "papers.jsonl.gz", [{"arxiv_id": i, "title": t, "abstract": "a", "date": d}
                                             for i, t, d in papers])
    strata = ["replay", "random", "test", "leaf", "near"]
    write_jsonl(folder / "manifest.jsonl", [{"batch": 1, "n": n, "arxiv_id": p[0], "stratum": s, "pass": "first"}
                                            for n, (p, s) in enumerate(zip(papers, strata), 1)])
    rows = [("2501.00002", "out", [], "second"), ("2501.00001", "in", [["A", "x"], ["A", "y"]], "first"),
            ("2501.00002", "borderline", [["A", "y"]], "first"), ("2512.00003", "in", [["A", "x"]], "first"),
            ("2501.00004", "in", [["A", "y"]], "first"), ("2501.00005", "in", [["A", "x"]], "first")]
    write_jsonl(folder / "readings.jsonl", [{"arxiv_id": i, "verdict": v, "leaves": lv, "reader": "R", "pass": ps}
                                            for i, v, lv, ps in rows])


def test_readings_train_below_the_readme_and_the_maintainers_and_never_on_held_out_days(tmp_path):
    assert load_corpus(tmp_path) is None  # no corpus: training goes on without one
    write_corpus(tmp_path)
    corpus = load_corpus(tmp_path)
    assert corpus.primary()["2501.00002"].verdict == "borderline"  # a second-pass reading never becomes primary
    assert [(a.verdict, b.verdict) for a, b in corpus.second_pairs()] == [("borderline", "out")]
    listed = [Labelled(Paper("2501.00004", "Listed already"), (("A", "x"),))]
    positives, negatives = reading_examples(corpus, listed, LEAVES, skip=[Paper("2501.00005", "Rejected")])
    assert [(p.paper.arxiv_id, p.sections) for p in positives] == [("2501.00001", (("A", "x"),))]
    assert [(n.paper.arxiv_id, n.source) for n in negatives] == [("2501.00002", "reading:borderline")]
    assert list(corpus.days("test")) == ["2025-12-04"] and corpus.days("dev") == {}
