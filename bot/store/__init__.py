"""litbot's SQLite state file; this package is the only code that opens it (with the stdlib sqlite3 module)."""

from bot.store.base import Recorded, StoreBase
from bot.store.decisions import Decision, DecisionsMixin
from bot.store.outcomes import TRIAGE_STATUSES, OutcomesMixin, PaperOutcome, TriageItem
from bot.store.schema import MIGRATIONS, SCHEMA_VERSION


class Store(DecisionsMixin, OutcomesMixin, StoreBase):
    """An open state file. Use as a context manager, or call close()."""


__all__ = [
    "Decision", "MIGRATIONS", "SCHEMA_VERSION", "TRIAGE_STATUSES", "PaperOutcome", "Recorded", "Store", "TriageItem",
]
