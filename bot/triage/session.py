"""The interactive triage loop: one paper at a time, one key per decision, each decision saved as it is made."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rich.console import Console
from rich.markup import escape

from bot.store import Store
from bot.triage import view
from bot.triage.choose import search_sections
from bot.triage.keys import ENTER, EOF, ESCAPE, KeyReader
from bot.triage.review import Review

log = logging.getLogger(__name__)

Path_ = tuple[str, ...]


@dataclass
class Tally:
    """What a session decided, in order; undone decisions are gone from it."""

    decided: list[tuple[str, str, Path_ | None]] = field(default_factory=list)  # (arxiv_id, status, section)

    def ids(self, status: str) -> list[str]:
        return [a for a, s, _ in self.decided if s == status]


class Session:
    """Runs the review of `queue` against the store; `opener(url)` opens a paper (webbrowser.open by default)."""

    def __init__(self, store: Store, queue: Sequence[Review], leaves: Sequence[Path_], keys: KeyReader,
                 console: Console, opener: Callable[[str], object] | None = None) -> None:
        self.store, self.queue, self.leaves = store, list(queue), list(leaves)
        self.keys, self.console, self.opener = keys, console, opener
        self.tally = Tally()
        self._history: list[int] = []  # queue positions decided, most recent last

    def run(self) -> Tally:
        """Review until the queue ends or the maintainer quits. Ctrl-C propagates; saved decisions stay saved."""
        position = 0
        while True:
            if position >= len(self.queue):
                if not self._history or not self._finish():
                    return self.tally
                position = self._undo()
                continue
            r = self.queue[position]
            view.show(self.console, r, position + 1, len(self.queue))
            key = self.keys.key()
            if key in ("q", EOF):
                self.console.print("quit; decisions so far are saved")
                return self.tally
            if key == "u":
                position = self._undo() if self._history else self._nothing_to_undo(position)
                continue
            if key == "o":
                self._open(r)
                continue
            decision = self._decision(key, r)
            if decision is None:
                continue
            self._decide(position, r, *decision)
            position += 1

    # --- keys --------------------------------------------------------------------------------------------------
    def _decision(self, key: str, r: Review) -> tuple[str, Path_ | None] | None:
        if key in ("a", ENTER):
            if r.predicted is None:
                self.console.print("no predicted section: press c to choose one")
                return None
            return "accepted", r.predicted
        if key == "c":
            section = self.choose(r)
            return ("accepted", section) if section else None
        if key == "r":
            return "rejected", None
        if key == "s":
            return "skipped", None
        if key not in (ESCAPE, "?", "h"):
            self.console.print(f"unknown key {key!r}")
        self.console.print(view.keys_line())
        return None

    def _decide(self, position: int, r: Review, status: str, section: Path_ | None) -> None:
        self.store.decide_triage(r.arxiv_id, status, section, title=r.title,
                                 detail="triage: " + (status if status != "accepted" else view.path_text(section)))
        self._history.append(position)
        self.tally.decided.append((r.arxiv_id, status, section))
        where = f" -> {view.path_text(section)}" if section else ""
        self.console.print(f"[bold]{status}[/bold] {r.arxiv_id}{escape(where)}")

    def _undo(self) -> int:
        position = self._history.pop()
        arxiv_id = self.queue[position].arxiv_id
        self.store.undo_triage(arxiv_id)
        for n in range(len(self.tally.decided) - 1, -1, -1):
            if self.tally.decided[n][0] == arxiv_id:
                del self.tally.decided[n]
                break
        self.console.print(f"undone: {arxiv_id} is pending again")
        return position

    def _nothing_to_undo(self, position: int) -> int:
        self.console.print("nothing to undo in this session")
        return position

    def _finish(self) -> bool:
        """At the end of the queue: True when the maintainer wants to undo the last decision after all."""
        self.console.print("end of the queue: [bold cyan]u[/] undo last decision, any other key to finish")
        return self.keys.key() == "u"

    def _open(self, r: Review) -> None:
        self.console.print(f"opening {r.url}")
        if self.opener is not None:
            try:
                with self.keys.suspended():
                    self.opener(r.url)
            except Exception as exc:  # a browser that fails to start must not end the session
                log.warning("could not open %s: %s", r.url, exc)

    # --- choosing a section ------------------------------------------------------------------------------------
    def choose(self, r: Review) -> Path_ | None:
        """A numbered list (the predicted sections first), and fuzzy search over all leaf names; None = back."""
        scores = {s.path: s.score for s in r.prediction.sections}
        shown = [s.path for s in r.prediction.sections if s.path in set(self.leaves)][:5] or self.leaves[:9]
        while True:
            self.console.print(view.choices_table(shown, scores), soft_wrap=False)
            self.console.print("number, text to search section names, * for all, empty line to go back: ", end="")
            answer = self.keys.line()
            if answer is None or not answer.strip():
                return None
            answer = answer.strip()
            if answer.isdigit():
                n = int(answer)
                if 1 <= n <= len(shown):
                    return shown[n - 1]
                self.console.print(f"no choice {n}")
            elif answer == "*":
                shown = list(self.leaves)
            else:
                found = search_sections(answer, self.leaves)
                if found:
                    shown = found
                else:
                    self.console.print(f"no section matches {answer!r}")
