"""Entry lines are read the way a person reads them, including every irregularity the real file holds."""

import pytest

from bot.readme import Link, arxiv_id_from_url, parse, parse_entry_line

ABS = "[[Paper](https://arxiv.org/abs/2401.01234)]"


def test_house_style_line():
    e = parse_entry_line(f"- Fast Thing: A Title, <ins>NeurIPS, 2024</ins> {ABS} [[Code](https://github.com/a/b)]")
    assert (e.title, e.venue, e.year, e.arxiv_id) == ("Fast Thing: A Title", "NeurIPS", 2024, "2401.01234")
    assert e.links == (Link("Paper", "https://arxiv.org/abs/2401.01234"), Link("Code", "https://github.com/a/b"))


def test_broken_closing_tag():
    e = parse_entry_line(f"- GaLore: Memory-Efficient LLM Training, <ins>arXiv, 2024/ins> {ABS} ")
    assert (e.title, e.venue, e.year) == ("GaLore: Memory-Efficient LLM Training", "arXiv", 2024)


def test_orphan_closing_tag_without_opening():
    e = parse_entry_line(f"- Lory: Fully Differentiable Mixture-of-Experts, 2024</ins> {ABS}")
    assert (e.title, e.venue, e.year) == ("Lory: Fully Differentiable Mixture-of-Experts", "", 2024)


@pytest.mark.parametrize("sep", ["", "，", " "])
def test_missing_or_fullwidth_comma_before_tag(sep):
    e = parse_entry_line(f"- P-Tuning v2: Prompt Tuning{sep}<ins>ACL-Short, 2022</ins> {ABS}")
    assert (e.title, e.venue, e.year) == ("P-Tuning v2: Prompt Tuning", "ACL-Short", 2022)


def test_tag_without_comma_and_tag_without_year():
    e = parse_entry_line(f"- GPTQ, <ins>ICLR 2023</ins> {ABS}")
    assert (e.venue, e.year) == ("ICLR", 2023)
    e = parse_entry_line(f"- KV-Runahead, <ins>arXiv, ICML</ins> {ABS}")
    assert (e.venue, e.year) == ("arXiv, ICML", None)


def test_malformed_double_bracket_links():
    e = parse_entry_line(
        "- Memformer, <ins>AACL-Findings, 2020</ins> [[Paper]](https://arxiv.org/abs/2010.06891) "
        "[[Code]](https://github.com/x/y)"
    )
    assert e.links == (Link("Paper", "https://arxiv.org/abs/2010.06891"), Link("Code", "https://github.com/x/y"))
    assert e.arxiv_id == "2010.06891"


def test_nested_link_takes_the_second_url():
    e = parse_entry_line(
        "- T, <ins>arXiv, 2023</ins> [[Paper]([https://a.example/x](https://arxiv.org/abs/2305.11111))]"
    )
    assert e.links == (Link("Paper", "https://arxiv.org/abs/2305.11111"),)
    assert e.arxiv_id == "2305.11111"


def test_links_without_space_stray_comma_and_trailing_space_in_url():
    e = parse_entry_line(
        "- Alpa, <ins>OSDI, 2022</ins>, [[Paper](https://arxiv.org/abs/2201.12023 )][[Code](https://github.com/alpa)]"
    )
    assert e.links == (Link("Paper", "https://arxiv.org/abs/2201.12023"), Link("Code", "https://github.com/alpa"))
    assert e.title == "Alpa"


def test_repeated_title_prefix_is_kept_as_written():
    e = parse_entry_line(f"- OmniQuant: OmniQuant: Omnidirectionally Calibrated, <ins>ICLR, 2024</ins> {ABS}")
    assert e.title == "OmniQuant: OmniQuant: Omnidirectionally Calibrated"


@pytest.mark.parametrize("title", ["Nyströmformer: A nyström-based algorithm", "∞-former: Infinite Memory",
                                   "PanGu-Σ: Towards Trillion", "Title\u00a0with NBSP"])
def test_non_ascii_titles(title):
    assert parse_entry_line(f"- {title}, <ins>AAAI, 2021</ins> {ABS}").title == title


@pytest.mark.parametrize(
    ("url", "arxiv_id"),
    [
        ("https://arxiv.org/abs/2306.00978", "2306.00978"),
        ("https://arxiv.org/abs/2306.00978v3", "2306.00978"),
        ("https://arxiv.org/pdf/2405.15525v2.pdf", "2405.15525"),
        ("https://arxiv.org/pdf/2405.15525", "2405.15525"),
        ("https://arxiv.org/html/2402.07871v1", "2402.07871"),
        ("http://www.arxiv.org/abs/1706.03762", "1706.03762"),
        ("https://doi.org/10.48550/arXiv.2305.09781", "2305.09781"),
        ("https://arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001"),
        ("https://github.com/x/y", None),
        ("https://openreview.net/forum?id=abc", None),
    ],
)
def test_arxiv_id_from_any_url_form(url, arxiv_id):
    assert arxiv_id_from_url(url) == arxiv_id


@pytest.mark.parametrize(
    "line",
    [
        "- [🤖 Model-Centric Methods](#-Model-Centric) ",
        "Some prose mentioning [[Paper](https://arxiv.org/abs/2401.00001)]",
        "-no space after dash [[Paper](https://arxiv.org/abs/2401.00001)]",
        "- , <ins>arXiv, 2024</ins>",
    ],
)
def test_lines_that_are_not_entries(line):
    assert parse_entry_line(line) is None


def test_unreadable_lines_stay_opaque_and_unchanged():
    text = "## C\n### L\n- [[[[ broken\n- fine, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00001)]\n"
    doc = parse(text)
    assert doc.render() == text
    assert [e.title for e in doc.entries] == ["fine"]


def test_real_file_irregular_lines_are_entries(survey_readme_text):
    doc = parse(survey_readme_text)
    by_line = {e.line_no + 1: e for e in doc.entries}
    assert by_line[275].year == 2024 and by_line[275].venue == "arXiv"  # 2024/ins>
    assert by_line[382].year == 2024 and by_line[382].title.startswith("Lory")  # orphan </ins>
    assert by_line[424].arxiv_id == "2010.06891"  # [[Paper]](url)
    assert by_line[272].venue == "ACL-Short"  # fullwidth comma
    assert by_line[167].venue == "NeurIPS-ENLSP"  # "<ins> NeurIPS-ENLSP"
