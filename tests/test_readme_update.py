"""In-place edits: only the named lines change, the venue tag is the only part of a line rewritten."""

import pytest

from bot.errors import ReadmeError
from bot.readme import parse
from bot.readme.update import add_code_link, replace_entries, replace_lines, replace_venue

PAPER = "[[Paper](https://arxiv.org/abs/2401.00001)]"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"- A: B, <ins>arXiv, 2024</ins> {PAPER} ", f"- A: B, <ins>ICLR, 2025</ins> {PAPER} "),
        (f"- A, <ins>arXiv, 2024/ins> {PAPER}", f"- A, <ins>ICLR, 2025</ins> {PAPER}"),
        (f"- Lory: A, B, 2024</ins> {PAPER}", f"- Lory: A, B, <ins>ICLR, 2025</ins> {PAPER}"),
        (f"- A <ins>Arxiv</ins> {PAPER}", f"- A <ins>ICLR, 2025</ins> {PAPER}"),
        (f"- A {PAPER}", f"- A, <ins>ICLR, 2025</ins> {PAPER}"),
    ],
)
def test_replace_venue_rewrites_only_the_tag(line, expected):
    assert replace_venue(line, "ICLR", 2025) == expected


def test_replace_venue_without_a_year():
    assert replace_venue(f"- A, <ins>arXiv, 2024</ins> {PAPER}", "TMLR", None) == f"- A, <ins>TMLR</ins> {PAPER}"


def test_add_code_link_goes_after_the_last_link_and_keeps_trailing_space():
    line = f"- A, <ins>arXiv, 2024</ins> {PAPER} "
    assert (add_code_link(line, "https://github.com/a/b")
            == f"- A, <ins>arXiv, 2024</ins> {PAPER} [[Code](https://github.com/a/b)] ")
    with pytest.raises(ReadmeError):
        add_code_link(line, "https://github.com/a/b) [x](javascript:alert(1)")


def test_replace_entries_changes_only_the_given_entries(survey_readme_text):
    doc = parse(survey_readme_text)
    galore = next(e for e in doc.entries if e.title.startswith("GaLore"))
    awq = next(e for e in doc.entries if e.title.startswith("AWQ"))
    line = add_code_link(replace_venue(galore.raw, "ICML", 2024), "https://github.com/jiaweizzhao/GaLore")
    new = replace_entries(doc, {galore.line_no: line, awq.line_no: awq.raw})
    old_lines, new_lines = survey_readme_text.splitlines(keepends=True), new.render().splitlines(keepends=True)
    assert len(old_lines) == len(new_lines)
    assert [n for n, (a, b) in enumerate(zip(old_lines, new_lines)) if a != b] == [galore.line_no]
    assert new_lines[galore.line_no] == (
        "- GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection, <ins>ICML, 2024</ins> "
        "[[Paper](https://arxiv.org/abs/2403.03507)] [[Code](https://github.com/jiaweizzhao/GaLore)] \n"
    )
    entry = next(e for e in new.entries if e.line_no == galore.line_no)
    assert (entry.venue, entry.year, entry.code_url) == ("ICML", 2024, "https://github.com/jiaweizzhao/GaLore")


def test_replace_entries_refuses_a_line_that_is_not_an_entry(survey_readme_text):
    with pytest.raises(ReadmeError):
        replace_entries(parse(survey_readme_text), {0: "- A line where none was"})


def test_replace_entries_swaps_a_whole_multi_line_item_and_keeps_its_line_endings():
    text = ("# List\r\n## Papers\r\n**Old Title** \\\r\n*A. Author* \\\r\narXiv 2022. "
            "[[Paper](https://arxiv.org/abs/2208.11970)]\r\n\r\n**Next** \\\r\n*B. Author* \\\r\narXiv 2021. "
            "[[Paper](https://arxiv.org/abs/2101.00001)]")
    doc = parse(text)
    first = next(e for e in doc.entries if e.arxiv_id == "2208.11970")
    assert first.kind == "block" and first.last_line == first.line_no + 2
    new_text = ("**Old Title** \\\n*A. Author* \\\nNeurIPS 2023. [[Paper](https://arxiv.org/abs/2208.11970)] \\\n"
                "25 Aug 2022")
    new = replace_entries(doc, {first.line_no: new_text}).render()
    assert new == text.replace("arXiv 2022. [[Paper](https://arxiv.org/abs/2208.11970)]",
                               "NeurIPS 2023. [[Paper](https://arxiv.org/abs/2208.11970)] \\\r\n25 Aug 2022")


def test_replace_lines_keeps_crlf_bom_and_missing_final_newline():
    doc = parse("\ufeffa\r\nb\r\nc")
    assert replace_lines(doc, {1: "B", 2: "C"}).render() == "\ufeffa\r\nB\r\nC"
    with pytest.raises(ReadmeError):
        replace_lines(doc, {0: "x\ny"})
    with pytest.raises(ReadmeError):
        replace_lines(doc, {9: "x"})
