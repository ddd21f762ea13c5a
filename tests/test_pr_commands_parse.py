"""`@litbot ...` comment lines become frozen commands; anything else in a comment is left alone."""

from __future__ import annotations

import dataclasses

import pytest

from bot.errors import CommandError
from bot.pr_commands.leaf import match_leaf
from bot.pr_commands.parse import HELP, MAX_COMMANDS, Add, Drop, Help, Move, Undo, Unknown, parse_comment
from bot.readme import parse


@pytest.mark.parametrize("body, expected", [
    ("@litbot drop 3", [Drop(3, "x")]),
    ("@LitBot: Drop #3.", [Drop(3, "x")]),
    ("@litbot drop 1, 4 and 2506.01234v2", [Drop(1, "x"), Drop(4, "x"), Drop("2506.01234", "x")]),
    ("@litbot drop", [Drop(None, "x")]),
    ("@litbot move 2 to KV-Cache Optimization", [Move(2, "KV-Cache Optimization", "x")]),
    ("@litbot move #2 into `kv cache`", [Move(2, "kv cache", "x")]),
    ("@litbot move 2 KV-Cache", [Move(2, "KV-Cache", "x")]),
    ("@litbot move to Speculative Decoding", [Move(None, "Speculative Decoding", "x")]),
    ("@litbot move 1, 3 to Data Selection for Efficient Pre-Training",
     [Move(1, "Data Selection for Efficient Pre-Training", "x"), Move(3, "Data Selection for Efficient Pre-Training",
                                                                      "x")]),
    ("@litbot add 2506.01234", [Add("2506.01234", None, "x")]),
    ("@litbot add https://arxiv.org/abs/2506.01234v3 to Speculative Decoding",
     [Add("2506.01234", "Speculative Decoding", "x")]),
    ("@litbot undo", [Undo("x")]),
    ("@litbot help", [Help("x")]),
    ("@litbot", [Help("x")]),
])
def test_commands_are_read_forgivingly(body, expected):
    got = parse_comment(body)
    assert [dataclasses.replace(c, text="x") for c in got] == expected


@pytest.mark.parametrize("body, problem", [
    ("@litbot frobnicate 3", "unknown command 'frobnicate'"),
    ("@litbot drop three", "row numbers or arXiv ids"),
    ("@litbot move 2", "a paper and a section"),
    ("@litbot add 3", "one arXiv id"),
    ("@litbot add", "one arXiv id"),
    ("@litbot undo 3", "nothing after it"),
])
def test_lines_that_are_not_commands_say_what_was_wrong(body, problem):
    (got,) = parse_comment(body)
    assert isinstance(got, Unknown) and problem in got.problem and got.text == body


def test_only_lines_that_start_with_the_mention_count():
    body = "\n".join([
        "Thanks @litbot, nice list!",  # mid-sentence
        "> @litbot drop 1",  # a quote of an earlier command
        "```",
        "@litbot drop 2",  # shown in code
        "```",
        "`@litbot drop 5`",  # inline code, as litbot's own help text writes them
        "@litbotter drop 6",  # another account
        "  @litbot drop 3  ",
        "@litbot undo",
    ])
    assert parse_comment(body) == (Drop(3, "@litbot drop 3"), Undo("@litbot undo"))
    assert parse_comment("@my-bot drop 4", mention="my-bot") == (Drop(4, "@my-bot drop 4"),)
    assert parse_comment("") == () and parse_comment(None) == ()


def test_litbots_help_text_commands_nothing():
    assert parse_comment(HELP) == ()


def test_a_flood_of_commands_is_refused_whole():
    (got,) = parse_comment("\n".join(["@litbot drop 1"] * (MAX_COMMANDS + 1)))
    assert isinstance(got, Unknown) and "more than" in got.problem


def test_commands_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Drop(1, "x").ref = 2


# ----- leaf names, matched forgivingly over the survey README's sections -----
@pytest.fixture(scope="module")
def sections():
    from tests.conftest import REPO

    doc = parse((REPO / "data" / "survey_README.md").read_text(encoding="utf-8"))
    return doc.leaf_paths(), doc.section_paths()


@pytest.mark.parametrize("query, leaf", [
    ("KV-Cache Optimization", "KV-Cache Optimization"),  # exact
    ("kv-cache optimization!", "KV-Cache Optimization"),  # case and punctuation
    ("kvcache", "KV-Cache Optimization"),  # spacing
    ("KV", "KV-Cache Optimization"),  # unique prefix
    ("kv opt", "KV-Cache Optimization"),  # word prefixes
    ("KV-Cache Optimisation", "KV-Cache Optimization"),  # spelling
    ("Spekulative Decoding", "Speculative Decoding"),  # a typo
    ("structured", "Structured Pruning"),  # not Unstructured Pruning
    ("unstructured", "Unstructured Pruning"),
    ("white box", "White-Box KD"),
    ("Efficient Inference > KV-Cache", "KV-Cache Optimization"),  # a trailing path
])
def test_leaf_names_are_matched_forgivingly(sections, query, leaf):
    assert match_leaf(query, *sections)[-1] == leaf


@pytest.mark.parametrize("query, message", [
    ("moe", "fits several leaves: .*MoE-Efficient-Supervised-Fine-Tuning.*MoE-based LLMs"),
    ("Low-Rank", "fits several leaves: .*Low-Rank Approximation.*Low-Rank Adaptation"),
    ("Quantization", "'Quantization' has sub-sections; choose one of: .*Weight-Only Quantization"),
    ("quantum gravity", "no leaf section like 'quantum gravity'; closest: "),
    ("  ", "no section named"),
])
def test_an_ambiguous_or_unknown_name_lists_the_candidates(sections, query, message):
    with pytest.raises(CommandError, match=message):
        match_leaf(query, *sections)
