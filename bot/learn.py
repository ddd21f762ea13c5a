"""Learning from maintainers: labels from earlier litbot PRs and the README as it is now, export, and retraining.

Each litbot PR carries a machine-readable block naming the papers it proposed and where. Once the PR is settled:
- a paper the README lists now is a positive, labelled with the section it sits in NOW (a maintainer who moved
  it during review has corrected the label);
- a paper of a PR closed without merging, one a maintainer dropped from the branch, or a merged line that has
  since been removed is a negative.
Open PRs are still under review and teach nothing yet. Triage and `litbot add` decisions are recorded when they
are made. `learn` is idempotent: a paper whose latest PR-derived label is unchanged gets no new decision.
Retraining is bot.relearn's: from what the repository says, never from what this state file remembers.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bot.pr_history import Fate, read_history
from bot.readme import Document, Index, parse
from bot.repo_port import PullInfo, RepoPort
from bot.store import Decision, Store

log = logging.getLogger(__name__)

LEARN_SOURCES = ("pr-merged", "pr-closed", "pr-removed", "pr-dropped")


@dataclass(frozen=True)
class LearnReport:
    """What one `learn` pass read and recorded."""

    prs_read: int
    prs_open: int
    new: tuple[Decision, ...]
    moved: tuple[tuple[Decision, tuple[str, ...]], ...]  # (positive in its corrected section, proposed section)
    untrained: int
    exported: int = 0

    @property
    def positives(self) -> int:
        return sum(1 for d in self.new if d.label == "positive")

    @property
    def negatives(self) -> int:
        return sum(1 for d in self.new if d.label == "negative")


def derive(prs: Iterable[PullInfo], doc: Document) -> tuple[list[Decision], dict[str, tuple[str, ...]], int]:
    """(one decision per settled paper, proposed section by id, number of open PRs) from PR blocks and the README.

    A paper in several PRs takes its fate from the most decisive one (bot.pr_history's rank table: merged over
    closed over dropped); any open PR holding it means it is still under review.
    """
    index = Index(doc)
    history = read_history(prs)
    out = []
    for h in history.papers.values():
        if h.fate is Fate.OPEN:
            continue
        arxiv_id, pr = h.arxiv_id, h.pr
        title = h.title or arxiv_id
        listed = index.find(arxiv_id, title if title != arxiv_id else None)
        if listed:
            now = listed[0].section
            was = h.proposed
            how = f"placed as proposed in {pr.name}" if was == now else (
                f"moved by a maintainer from {was[-1]} in {pr.name}" if was else f"listed in {pr.name}")
            out.append(Decision(arxiv_id, title, "positive", now, "pr-merged",
                                f"{how}; README line {listed[0].line_no + 1}"))
        elif h.fate is Fate.MERGED:
            out.append(Decision(arxiv_id, title, "negative", None, "pr-removed",
                                f"merged in {pr.name}, since removed from the README"))
        elif h.fate is Fate.CLOSED:
            out.append(Decision(arxiv_id, title, "negative", None, "pr-closed", f"{pr.name} closed without merging"))
        else:
            out.append(Decision(arxiv_id, title, "negative", None, "pr-dropped",
                                f"dropped from {pr.name} by a maintainer"))
    proposed = {h.arxiv_id: h.proposed for h in history.papers.values() if h.proposed is not None}
    return out, proposed, history.open_prs


def export_decisions(store: Store, path: Path) -> int:
    """Write each paper's latest decision to `path` (JSON lines, for `litbot train`); returns how many."""
    from classifiers.dataset import write_jsonl

    rows = [d.to_dict() for d in store.decisions(latest_only=True)]
    if not rows and not path.exists():  # nothing decided yet: no empty file for `litbot train` to hash
        return 0
    write_jsonl(path, rows)
    return len(rows)


def learn(repo: RepoPort, store: Store, doc: Document | None = None, *, export_to: Path | None = None,
          prs: tuple[PullInfo, ...] | None = None) -> LearnReport:
    """Read every litbot PR (`prs`, default: listed now) and the README now (`doc`, default: the base branch),
    record new decisions, export."""
    prs = repo.list_litbot_prs() if prs is None else prs
    if doc is None:
        doc = parse(repo.read_readme(repo.base_branch()).text)
    derived, proposed, open_prs = derive(prs, doc)
    new = store.record_decisions(derived, unless_same_from=LEARN_SOURCES)
    moved = tuple((d, proposed[d.arxiv_id]) for d in new
                  if d.label == "positive" and proposed.get(d.arxiv_id) not in (None, d.section))
    exported = export_decisions(store, export_to) if export_to is not None else 0
    report = LearnReport(len(prs), open_prs, tuple(new), moved, store.count_decisions(untrained_only=True), exported)
    log.info("learn: %d PRs read, %d new decisions (%d positive, %d negative, %d moved)", report.prs_read,
             len(new), report.positives, report.negatives, len(moved))
    return report
