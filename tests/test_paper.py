"""A Paper is plain normalised data: ids lose their version, text loses stray whitespace, dicts round-trip."""

from datetime import date, datetime, timezone

import pytest

from bot.paper import Paper, base_id, split_arxiv_id, strip_rss_prefix


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2401.01234v3", ("2401.01234", 3)),
        ("2401.01234", ("2401.01234", None)),
        ("arXiv:2401.01234v12", ("2401.01234", 12)),
        ("oai:arXiv.org:2508.13426v1", ("2508.13426", 1)),
        ("https://arxiv.org/abs/2401.01234v2", ("2401.01234", 2)),
        ("http://arxiv.org/pdf/2401.01234v1.pdf", ("2401.01234", 1)),
        ("0808.0539", ("0808.0539", None)),
        ("quant-ph/0201082v1", ("quant-ph/0201082", 1)),
        ("math.CO/0201082", ("math.CO/0201082", None)),
    ],
)
def test_split_arxiv_id(raw, expected):
    assert split_arxiv_id(raw) == expected


@pytest.mark.parametrize("raw", ["", "2401.123", "not an id", "2401.01234v", "github.com/a/b"])
def test_split_arxiv_id_rejects_non_ids(raw):
    with pytest.raises(ValueError):
        split_arxiv_id(raw)


def test_base_id_drops_the_version():
    assert base_id("2401.01234v3") == "2401.01234"


def test_rss_prefix_is_stripped_and_reported():
    summary = "arXiv:2508.13426v1 Announce Type: replace-cross \nAbstract: As large language  models\n(LLMs) mediate"
    assert strip_rss_prefix(summary) == ("As large language models (LLMs) mediate", "2508.13426v1", "replace-cross")


def test_summary_without_prefix_is_kept_whole():
    assert strip_rss_prefix("  Plain\nabstract ") == ("Plain abstract", None, None)


def test_construction_normalises_fields():
    paper = Paper(
        arxiv_id="arXiv:2401.01234v3",
        title="  Efficient\n  Attention ",
        abstract="line one\n\tline two",
        authors=["Ada  Lovelace", " "],
        categories=["cs.CL", "cs.LG", "cs.CL"],
        announce_date="2025-01-02",
        published="2024-12-31T18:00:00Z",
        comments="  ",
        announce_type="Cross",
    )
    assert paper.arxiv_id == "2401.01234" and paper.version == 3
    assert paper.title == "Efficient Attention" and paper.abstract == "line one line two"
    assert paper.authors == ("Ada Lovelace",)
    assert paper.categories == ("cs.CL", "cs.LG") and paper.primary_category == "cs.CL"
    assert paper.announce_date == date(2025, 1, 2)
    assert paper.published == datetime(2024, 12, 31, 18, tzinfo=timezone.utc)
    assert paper.comments is None
    assert paper.announce_type == "cross" and paper.is_discovery


def test_replacements_are_not_discoveries():
    assert not Paper("2401.01234v2", "T", announce_type="replace").is_discovery
    assert not Paper("2401.01234v2", "T", announce_type="replace-cross").is_discovery
    with pytest.raises(ValueError):
        Paper("2401.01234", "T", announce_type="withdrawn")


def test_dict_round_trip():
    paper = Paper("2401.01234v2", "T", "A", authors=("X",), categories=("cs.CL",), announce_date=date(2025, 1, 2),
                  published=datetime(2024, 1, 1, tzinfo=timezone.utc), journal_ref="ICML 2024", doi="10.1/x")
    assert Paper.from_dict(paper.to_dict()) == paper


def test_stream_records_load_as_papers():
    record = {"arxiv_id": "2412.01234", "title": "T", "abstract": "A", "categories": ["cs.LG", "cs.AI"],
              "date": "2024-12-18", "categories_complete": True}
    paper = Paper.from_dict(record)
    assert paper.announce_date == date(2024, 12, 18) and paper.primary_category == "cs.LG"


def test_metadata_fills_what_the_listing_lacks_and_keeps_listing_facts():
    listing = Paper("2401.01234v2", "T", "A", announce_date="2025-01-02", announce_type="cross", categories=("cs.AI",))
    meta = Paper("2401.01234v3", "T", "A", comments="Accepted to ICLR 2025", journal_ref=None, doi="10.1/x",
                 authors=("Ada",), primary_category="cs.CL", categories=("cs.CL", "cs.AI"))
    merged = listing.with_metadata(meta)
    assert merged.comments == "Accepted to ICLR 2025" and merged.doi == "10.1/x" and merged.version == 3
    assert merged.announce_date == date(2025, 1, 2) and merged.announce_type == "cross"
    assert merged.primary_category == "cs.CL" and merged.authors == ("Ada",)
    with pytest.raises(ValueError):
        listing.with_metadata(Paper("2401.09999", "Other"))
