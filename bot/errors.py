"""The one error tree: every failure litbot reports is a LitbotError, translated at the boundary."""


class LitbotError(Exception):
    """Base of every error litbot raises on purpose; the CLI prints it and exits non-zero."""


class ConfigError(LitbotError):
    """The configuration file or environment is missing, malformed or out of range."""


class ReadmeError(LitbotError):
    """The README cannot take the requested edit (unknown or non-leaf section, paper already listed)."""


class SourceError(LitbotError):
    """arXiv could not be read: the service failed after retries, or sent a body we cannot trust."""


class TransientError(SourceError):
    """A failure worth retrying (429, 503, timeout, connection reset, arXiv's empty page)."""


class RepoError(LitbotError):
    """GitHub or the local git clone refused or failed an operation."""


class StoreError(LitbotError):
    """The SQLite state file is unreadable, locked or from an unknown schema."""


class ModelError(LitbotError):
    """A model file is missing, unsafe, corrupt, or trained for another taxonomy."""


class StaleError(RepoError):
    """The file changed under us (a stale sha: GitHub's 409/422, or a moved local branch); re-read and retry."""


def one_line(exc: BaseException) -> str:
    """What failed, for people: a LitbotError's own message; anything else named by type, on one line, as unexpected.

    The CLI prints this and a run records it, so no failure ends in a traceback or in a run stored as ok.
    """
    if isinstance(exc, LitbotError):
        return str(exc)
    text = " ".join(str(exc).split())
    text = text if len(text) <= 300 else text[:299] + "…"
    return (f"unexpected {type(exc).__name__}{': ' + text if text else ''} (a bug or a problem of this machine; "
            "-vv shows the traceback)")


class CommandError(LitbotError):
    """A maintainer's PR-comment command cannot be carried out (no such row, section or paper; nothing to undo)."""
