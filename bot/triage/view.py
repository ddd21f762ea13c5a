"""How a queued paper, the keys and the section choices look in the terminal (rich)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from bot.sanitise import terminal
from bot.triage.review import Review

ABSTRACT_CHARS = 420
KEYS = (("a", "accept"), ("c", "other section"), ("r", "reject"), ("s", "skip"), ("o", "arXiv"), ("u", "undo"),
        ("q", "quit"))


def path_text(path: Sequence[str] | None) -> str:
    return " > ".join(terminal(part) for part in path) if path else "(none)"


def leaf_first(path: Sequence[str], score: float | None = None) -> str:
    """`Leaf (0.42) · in Category > Parent`: the leaf name first, so it never wraps away."""
    where = f"  · in {path_text(path[:-1])}" if len(path) > 1 else ""
    return terminal(path[-1]) + (f"  ({_score(score)})" if score is not None else "") + where


def _score(value: float) -> str:
    return "?" if math.isnan(value) else f"{value:.2f}"


def excerpt(text: str, limit: int = ABSTRACT_CHARS) -> str:
    text = terminal(text)
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0] + "…"


def review_panel(r: Review, position: int, total: int) -> Panel:
    """Title, abstract excerpt, predicted section with confidence, alternatives and the explanation."""
    pred = r.prediction
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    best = pred.sections[0] if pred.sections else None
    facts.add_row("Predicted", Text(leaf_first(best.path, best.score) if best else "(none)"))
    for n, alt in enumerate(pred.sections[1:3], 1):
        facts.add_row("Alternatives" if n == 1 else "", Text(leaf_first(alt.path, alt.score)))
    facts.add_row("Relevance", Text(_score(pred.relevance) + f"   queued: {terminal(r.item.reason)}"
                                    + (f", {r.item.day.isoformat()}" if r.item.day else "")))
    terms = terminal(", ".join(pred.why.section_terms or pred.why.terms)) or "-"
    facts.add_row("Why", Text(f"terms: {terms}"))
    for n, near in enumerate(pred.why.nearest[:3]):
        facts.add_row("Nearest" if n == 0 else "", Text(terminal(near.title)))
    if r.item.status != "pending":
        facts.add_row("Status", Text(r.item.status + (f" -> {path_text(r.item.section)}" if r.item.section else "")))
    body = Group(Text(terminal(r.title), style="bold"), Text(f"{r.url}", style="dim"), Text(""),
                 Text(excerpt(r.abstract) or "(no abstract)"), Text(""), facts)
    return Panel(body, title=f"[{position}/{total}] {r.arxiv_id}", title_align="left")


def keys_line() -> Text:
    line = Text()
    for n, (key, what) in enumerate(KEYS):
        line.append(" " if n else "")
        line.append(f"[{key}]", style="bold cyan")
        line.append(f" {what}")
    return line


def choices_table(paths: Sequence[tuple[str, ...]], scores: dict[tuple[str, ...], float] | None = None) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 1))
    table.add_column(justify="right", style="bold cyan")
    table.add_column()
    for n, path in enumerate(paths, 1):
        score = (scores or {}).get(path)
        table.add_row(str(n), leaf_first(path, score))
    return table


def show(console: Console, r: Review, position: int, total: int) -> None:
    console.print(review_panel(r, position, total), soft_wrap=False)
    console.print(keys_line(), soft_wrap=False)
