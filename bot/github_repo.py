"""The only module that talks to GitHub: RepoPort over PyGithub, with litbot's error mapping and retry policy.

REST endpoints called (nothing else):
    GET   /repos/{owner}/{repo}                                 the repository and its default branch
    GET   /repos/{owner}/{repo}/pulls?state=all&per_page=100    every PR, to find litbot's (follows Link pages)
    GET   /repos/{owner}/{repo}/pulls?head={owner}:{branch}     an open PR for a branch (only after a 422 on create)
    GET   /repos/{owner}/{repo}/git/ref/heads/{branch}          a branch's head commit
    POST  /repos/{owner}/{repo}/git/refs                        create the litbot branch
    GET   /repos/{owner}/{repo}/contents/{path}?ref={ref}       the README's text and blob sha; the decisions file
    PUT   /repos/{owner}/{repo}/contents/{path}                 commit a new README (one commit per paper)
    POST  /repos/{owner}/{repo}/pulls                           open the PR
    PATCH /repos/{owner}/{repo}/pulls/{number}                  replace its title and body
    POST  /repos/{owner}/{repo}/issues/{number}/labels          add labels
    PUT   /repos/{owner}/{repo}/actions/workflows/{file}/enable re-enable a workflow (keep-alive; one request)
  and for PR-comment commands (bot.pr_commands):
    GET   /repos/{owner}/{repo}/pulls/{number}                  the PR a comment is on
    GET   /repos/{owner}/{repo}/collaborators/{user}/permission  whether the commenter has write access
    GET   /repos/{owner}/{repo}/commits?sha={branch}&per_page=100  the branch's recent commits (for undo)
    POST  /repos/{owner}/{repo}/issues/{number}/comments        reply on the PR's conversation
    POST  /repos/{owner}/{repo}/issues/comments/{id}/reactions  react to a conversation comment
    POST  /repos/{owner}/{repo}/pulls/comments/{id}/reactions   react to a review comment

Every call goes through bot.github_policy (what each failure means, what is retried, rate-limit waits). PyGithub's
own retries are off (litbot owns the policy and its sleeper); its client-side throttling stays on unless
`throttle=False` (tests only). The token is handed to PyGithub and never stored, logged or put in a
message by litbot; in case a server echoes it back, it is given to bot.redact, which every sink applies.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from github import Auth, Consts, Github, GithubException
from github.ContentFile import ContentFile
from github.PullRequest import PullRequest
from github.Repository import Repository

from bot import redact
from bot.errors import ConfigError, RepoError
from bot.github_policy import CallPolicy
from bot.repo_port import BRANCH_PREFIX, CommentRef, CommitInfo, FileVersion, PullInfo

log = logging.getLogger(__name__)

T = TypeVar("T")
Contents = ContentFile | list[ContentFile]  # what get_contents returns: a file, or a directory listing
DEFAULT_API = "https://api.github.com"


class GitHubRepo:
    """One GitHub repository, seen through the handful of calls the proposal flow needs."""

    def __init__(
        self,
        full_name: str,
        token: str | None,
        *,
        base_url: str = DEFAULT_API,
        readme_path: str = "README.md",
        base: str | None = None,
        throttle: bool = True,
        timeout: int = 15,
        retries: int = 3,
        max_wait: float = 900.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.time,
    ):
        if not token:
            raise ConfigError("GITHUB_TOKEN is not set: litbot needs a token with contents and pull-request write "
                              "access")
        redact.remember(token)  # a server may echo it back in an error; every sink redacts it from then on
        if full_name.count("/") != 1 or not all(full_name.split("/")):
            raise ConfigError(f"--repo must look like OWNER/NAME, not {full_name!r}")
        self.full_name, self.readme_path, self._base = full_name, readme_path, base
        self._policy = CallPolicy(f"the repository {full_name!r}, the README path {readme_path!r}", base_url,
                                  retries=retries, max_wait=max_wait, sleep=sleep, clock=clock)
        gaps = ((Consts.DEFAULT_SECONDS_BETWEEN_REQUESTS, Consts.DEFAULT_SECONDS_BETWEEN_WRITES) if throttle
                else (None, None))
        self._gh = Github(base_url=base_url, auth=Auth.Token(token), retry=None, timeout=timeout, per_page=100,
                          seconds_between_requests=gaps[0], seconds_between_writes=gaps[1])
        self._repo: Repository | None = None
        self._pulls: dict[str, PullRequest] = {}

    def _call(self, what: str, fn: Callable[[], T], *, stale_ok: bool = False) -> T:
        return self._policy.call(what, fn, stale_ok=stale_ok)

    # ----- RepoPort -----
    @property
    def repo(self) -> Repository:
        if self._repo is None:
            self._repo = self._call(f"read the repository {self.full_name}", lambda: self._gh.get_repo(self.full_name))
        return self._repo

    def base_branch(self) -> str:
        return self._base or self.repo.default_branch

    def branch_head(self, branch: str) -> str:
        return self._call(f"read branch {branch}", lambda: self.repo.get_git_ref(f"heads/{branch}").object.sha)

    def list_litbot_prs(self) -> tuple[PullInfo, ...]:
        pulls = self._call("list pull requests", lambda: list(self.repo.get_pulls(state="all")))
        return tuple(self._remember(p) for p in pulls if p.head.ref.startswith(BRANCH_PREFIX))

    def read_readme(self, ref: str) -> FileVersion:
        found = self._read(self.readme_path, ref, lambda: self.repo.get_contents(self.readme_path, ref=ref))
        assert found is not None  # get_contents raises rather than return None
        return found

    def read_text(self, path: str, ref: str) -> str | None:
        def get() -> Contents | None:  # None when the repository has no such file
            try:
                return self.repo.get_contents(path, ref=ref)
            except GithubException as exc:
                if exc.status == 404:
                    return None
                raise

        return None if (found := self._read(path, ref, get)) is None else found.text

    def _read(self, path: str, ref: str, get: Callable[[], Contents | None]) -> FileVersion | None:
        content = self._call(f"read {path} at {ref}", get)
        if content is None:
            return None
        if isinstance(content, list) or content.encoding != "base64":
            raise RepoError(f"{path} is a directory or too large for the contents API")
        try:
            return FileVersion(content.decoded_content.decode("utf-8"), content.sha)
        except UnicodeDecodeError as exc:
            raise RepoError(f"{path} is not UTF-8 text ({exc.reason})") from None

    def create_branch(self, branch: str, commit: str) -> bool:
        def create() -> bool:
            try:
                ref = self.repo.create_git_ref(f"refs/heads/{branch}", commit)
                self._policy.checked(f"create branch {branch}", ref)
                return True
            except GithubException as exc:
                if exc.status == 422:  # "Reference already exists"
                    return False
                raise

        created = self._call(f"create branch {branch}", create)
        log.info("branch %s %s", branch, "created" if created else "already exists")
        return created

    def write_readme(self, branch: str, text: str, sha: str, message: str) -> str:
        result = self._call(
            f"commit {self.readme_path} on {branch}",
            lambda: self.repo.update_file(self.readme_path, message, text.encode("utf-8"), sha, branch=branch),
            stale_ok=True,
        )
        return result["content"].sha

    def open_pr(self, branch: str, base: str, title: str, body: str) -> PullInfo:
        def create() -> PullInfo:
            try:
                return self._remember(self.repo.create_pull(title=title, body=body, head=branch, base=base))
            except GithubException as exc:
                if exc.status != 422:
                    raise
                owner = self.full_name.split("/")[0]
                existing = list(self.repo.get_pulls(state="open", head=f"{owner}:{branch}"))
                if not existing:  # a 422 for another reason (no commits, bad base)
                    raise
                return self._remember(existing[0])  # an earlier try of this call did open it

        return self._call(f"open a PR from {branch}", create)

    def update_pr(self, pr: PullInfo, title: str, body: str) -> PullInfo:
        def update() -> PullInfo:
            pull = self._pull(pr)
            pull.edit(title=title, body=body)
            return self._remember(pull)

        return self._call(f"update {pr.name}", update)

    def add_labels(self, pr: PullInfo, labels: tuple[str, ...]) -> None:
        def add() -> None:
            if pr.key in self._pulls:  # its issue_url is known: POST without completing the object first
                self._pulls[pr.key].add_to_labels(*labels)
            else:
                self._gh.withLazy(True).get_repo(self.full_name).get_issue(int(pr.key)).add_to_labels(*labels)

        self._call(f"label {pr.name}", add)

    # ----- Actions -----
    def enable_workflow(self, workflow: str) -> None:
        """(Re-)enable one of this repository's workflows, by file name (`litbot.yml`) or numeric id.

        GitHub switches a scheduled workflow off after 60 days without repository activity; calling this from
        each run is litbot's keep-alive, instead of pushing empty commits (which a protected branch refuses).
        The token needs `actions: write` (a fine-grained token: Actions read and write).
        """
        # The lazy objects only build the URL (no request). Workflow.enable() returns False on any failure
        # instead of raising, so the PUT goes through the requester and errors get litbot's mapping and retries.
        url = self._gh.withLazy(True).get_repo(self.full_name).get_workflow(workflow).url + "/enable"
        self._call(f"re-enable workflow {workflow}", lambda: self._gh.requester.requestJsonAndCheck("PUT", url))
        log.info("workflow %s of %s re-enabled", workflow, self.full_name)

    # ----- CommentPort -----
    def pull_request(self, ref: str) -> PullInfo | None:
        if not str(ref).isdigit():
            return None

        def get() -> PullInfo | None:
            try:
                pull = self.repo.get_pull(int(ref))
            except GithubException as exc:
                if exc.status == 404:
                    return None
                raise
            return self._remember(pull) if pull.head.ref.startswith(BRANCH_PREFIX) else None

        return self._call(f"read PR #{ref}", get)

    def permission(self, user: str) -> str:
        def get() -> str:
            try:
                return self.repo.get_collaborator_permission(user)
            except GithubException as exc:
                if exc.status == 404:  # no such user (or not one GitHub will say anything about)
                    return "none"
                raise

        return self._call(f"read {user}'s permission", get)

    def branch_log(self, branch: str, limit: int = 100) -> tuple[CommitInfo, ...]:
        def get() -> tuple[CommitInfo, ...]:
            commits = itertools.islice(self.repo.get_commits(sha=branch), limit)
            return tuple(CommitInfo(c.sha, c.parents[0].sha if c.parents else None, c.commit.message)
                         for c in commits)

        return self._call(f"read the commits of {branch}", get)

    def react(self, comment: CommentRef, reaction: str) -> None:
        def post() -> None:
            lazy = self._gh.withLazy(True).get_repo(self.full_name)
            if comment.kind == "review":
                lazy.get_pull(int(comment.pr_key)).get_review_comment(int(comment.comment_id)).create_reaction(reaction)
            else:
                lazy.get_issue(int(comment.pr_key)).get_comment(int(comment.comment_id)).create_reaction(reaction)

        self._call(f"react to comment {comment.comment_id}", post)

    def reply(self, pr: PullInfo, body: str) -> None:
        self._call(f"comment on {pr.name}",
                   lambda: self._gh.withLazy(True).get_repo(self.full_name).get_issue(int(pr.key)).create_comment(body))

    def _remember(self, pull: PullRequest) -> PullInfo:
        self._pulls[str(pull.number)] = pull
        return _info(pull)

    def _pull(self, pr: PullInfo) -> PullRequest:
        """The PyGithub object behind a PullInfo this adapter returned (no request), or a lazy one."""
        if pr.key not in self._pulls:
            self._pulls[pr.key] = self._gh.withLazy(True).get_repo(self.full_name).get_pull(int(pr.key))
        return self._pulls[pr.key]


def _info(pull: PullRequest) -> PullInfo:
    state = "merged" if pull.merged_at is not None else pull.state
    return PullInfo(
        key=str(pull.number),
        name=f"PR #{pull.number}",
        branch=pull.head.ref,
        state=state,
        title=pull.title or "",
        body=pull.body or "",
        labels=tuple(label.name for label in pull.labels),
        url=pull.html_url,
    )
