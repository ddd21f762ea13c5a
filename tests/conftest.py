"""Shared fixtures. Each outside system has exactly one hand-written fake, in tests/fakes/, wired up here."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def survey_readme_text() -> str:
    """The survey README shipped in data/, exactly as bytes decoded (newline translation off)."""
    return (REPO / "data" / "survey_README.md").read_bytes().decode("utf-8")


# ----- arXiv: tests/fakes/arxiv.py, driven through the real feedparser and arxiv packages -----
@pytest.fixture
def arxiv_clock():
    """A clock that advances only when code sleeps on it: pacing and backoff are checked without waiting."""
    from tests.fakes.arxiv import FakeClock

    return FakeClock()


@pytest.fixture
def arxiv_fake(arxiv_clock):
    """The loopback arXiv (RSS under /atom, API under /api/query), stamping requests with `arxiv_clock`."""
    from tests.fakes.arxiv import FakeArxiv

    server = FakeArxiv(clock=arxiv_clock)
    yield server
    server.close()
