"""What one `litbot run` did: counts, skip reasons, timings and errors, as a table for people and JSON for tools."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rich.console import Console
from rich.table import Table

from bot.kinds import SkipKind


@dataclass
class RunReport:
    """Filled in step by step by bot.pipeline; `errors` non-empty means the run exits non-zero."""

    days: list[date] = field(default_factory=list)
    fetched: int = 0
    new: int = 0
    relevant: int = 0
    proposed: int = 0
    triage: int = 0
    irrelevant: int = 0
    skipped: Counter[SkipKind] = field(default_factory=Counter)  # counted by kind, never by parsing reasons
    timings: dict[str, float] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    action: str = "nothing to do"
    branch: str = ""
    pr: str = ""
    dry_run: bool = False
    stopped: bool = False
    proposals: list[dict[str, Any]] = field(default_factory=list)  # what `litbot propose --input` reads

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "days": [d.isoformat() for d in self.days],
            "fetched": self.fetched,
            "new": self.new,
            "relevant": self.relevant,
            "proposed": self.proposed,
            "triage": self.triage,
            "irrelevant": self.irrelevant,
            "skipped": {kind.value: n for kind, n in sorted(self.skipped.items())},
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "errors": list(self.errors),
            "action": str(self.action),
            "branch": self.branch,
            "pr": self.pr,
            "dry_run": self.dry_run,
            "stopped": self.stopped,
            "proposals": self.proposals,
        }


def print_summary(report: RunReport, console: Console) -> None:
    """The closing table of a run."""
    days = ", ".join(d.isoformat() for d in report.days) or "none"
    table = Table(title=f"litbot run ({days}){' [dry run]' if report.dry_run else ''}", show_header=True)
    table.add_column("step")
    table.add_column("papers", justify="right")
    table.add_column("seconds", justify="right")
    rows = [
        ("fetched", report.fetched, "fetch"),
        ("new", report.new, "dedupe"),
        ("relevant", report.relevant, "classify"),
        ("proposed", report.proposed, "propose"),
        ("triage", report.triage, None),
        ("irrelevant", report.irrelevant, None),
    ]
    for name, count, timing in rows:
        seconds = report.timings.get(timing) if timing else None
        table.add_row(name, str(count), f"{seconds:.2f}" if seconds is not None else "")
    for kind, count in sorted(report.skipped.items()):
        table.add_row(f"skipped: {kind.value}", str(count), "")
    table.add_row("recorded", "", f"{report.timings.get('record', 0.0):.2f}")
    console.print(table)
    if report.branch:
        console.print(f"{report.action}: {report.pr or report.branch}", markup=False, highlight=False, soft_wrap=True)
    for error in report.errors:
        console.print(f"error: {error}", style="red", markup=False, highlight=False, soft_wrap=True)
    if report.stopped:
        console.print("stopped early on request; unfinished days stay unprocessed for the next run", markup=False)
