"""The lines a command prints about a proposal's outcome: what was committed to which branch and PR, what skipped."""

from __future__ import annotations

from bot.propose import Outcome


def report(out: Outcome) -> list[str]:
    where = f" {out.pr.name}" if out.pr else ""
    lines = [f"{out.action}{where}: {out.title or 'no PR'} [{out.branch}]"]
    if out.pr and out.pr.url:
        lines.append(f"  {out.pr.url}")
    lines += [f"  + {p.arxiv_id}  {p.short_title} -> {' > '.join(p.section)}" for p in out.committed]
    lines += [f"  - {s.arxiv_id}  skipped: {s.reason}" for s in out.skipped]
    return lines
