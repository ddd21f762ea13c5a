"""Venue and code-link detection read what authors actually write in arXiv comments and journal refs."""

import pytest

from bot.detect import detect_code_url, detect_venue


@pytest.mark.parametrize(
    ("comments", "expected"),
    [
        ("Accepted to ICLR 2025", ("ICLR", 2025)),
        ("NeurIPS 2024 camera-ready", ("NeurIPS", 2024)),
        ("Findings of ACL 2025", ("ACL Findings", 2025)),
        ("To appear in MLSys'24", ("MLSys", 2024)),
        ("Accepted by AAAI-25", ("AAAI", 2025)),
        ("Published as a conference paper at ICLR 2024", ("ICLR", 2024)),
        ("EMNLP 2024 Main. 9 pages, 4 figures", ("EMNLP", 2024)),
        ("ICLR 2025 (Spotlight). Code: https://github.com/a/b", ("ICLR", 2025)),
        ("Accepted to NeurIPS'23", ("NeurIPS", 2023)),
        ("Accepted at EMNLP 2024 Findings", ("EMNLP Findings", 2024)),
        ("Extends our NeurIPS 2023 paper; accepted at ICLR 2025", ("ICLR", 2025)),
        ("Accepted at ICML 2024 Workshop on Efficient Systems for Foundation Models", ("ICML Workshop", 2024)),
        ("SC'24", ("SC", 2024)),
        ("Accepted to NIPS 2017", ("NeurIPS", 2017)),
    ],
)
def test_venue_from_comments(comments, expected):
    assert detect_venue(None, comments) == expected


@pytest.mark.parametrize(
    "comments",
    [
        "submitted to ICLR",
        "Submitted to ICLR 2025",
        "Under review at NeurIPS 2024",
        "under review",
        "In submission to ACL 2025",
        "12 pages, 5 figures",
        "FAST inference for LLMs on edge devices",
        "Compared against the acl baseline",
        "",
        None,
    ],
)
def test_no_venue_when_not_accepted(comments):
    assert detect_venue(None, comments) is None


def test_workshop_never_yields_the_main_conference():
    venue = detect_venue(None, "Accepted at ICML 2024 Workshop on Efficient Systems for Foundation Models")
    assert venue is not None and venue[0] != "ICML"


@pytest.mark.parametrize(
    ("journal_ref", "expected"),
    [
        ("Findings of the Association for Computational Linguistics: EMNLP 2023", ("EMNLP Findings", 2023)),
        ("Proceedings of the 41st International Conference on Machine Learning, PMLR 235:1-20, 2024", ("ICML", 2024)),
        ("Advances in Neural Information Processing Systems 36 (NeurIPS 2023)", ("NeurIPS", 2023)),
        ("Transactions of the Association for Computational Linguistics, 2023", ("TACL", 2023)),
        ("Proceedings of the 2024 Conference of the North American Chapter of the Association for "
         "Computational Linguistics", ("NAACL", 2024)),
        ("Advances in Neural Information Processing Systems 36", ("NeurIPS", None)),
    ],
)
def test_venue_from_journal_ref(journal_ref, expected):
    assert detect_venue(journal_ref, None) == expected


def test_journal_ref_outranks_comments():
    assert detect_venue("ICML 2024", "Accepted to NeurIPS 2023") == ("ICML", 2024)


def test_unknown_journal_gives_none():
    ref = ("Artificial Intelligence in Software Testing @ 2022 IEEE International Conference on Software Testing, "
           "Verification and Validation Workshops (ICSTW)")
    assert detect_venue(ref, None) is None


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("Code is at https://github.com/foo/bar.",), "https://github.com/foo/bar"),
        (("(code: github.com/foo/bar-baz)",), "https://github.com/foo/bar-baz"),
        (("Code: https://gitlab.com/group/repo;",), "https://gitlab.com/group/repo"),
        (("Weights: https://huggingface.co/org/model!",), "https://huggingface.co/org/model"),
        (("Models at https://huggingface.co/org/m.", "Code at https://github.com/o/r/."), "https://github.com/o/r"),
        (("See https://www.github.com/o/r/tree/main),",), "https://github.com/o/r/tree/main"),
        (("Project page: https://foo.github.io/bar",), None),
        (("see https://github.com/features",), None),
        (("no links here", None), None),
    ],
)
def test_code_url(texts, expected):
    assert detect_code_url(*texts) == expected
