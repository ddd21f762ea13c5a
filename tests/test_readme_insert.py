"""Inserting entries only ever adds lines, in the right place, and refuses edits that make no sense."""

import difflib

import pytest

from bot.errors import ReadmeError
from bot.readme import format_entry, insert_entries, parse

LEAF = ("Model-Centric Methods", "Efficient Inference", "Speculative Decoding")


def added_only(old: str, new: str) -> list[str]:
    ops = difflib.SequenceMatcher(None, old.splitlines(True), new.splitlines(True), autojunk=False).get_opcodes()
    assert all(tag in ("equal", "insert") for tag, *_ in ops), ops
    return [line for tag, _, _, j1, j2 in ops if tag == "insert" for line in new.splitlines(True)[j1:j2]]


def test_insert_at_top_of_entry_block(survey_readme_text):
    doc = parse(survey_readme_text)
    line = format_entry("New Speculative Decoder", "arXiv", 2025, "2501.00010")
    new = insert_entries(doc, [(LEAF, line)])
    assert added_only(survey_readme_text, new.render()) == [line + "\n"]
    assert new.entries_in(LEAF)[0].raw == line
    assert len(new.entries_in(LEAF)) == len(doc.entries_in(LEAF)) + 1


def test_descending_year_sections_keep_their_order():
    text = (
        "## C\n### L\n"
        "- A, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00001)]\n"
        "- B, <ins>arXiv, 2023</ins> [[Paper](https://arxiv.org/abs/2301.00001)]\n"
        "- C, <ins>arXiv, 2021</ins> [[Paper](https://arxiv.org/abs/2101.00001)]\n"
    )
    new = insert_entries(parse(text), [(("C", "L"), format_entry("D", "arXiv", 2022, "2201.00001"))])
    assert [e.title for e in new.entries] == ["A", "B", "D", "C"]
    new = insert_entries(parse(text), [(("C", "L"), format_entry("E", "arXiv", 2020, "2001.00001"))])
    assert [e.title for e in new.entries] == ["A", "B", "C", "E"]


def test_unordered_section_gets_the_new_line_on_top():
    text = "## C\n### L\n- A, <ins>arXiv, 2021</ins> [[Paper](https://arxiv.org/abs/2101.00001)]\n" \
           "- B, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00001)]\n"
    new = insert_entries(parse(text), [(("C", "L"), format_entry("N", "arXiv", 2022, "2201.00001"))])
    assert [e.title for e in new.entries] == ["N", "A", "B"]


def test_crlf_and_missing_final_newline():
    text = "## C\r\n### L\r\n- A, <ins>arXiv, 2021</ins> [[Paper](https://arxiv.org/abs/2101.00001)]\r\n"
    new = insert_entries(parse(text), [(("C", "L"), format_entry("N", "arXiv", 2022, "2201.00001"))]).render()
    assert new == text.replace("### L\r\n", "### L\r\n- N, <ins>arXiv, 2022</ins> "
                                              "[[Paper](https://arxiv.org/abs/2201.00001)]\r\n")
    text = "## C\n### L\n- A, <ins>arXiv, 2021</ins> [[Paper](https://arxiv.org/abs/2101.00001)]"
    new = insert_entries(parse(text), [(("C", "L"), format_entry("N", "arXiv", 2022, "2201.00001"))]).render()
    assert new.endswith("\n- A, <ins>arXiv, 2021</ins> [[Paper](https://arxiv.org/abs/2101.00001)]")


def test_refuses_non_leaf_unknown_and_already_listed(survey_readme_text):
    doc = parse(survey_readme_text)
    line = format_entry("New", "arXiv", 2025, "2501.00011")
    with pytest.raises(ReadmeError, match="has sub-sections"):
        insert_entries(doc, [(("Model-Centric Methods", "Efficient Inference"), line)])
    with pytest.raises(ReadmeError, match="no leaf section"):
        insert_entries(doc, [(("Model-Centric Methods", "Nope"), line)])
    listed = format_entry("Fast Inference from Transformers via Speculative Decoding", "ICML", 2023, "2211.17192")
    with pytest.raises(ReadmeError, match="already listed"):
        insert_entries(doc, [(LEAF, listed)])
    with pytest.raises(ReadmeError, match="not a single entry"):
        insert_entries(doc, [(LEAF, "just prose")])


def test_many_inserts_keep_every_old_line(survey_readme_text):
    doc = parse(survey_readme_text)
    leaves = doc.leaf_paths()
    items = [(leaves[i % len(leaves)], format_entry(f"Paper {i}", "arXiv", 2025, f"2501.{i:05d}")) for i in range(50)]
    new = insert_entries(doc, items)
    assert len(added_only(survey_readme_text, new.render())) == 50


def test_batch_keeps_given_order_and_refuses_a_paper_given_twice(survey_readme_text):
    doc = parse(survey_readme_text)
    first = format_entry("First Proposed", "arXiv", 2024, "2401.00020")
    second = format_entry("Second Proposed", "arXiv", 2025, "2501.00021")
    new = insert_entries(doc, [(LEAF, first), (LEAF, second)])
    assert [e.raw for e in new.entries_in(LEAF)[:2]] == [first, second]
    with pytest.raises(ReadmeError, match="already listed"):
        insert_entries(doc, [(LEAF, first), (LEAF, first)])
