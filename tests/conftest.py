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
