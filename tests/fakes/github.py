"""A loopback fake of the GitHub REST API (repo, contents, refs, commits, pulls, labels, comments, workflows).

It speaks the real wire format closely enough for PyGithub: JSON bodies with the fields PyGithub reads, URLs that
point back at the fake, rate-limit headers, Link pagination, and GitHub's status codes for stale shas (409),
existing refs and PRs (422) and bad tokens (401). Every request is recorded (without its Authorization header)
so tests and benchmarks can count and inspect them. `fail(...)` schedules failures: 401, 403 (rate limit, with
X-RateLimit-Reset), 429 (Retry-After), 404, 409, 422, 5xx, "timeout" (hold the connection until the client gives
up), "reset" (drop the connection), "redirect" (a 301 to another host, as a wrong api_url or a proxy gives) and
"html200" (an HTML page with status 200, as a captive portal or a login page gives). A failure's message may
hold "{authorization}", replaced by the request's Authorization header: a proxy that echoes it back.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from tests.fakes.github_routes import Comment, Commit, Pull, Reply, route

RATE_LIMIT_MESSAGE = "API rate limit exceeded for user ID 1."
SECONDARY_MESSAGE = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
SIGN_IN_PAGE = b"<!DOCTYPE html><html><head><title>Sign in</title></head><body>Sign in to continue</body></html>"
NOT_THE_API = {  # answers GitHub never gives: a redirect to another host, an HTML page with status 200
    "redirect": lambda path: Reply(301, b"", {"Location": f"http://github.example.net{path}"}),
    "html200": lambda path: Reply(200, SIGN_IN_PAGE, {"Content-Type": "text/html; charset=utf-8"}),
}


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    body: Any
    status: int | str = 0
    authorized: bool = False


@dataclass
class Failure:
    status: int | str
    method: str | None
    path: re.Pattern[str] | None
    times: int
    headers: dict[str, str]
    message: str | None

    def matches(self, method: str, path: str) -> bool:
        return (self.method in (None, method)) and (self.path is None or bool(self.path.search(path)))


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class FakeGitHub:
    """One repository on a loopback server. Use as a context manager, or call start()/stop()."""

    def __init__(self, files: dict[str, str], owner: str = "survey-owner", name: str = "Efficient-LLMs-Survey",
                 token: str | None = None, default_branch: str = "main", hold_seconds: float = 5.0):
        self.owner, self.name, self.token, self.default_branch = owner, name, token, default_branch
        self.hold_seconds = hold_seconds
        self.blobs: dict[str, bytes] = {}
        self.commits: dict[str, Commit] = {}
        self.branches: dict[str, str] = {}
        self.pulls: list[Pull] = []
        # Actions workflows: id, name, path (.github/workflows/FILE) and state (active, disabled_inactivity, ...)
        self.workflows: list[dict[str, Any]] = [
            {"id": 161335, "name": "litbot", "path": ".github/workflows/litbot.yml", "state": "active"}]
        self.comments: list[Comment] = []
        self.collaborators: dict[str, str] = {owner: "admin"}  # login -> permission; anyone else reads
        self.requests: list[Recorded] = []
        self.schedule: list[Failure] = []
        self.hooks: list[tuple[str, re.Pattern[str], Callable[[], None]]] = []
        self.lock = threading.RLock()
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self.branches[default_branch] = self._commit(None, "Initial commit", {
            path: self._blob(text.encode()) for path, text in files.items()})

    # ----- lifecycle -----
    def start(self) -> FakeGitHub:
        fake = self

        class Handler(_Handler):
            owner = fake

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        return self

    def stop(self) -> None:
        self._release.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"

    # ----- test controls -----
    def fail(self, status: int | str, method: str | None = None, path: str | None = None, times: int = 1,
             headers: dict[str, str] | None = None, message: str | None = None) -> None:
        """Answer the next `times` requests matching method and path regex with this failure instead."""
        with self.lock:
            self.schedule.append(Failure(status, method, re.compile(path) if path else None, times,
                                         dict(headers or {}), message))

    def before(self, method: str, path: str, action: Callable[[], None]) -> None:
        """Run `action` once, just before the next matching request is handled (e.g. a concurrent edit)."""
        with self.lock:
            self.hooks.append((method, re.compile(path), action))

    def commit_file(self, branch: str, path: str, text: str, message: str = "Edit by a maintainer") -> str:
        with self.lock:
            files = dict(self.commits[self.branches[branch]].files)
            files[path] = self._blob(text.encode())
            self.branches[branch] = self._commit(self.branches[branch], message, files)
            return files[path]

    def add_pull(self, branch: str, body: str, state: str = "open", merged: bool = False, title: str = "PR",
                 labels: tuple[str, ...] = ("litbot",)) -> Pull:
        with self.lock:
            self.branches.setdefault(branch, self.branches[self.default_branch])
            pull = Pull(len(self.pulls) + 1, branch, self.default_branch, title, body, state, merged, list(labels))
            self.pulls.append(pull)
            return pull

    def add_comment(self, number: int, user: str, body: str, kind: str = "issue", user_type: str = "User") -> Comment:
        """A comment on PR `number` (kind "issue" or "review"), as if `user` had written it."""
        with self.lock:
            comment = Comment(1000 + len(self.comments) + 1, number, user, body, kind, user_type)
            self.comments.append(comment)
            return comment

    def text(self, ref: str, path: str = "README.md") -> str:
        with self.lock:
            return self.blobs[self.commits[self._resolve(ref)].files[path]].decode()

    def history(self, branch: str) -> list[str]:
        """Commit messages on `branch`, newest first, down to (not including) the default branch's head."""
        out, sha, stop = [], self.branches[branch], self.branches[self.default_branch]
        while sha and sha != stop:
            out.append(self.commits[sha].message)
            sha = self.commits[sha].parent
        return out

    def count(self, method: str | None = None, path: str = "") -> int:
        return sum(1 for r in self.requests if method in (None, r.method) and re.search(path, r.path))

    # ----- git model -----
    def _blob(self, data: bytes) -> str:
        sha = blob_sha(data)
        self.blobs[sha] = data
        return sha

    def _commit(self, parent: str | None, message: str, files: dict[str, str]) -> str:
        sha = hashlib.sha1(f"{parent}\n{sorted(files.items())}\n{message}\n{len(self.commits)}".encode()).hexdigest()
        self.commits[sha] = Commit(sha, parent, message, files)
        return sha

    def _resolve(self, ref: str | None) -> str:
        ref = ref or self.default_branch
        ref = ref.removeprefix("refs/heads/").removeprefix("heads/")
        if ref in self.branches:
            return self.branches[ref]
        if ref in self.commits:
            return ref
        raise Reply(404, {"message": f"No commit found for the ref {ref}"})

    # ----- JSON shapes -----
    @property
    def api(self) -> str:
        return f"{self.base_url}/repos/{self.full_name}"

    def repo_json(self) -> dict[str, Any]:
        return {"id": 1, "node_id": "R_1", "name": self.name, "full_name": self.full_name,
                "owner": {"login": self.owner, "id": 2, "type": "User", "url": f"{self.base_url}/users/{self.owner}"},
                "private": False, "fork": False, "html_url": f"https://github.com/{self.full_name}", "url": self.api,
                "default_branch": self.default_branch, "permissions": {"admin": False, "push": True, "pull": True}}

    def file_json(self, path: str, sha: str, ref: str, with_content: bool = True) -> dict[str, Any]:
        data = self.blobs[sha]
        out = {"type": "file", "encoding": "base64", "size": len(data), "name": path.rsplit("/", 1)[-1],
               "path": path, "sha": sha, "url": f"{self.api}/contents/{quote(path)}?ref={quote(ref)}",
               "git_url": f"{self.api}/git/blobs/{sha}",
               "html_url": f"https://github.com/{self.full_name}/blob/{ref}/{path}",
               "download_url": f"{self.base_url}/raw/{ref}/{path}"}
        if with_content:
            encoded = base64.b64encode(data).decode()
            out["content"] = "\n".join(encoded[i:i + 60] for i in range(0, len(encoded), 60)) + "\n"
        return out

    def ref_json(self, branch: str) -> dict[str, Any]:
        sha = self.branches[branch]
        return {"ref": f"refs/heads/{branch}", "node_id": "REF_1", "url": f"{self.api}/git/refs/heads/{branch}",
                "object": {"sha": sha, "type": "commit", "url": f"{self.api}/git/commits/{sha}"}}

    def label_json(self, name: str) -> dict[str, Any]:
        return {"id": abs(hash(name)) % 10**6, "node_id": "L", "url": f"{self.api}/labels/{quote(name)}",
                "name": name, "color": "ededed", "default": False, "description": None}

    def pull_json(self, p: Pull, full: bool = False) -> dict[str, Any]:
        head_sha = self.branches.get(p.branch, "0" * 40)
        out = {"url": f"{self.api}/pulls/{p.number}", "id": 1000 + p.number, "node_id": f"PR_{p.number}",
               "number": p.number, "state": p.state, "title": p.title, "body": p.body, "locked": False,
               "html_url": f"https://github.com/{self.full_name}/pull/{p.number}",
               "issue_url": f"{self.api}/issues/{p.number}", "draft": False,
               "user": {"login": "litbot-user", "id": 3, "type": "User"},
               "labels": [self.label_json(n) for n in p.labels],
               "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z",
               "closed_at": None if p.state == "open" else "2025-01-02T00:00:00Z",
               "merged_at": "2025-01-02T00:00:00Z" if p.merged else None,
               "head": {"label": f"{self.owner}:{p.branch}", "ref": p.branch, "sha": head_sha},
               "base": {"label": f"{self.owner}:{p.base}", "ref": p.base, "sha": self.branches[p.base]}}
        if full:
            out.update({"merged": p.merged, "mergeable": None, "commits": len(self.history(p.branch))
                        if p.branch in self.branches else 0})
        return out


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    owner: FakeGitHub

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def _handle(self, method: str) -> None:
        fake = self.owner
        split = urlsplit(self.path)
        path, query = unquote(split.path), dict(parse_qsl(split.query))
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.loads(raw) if raw else None
        auth = self.headers.get("Authorization") or ""
        authorized = fake.token is None or auth in (f"token {fake.token}", f"Bearer {fake.token}")
        record = Recorded(method, path, query, body, authorized=authorized)
        with fake.lock:
            fake.requests.append(record)
            failure = next((f for f in fake.schedule if f.times > 0 and f.matches(method, path)), None)
            if failure:
                failure.times -= 1
            hook = next((h for h in fake.hooks if h[0] == method and h[1].search(path)), None)
            if hook:
                fake.hooks.remove(hook)
        if hook:
            hook[2]()
        if failure and failure.status in ("timeout", "reset"):  # no response at all
            record.status = failure.status
            if failure.status == "timeout":
                fake._release.wait(fake.hold_seconds)
            self.close_connection = True
            return
        try:
            if failure and failure.status in NOT_THE_API:
                raise NOT_THE_API[failure.status](path)
            if failure:
                raise _failure_reply(failure, auth)
            if not authorized:
                raise Reply(401, {"message": "Bad credentials", "documentation_url": "https://docs.github.com"})
            with fake.lock:
                reply = route(fake, method, path, query, body)
        except Reply as exc:
            reply = exc
        record.status = reply.status
        if isinstance(reply.data, bytes):
            payload = reply.data
        else:
            payload = b"" if reply.data is None else json.dumps(reply.data).encode()
        self.send_response(reply.status)
        headers = {"Content-Type": "application/json; charset=utf-8", "X-RateLimit-Limit": "5000",
                   "X-RateLimit-Remaining": "4999", "X-RateLimit-Reset": str(int(time.time()) + 3600)}
        headers.update(reply.headers)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def _failure_reply(f: Failure, authorization: str) -> Reply:
    status = int(f.status)
    default = {401: "Bad credentials", 403: RATE_LIMIT_MESSAGE, 404: "Not Found", 409: "README.md does not match",
               422: "Validation Failed", 429: SECONDARY_MESSAGE}.get(status, "Server Error")
    headers = dict(f.headers)
    if status == 403 and "X-RateLimit-Reset" in headers:
        headers.setdefault("X-RateLimit-Remaining", "0")
    message = (f.message or default).replace("{authorization}", authorization)
    return Reply(status, {"message": message, "status": str(status)}, headers)
