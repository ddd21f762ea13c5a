"""What litbot does when a GitHub call fails: which failures are retried and how long it waits, and what the rest mean.

It makes no request of its own: bot.github_repo hands it each call as a function. 401 -> a message about
GITHUB_TOKEN; 403/429 rate limits -> wait for X-RateLimit-Reset or Retry-After, up to `max_wait` seconds in all,
then stop; other 403 -> permissions; 404 -> the repository or README path; 409 and 422 on a contents write ->
StaleError; 5xx, timeouts and dropped connections -> retried `retries` times with capped backoff. A redirect to
another host or a body that is not the API's JSON (a proxy, a login page) -> RepoError naming repo.api_url.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TypeVar

import requests
from github import GithubException

from bot.errors import RepoError, StaleError

log = logging.getLogger(__name__)

T = TypeVar("T")
# What PyGithub raises (instead of a GithubException) for a redirect to another host or scheme (RuntimeError) and
# for a body that is not the API's JSON (AssertionError, TypeError, KeyError, ... from reading it).
_UNUSABLE = (RuntimeError, AssertionError, TypeError, KeyError, AttributeError, ValueError)
BACKOFF_CAP = 30.0


class CallPolicy:
    """Runs one GitHub call at a time under litbot's policy; `where` names what a 404 may be about."""

    def __init__(self, where: str, base_url: str, *, retries: int, max_wait: float,
                 sleep: Callable[[float], None], clock: Callable[[], float]):
        self._where, self._base_url = where, base_url
        self._retries, self._max_wait, self._sleep, self._clock = retries, max_wait, sleep, clock

    def call(self, what: str, fn: Callable[[], T], *, stale_ok: bool = False) -> T:
        """fn(), retried on transient failures; every other failure as a RepoError (StaleError if `stale_ok`)."""
        attempt, waited = 0, 0.0
        while True:
            try:
                return self.checked(what, fn())
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
                        f"GitHub found nothing when trying to {what} (404): check {self._where}, and that the token "
                        "can see the repository"
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

    def checked(self, what: str, result: T) -> T:
        """`result`, unless PyGithub built it from a body that was not JSON (it wraps such text as {"data": ...})."""
        items = result.values() if isinstance(result, dict) else result if isinstance(result, list) else (result,)
        for item in items:
            raw = getattr(item, "_rawData", None)  # what the object was built from; never triggers a request
            if isinstance(raw, dict) and isinstance(raw.get("data"), str) and set(raw) <= {"data", "url"}:
                raise self._unusable(what, f"a {type(item).__name__} built from {raw['data'][:60]!r}")
        return result

    def _unusable(self, what: str, detail: str) -> RepoError:
        return RepoError(f"{self._base_url} sent an answer that is not GitHub's API while trying to {what} "
                         f"({' '.join(detail.split())[:200]}): check repo.api_url; a proxy, a login page or a "
                         "redirect to another host answers like this")

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
