"""The interface the proposal flow needs from a repository, implemented by GitHub and by a local git clone."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

BRANCH_PREFIX = "litbot/arxiv-"


@dataclass(frozen=True)
class FileVersion:
    """The README's text at some ref, and the blob sha a write must name to replace it."""

    text: str
    sha: str


@dataclass(frozen=True)
class PullInfo:
    """A litbot pull request: `key` identifies it to its adapter, `name` is how messages refer to it.

    `state` is "open", "closed" (closed without merging: its papers count as rejected) or "merged".
    """

    key: str
    name: str
    branch: str
    state: str
    title: str
    body: str
    labels: tuple[str, ...]
    url: str


class RepoPort(Protocol):
    """What bot.propose needs; every write raises RepoError (StaleError when the file moved under us)."""

    def base_branch(self) -> str:
        """The branch PRs go into (GitHub: the repo's default branch)."""

    def branch_head(self, branch: str) -> str:
        """The commit sha the branch points at; RepoError if it does not exist."""

    def list_litbot_prs(self) -> tuple[PullInfo, ...]:
        """Every PR (open, closed or merged) whose head branch starts with litbot/arxiv-."""

    def read_readme(self, ref: str) -> FileVersion:
        """The README at a branch name or commit sha."""

    def read_text(self, path: str, ref: str) -> str | None:
        """Any UTF-8 file of the repository at a branch or commit (e.g. the decisions file); None if there is none."""

    def create_branch(self, branch: str, commit: str) -> bool:
        """Create `branch` at `commit`; False (and no change) if it already exists."""

    def write_readme(self, branch: str, text: str, sha: str, message: str) -> str:
        """Commit `text` as the README on `branch`, replacing blob `sha`; returns the new blob sha."""

    def open_pr(self, branch: str, base: str, title: str, body: str) -> PullInfo:
        """Open a PR from `branch` into `base`."""

    def update_pr(self, pr: PullInfo, title: str, body: str) -> PullInfo:
        """Replace an open PR's title and body."""

    def add_labels(self, pr: PullInfo, labels: tuple[str, ...]) -> None:
        """Add labels to a PR (creating labels that do not exist yet)."""


@dataclass(frozen=True)
class CommitInfo:
    """One commit of a branch's history: its sha, its first parent's sha (None for a root) and its message."""

    sha: str
    parent: str | None
    message: str


@dataclass(frozen=True)
class CommentRef:
    """A comment on a PR: `kind` "issue" (the conversation) or "review" (on a diff line), its id and PR key."""

    kind: str
    comment_id: int | str
    pr_key: str


class CommentPort(RepoPort, Protocol):
    """What PR-comment commands need beyond RepoPort: the PR, who may command, the branch's log, and answers."""

    def pull_request(self, ref: str) -> PullInfo | None:
        """The litbot PR `ref` names (GitHub: its number; local: its branch or day), None if it is not litbot's."""

    def permission(self, user: str) -> str:
        """`user`'s access to the repository: "admin", "write", "read" or "none"."""

    def branch_log(self, branch: str, limit: int = 100) -> tuple[CommitInfo, ...]:
        """The newest `limit` commits reachable from `branch`, newest first."""

    def react(self, comment: CommentRef, reaction: str) -> None:
        """Put a reaction ("+1", "-1", "confused", "eyes", ...) on a comment."""

    def reply(self, pr: PullInfo, body: str) -> None:
        """Post a comment on the PR's conversation."""


@dataclass(frozen=True)
class RepoView:
    """What a run reads from the repository once, before it writes: the base branch, its head commit, the README
    there, and every litbot PR. Learning, dedupe and the proposal all work from this one read."""

    base: str
    head: str
    readme: FileVersion
    prs: tuple[PullInfo, ...]


def read_view(repo: RepoPort) -> RepoView:
    """One read of the base branch's README (at its head commit) and one listing of litbot's PRs."""
    base = repo.base_branch()
    head = repo.branch_head(base)
    return RepoView(base, head, repo.read_readme(head), repo.list_litbot_prs())
