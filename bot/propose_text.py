"""The lines a command prints about a proposal's outcome: what was committed to which branch and PR, what skipped."""

from __future__ import annotations

import math

from bot.propose import Outcome


def report(out: Outcome) -> list[str]:
    where = f" {out.pr.name}" if out.pr else ""
    lines = [f"{out.action}{where}: {out.title or 'no PR'} [{out.branch}]"]
    if out.pr and out.pr.url:
        lines.append(f"  {out.pr.url}")
    lines += [f"  + {p.arxiv_id}  {p.short_title} -> {' > '.join(p.section)}" for p in out.committed]
    lines += [f"  - {s.arxiv_id}  skipped: {s.reason}" for s in out.skipped]
    return lines


def json_number(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def as_dict(out: Outcome) -> dict:
    """The outcome as the JSON object `propose`, `add` and `triage` print with --json."""
    return {
        "action": out.action, "branch": out.branch, "title": out.title or None,
        "pr": {"name": out.pr.name, "url": out.pr.url or None} if out.pr else None,
        "committed": [{"arxiv_id": p.arxiv_id, "title": p.title, "section": list(p.section),
                       "confidence": json_number(p.confidence), "entry_line": p.entry_line} for p in out.committed],
        "skipped": [{"arxiv_id": s.arxiv_id, "title": s.title, "kind": s.kind, "reason": s.reason}
                    for s in out.skipped],
    }
