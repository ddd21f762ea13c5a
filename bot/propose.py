"""The proposal use case: dedupe papers, commit each into the README on the day's branch, open or update its PR."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.errors import ReadmeError, RepoError
from bot.kinds import SkipKind
from bot.lint import ERROR, judge_change
from bot.pr_body import Block, parse_block, render_body
from bot.pr_history import Fate, History, read_history
from bot.proposal import Proposal
from bot.publisher import DEFAULT_LABELS, Action, Commit, diff, upsert_pr, with_categories, write_branch
from bot.readme import Document, Index, insert_entries, parse
from bot.repo_port import BRANCH_PREFIX, FileVersion, PullInfo, RepoPort, RepoView, read_view

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Skip:
    arxiv_id: str
    title: str
    reason: str
    kind: SkipKind = SkipKind.FAILED


@dataclass(frozen=True)
class Outcome:
    """What a run did: its Action (opened, updated, unchanged, nothing to propose, dry run), commits and PR."""

    branch: str
    action: Action
    committed: tuple[Proposal, ...]
    in_pr: tuple[Proposal, ...]
    skipped: tuple[Skip, ...]
    pr: PullInfo | None
    title: str
    body: str
    diff: str


def branch_name(day: date) -> str:
    return f"{BRANCH_PREFIX}{day.isoformat()}"


def pr_title(n: int, day: date) -> str:
    return f"Add {n} paper{'s' if n != 1 else ''} from arXiv ({day.isoformat()})"


def labels_for(proposals: Iterable[Proposal], labels: Sequence[str] = DEFAULT_LABELS) -> tuple[str, ...]:
    """The configured labels (`pr.labels`) plus one label per top-level category, in a stable order."""
    return with_categories(labels, (p.category for p in proposals))


def _why_skipped(p: Proposal, listed: Index, seen: set[str], past: History,
                 force: bool) -> tuple[SkipKind, str] | None:
    """(kind, reason) when the paper must not be proposed, else None."""
    if p.arxiv_id in seen:
        return SkipKind.DUPLICATE, "given twice in the input"
    if listed.find(p.arxiv_id, p.title):
        return SkipKind.LISTED, "already listed in the README"
    h = past.get(p.arxiv_id)
    if h is None:
        return None
    if h.fate is Fate.OPEN:
        return SkipKind.OPEN_PR, f"already proposed in open {h.pr.name}"
    if h.rejected and not force:
        return SkipKind.REJECTED, f"rejected in {h.pr.name} (closed without merging); --force proposes it again"
    if h.fate is Fate.MERGED and not force:
        return SkipKind.REMOVED, f"merged in {h.pr.name} and removed since; --force proposes it again"
    return None


def carried(final: Document, base: Index, given: Mapping[str, Proposal], block: Block | None,
            committed: tuple[Proposal, ...]) -> tuple[Proposal, ...]:
    """Every paper the branch adds over the base, as Proposals: from the input, else from the PR's block."""
    from_block = {p.arxiv_id: p for p in block.papers} if block else {}
    on_branch = {e.arxiv_id: e for e in final.entries
                 if e.arxiv_id and not base.find(e.arxiv_id, e.title)}
    order = list(from_block) + [p.arxiv_id for p in committed] + list(on_branch)
    out: dict[str, Proposal] = {}
    for arxiv_id in order:
        if arxiv_id in out or arxiv_id not in on_branch:
            continue
        entry, old = on_branch[arxiv_id], from_block.get(arxiv_id)
        section = entry.section or (old.section if old else ("?",))
        first = (old.moved_from or old.section) if old else section  # what litbot proposed before any move
        out[arxiv_id] = given.get(arxiv_id) or Proposal(
            arxiv_id=arxiv_id,
            title=(old.title if old and old.title else entry.title) or arxiv_id,
            entry_line=entry.raw,
            section=section,
            confidence=old.confidence if old else math.nan,
            moved_from=first if first != section else (),
        )
    return tuple(out.values())


def propose(repo: RepoPort, day: date, proposals: Iterable[Proposal], *, force: bool = False,
            dry_run: bool = False, progress: Callable[[int, int], None] | None = None,
            checkpoint: Callable[[str], None] | None = None, labels: Sequence[str] = DEFAULT_LABELS,
            view: RepoView | None = None) -> Outcome:
    """Propose `proposals` for `day`: one commit per new paper on litbot/arxiv-DAY, one PR, updated on re-runs.

    `progress(done, total)` is called as each new paper is committed (or fails to insert); `checkpoint(point)`
    marks the step boundary between opening the PR and labelling it (bot.killpoints). `labels` are the
    configured ones (`pr.labels`); `view` is the run's one read of the repository (read here when not given).
    """
    proposals = tuple(proposals)
    branch = branch_name(day)
    view = view or read_view(repo)
    base, prs, base_file = view.base, view.prs, view.readme
    today = [pr for pr in prs if pr.branch == branch]
    open_pr = next((pr for pr in today if pr.state == "open"), None)
    listed = Index(parse(base_file.text))

    past, seen = read_history(prs), set[str]()
    fresh: list[Proposal] = []
    skipped: list[Skip] = []
    for p in proposals:
        why = _why_skipped(p, listed, seen, past, force)
        seen.add(p.arxiv_id)
        if why:
            log.info("skip %s: %s", p.arxiv_id, why[1])
            skipped.append(Skip(p.arxiv_id, p.title, why[1], why[0]))
        else:
            fresh.append(p)

    if not fresh and open_pr is None:
        return Outcome(branch, Action.NOTHING_TO_PROPOSE, (), (), tuple(skipped), None, "", "", "")
    if open_pr is None and today:
        raise RepoError(f"{today[0].name} from {branch} is already {today[0].state}; litbot will not reuse that "
                        f"branch for new papers today (they will be proposed on the next day's branch)")

    if open_pr is not None:
        start = repo.read_readme(branch)
    elif dry_run:
        start = base_file
    else:
        start = base_file if repo.create_branch(branch, view.head) else repo.read_readme(branch)

    current, doc, committed = start, parse(start.text), []
    for done, p in enumerate(fresh, 1):
        current, doc, problem = _commit_one(repo, branch, current, doc, p, dry_run)
        if problem:
            skipped.append(Skip(p.arxiv_id, p.title, problem, SkipKind.FAILED))
        else:
            committed.append(p)
        if progress:
            progress(done, len(fresh))

    given = {p.arxiv_id: p for p in proposals}
    old = parse_block(open_pr.body) if open_pr else None
    in_pr = carried(doc, listed, given, old, tuple(committed))
    in_ids = {p.arxiv_id for p in in_pr}
    dropped = tuple(sorted(({p.arxiv_id for p in old.papers} - in_ids) | set(old.dropped))) if old else ()
    title, body = pr_title(len(in_pr), day), render_body(day, in_pr, dropped)
    changes = diff(start.text, current.text, branch)

    def result(action: Action, pr: PullInfo | None) -> Outcome:
        return Outcome(branch=branch, action=action, committed=tuple(committed), in_pr=in_pr,
                       skipped=tuple(skipped), pr=pr, title=title, body=body, diff=changes)

    if dry_run:
        return result(Action.DRY_RUN, open_pr)
    if not in_pr:  # every paper failed to insert (or a maintainer emptied the branch): no PR to write
        return result(Action.UNCHANGED if open_pr else Action.NOTHING_TO_PROPOSE, open_pr)
    pr, action = upsert_pr(repo, branch, base, title, body, labels_for(in_pr, labels), existing=open_pr,
                           checkpoint=checkpoint)
    return result(action, pr)


def _lint_problem(before: Document, after: Document) -> str:
    """Why the lines this insertion adds fail the PR check (`litbot lint --diff`), or "" when they pass.

    The same check a README pull request gets, run before anything is committed: a PR opened with the built-in
    GITHUB_TOKEN triggers no other workflow, so nothing else would judge litbot's own lines.
    """
    errors = [f for f in judge_change(before, after) if f.severity == ERROR]
    if not errors:
        return ""
    return "its README line fails lint: " + "; ".join(f"{f.rule.id} {f.rule.name}: {f.message}" for f in errors[:3])


def _commit_one(repo: RepoPort, branch: str, current: FileVersion, doc: Document, p: Proposal,
                dry_run: bool) -> tuple[FileVersion, Document, str]:
    """Insert and commit one paper, on the README as the branch has it now. (new state, problem or "")."""

    def change(file: FileVersion) -> Commit[tuple[Document, str]]:
        now = doc if file is current else parse(file.text)
        if Index(now).find(p.arxiv_id):  # an earlier try (or run) already landed this paper (this id) on the branch
            return Commit(None, "", (now, ""))
        try:
            new_doc = insert_entries(now, [(p.section, p.entry_line)])
        except ReadmeError as exc:
            log.warning("cannot insert %s: %s", p.arxiv_id, exc)
            return Commit(None, "", (now, f"cannot insert: {exc}"))
        problem = _lint_problem(now, new_doc)
        if problem:
            log.warning("not committing %s: %s", p.arxiv_id, problem)
            return Commit(None, "", (now, problem))
        return Commit(new_doc.render(), p.commit_message, (new_doc, ""))

    if dry_run:
        planned = change(current)
        new_doc, problem = planned.result
        return (FileVersion(planned.text, current.sha) if planned.text is not None else current), new_doc, problem
    out = write_branch(repo, branch, change, current=current)
    new_doc, problem = out.result
    if out.written:
        log.info("committed %s to %s", p.arxiv_id, " > ".join(p.section))
    return out.file, new_doc, problem
