"""The endpoints of the GitHub fake (tests/fakes/github.py): one function per REST route, GitHub's semantics."""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

if TYPE_CHECKING:
    from tests.fakes.github import FakeGitHub

NOT_FOUND = {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}


@dataclass
class Pull:
    number: int
    branch: str
    base: str
    title: str
    body: str
    state: str = "open"
    merged: bool = False
    labels: list[str] = field(default_factory=list)


@dataclass
class Comment:
    """A comment on a PR: "issue" (the conversation) or "review" (on a diff line), with the reactions it got."""

    id: int
    number: int
    user: str
    body: str
    kind: str = "issue"
    user_type: str = "User"
    reactions: list[str] = field(default_factory=list)


@dataclass
class Commit:
    sha: str
    parent: str | None
    message: str
    files: dict[str, str]  # path -> blob sha


class Reply(Exception):
    """A response; raised to answer early, returned otherwise."""

    def __init__(self, status: int, data: Any, headers: dict[str, str] | None = None):
        super().__init__(status)
        self.status, self.data, self.headers = status, data, headers or {}


def route(fake: FakeGitHub, method: str, path: str, query: dict[str, str], body: Any) -> Reply:
    prefix = f"/repos/{fake.full_name}"
    if not path.startswith(prefix + "/") and path != prefix:
        raise Reply(404, NOT_FOUND)
    rest = path[len(prefix):]
    if rest == "" and method == "GET":
        return Reply(200, fake.repo_json())
    if rest == "/readme" and method == "GET":
        return get_file(fake, "README.md", query.get("ref"))
    if m := re.fullmatch(r"/contents/(.+)", rest):
        if method == "GET":
            return get_file(fake, m.group(1), query.get("ref"))
        if method == "PUT":
            return put_file(fake, m.group(1), body)
    if (m := re.fullmatch(r"/git/refs?/heads/(.+)", rest)) and method == "GET":
        if m.group(1) not in fake.branches:
            raise Reply(404, NOT_FOUND)
        return Reply(200, fake.ref_json(m.group(1)))
    if rest == "/git/refs" and method == "POST":
        return create_ref(fake, body)
    if rest == "/pulls":
        return list_pulls(fake, query) if method == "GET" else create_pull(fake, body)
    if m := re.fullmatch(r"/pulls/(\d+)", rest):
        pull = _pull(fake, int(m.group(1)))
        if method == "PATCH":
            pull.title = body.get("title", pull.title)
            pull.body = body.get("body", pull.body)
            pull.state = body.get("state", pull.state)
        return Reply(200, fake.pull_json(pull, full=True))
    if m := re.fullmatch(r"/actions/workflows/([^/]+)(/enable)?", rest):
        return workflow(fake, method, m.group(1), bool(m.group(2)))
    if (m := re.fullmatch(r"/collaborators/([^/]+)/permission", rest)) and method == "GET":
        # GitHub answers any existing user; someone who is not a collaborator reads a public repository.
        permission = fake.collaborators.get(m.group(1), "read")
        return Reply(200, {"permission": permission, "role_name": permission,
                           "user": {"login": m.group(1), "id": 7, "type": "User"}})
    if rest == "/commits" and method == "GET":
        return list_commits(fake, query)
    if (m := re.fullmatch(r"/issues/(\d+)/comments", rest)) and method == "POST":
        pull = _pull(fake, int(m.group(1)))
        comment = fake.add_comment(pull.number, "litbot-user", body["body"])
        return Reply(201, comment_json(fake, comment))
    if (m := re.fullmatch(r"/(issues|pulls)/comments/(\d+)/reactions", rest)) and method == "POST":
        kind = "issue" if m.group(1) == "issues" else "review"
        comment = next((c for c in fake.comments if c.id == int(m.group(2)) and c.kind == kind), None)
        if comment is None:
            raise Reply(404, NOT_FOUND)
        comment.reactions.append(body["content"])
        return Reply(201, {"id": len(comment.reactions), "node_id": "RE", "content": body["content"],
                           "user": {"login": "litbot-user", "id": 3, "type": "User"},
                           "created_at": "2025-01-01T00:00:00Z"})
    if m := re.fullmatch(r"/issues/(\d+)/labels", rest):
        pull = _pull(fake, int(m.group(1)))
        if method == "POST":
            names = body.get("labels", []) if isinstance(body, dict) else body
            pull.labels += [n for n in names if n not in pull.labels]
        return Reply(200, [fake.label_json(n) for n in pull.labels])
    raise Reply(404, NOT_FOUND)


def _pull(fake: FakeGitHub, number: int) -> Pull:
    if not 1 <= number <= len(fake.pulls):
        raise Reply(404, NOT_FOUND)
    return fake.pulls[number - 1]


def get_file(fake: FakeGitHub, path: str, ref: str | None) -> Reply:
    files = fake.commits[fake._resolve(ref)].files
    if path not in files:
        raise Reply(404, NOT_FOUND)
    return Reply(200, fake.file_json(path, files[path], ref or fake.default_branch))


def put_file(fake: FakeGitHub, path: str, body: dict[str, Any]) -> Reply:
    branch = body.get("branch") or fake.default_branch
    if branch not in fake.branches:
        raise Reply(404, {"message": f"Branch {branch} not found"})
    if "message" not in body or "content" not in body:
        raise Reply(422, {"message": "Invalid request.\n\n\"message\" and \"content\" are required."})
    files = dict(fake.commits[fake.branches[branch]].files)
    current = files.get(path)
    if current is not None and not body.get("sha"):
        raise Reply(422, {"message": "Invalid request.\n\n\"sha\" wasn't supplied."})
    if current is not None and body["sha"] != current:
        raise Reply(409, {"message": f"{path} does not match {body['sha']}"})
    files[path] = fake._blob(base64.b64decode(body["content"]))
    parent = fake.branches[branch]
    fake.branches[branch] = sha = fake._commit(parent, body["message"], files)
    commit = {"sha": sha, "node_id": "C", "url": f"{fake.api}/git/commits/{sha}",
              "html_url": f"https://github.com/{fake.full_name}/commit/{sha}", "message": body["message"],
              "author": {"name": "litbot", "email": "litbot@example.org", "date": "2025-01-01T00:00:00Z"},
              "committer": {"name": "litbot", "email": "litbot@example.org", "date": "2025-01-01T00:00:00Z"},
              "tree": {"sha": "0" * 40, "url": f"{fake.api}/git/trees/{'0' * 40}"},
              "parents": [{"sha": parent, "url": f"{fake.api}/git/commits/{parent}"}]}
    content = fake.file_json(path, files[path], branch, with_content=False)
    return Reply(201 if current is None else 200, {"content": content, "commit": commit})


def create_ref(fake: FakeGitHub, body: dict[str, Any]) -> Reply:
    ref, sha = body.get("ref", ""), body.get("sha", "")
    if not ref.startswith("refs/heads/") or sha not in fake.commits:
        raise Reply(422, {"message": "Reference update failed"})
    branch = ref.removeprefix("refs/heads/")
    if branch in fake.branches:
        raise Reply(422, {"message": "Reference already exists"})
    fake.branches[branch] = sha
    return Reply(201, fake.ref_json(branch))


def list_pulls(fake: FakeGitHub, query: dict[str, str]) -> Reply:
    state = query.get("state", "open")
    head = query.get("head")
    pulls = [p for p in reversed(fake.pulls)  # newest first, like GitHub
             if state in ("all", p.state) and (head is None or head in (p.branch, f"{fake.owner}:{p.branch}"))]
    per_page, page = int(query.get("per_page", 30)), int(query.get("page", 1))
    chunk = pulls[(page - 1) * per_page: page * per_page]
    headers = {}
    last = max(1, -(-len(pulls) // per_page))
    if page < last:
        def link(n: int) -> str:
            return f"{fake.api}/pulls?{urlencode({**query, 'page': n})}"
        headers["Link"] = f'<{link(page + 1)}>; rel="next", <{link(last)}>; rel="last"'
    return Reply(200, [fake.pull_json(p) for p in chunk], headers)


def create_pull(fake: FakeGitHub, body: dict[str, Any]) -> Reply:
    branch = str(body.get("head", "")).split(":")[-1]
    base = body.get("base") or fake.default_branch
    if branch not in fake.branches or base not in fake.branches:
        raise Reply(422, {"message": "Validation Failed", "errors": [{"field": "head", "code": "invalid"}]})
    if any(p.branch == branch and p.state == "open" for p in fake.pulls):
        raise Reply(422, {"message": "Validation Failed",
                          "errors": [{"message": f"A pull request already exists for {fake.owner}:{branch}."}]})
    if fake.branches[branch] == fake.branches[base]:
        raise Reply(422, {"message": "Validation Failed",
                          "errors": [{"message": f"No commits between {base} and {branch}"}]})
    pull = Pull(len(fake.pulls) + 1, branch, base, body.get("title", ""), body.get("body") or "")
    fake.pulls.append(pull)
    return Reply(201, fake.pull_json(pull, full=True))


def workflow(fake: FakeGitHub, method: str, key: str, enable: bool) -> Reply:
    """GET a workflow by id or file name; PUT .../enable makes it active again (204, no body), as GitHub does."""
    flow = next((w for w in fake.workflows if key in (str(w["id"]), w["path"].rsplit("/", 1)[-1])), None)
    if flow is None:
        raise Reply(404, NOT_FOUND)
    if enable and method == "PUT":
        flow["state"] = "active"
        return Reply(204, None)
    if enable or method != "GET":
        raise Reply(404, NOT_FOUND)
    return Reply(200, {**flow, "node_id": f"W_{flow['id']}", "url": f"{fake.api}/actions/workflows/{flow['id']}",
                       "html_url": f"https://github.com/{fake.full_name}/blob/main/{flow['path']}",
                       "badge_url": f"https://github.com/{fake.full_name}/workflows/{flow['name']}/badge.svg",
                       "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"})


def comment_json(fake: FakeGitHub, c: Comment) -> dict[str, Any]:
    where = "issues" if c.kind == "issue" else "pulls"
    return {"id": c.id, "node_id": f"IC_{c.id}", "url": f"{fake.api}/{where}/comments/{c.id}", "body": c.body,
            "html_url": f"https://github.com/{fake.full_name}/pull/{c.number}#issuecomment-{c.id}",
            "issue_url": f"{fake.api}/issues/{c.number}", "user": {"login": c.user, "id": 9, "type": c.user_type},
            "created_at": "2025-01-01T00:00:00Z", "updated_at": "2025-01-01T00:00:00Z"}


def list_commits(fake: FakeGitHub, query: dict[str, str]) -> Reply:
    """GET /commits?sha=BRANCH|SHA: the first-parent history, newest first, paginated like GitHub."""
    sha = fake._resolve(query.get("sha"))
    chain = []
    while sha:
        chain.append(fake.commits[sha])
        sha = fake.commits[sha].parent
    per_page, page = int(query.get("per_page", 30)), int(query.get("page", 1))
    chunk = chain[(page - 1) * per_page: page * per_page]
    headers = {}
    if page * per_page < len(chain):
        headers["Link"] = f'<{fake.api}/commits?{urlencode({**query, "page": page + 1})}>; rel="next"'
    who = {"name": "litbot", "email": "litbot@example.org", "date": "2025-01-01T00:00:00Z"}
    return Reply(200, [{
        "sha": c.sha, "node_id": "C", "url": f"{fake.api}/commits/{c.sha}",
        "html_url": f"https://github.com/{fake.full_name}/commit/{c.sha}", "author": None, "committer": None,
        "commit": {"message": c.message, "author": who, "committer": who, "comment_count": 0,
                   "url": f"{fake.api}/git/commits/{c.sha}", "tree": {"sha": "0" * 40, "url": f"{fake.api}/git/trees"}},
        "parents": [{"sha": c.parent, "url": f"{fake.api}/commits/{c.parent}"}] if c.parent else [],
    } for c in chunk], headers)
