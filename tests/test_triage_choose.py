"""Fuzzy search over section names when a maintainer picks another section in triage."""

from bot.readme import parse
from bot.triage.choose import search_sections


def _leaves(text):
    return parse(text).leaf_paths()


def test_prefix_substring_words_and_typos_find_the_section(survey_readme_text):
    leaves = _leaves(survey_readme_text)
    names = lambda q: [p[-1] for p in search_sections(q, leaves)]  # noqa: E731
    assert names("spec")[0] == "Speculative Decoding"
    assert names("Specualtive")[0] == "Speculative Decoding"  # a typo
    assert names("kv cache") == ["KV-Cache Optimization"]  # words anywhere in the name
    assert set(names("pruning")) == {"Structured Pruning", "Unstructured Pruning"}
    assert names("knowledge distillation")[:2] == ["White-Box KD", "Black-Box KD"]  # a parent's name
    assert names("zzzz") == [] and names("   ") == []
    assert len(search_sections("a", leaves)) <= 9
