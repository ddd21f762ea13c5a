"""Reads a GitHub `issue_comment` or `pull_request_review_comment` event payload into a CommentEvent (pure)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import ConfigError


@dataclass(frozen=True)
class CommentEvent:
    """One new comment on a pull request. `kind` is "issue" (the conversation) or "review" (on a diff line).

    `pr` is the PR's number as text (or, offline, its branch). `line`, `path` and `commit` locate a review comment
    on the diff (its line in the new file at that commit); they are None for conversation comments.
    """

    kind: str
    pr: str
    comment_id: int
    author: str
    author_is_bot: bool
    body: str
    action: str = "created"
    repository: str | None = None
    head_branch: str | None = None
    path: str | None = None
    line: int | None = None
    commit: str | None = None


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, Mapping) else None
    return data


def from_payload(payload: Mapping[str, Any]) -> CommentEvent | None:
    """The event's comment, or None when it is not a comment on a pull request (a comment on a plain issue)."""
    comment = _get(payload, "comment")
    if not isinstance(comment, Mapping):
        raise ConfigError("the event has no comment: litbot comment reads issue_comment and "
                          "pull_request_review_comment events")
    if isinstance(_get(payload, "pull_request"), Mapping):
        kind, number, head = "review", _get(payload, "pull_request", "number"), _get(payload, "pull_request",
                                                                                       "head", "ref")
    elif isinstance(_get(payload, "issue", "pull_request"), Mapping):
        kind, number, head = "issue", _get(payload, "issue", "number"), None
    else:
        return None
    login, comment_id = _get(comment, "user", "login"), comment.get("id")
    if not isinstance(number, int) or not isinstance(comment_id, int) or not isinstance(login, str):
        raise ConfigError("the event's comment has no PR number, comment id or author login")
    line = comment.get("line") if comment.get("side", "RIGHT") == "RIGHT" else None
    return CommentEvent(
        kind=kind, pr=str(number), comment_id=comment_id, author=login,
        author_is_bot=_get(comment, "user", "type") == "Bot" or login.endswith("[bot]"),
        body=str(comment.get("body") or ""), action=str(payload.get("action") or "created"),
        repository=_get(payload, "repository", "full_name"), head_branch=head if isinstance(head, str) else None,
        path=comment.get("path") if kind == "review" else None,
        line=line if kind == "review" and isinstance(line, int) else None,
        commit=comment.get("commit_id") if kind == "review" else None,
    )


def read_event(path: Path) -> CommentEvent | None:
    """from_payload over the JSON file GitHub Actions names in GITHUB_EVENT_PATH."""
    try:
        payload = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"cannot read the event file {path}: {exc}") from None
    if not isinstance(payload, Mapping):
        raise ConfigError(f"the event file {path} does not hold a JSON object")
    return from_payload(payload)
