"""The only module that runs git: RepoPort over a local clone, so the whole proposal flow works without GitHub.

git commands run (through subprocess, in the clone): rev-parse, symbolic-ref, cat-file, ls-tree, hash-object,
read-tree, update-index and write-tree (on a temporary index file), commit-tree, update-ref, merge-base, log.

Commits are made with plumbing, so the working tree, the real index and the checked-out branch are never touched;
`update-ref <new> <old>` makes each commit a compare-and-swap, so a branch that moved under us is a StaleError.
A "pull request" is a pair of files in <git dir>/litbot/: arxiv-YYYY-MM-DD.md (the body, ready to paste into
GitHub) and arxiv-YYYY-MM-DD.json (branch, base, title, labels). Its state follows the branch: open while the branch
exists and is not merged into the base, merged once it is, closed (its papers rejected) when the branch is deleted.
For PR-comment commands (the offline twin), litbot's replies and reactions go to arxiv-YYYY-MM-DD.comments.md, and
whoever runs litbot on their own clone counts as a maintainer with write access.
Commits are by litbot's own identity (repo.commit_name and repo.commit_email; author and committer), never by
the git identity of whoever runs it, so a maintainer can tell the bot's commits from their own.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from bot.errors import RepoError, StaleError
from bot.repo_port import BRANCH_PREFIX, CommentRef, CommitInfo, FileVersion, PullInfo

log = logging.getLogger(__name__)

GIT_TIMEOUT = 60
BOT_IDENTITY = ("litbot", "litbot@users.noreply.github.com")  # (name, e-mail): the default of repo.commit_*


class LocalRepo:
    """A local git clone seen through the calls the proposal flow needs."""

    def __init__(self, path: str | Path, *, readme_path: str = "README.md", base: str | None = None,
                 identity: tuple[str, str] = BOT_IDENTITY):
        self.path = Path(path).expanduser().resolve()
        self.readme_path = readme_path
        self.identity = identity
        if not self.path.is_dir():
            raise RepoError(f"{self.path} is not a directory")
        self.git_dir = Path(self._git("rev-parse", "--absolute-git-dir", what="find the git directory").strip())
        top = self._run("rev-parse", "--show-toplevel", what="find the clone's top folder", ok=(0, 128))
        top_dir = top.stdout.decode("utf-8", "replace").strip()
        if not top.returncode and top_dir and Path(top_dir).resolve() != self.path:  # (a bare repository has none)
            raise RepoError(f"{self.path} is a folder inside the git clone {top_dir}, not the clone itself: "
                            f"pass --local {top_dir} (the README path inside it is repo.readme_path)")
        self.records = self.git_dir / "litbot"
        self._base = base

    def _run(self, *args: str, what: str, data: bytes | None = None, env: dict[str, str] | None = None,
             ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess[bytes]:
        try:
            done = subprocess.run(
                ["git", *args], cwd=self.path, input=data, capture_output=True, timeout=GIT_TIMEOUT,
                env={**os.environ, **env} if env else None,
            )
        except FileNotFoundError:
            raise RepoError("git is not installed or not on PATH") from None
        except subprocess.TimeoutExpired:
            raise RepoError(f"git took longer than {GIT_TIMEOUT} s to {what}") from None
        if done.returncode not in ok:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RepoError(f"git could not {what} in {self.path}: {detail[-1] if detail else done.returncode}")
        return done

    def _git(self, *args: str, what: str, **kw: Any) -> str:
        return self._run(*args, what=what, **kw).stdout.decode("utf-8", "replace")

    def _rev(self, rev: str) -> str | None:
        out = self._git("rev-parse", "--verify", "-q", rev, what=f"resolve {rev}", ok=(0, 1))
        return out.strip() or None

    # ----- RepoPort -----
    def base_branch(self) -> str:
        if self._base:
            return self._base
        out = self._git("symbolic-ref", "-q", "--short", "HEAD", what="read the current branch", ok=(0, 1))
        if not out.strip():
            raise RepoError(f"{self.path} has a detached HEAD: check out the base branch or pass --base")
        if out.strip().startswith(BRANCH_PREFIX):
            raise RepoError(f"{self.path} is on {out.strip()}: check out the base branch first")
        return out.strip()

    def branch_head(self, branch: str) -> str:
        sha = self._rev(f"refs/heads/{branch}^{{commit}}")
        if sha is None:
            raise RepoError(f"no branch {branch!r} in {self.path}")
        return sha

    def read_readme(self, ref: str) -> FileVersion:
        found = self._read(self.readme_path, ref)
        if found is None:
            raise RepoError(f"no {self.readme_path} at {ref} in {self.path}")
        return found

    def read_text(self, path: str, ref: str) -> str | None:
        found = self._read(path, ref)
        return None if found is None else found.text

    def _read(self, path: str, ref: str) -> FileVersion | None:
        target = f"refs/heads/{ref}" if self._rev(f"refs/heads/{ref}") else ref
        sha = self._rev(f"{target}:{path}")
        if sha is None:
            return None
        data = self._run("cat-file", "blob", sha, what=f"read {path}").stdout
        try:
            return FileVersion(data.decode("utf-8"), sha)
        except UnicodeDecodeError as exc:
            raise RepoError(f"{path} is not UTF-8 text ({exc.reason})") from None

    def create_branch(self, branch: str, commit: str) -> bool:
        if self._rev(f"refs/heads/{branch}"):
            return False
        self._git("update-ref", f"refs/heads/{branch}", commit, "", what=f"create branch {branch}")
        log.info("branch %s created at %s", branch, commit[:12])
        return True

    def write_readme(self, branch: str, text: str, sha: str, message: str) -> str:
        ref = f"refs/heads/{branch}"
        checked_out = self._git("symbolic-ref", "-q", "HEAD", what="read HEAD", ok=(0, 1)).strip()
        if checked_out == ref:
            raise RepoError(f"{branch} is checked out in {self.path}; check out another branch so litbot can commit")
        tip = self.branch_head(branch)
        if self._rev(f"{tip}:{self.readme_path}") != sha:
            raise StaleError(f"{self.readme_path} on {branch} changed since it was read")
        blob = self._git("hash-object", "-w", "--stdin", what="store the README", data=text.encode("utf-8")).strip()
        listing = self._git("ls-tree", tip, "--", self.readme_path, what="read the README's mode").split()
        mode = listing[0] if listing else "100644"
        with tempfile.TemporaryDirectory() as tmp:
            env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
            self._git("read-tree", tip, what="load the branch's tree", env=env)
            self._git("update-index", "--cacheinfo", f"{mode},{blob},{self.readme_path}", what="stage", env=env)
            tree = self._git("write-tree", what="write the tree", env=env).strip()
        commit = self._git("commit-tree", tree, "-p", tip, "-m", message, what="commit", env=self._identity()).strip()
        moved = self._run("update-ref", ref, commit, tip, what=f"move {branch}", ok=(0, 1, 128))
        if moved.returncode:
            if self._rev(ref) != tip:  # the compare-and-swap lost: the branch really moved under us
                raise StaleError(f"{branch} moved while litbot was committing")
            raise RepoError(_why_not_moved(branch, self.path, moved.stderr.decode("utf-8", "replace")))
        return blob

    def _identity(self) -> dict[str, str]:
        """litbot's identity as author and committer (the environment wins over any user.name in git config)."""
        name, email = self.identity
        return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email, "GIT_COMMITTER_NAME": name,
                "GIT_COMMITTER_EMAIL": email}

    def list_litbot_prs(self) -> tuple[PullInfo, ...]:
        if not self.records.is_dir():
            return ()
        prs = (self._info(path) for path in sorted(self.records.glob("*.json")))
        return tuple(pr for pr in prs if pr.branch.startswith(BRANCH_PREFIX))  # like GitHub: arXiv PRs only

    def open_pr(self, branch: str, base: str, title: str, body: str) -> PullInfo:
        return self._save(branch, {"branch": branch, "base": base, "title": title, "labels": []}, body)

    def update_pr(self, pr: PullInfo, title: str, body: str) -> PullInfo:
        record = json.loads(Path(pr.key).read_text(encoding="utf-8"))
        return self._save(record["branch"], {**record, "title": title}, body)

    def add_labels(self, pr: PullInfo, labels: tuple[str, ...]) -> None:
        record = json.loads(Path(pr.key).read_text(encoding="utf-8"))
        record["labels"] = list(dict.fromkeys([*record["labels"], *labels]))
        self._save(record["branch"], record, None)

    # ----- CommentPort (the offline twin of GitHub's PR comments) -----
    def pull_request(self, ref: str) -> PullInfo | None:
        wanted = {ref, f"litbot/{ref}", f"{BRANCH_PREFIX}{ref}"}
        return next((pr for pr in self.list_litbot_prs() if pr.branch in wanted or pr.key == ref), None)

    def permission(self, user: str) -> str:
        return "admin"  # the person running litbot on their own clone

    def branch_log(self, branch: str, limit: int = 100) -> tuple[CommitInfo, ...]:
        out = self._git("log", f"-n{limit}", "--first-parent", "--format=%H%x00%P%x00%B%x1e", f"refs/heads/{branch}",
                        "--", what=f"read the commits of {branch}")
        commits = []
        for record in out.split("\x1e"):
            if record.strip():
                sha, parents, message = record.lstrip("\n").split("\x00", 2)
                commits.append(CommitInfo(sha, parents.split()[0] if parents.split() else None, message.rstrip("\n")))
        return tuple(commits)

    def react(self, comment: CommentRef, reaction: str) -> None:
        self._note(comment.pr_key, f"litbot reacted {reaction} to comment {comment.comment_id}\n")

    def reply(self, pr: PullInfo, body: str) -> None:
        self._note(pr.key, f"**litbot** replied:\n\n{body}\n\n---\n")

    def _note(self, key: str, text: str) -> None:
        path = Path(key).with_suffix(".comments.md")
        with path.open("a", encoding="utf-8") as handle:
            handle.write(text)

    # ----- PR records -----
    def body_path(self, branch: str) -> Path:
        """Where the PR body for `branch` is written."""
        return self.records / f"{branch.removeprefix('litbot/')}.md"

    def _save(self, branch: str, record: dict, body: str | None) -> PullInfo:
        self.records.mkdir(parents=True, exist_ok=True)
        meta = self.body_path(branch).with_suffix(".json")
        if body is not None:
            _replace(self.body_path(branch), body)
        _replace(meta, json.dumps(record, indent=2, sort_keys=True) + "\n")
        return self._info(meta)

    def _info(self, meta: Path) -> PullInfo:
        try:
            record = json.loads(meta.read_text(encoding="utf-8"))
            branch, base = record["branch"], record["base"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise RepoError(f"the local PR record {meta} is unreadable ({exc}); fix or delete it") from None
        body_file = meta.with_suffix(".md")
        body = body_file.read_text(encoding="utf-8") if body_file.exists() else ""
        if self._rev(f"refs/heads/{branch}") is None:
            state = "closed"
        elif self._rev(f"refs/heads/{base}") and not self._run(
            "merge-base", "--is-ancestor", f"refs/heads/{branch}", f"refs/heads/{base}",
            what="check whether the branch is merged", ok=(0, 1)).returncode:
            state = "merged"
        else:
            state = "open"
        return PullInfo(key=str(meta), name=f"local PR {branch}", branch=branch, state=state,
                        title=record.get("title", ""), body=body, labels=tuple(record.get("labels", ())),
                        url=str(body_file))


def _why_not_moved(branch: str, path: Path, stderr: str) -> str:
    """Why git could not move a branch that had not moved: a stale lock, no permission, a full disk (git says)."""
    lines = stderr.strip().splitlines() or ["?"]
    said = next((line for line in lines if line.startswith(("fatal: ", "error: "))), lines[-1])  # git's own reason
    message = f"git could not move {branch} in {path}: {said.removeprefix('fatal: ').removeprefix('error: ')}"
    if "File exists" in stderr and ".lock" in stderr:
        message += (" (a lock file left by a git process that was killed or crashed; if no git is running in "
                    "this clone, delete that .lock file and run again)")
    return message


def _replace(path: Path, text: str) -> None:
    """Write a PR record file all at once (temporary file + rename), so a crash never leaves half of one."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent, prefix=f".{path.name}.",
                                     delete=False) as handle:
        handle.write(text)
    os.replace(handle.name, path)
