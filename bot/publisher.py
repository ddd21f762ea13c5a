"""The one publisher: commits README edits to a bot branch (again on a README that moved), upserts the PR, labels it.

Every command that writes to a repository goes through here, over any RepoPort: the daily proposal
(bot.propose), `lint --fix` and `refresh` (`publish`), and PR-comment commands (bot.pr_commands). The labels
come from the config (`pr.labels`), given by the entry point.
"""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from bot.config import PrConfig
from bot.errors import RepoError, StaleError
from bot.readme import Document, parse
from bot.repo_port import FileVersion, PullInfo, RepoPort

log = logging.getLogger(__name__)

T = TypeVar("T")
STALE_RETRIES = 3
DEFAULT_LABELS: tuple[str, ...] = PrConfig().labels


class Action(StrEnum):
    """What publishing did to the branch and its PR (the string values are what --json shows)."""

    OPENED = "opened"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    NOTHING_TO_PROPOSE = "nothing to propose"
    NOTHING_TO_CHANGE = "nothing to change"
    DRY_RUN = "dry run"


@dataclass(frozen=True)
class Commit(Generic[T]):
    """One commit to make: the README's new text (None: nothing to write), its message, and what the caller keeps."""

    text: str | None
    message: str
    result: T


@dataclass(frozen=True)
class Written(Generic[T]):
    """The README after `write_branch`, the version the last edit was made on, and whether a commit was made."""

    file: FileVersion
    before: FileVersion
    result: T
    written: bool


def write_branch(repo: RepoPort, branch: str, change: Callable[[FileVersion], Commit[T]], *,
                 current: FileVersion | None = None, giving_up: str = "") -> Written[T]:
    """Commit `change(README on branch)` as one commit. When the README moved under us (StaleError) it is read
    again and `change` is asked again, up to STALE_RETRIES times; `current` saves the first read when the caller
    has the branch's README already. A change with no text, or the same text, writes nothing."""
    for _ in range(STALE_RETRIES + 1):
        if current is None:
            current = repo.read_readme(branch)
        commit = change(current)
        if commit.text is None or commit.text == current.text:
            return Written(current, current, commit.result, False)
        try:
            sha = repo.write_readme(branch, commit.text, current.sha, commit.message)
            return Written(FileVersion(commit.text, sha), current, commit.result, True)
        except StaleError as exc:
            log.info("%s; re-reading the README on %s", exc, branch)
            current = None
    raise RepoError(f"the README on {branch} kept changing under litbot; gave up after {STALE_RETRIES + 1} tries"
                    + giving_up)


def upsert_pr(repo: RepoPort, branch: str, base: str, title: str, body: str, labels: Iterable[str], *,
              existing: PullInfo | None = None,
              checkpoint: Callable[[str], None] | None = None) -> tuple[PullInfo, Action]:
    """Open the PR of `branch` (or take `existing`), make its title and body these, and add the missing labels.

    `checkpoint("after-pr-open")` marks the step between opening a PR and labelling it (bot.killpoints).
    """
    if existing is None:
        pr, action = repo.open_pr(branch, base, title, body), Action.OPENED
        if checkpoint:
            checkpoint("after-pr-open")
    else:
        pr, action = existing, Action.UNCHANGED
    if (pr.title, pr.body.replace("\r\n", "\n")) != (title, body):
        pr = repo.update_pr(pr, title, body)
        action = Action.UPDATED if existing is not None else action
    missing = tuple(label for label in dict.fromkeys(labels) if label not in pr.labels)
    if missing:
        repo.add_labels(pr, missing)
    return pr, action


def with_categories(labels: Sequence[str], categories: Iterable[str]) -> tuple[str, ...]:
    """The configured labels, then one per top-level category, in a stable order."""
    return tuple(dict.fromkeys([*labels, *sorted(set(categories))]))


def diff(old: str, new: str, branch: str, context: int = 3) -> str:
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/README ({branch})",
                                        f"b/README ({branch})", n=context))


@dataclass(frozen=True)
class Edit:
    """What an edit of the README produced: the new document, and the PR title and body that describe it."""

    doc: Document
    title: str
    body: str


@dataclass(frozen=True)
class Published:
    """What `publish` did: one of the Actions, the PR, the diff it committed and the edit it made."""

    branch: str
    action: Action
    pr: PullInfo | None
    diff: str
    edit: Edit | None


def publish(repo: RepoPort, branch: str, message: str, edit: Callable[[Document], Edit], *,
            labels: Sequence[str] = DEFAULT_LABELS, dry_run: bool = False) -> Published:
    """Apply `edit` to the README on `branch` (created from the base branch's head when missing) as one commit,
    then open the PR or update its title and body, and label it.

    `edit` sees the README as it is on the branch, so a re-run only adds what is still to do; when it changes
    nothing, an existing PR is left as it is. A README that moves under us is re-read and edited again.
    """
    base = repo.base_branch()
    head = repo.branch_head(base)
    base_file = repo.read_readme(head)
    first = edit(parse(base_file.text))
    if dry_run:
        return Published(branch, Action.DRY_RUN, None, diff(base_file.text, first.doc.render(), branch, 0), first)
    created = repo.create_branch(branch, head) if first.doc.render() != base_file.text else False
    if not created:
        try:
            repo.branch_head(branch)
        except RepoError:
            return Published(branch, Action.NOTHING_TO_CHANGE, None, "", first)

    def change(current: FileVersion) -> Commit[Edit]:
        result = first if current is base_file else edit(parse(current.text))
        return Commit(result.doc.render(), message, result)

    out = write_branch(repo, branch, change, current=base_file if created else None)
    if not out.written:
        log.info("the README on %s already has every change", branch)
        return Published(branch, Action.UNCHANGED, None, "", out.result)
    pr, _ = upsert_pr(repo, branch, base, out.result.title, out.result.body, labels)
    action = Action.OPENED if created else Action.UPDATED
    return Published(branch, action, pr, diff(out.before.text, out.file.text, branch, 0), out.result)


def describe(out: Published) -> str:
    """One line for the terminal: what happened, to which PR and branch, and where to look."""
    line = f"{out.action}: branch {out.branch}"
    if out.pr is not None:
        line = f"{out.action} {out.pr.name}" + ("" if out.branch in out.pr.name else f" (branch {out.branch})")
        if out.pr.url:
            line += f" {out.pr.url}"
    return line
