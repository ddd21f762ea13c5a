"""The venue vocabulary accepts the spellings the survey README actually uses."""

import pytest

from bot.venues import CANONICAL, is_preprint, normalise_venue


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("NeurlPS", "NeurIPS"),
        ("NIPS", "NeurIPS"),
        ("Arxiv", "arXiv"),
        ("arXiv", "arXiv"),
        ("ACL-Findings", "ACL Findings"),
        ("EMNLP-Findings", "EMNLP Findings"),
        ("Findings-NAACL", "NAACL Findings"),
        ("NAACL-HLT", "NAACL"),
        ("SC'21", "SC"),
        ("ATC", "USENIX ATC"),
        (" EMNLP ", "EMNLP"),
        ("mlsys", "MLSys"),
    ],
)
def test_variants_map_to_the_canonical_name(written, canonical):
    assert normalise_venue(written) == canonical


def test_workshop_qualifier_is_kept_and_head_word_is_fixed():
    assert normalise_venue("ICML Workshop") == "ICML Workshop"
    assert normalise_venue("NeurlPS-ENLSP") == "NeurIPS-ENLSP"


def test_unknown_venue_is_kept_as_written():
    assert normalise_venue("Nature Machine Intelligence") == "Nature Machine Intelligence"


def test_every_canonical_name_is_a_fixed_point():
    for name in CANONICAL:
        assert normalise_venue(name) == name


def test_preprint_detection():
    assert is_preprint("Arxiv") and is_preprint("") and not is_preprint("ICLR")
