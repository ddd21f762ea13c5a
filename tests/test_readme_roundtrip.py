"""Parsing then rendering gives back the input byte for byte, whatever the file holds."""

import pytest

from bot.readme import parse


def test_shipped_survey_round_trips(survey_readme_text):
    assert parse(survey_readme_text).render() == survey_readme_text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no newline at the end",
        "# T\r\n## A\r\n### B\r\n- P, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00001)]  \r\n",
        "\ufeff# T\n## A\n- P, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00001)]",
        "trailing spaces   \n\n\n   \nmixed\r\nendings\n\r\n",
        "lone \r carriage return\n",
    ],
)
def test_edge_texts_round_trip(text):
    assert parse(text).render() == text


def test_bom_is_kept_out_of_the_first_heading():
    doc = parse("\ufeff## 🤖 Cat\n### Leaf\n- P, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00001)]\n")
    assert doc.bom
    assert [h.name for h in doc.headings] == ["Cat", "Leaf"]
    assert doc.entries[0].section == ("Cat", "Leaf")


def test_crlf_entry_raw_has_no_line_ending():
    doc = parse("## C\r\n### L\r\n- P, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2401.00001)]\r\n")
    assert doc.entries[0].raw.endswith(")]")
    assert doc.newline == "\r\n"
