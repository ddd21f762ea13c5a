"""A short soak: 8 recorded days back to back, each PR merged before the next day; nothing lost, nothing grows."""

from __future__ import annotations

import pytest

from bench.soak_bench import recorded_days, soak
from tests.fakes.arxiv import STREAM_SAMPLE
from tests.reliability import shipped_classifier

DAYS = 8


@pytest.fixture(scope="module")
def soaked(tmp_path_factory, survey_readme_text):
    days = recorded_days(DAYS, cap=40, stream=STREAM_SAMPLE)
    stats, end = soak(days, shipped_classifier(), tmp_path_factory.mktemp("soak"), survey_readme_text)
    return days, stats, end


def test_every_day_runs_and_nothing_is_lost(soaked):
    days, stats, end = soaked
    assert [s.day for s in stats] == [d for d, _ in days] and len(set(stats)) == DAYS
    assert all(s.ok for s in stats), [s for s in stats if not s.ok]
    assert end["papers"] == end["with outcome"] == sum(len(p) for _, p in days)
    assert end["days processed"] == DAYS
    assert end["proposed"] == end["README entries added"] == sum(s.proposed for s in stats) > 0
    for problem in ("lost (no outcome)", "days not processed", "proposed but not in README",
                    "in README but not proposed", "listed twice", "in two PRs"):
        assert end[problem] == [], problem


def test_work_per_day_stays_flat(soaked):
    _, stats, _ = soaked
    # GitHub calls beyond one commit per paper are a fixed overhead: they must not grow with the days behind
    overhead = [s.github_requests - s.proposed for s in stats if s.proposed]
    assert max(overhead) - min(overhead) <= 3, overhead
    # resident memory after day 3 vs the last day (both loopback servers live in this process too)
    assert stats[-1].rss_mb - stats[2].rss_mb < 40, [round(s.rss_mb) for s in stats]
