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

Errors: 401 -> a message about GITHUB_TOKEN; 403/429 rate limits -> wait for X-RateLimit-Reset or Retry-After up to
`max_wait` seconds in total, then stop; other 403 -> permissions; 404 -> repository or README path; 409 and 422 on a
contents write -> StaleError; 5xx, timeouts and dropped connections -> retried `retries` times with capped backoff.
PyGithub's own retries are off (litbot owns the policy and its sleeper); its client-side throttling stays on unless
`throttle=False` (tests only). A redirect to another host or a body that is not the API's JSON (a proxy, a login
page) -> RepoError naming repo.api_url. The token is handed to PyGithub and never stored, logged or put in a
message by litbot; in case a server echoes it back, it is given to bot.redact, which every sink applies.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from typing import TypeVar

import requests
from github import Auth, Consts, Github, GithubException
from github.ContentFile import ContentFile
from github.PullRequest import PullRequest
from github.Repository import Repository

from bot import redact
from bot.errors import ConfigError, RepoError, StaleError
from bot.repo_port import BRANCH_PREFIX, CommentRef, CommitInfo, FileVersion, PullInfo

log = logging.getLogger(__name__)

T = TypeVar("T")
Contents = ContentFile | list[ContentFile]  # what get_contents returns: a file, or a directory listing
DEFAULT_API = "https://api.github.com"
# What PyGithub raises (instead of a GithubException) for a redirect to another host or scheme (RuntimeError) and
# for a body that is not the API's JSON (AssertionError, TypeError, KeyError, ... from reading it).
_UNUSABLE = (RuntimeError, AssertionError, TypeError, KeyError, AttributeError, ValueError)
BACKOFF_CAP = 30.0


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
        self.full_name, self.readme_path, self._base, self._base_url = full_name, readme_path, base, base_url
        self._retries, self._max_wait, self._sleep, self._clock = retries, max_wait, sleep, clock
        gaps = ((Consts.DEFAULT_SECONDS_BETWEEN_REQUESTS, Consts.DEFAULT_SECONDS_BETWEEN_WRITES) if throttle
                else (None, None))
        self._gh = Github(base_url=base_url, auth=Auth.Token(token), retry=None, timeout=timeout, per_page=100,
                          seconds_between_requests=gaps[0], seconds_between_writes=gaps[1])
        self._repo: Repository | None = None
        self._pulls: dict[str, PullRequest] = {}

    # ----- the policy -----
    def _call(self, what: str, fn: Callable[[], T], *, stale_ok: bool = False) -> T:
        attempt, waited = 0, 0.0
        while True:
            try:
                return self._checked(what, fn())
            except GithubException as exc:
                status = exc.status
                message = (exc.data or {}).get("message", "") if isinstance(exc.data, dict) else ""
                if status == 401:
                    raise RepoError(
                        f"GitHub rejected the token while trying to {what} (401 {message or 'Bad credentials'}): "
                        "check that GITHUB_TOKEN is set to a valid, unexpired token"
                    ) from None
                wait = self._rate_limit_wait(status, exc.headers or {})
                if wait is not None:
                    if waited + wait > self._max_wait:
                        raise RepoError(
                            f"GitHub rate limit hit while trying to {what}: it lifts in {wait:.0f} s, more than "
                            f"litbot waits ({self._max_wait:.0f} s in all); run again later"
                        ) from None
                    log.warning("GitHub rate limit: waiting %.0f s before retrying to %s", wait, what)
                    self._sleep(wait)
                    waited += wait
                    continue
                if status == 403:
                    raise RepoError(f"GitHub refused to {what} (403 {message}): the token lacks permission") from None
                if status == 404:
                    raise RepoError(
                        f"GitHub found nothing when trying to {what} (404): check the repository {self.full_name!r}, "
                        f"the README path {self.readme_path!r}, and that the token can see the repository"
                    ) from None
                if stale_ok and status in (409, 422):
                    raise StaleError(f"the README changed while trying to {what} ({status} {message})") from None
                if status >= 500 and attempt < self._retries:
                    attempt = self._backoff(what, attempt, f"{status} {message}".strip())
                    continue
                raise RepoError(f"GitHub failed to {what}: {status} {message}".rstrip()) from None
            except (requests.Timeout, requests.ConnectionError) as exc:
                if attempt < self._retries:
                    attempt = self._backoff(what, attempt, type(exc).__name__)
                    continue
                raise RepoError(
                    f"GitHub did not answer while trying to {what} ({type(exc).__name__}, {attempt + 1} tries)"
                ) from None
            except _UNUSABLE as exc:  # PyGithub's way of meeting a redirect elsewhere or a body that is not the API's
                raise self._unusable(what, f"{type(exc).__name__}: {exc}") from None

    def _unusable(self, what: str, detail: str) -> RepoError:
        return RepoError(f"{self._base_url} sent an answer that is not GitHub's API while trying to {what} "
                         f"({' '.join(detail.split())[:200]}): check repo.api_url; a proxy, a login page or a "
                         "redirect to another host answers like this")

    def _checked(self, what: str, result: T) -> T:
        """`result`, unless PyGithub built it from a body that was not JSON (it wraps such text as {"data": ...})."""
        items = result.values() if isinstance(result, dict) else result if isinstance(result, list) else (result,)
        for item in items:
            raw = getattr(item, "_rawData", None)  # what the object was built from; never triggers a request
            if isinstance(raw, dict) and isinstance(raw.get("data"), str) and set(raw) <= {"data", "url"}:
                raise self._unusable(what, f"a {type(item).__name__} built from {raw['data'][:60]!r}")
        return result

    def _backoff(self, what: str, attempt: int, why: str) -> int:
        delay = min(BACKOFF_CAP, 2.0**attempt)
        log.warning("GitHub: %s while trying to %s; retry %d in %.0f s", why, what, attempt + 1, delay)
        self._sleep(delay)
        return attempt + 1

    def _rate_limit_wait(self, status: int, headers: dict[str, str]) -> float | None:
        """Seconds to wait if this response is a rate limit, else None."""
        headers = {k.lower(): v for k, v in headers.items()}
        retry_after = headers.get("retry-after")
        limited = status == 429 or (
            status == 403 and (retry_after is not None or headers.get("x-ratelimit-remaining") == "0")
        )
        if not limited:
            return None
        try:
            if retry_after is not None:
                return max(1.0, float(retry_after))
            reset = float(headers["x-ratelimit-reset"])
            return max(1.0, reset - self._clock() + 1.0)
        except (KeyError, ValueError):
            return 60.0

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
                self._checked(f"create branch {branch}", self.repo.create_git_ref(f"refs/heads/{branch}", commit))
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
