"""`litbot fetch` end to end: offline files, the loopback arXiv, the state file and the per-day summary."""

import json
import logging
from datetime import date

import pytest

from bot.cli import build_parser, context_from, main
from bot.errors import SourceError
from bot.paper import Paper
from bot.store import Store
from tests.fakes.arxiv import FIXTURES, Fault, stream_papers

RSS_86 = FIXTURES / "arxiv_rss_atom_cs.AI_2025-08-20_86entries_repaired.xml"
RSS_TRUNCATED = FIXTURES / "arxiv_rss_atom_cs.AI_2025-08-20_truncated_malformed.xml"


@pytest.fixture(scope="module")
def june_papers():
    return stream_papers(date(2025, 6, 9), date(2025, 6, 11))


@pytest.fixture(autouse=True)
def restore_logging():
    """`main` configures logging onto this test's captured stderr; put the root logger back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def lines(path):
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_offline_feed_file_is_recorded_and_saved(tmp_path, capsys):
    state, out = tmp_path / "s.sqlite", tmp_path / "papers.jsonl"
    assert main(["fetch", "--load", str(RSS_86), "--state", str(state), "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("2025-08-20: 86 papers (41 new, 45 cross), 0 replacements; 86 new to the store")
    saved = lines(out)
    assert len(saved) == 86 and {"venue", "venue_year", "code_url"} <= set(saved[0])
    assert not any(p["abstract"].startswith("arXiv:") for p in saved)
    with Store(state) as store:
        assert store.count_papers() == 86
        assert store.processed_days(date(2025, 8, 20), date(2025, 8, 20)) == {date(2025, 8, 20)}
        assert store.runs()[0]["status"] == "ok" and store.runs()[0]["counts"]["new"] == 86

    assert main(["fetch", "--load", str(RSS_86), "--state", str(state)]) == 0
    assert "0 new to the store, 86 seen before" in capsys.readouterr().out


def test_offline_jsonl_is_filtered_by_days_and_categories(tmp_path, capsys, june_papers):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in june_papers))
    out = tmp_path / "out.jsonl"
    assert main(["fetch", "--load", str(src), "--since", "2025-06-10", "--until", "2025-06-11", "--categories",
                 "cs.CL", "--state", str(tmp_path / "s.sqlite"), "--output", str(out)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert [line[:10] for line in printed] == ["2025-06-10", "2025-06-11"]
    expected = [p for p in june_papers if "cs.CL" in p.categories and p.announce_date != date(2025, 6, 9)]
    saved = lines(out)
    assert sorted(p["arxiv_id"] for p in saved) == sorted(p.arxiv_id for p in expected)
    crosses = {p.arxiv_id for p in expected if p.primary_category != "cs.CL"}
    assert crosses and {p["arxiv_id"] for p in saved if p["announce_type"] == "cross"} == crosses


def test_daily_run_uses_one_rss_request_and_fills_metadata(tmp_path, capsys, arxiv_fake, june_papers):
    day = [p for p in june_papers if p.announce_date == date(2025, 6, 10)][:60]
    accepted = Paper(day[0].arxiv_id, day[0].title, day[0].abstract, version=1, categories=day[0].categories,
                     comments="Accepted to ICLR 2025. Code: https://github.com/example/fast-llm.")
    arxiv_fake.list_papers(day, date(2025, 6, 10))
    arxiv_fake.add_api_papers([accepted, *day[1:]])
    out = tmp_path / "p.jsonl"
    code = main(["fetch", "--state", str(tmp_path / "s.sqlite"), "--output", str(out), "--categories",
                 "cs.CL,cs.LG,cs.AI", "--arxiv-rss-url", arxiv_fake.rss_url, "--arxiv-api-url", arxiv_fake.api_url])
    assert code == 0
    assert [r.path for r in arxiv_fake.requests] == ["/atom/cs.CL+cs.LG+cs.AI", "/api/query"]
    assert "2025-06-10: 60 papers" in capsys.readouterr().out
    first = next(p for p in lines(out) if p["arxiv_id"] == accepted.arxiv_id)
    assert (first["venue"], first["venue_year"], first["code_url"]) == ("ICLR", 2025, "https://github.com/example/fast-llm")


def test_replacement_of_a_seen_paper_updates_its_version(tmp_path, capsys, arxiv_fake):
    state = tmp_path / "s.sqlite"
    first = tmp_path / "day1.jsonl"
    first.write_text(json.dumps(Paper("2506.00001v1", "T", "A", categories=("cs.CL",),
                                      announce_date="2025-06-10").to_dict()) + "\n")
    assert main(["fetch", "--load", str(first), "--state", str(state)]) == 0
    arxiv_fake.list_papers([Paper("2506.00001v2", "T", "A", categories=("cs.CL",), announce_type="replace")],
                           date(2025, 6, 11))
    args = ["fetch", "--state", str(state), "--arxiv-rss-url", arxiv_fake.rss_url, "--arxiv-api-url",
            arxiv_fake.api_url, "--categories", "cs.CL"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "2025-06-11: 0 papers (0 new, 0 cross), 1 replacements; 0 new to the store, 1 seen before" in out
    assert arxiv_fake.requests_to("/api") == []  # nothing to look up: no new papers
    with Store(state) as store:
        assert store.versions("2506.00001") == (1, 2) and store.count_papers() == 1


def test_backfill_paces_skips_done_days_and_survives_a_failed_day(tmp_path, capsys, arxiv_fake, arxiv_clock,
                                                                   june_papers):
    arxiv_fake.add_api_papers(june_papers)
    state = tmp_path / "s.sqlite"

    def fetch(*extra):
        args = build_parser().parse_args(["fetch", "--state", str(state), "--categories", "cs.CL,cs.LG,cs.AI",
                                          "--arxiv-api-url", arxiv_fake.api_url, *extra])
        return args.func(context_from(args), args, clock=arxiv_clock, sleeper=arxiv_clock.sleep)

    # 06-09 takes two pages; every try at 06-10's first page then fails
    arxiv_fake.fail(None, None, *[Fault("503", path="/api")] * 5)
    with pytest.raises(SourceError, match="2025-06-10"):
        fetch("--since", "2025-06-09", "--until", "2025-06-14")
    printed = capsys.readouterr().out
    assert "2025-06-09: 151 papers" in printed and "2025-06-11: 142 papers" in printed
    assert "2025-06-10: failed: arXiv backfill 2025-06-10 failed after 5 attempts" in printed
    assert "2025-06-14: weekend, arXiv announces nothing" in printed
    times = [r.time for r in arxiv_fake.requests_to("/api")]
    assert min(b - a for a, b in zip(times, times[1:])) >= 3.0
    with Store(state) as store:
        assert store.missing_days(date(2025, 6, 9), date(2025, 6, 13)) == [date(2025, 6, 10)]
        assert store.runs()[0]["status"] == "partial"

    arxiv_fake.requests.clear()
    assert fetch("--since", "2025-06-09", "--until", "2025-06-13") == 0
    printed = capsys.readouterr().out
    assert "2025-06-09: already processed, skipped" in printed
    day = next(line for line in printed.splitlines() if line.startswith("2025-06-10"))
    assert day.startswith("2025-06-10: 499 papers (") and "; 499 new to the store, 0 seen before" in day
    # only the missing day was asked for
    assert {r.query["search_query"].split("[")[1][:12] for r in arxiv_fake.requests_to("/api")} == {"202506061800"}


def test_truncated_file_fails_and_records_nothing(tmp_path, capsys):
    state, out = tmp_path / "s.sqlite", tmp_path / "p.jsonl"
    assert main(["fetch", "--load", str(RSS_TRUNCATED), "--state", str(state), "--output", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{RSS_TRUNCATED} is truncated or not XML" in err and "arXiv sent" not in err  # the file, not arXiv
    assert not out.exists()
    with Store(state) as store:
        assert store.count_papers() == 0 and store.runs()[0]["status"] == "failed"


def test_until_needs_since(tmp_path, capsys):
    assert main(["fetch", "--until", "2025-06-10", "--state", str(tmp_path / "s.sqlite")]) == 1
    assert "--until needs --since" in capsys.readouterr().err
