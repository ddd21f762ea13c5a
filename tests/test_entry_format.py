"""New entries come out exactly in the maintainers' house style, with hostile text neutralised."""

import re

import pytest

from bot.readme import clean_title, format_entry, parse_entry_line


def test_house_style_with_and_without_code():
    assert format_entry("SpinQuant: LLM Quantization", "arXiv", 2024, "2405.16406") == (
        "- SpinQuant: LLM Quantization, <ins>arXiv, 2024</ins> [[Paper](https://arxiv.org/abs/2405.16406)]"
    )
    assert format_entry("X", "NeurlPS", 2025, "2501.00001", "https://github.com/a/b") == (
        "- X, <ins>NeurIPS, 2025</ins> [[Paper](https://arxiv.org/abs/2501.00001)] [[Code](https://github.com/a/b)]"
    )


def test_formatted_entry_reads_back():
    line = format_entry("Title with [brackets] | pipes", "ACL-Findings", 2025, "2501.00002", "https://github.com/a/b")
    parts = parse_entry_line(line)
    assert (parts.venue, parts.year, parts.arxiv_id) == ("ACL Findings", 2025, "2501.00002")
    assert parts.links[-1].url == "https://github.com/a/b"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("  Many\n   spaces\there ", "Many spaces here"),
        ("$\\alpha$-Quant: \\textbf{Fast} \\& {Small}", "α-Quant: Fast & Small"),
        ("$\\infty$-former", "∞-former"),
        ("evil\u202eright-to-left\x07bell", "evilright-to-left bell"),
    ],
)
def test_clean_title(raw, clean):
    assert clean_title(raw) == clean


def test_markup_injection_is_escaped():
    line = format_entry("x](javascript:alert(1)) <img onerror=alert(1)> `code` a|b", "arXiv", 2025, "2501.00003")
    unescaped_links = re.findall(r"(?<!\\)\]\(([^)]*)", line)
    assert unescaped_links == ["https://arxiv.org/abs/2501.00003"]
    assert "<img" not in line
    assert "\\]" in line and "&lt;img" in line and "\\`" in line and "a\\|b" in line
    assert parse_entry_line(line).links[0].url == "https://arxiv.org/abs/2501.00003"


def test_unsafe_code_links_are_dropped():
    assert "[[Code]" not in format_entry("T", "arXiv", 2025, "2501.00004", "javascript:alert(1)")
    assert "[[Code]" not in format_entry("T", "arXiv", 2025, "2501.00004", "https://github.com/a/b)(evil")


def test_rejects_a_bad_arxiv_id():
    with pytest.raises(ValueError):
        format_entry("T", "arXiv", 2025, "2501.00004)](javascript:x")


def test_long_titles_are_capped():
    assert len(clean_title("word " * 200)) <= 300
