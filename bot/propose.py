"""The proposal use case: dedupe papers, commit each into the README on the day's branch, open or update its PR."""

from __future__ import annotations

import difflib
import logging
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from bot.errors import ReadmeError, RepoError, StaleError
from bot.lint import ERROR, judge_change
from bot.pr_body import Block, parse_block, render_body
from bot.proposal import Proposal
from bot.readme import Document, Index, insert_entries, parse
from bot.repo_port import BRANCH_PREFIX, FileVersion, PullInfo, RepoPort

log = logging.getLogger(__name__)

STALE_RETRIES = 3
LABEL = "litbot"
_RANK = {"closed": 1, "merged": 2, "open": 3}


@dataclass(frozen=True)
class Skip:
    arxiv_id: str
    title: str
    reason: str
    kind: str = "failed"  # duplicate, listed, open-pr, rejected, removed, or failed (could not be inserted)


@dataclass(frozen=True)
class Outcome:
    """What a run did. `action` is "opened", "updated", "unchanged", "nothing to propose" or "dry run"."""

    branch: str
    action: str
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


def labels_for(proposals: Iterable[Proposal]) -> tuple[str, ...]:
    """`litbot` plus one label per top-level category, in a stable order."""
    return (LABEL,) + tuple(sorted({p.category for p in proposals}))


def history(prs: Iterable[PullInfo]) -> dict[str, tuple[str, str]]:
    """arXiv id -> (state, PR name) over litbot PRs' blocks; open beats merged beats closed. Dropped = closed."""
    out: dict[str, tuple[str, str]] = {}
    for pr in prs:
        block = parse_block(pr.body)
        if block is None:
            continue
        marks = [(p.arxiv_id, pr.state) for p in block.papers] + [(i, "closed") for i in block.dropped]
        for arxiv_id, state in marks:
            if arxiv_id not in out or _RANK[state] > _RANK[out[arxiv_id][0]]:
                out[arxiv_id] = (state, pr.name)
    return out


def _why_skipped(p: Proposal, listed: Index, seen: set[str], past: dict[str, tuple[str, str]],
                 force: bool) -> tuple[str, str] | None:
    """(kind, reason) when the paper must not be proposed, else None."""
    if p.arxiv_id in seen:
        return "duplicate", "given twice in the input"
    if listed.find(p.arxiv_id, p.title):
        return "listed", "already listed in the README"
    state, name = past.get(p.arxiv_id, (None, ""))
    if state == "open":
        return "open-pr", f"already proposed in open {name}"
    if state == "closed" and not force:
        return "rejected", f"rejected in {name} (closed without merging); --force proposes it again"
    if state == "merged" and not force:
        return "removed", f"merged in {name} and removed since; --force proposes it again"
    return None


def _carried(final: Document, base: Index, given: dict[str, Proposal], block: Block | None,
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
        out[arxiv_id] = given.get(arxiv_id) or Proposal(
            arxiv_id=arxiv_id,
            title=(old.title if old and old.title else entry.title) or arxiv_id,
            entry_line=entry.raw,
            section=entry.section or (old.section if old else ("?",)),
            confidence=old.confidence if old else math.nan,
        )
    return tuple(out.values())


def propose(repo: RepoPort, day: date, proposals: Iterable[Proposal], *, force: bool = False,
            dry_run: bool = False, progress: Callable[[int, int], None] | None = None,
            checkpoint: Callable[[str], None] | None = None) -> Outcome:
    """Propose `proposals` for `day`: one commit per new paper on litbot/arxiv-DAY, one PR, updated on re-runs.

    `progress(done, total)` is called as each new paper is committed (or fails to insert); `checkpoint(point)`
    marks the step boundary between opening the PR and labelling it (bot.killpoints).
    """
    proposals = tuple(proposals)
    branch = branch_name(day)
    base = repo.base_branch()
    prs = repo.list_litbot_prs()
    today = [pr for pr in prs if pr.branch == branch]
    open_pr = next((pr for pr in today if pr.state == "open"), None)
    head = None if open_pr else repo.branch_head(base)
    base_file = repo.read_readme(base if open_pr else head)
    listed = Index(parse(base_file.text))

    past, seen = history(prs), set()
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
        return Outcome(branch, "nothing to propose", (), (), tuple(skipped), None, "", "", "")
    if open_pr is None and today:
        raise RepoError(f"{today[0].name} from {branch} is already {today[0].state}; litbot will not reuse that "
                        f"branch for new papers today (they will be proposed on the next day's branch)")

    if open_pr is not None:
        start = repo.read_readme(branch)
    elif dry_run:
        start = base_file
    else:
        start = base_file if repo.create_branch(branch, head) else repo.read_readme(branch)

    current, doc, committed = start, parse(start.text), []
    for done, p in enumerate(fresh, 1):
        current, doc, ok, problem = _commit_one(repo, branch, current, doc, p, dry_run)
        if ok:
            committed.append(p)
        else:
            skipped.append(Skip(p.arxiv_id, p.title, problem))
        if progress:
            progress(done, len(fresh))

    final = doc
    given = {p.arxiv_id: p for p in proposals}
    old = parse_block(open_pr.body) if open_pr else None
    in_pr = _carried(final, listed, given, old, tuple(committed))
    in_ids = {p.arxiv_id for p in in_pr}
    dropped = tuple(sorted(({p.arxiv_id for p in old.papers} - in_ids) | set(old.dropped))) if old else ()
    title, body = pr_title(len(in_pr), day), render_body(day, in_pr, dropped)
    diff = "".join(difflib.unified_diff(start.text.splitlines(True), current.text.splitlines(True),
                                        f"a/README ({branch})", f"b/README ({branch})"))
    result = dict(branch=branch, committed=tuple(committed), in_pr=in_pr, skipped=tuple(skipped), title=title,
                  body=body, diff=diff)
    if dry_run:
        return Outcome(action="dry run", pr=open_pr, **result)
    if not in_pr:  # every paper failed to insert (or a maintainer emptied the branch): no PR to write
        return Outcome(action="unchanged" if open_pr else "nothing to propose", pr=open_pr, **result)
    labels = labels_for(in_pr)
    if open_pr is None:
        pr = repo.open_pr(branch, base, title, body)
        if checkpoint:
            checkpoint("after-pr-open")
        repo.add_labels(pr, labels)
        return Outcome(action="opened", pr=pr, **result)
    pr, action = open_pr, "unchanged"
    if (open_pr.title, open_pr.body.replace("\r\n", "\n")) != (title, body):
        pr, action = repo.update_pr(open_pr, title, body), "updated"
    missing = tuple(label for label in labels if label not in open_pr.labels)
    if missing:
        repo.add_labels(pr, missing)
    return Outcome(action=action, pr=pr, **result)


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
                dry_run: bool) -> tuple[FileVersion, Document, bool, str]:
    """Insert and commit one paper, re-reading the README when it moved under us. (new state, ok, problem)."""
    for _ in range(STALE_RETRIES + 1):
        if Index(doc).find(p.arxiv_id):  # an earlier try (or run) already landed this paper (this id) on the branch
            return current, doc, True, ""
        try:
            new_doc = insert_entries(doc, [(p.section, p.entry_line)])
        except ReadmeError as exc:
            log.warning("cannot insert %s: %s", p.arxiv_id, exc)
            return current, doc, False, f"cannot insert: {exc}"
        problem = _lint_problem(doc, new_doc)
        if problem:
            log.warning("not committing %s: %s", p.arxiv_id, problem)
            return current, doc, False, problem
        text = new_doc.render()
        if dry_run:
            return FileVersion(text, current.sha), new_doc, True, ""
        try:
            sha = repo.write_readme(branch, text, current.sha, p.commit_message)
            log.info("committed %s to %s", p.arxiv_id, " > ".join(p.section))
            return FileVersion(text, sha), new_doc, True, ""
        except StaleError as exc:
            log.info("%s; re-reading the README on %s", exc, branch)
            current = repo.read_readme(branch)
            doc = parse(current.text)
    raise RepoError(f"the README on {branch} kept changing under litbot; gave up after {STALE_RETRIES + 1} tries")
