"""The arXiv adapter, with the real feedparser and arxiv packages talking to the loopback arXiv."""

import logging
from datetime import date, datetime, timezone

import pytest

from bot.arxiv_source import ArxivSource, parse_feed, submission_window
from bot.errors import SourceError
from bot.paper import Paper
from tests.fakes.arxiv import FIXTURES, Fault, stream_papers

RSS_86 = FIXTURES / "arxiv_rss_atom_cs.AI_2025-08-20_86entries_repaired.xml"
RSS_TRUNCATED = FIXTURES / "arxiv_rss_atom_cs.AI_2025-08-20_truncated_malformed.xml"
API_SEARCH = FIXTURES / "arxiv_api_query_testing_start0_max10.atom.xml"
ANNOUNCED = {date(2025, 6, 10): 499, date(2025, 6, 11): 142}  # stream records announced those days


@pytest.fixture
def source(arxiv_fake, arxiv_clock):
    # A short read timeout so the `stall` fault costs little real time; generous enough for a loaded machine.
    return ArxivSource(arxiv_fake.rss_url, arxiv_fake.api_url, clock=arxiv_clock, sleeper=arxiv_clock.sleep,
                       timeout=1.0)


@pytest.fixture(scope="module")
def june_papers():
    return stream_papers(date(2025, 6, 9), date(2025, 6, 11))


def api_gaps(fake):
    times = [r.time for r in fake.requests_to("/api")]
    return [b - a for a, b in zip(times, times[1:])]


def test_real_feed_is_parsed_with_prefix_stripped(arxiv_fake, source):
    arxiv_fake.serve_rss_file("cs.AI", RSS_86)
    listing = source.daily(["cs.AI"])
    assert listing.day == date(2025, 8, 20) and listing.entries == 86 and len(listing.papers) == 86
    assert [p.announce_type for p in listing.papers].count("new") == 41
    assert not any(p.abstract.startswith(("arXiv:", "Abstract:")) for p in listing.papers)
    align = next(p for p in listing.papers if p.arxiv_id == "2508.13426")
    assert align.version == 1 and align.announce_type == "cross" and align.abstract.startswith("As large language")
    assert align.authors == ("Chunhua Liu", "Kabir Manandhar Shrestha", "Sukai Huang")
    assert [r.path for r in arxiv_fake.requests] == ["/atom/cs.AI"]


def test_all_categories_in_one_request_and_a_cross_list_is_one_paper(arxiv_fake, source, june_papers):
    both = [p for p in june_papers if len({"cs.CL", "cs.LG", "cs.AI"} & set(p.categories)) >= 2][:5]
    assert both, "the stream has papers listed in two of the requested categories"
    arxiv_fake.list_papers(june_papers[:40] + both, day=date(2025, 6, 10))
    listing = source.daily(["cs.CL", "cs.LG", "cs.AI"])
    assert [r.path for r in arxiv_fake.requests] == ["/atom/cs.CL+cs.LG+cs.AI"]
    ids = [p.arxiv_id for p in listing.papers]
    assert len(ids) == len(set(ids)) == len({p.arxiv_id for p in june_papers[:40] + both})
    assert listing.entries > len(ids)  # the fake listed each cross-list once per category
    for paper in both:
        kept = next(p for p in listing.papers if p.arxiv_id == paper.arxiv_id)
        # listed as `new` under its primary category and `cross` elsewhere: the `new` listing wins
        assert kept.announce_type == ("new" if paper.primary_category in ("cs.CL", "cs.LG", "cs.AI") else "cross")


def test_replacements_are_version_updates_not_discoveries(arxiv_fake, source):
    arxiv_fake.list_papers([Paper("2501.00001v1", "Fresh", "A", categories=("cs.CL",)),
                            Paper("2412.00002v3", "Old", "B", categories=("cs.CL",), announce_type="replace")])
    listing = source.daily(["cs.CL"])
    assert [p.arxiv_id for p in listing.papers] == ["2501.00001"]
    assert [(p.arxiv_id, p.version, p.announce_type) for p in listing.updates] == [("2412.00002", 3, "replace")]


def test_empty_weekend_feed_is_a_normal_logged_outcome(arxiv_fake, source, caplog):
    arxiv_fake.listing_day = date(2025, 8, 23)
    with caplog.at_level(logging.INFO, logger="bot.arxiv_source"):
        listing = source.daily(["cs.CL", "cs.LG"])
    assert listing.papers == () and listing.updates == () and listing.entries == 0
    assert listing.day == date(2025, 8, 23)
    assert "empty (weekend or holiday)" in caplog.text


def test_metadata_comes_in_batches_of_100_spaced_3_seconds(arxiv_fake, source, june_papers):
    arxiv_fake.add_api_papers(june_papers[:250])
    found = source.metadata(p.versioned_id for p in june_papers[:250])
    assert len(found) == 250
    calls = arxiv_fake.requests_to("/api")
    assert [len(r.query["id_list"].split(",")) for r in calls] == [100, 100, 50]
    assert min(api_gaps(arxiv_fake)) >= 3.0


def test_metadata_fills_comments_journal_ref_and_doi_from_the_real_response(arxiv_fake, source):
    arxiv_fake.add_api_file(API_SEARCH)
    meta = source.metadata(["2202.12139v1", "2405.13786"])["2202.12139"]
    assert meta.comments == "Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022"
    assert meta.journal_ref.startswith("Artificial Intelligence in Software Testing @ 2022 IEEE")
    assert meta.doi == "10.1109/ICSTW55395.2022.00035" and meta.primary_category == "cs.SE"
    assert meta.published == datetime(2022, 2, 24, 15, 5, 19, tzinfo=timezone.utc)


def test_backfill_pages_through_the_submission_window(arxiv_fake, source, june_papers):
    arxiv_fake.add_api_papers(june_papers)
    papers = source.backfill(date(2025, 6, 10), ["cs.CL", "cs.LG", "cs.AI"])
    assert len(papers) == len({p.arxiv_id for p in papers}) == ANNOUNCED[date(2025, 6, 10)]
    assert {p.announce_date for p in papers} == {date(2025, 6, 10)}
    calls = arxiv_fake.requests_to("/api")
    assert [r.query["start"] for r in calls] == ["0", "100", "200", "300", "400"]
    assert "submittedDate:[202506061800 TO 202506091759]" in calls[0].query["search_query"]
    assert min(api_gaps(arxiv_fake)) >= 3.0


def test_empty_page_mid_pagination_is_retried_not_taken_as_the_end(arxiv_fake, source, june_papers):
    arxiv_fake.add_api_papers(june_papers)
    arxiv_fake.fail(None, Fault("empty", path="/api"))
    papers = source.backfill(date(2025, 6, 11), ["cs.CL", "cs.LG", "cs.AI"])
    assert len({p.arxiv_id for p in papers}) == len(papers) == ANNOUNCED[date(2025, 6, 11)]
    assert [(r.query["start"], r.fault) for r in arxiv_fake.requests_to("/api")] == [
        ("0", None), ("100", "empty"), ("100", None)]


@pytest.mark.parametrize("fault", ["503", "reset", "stall"])
def test_transient_failures_are_retried_with_backoff(arxiv_fake, source, arxiv_clock, june_papers, fault):
    arxiv_fake.add_api_papers(june_papers[:10])
    arxiv_fake.fail(fault, fault)
    assert len(source.metadata(p.arxiv_id for p in june_papers[:10])) == 10
    assert [r.fault for r in arxiv_fake.requests] == [fault, fault, None]
    assert arxiv_clock.sleeps[:2] == [5.0, 10.0]  # exponential backoff on the injected sleeper


def test_429_honours_retry_after(arxiv_fake, source, june_papers):
    arxiv_fake.add_api_papers(june_papers[:10])
    arxiv_fake.fail(Fault("429", retry_after=42))
    assert len(source.metadata(p.arxiv_id for p in june_papers[:10])) == 10
    assert api_gaps(arxiv_fake) == [42.0]


def test_backoff_is_capped_and_the_last_failure_is_a_clear_error(arxiv_fake, arxiv_clock, june_papers):
    source = ArxivSource(arxiv_fake.rss_url, arxiv_fake.api_url, clock=arxiv_clock, sleeper=arxiv_clock.sleep,
                         retries=6, backoff=5.0, backoff_cap=30.0)
    arxiv_fake.add_api_papers(june_papers[:10])
    arxiv_fake.fail(*["503"] * 7)
    with pytest.raises(SourceError, match="failed after 7 attempts.*HTTP 503"):
        source.metadata(p.arxiv_id for p in june_papers[:10])
    assert len(arxiv_fake.requests) == 7
    assert arxiv_clock.sleeps == [5.0, 10.0, 20.0, 30.0, 30.0, 30.0]


@pytest.mark.parametrize("fault", ["truncated", "bad-utf8", "html200"])
def test_untrustworthy_body_is_an_error_and_nothing_is_used(arxiv_fake, source, june_papers, fault):
    arxiv_fake.list_papers(june_papers[:20])
    arxiv_fake.add_api_papers(june_papers[:20])
    arxiv_fake.fail(Fault(fault, path="/atom"), Fault(fault, path="/api"))
    with pytest.raises(SourceError, match="truncated or non-XML|not an Atom feed"):
        source.daily(["cs.CL", "cs.LG", "cs.AI"])
    with pytest.raises(SourceError, match="truncated or non-XML|not an Atom feed"):
        source.metadata(p.arxiv_id for p in june_papers[:20])
    assert len(arxiv_fake.requests) == 2  # a bad body is reported, not retried


def test_recorded_truncated_feed_is_refused():
    with pytest.raises(SourceError, match="truncated or non-XML"):
        parse_feed(RSS_TRUNCATED.read_bytes())


def test_submission_windows_follow_the_14h_eastern_deadline():
    monday = submission_window(date(2025, 8, 18))
    assert monday == (datetime(2025, 8, 14, 18, tzinfo=timezone.utc),
                      datetime(2025, 8, 15, 17, 59, tzinfo=timezone.utc))
    tuesday = submission_window(date(2025, 1, 7))  # covers the weekend; winter time is UTC-5
    assert tuesday == (datetime(2025, 1, 3, 19, tzinfo=timezone.utc), datetime(2025, 1, 6, 18, 59, tzinfo=timezone.utc))
    assert submission_window(date(2025, 8, 23)) is None


def test_unknown_id_is_an_empty_answer_not_a_retry(arxiv_fake, source):
    assert source.metadata(["0000.0000"]) == {}
    assert [r.fault for r in arxiv_fake.requests] == [None]  # totalResults 0: nothing is missing, no retry


def test_saved_api_responses_parse_like_listings():
    empty = parse_feed((FIXTURES / "arxiv_api_error_invalid_id_0000.0000.atom.xml").read_bytes())
    assert empty.papers == () and empty.entries == 0
    [paper] = parse_feed((FIXTURES / "arxiv_api_id_1605.08386.atom.xml").read_bytes()).papers
    assert (paper.arxiv_id, paper.version, paper.comments) == ("1605.08386", 1, "20 pages, 3 figures")
    assert paper.authors == ("Caprice Stanley", "Tobias Windisch") and paper.primary_category == "math.CO"
