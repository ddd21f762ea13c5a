"""The fates a paper can meet in a run, as enums: why it was not proposed, why it waits in triage, its outcome.

String enums: their values are what the state file stores and what `--json` prints, so both read as before.
"""

from __future__ import annotations

from enum import StrEnum


class OutcomeKind(StrEnum):
    """A paper's latest fate, as the state file's `outcomes` table records it."""

    PROPOSED = "proposed"
    TRIAGE = "triage"
    IRRELEVANT = "irrelevant"
    LISTED = "listed"
    ALREADY_PROPOSED = "already-proposed"
    REJECTED = "rejected"
    FAILED = "failed"


class TriageReason(StrEnum):
    """Why a relevant paper waits for a maintainer instead of going into the PR."""

    UNSURE_SCOPE = "unsure-scope"
    UNSURE_SECTION = "needs_triage"
    OVER_CAP = "over-cap"
    ASKED = "asked"  # a maintainer asked to review it (`litbot triage ID`)


class SkipKind(StrEnum):
    """Why a paper of the day was not proposed; the value is the run summary's row (and its --json key)."""

    PROCESSED = "already processed"
    LISTED = "already listed"
    DUPLICATE = "given twice"
    OPEN_PR = "already in an open PR"
    REJECTED = "rejected in a closed PR"
    REMOVED = "merged and removed since"
    OVER_CAP = "over the daily cap (sent to triage)"
    FAILED = "could not be inserted"

    @property
    def outcome(self) -> OutcomeKind | None:
        """The outcome a paper skipped this way gets (None: it has one already, from an earlier run)."""
        return _OUTCOME[self]


_OUTCOME: dict[SkipKind, OutcomeKind | None] = {
    SkipKind.PROCESSED: None,
    SkipKind.LISTED: OutcomeKind.LISTED,
    SkipKind.DUPLICATE: OutcomeKind.ALREADY_PROPOSED,
    SkipKind.OPEN_PR: OutcomeKind.ALREADY_PROPOSED,
    SkipKind.REJECTED: OutcomeKind.REJECTED,
    SkipKind.REMOVED: OutcomeKind.REJECTED,
    SkipKind.OVER_CAP: OutcomeKind.TRIAGE,
    SkipKind.FAILED: OutcomeKind.FAILED,
}
