"""The decisions file committed to the list's repository (`.github/litbot/decisions.jsonl`): its text, read and written.

Maintainers' triage decisions are made on one machine; a run on a fresh runner sees only the repository. So
`litbot triage` writes each paper's latest triage decision here, one JSON object a line, sorted by arXiv id so
that a commit shows exactly what changed, and every run reads the file from the base branch. The rows have the
shape of data/decisions.jsonl (`Decision.to_dict`), which `litbot train` also reads. Pure: text in, text out.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from bot.paper import ARXIV_ID
from bot.store import Decision

log = logging.getLogger(__name__)

PATH = ".github/litbot/decisions.jsonl"  # in the list's repository; not .litbot/, the (ignored) state folder


def parse_decisions(text: str, where: str = PATH) -> list[Decision]:
    """The decisions in a file's text, the latest per paper; a line that is not a decision is skipped and logged."""
    latest: dict[str, Decision] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            section = row.get("section")
            decision = Decision(str(row["arxiv_id"]), str(row.get("title") or row["arxiv_id"]), str(row["label"]),
                                tuple(str(s) for s in section) if section else None, str(row.get("source") or ""),
                                str(row.get("detail") or ""), decided_at=str(row.get("decided_at") or ""),
                                abstract=str(row.get("abstract") or ""))
            if not ARXIV_ID.match(decision.arxiv_id):
                raise ValueError(f"not an arXiv id: {decision.arxiv_id!r}")
            if decision.label == "positive" and not decision.section:
                raise ValueError("a positive decision needs a section")
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("%s line %d is not a decision, skipped: %s", where, n, exc)
            continue
        latest.pop(decision.arxiv_id, None)
        latest[decision.arxiv_id] = decision
    return list(latest.values())


def merge(old: Iterable[Decision], new: Iterable[Decision]) -> list[Decision]:
    """One decision per paper, `new` over `old`, sorted by arXiv id."""
    out = {d.arxiv_id: d for d in old}
    out.update((d.arxiv_id, d) for d in new)
    return [out[k] for k in sorted(out)]


def render_decisions(decisions: Iterable[Decision]) -> str:
    """The file's text: one JSON object a line, sorted by arXiv id, keys sorted (stable under re-writing)."""
    rows = sorted((d.to_dict() for d in decisions), key=lambda r: str(r["arxiv_id"]))
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
