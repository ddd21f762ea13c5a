"""The reading corpus's answer format: strict lines, every paper answered, leaves required for in-scope verdicts."""

import re

import pytest

from bot.errors import ModelError
from classifiers.reading import Reading, agreement, first_readings, parse_answers, readings_of_batch

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
