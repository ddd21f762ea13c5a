"""Puts one README edit on a bot branch and opens or updates its pull request, through any RepoPort."""

from __future__ import annotations

import difflib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from bot.errors import RepoError, StaleError
from bot.readme import Document, parse
from bot.repo_port import PullInfo, RepoPort

log = logging.getLogger(__name__)

STALE_RETRIES = 3
LABEL = "litbot"


@dataclass(frozen=True)
class Edit:
    """What an edit of the README produced: the new document, and the PR title and body that describe it."""

    doc: Document
    title: str
    body: str


@dataclass(frozen=True)
class Published:
    """`action`: "opened", "updated", "unchanged", "nothing to change" or "dry run"."""

    branch: str
    action: str
    pr: PullInfo | None
    diff: str
    edit: Edit | None


def _diff(old: str, new: str, branch: str) -> str:
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/README ({branch})",
                                        f"b/README ({branch})", n=0))


def publish(repo: RepoPort, branch: str, message: str, edit: Callable[[Document], Edit], *,
            dry_run: bool = False) -> Published:
    """Apply `edit` to the README on `branch` (created from the base branch's head when missing) as one commit,
    then open the PR or update its title and body.

    `edit` sees the README as it is on the branch, so a re-run only adds what is still to do; when it changes
    nothing, an existing PR is left as it is. A README that moves under us is re-read and edited again.
    """
    base = repo.base_branch()
    head = repo.branch_head(base)
    base_file = repo.read_readme(head)
    if dry_run:
        result = edit(parse(base_file.text))
        diff = _diff(base_file.text, result.doc.render(), branch)
        return Published(branch, "dry run", None, diff, result)
    first = edit(parse(base_file.text))
    created = repo.create_branch(branch, head) if first.doc.render() != base_file.text else False
    if not created:
        try:
            repo.branch_head(branch)
        except RepoError:
            return Published(branch, "nothing to change", None, "", first)
    for _ in range(STALE_RETRIES + 1):
        current = base_file if created else repo.read_readme(branch)
        result = first if created else edit(parse(current.text))
        text = result.doc.render()
        if text == current.text:
            log.info("the README on %s already has every change", branch)
            return Published(branch, "unchanged", None, "", result)
        try:
            repo.write_readme(branch, text, current.sha, message)
            break
        except StaleError as exc:
            log.info("%s; re-reading the README on %s", exc, branch)
            created = False
    else:
        raise RepoError(f"the README on {branch} kept changing under litbot; gave up after {STALE_RETRIES + 1} tries")
    pr = repo.open_pr(branch, base, result.title, result.body)
    action = "opened" if created else "updated"
    if (pr.title, pr.body.replace("\r\n", "\n")) != (result.title, result.body):
        pr = repo.update_pr(pr, result.title, result.body)
    if LABEL not in pr.labels:
        repo.add_labels(pr, (LABEL,))
    return Published(branch, action, pr, _diff(current.text, text, branch), result)


def describe(out: Published) -> str:
    """One line for the terminal: what happened, to which PR and branch, and where to look."""
    line = f"{out.action}: branch {out.branch}"
    if out.pr is not None:
        line = f"{out.action} {out.pr.name}" + ("" if out.branch in out.pr.name else f" (branch {out.branch})")
        if out.pr.url:
            line += f" {out.pr.url}"
    return line
