"""The context one command runs in: config, resolved paths, the shared options, and factories for the adapters.

Built once by `bot.cli.main` from the command line; commands and `litbot serve` receive it, and nothing below
the commands sees the command line itself. Config and paths are read on first use, so a command that needs
neither (`litbot sections`) works next to a broken litbot.toml.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.config import Config
from bot.errors import ConfigError, ReadmeError
from bot.paths import Paths, resolve, shipped_readme

if TYPE_CHECKING:
    from bot.arxiv_source import ArxivSource
    from bot.readme import Document
    from bot.repo_port import CommentPort
    from bot.store import Store
    from classifiers.predict import Classifier


@dataclass(frozen=True)
class Options:
    """The options every command shares, as plain values (None: the config's or litbot's default applies)."""

    readme: str | None = None  # a README file to read (commands that read one)
    model: str | None = None
    load: tuple[Path, ...] = ()  # offline twin: recorded files instead of arXiv
    state: str | None = None
    since: date | None = None
    until: date | None = None
    repo: str | None = None  # OWNER/NAME on GitHub
    local: Path | None = None  # a local git clone
    base: str | None = None
    arxiv_api_url: str | None = None
    verbosity: int = 0  # -1 with -q (warnings and errors only), else how many -v

    @property
    def quiet(self) -> bool:
        return self.verbosity < 0

    def load_one(self) -> Path | None:
        """The one --load file of a command that reads one."""
        if len(self.load) > 1:
            raise ConfigError("--load takes one file here")
        return self.load[0] if self.load else None


def read_readme(path: Path) -> Document:
    """Parse a README file, with a clear error when it cannot be read as UTF-8 text."""
    from bot.readme import parse

    try:
        return parse(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ReadmeError(f"cannot read README {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ReadmeError(f"README {path} is not UTF-8 text (byte {exc.start})") from exc


@dataclass
class Context:
    """Config, paths and adapter factories for one command; `load_config` is called at most once."""

    load_config: Callable[[], Config] = Config
    options: Options = field(default_factory=Options)
    cwd: Path | None = None

    @cached_property
    def config(self) -> Config:
        return self.load_config()

    @cached_property
    def paths(self) -> Paths:
        return resolve(self.config, self.cwd)

    # -- files -------------------------------------------------------------------------------------------------
    def readme_file(self) -> Path:
        """--readme, else the survey README snapshot litbot ships."""
        return Path(self.options.readme) if self.options.readme else shipped_readme()

    def readme(self) -> Document:
        return read_readme(self.readme_file())

    def model_dir(self) -> Path:
        return self.paths.model(self.options.model)

    def state_file(self) -> Path:
        return self.paths.state(self.options.state)

    # -- adapters ----------------------------------------------------------------------------------------------
    def store(self) -> Store:
        from bot.store import Store

        return Store(self.state_file())

    def wants_repo(self) -> bool:
        """True when the command line names a repository (commands that can also just write a file use this)."""
        return bool(self.options.repo or self.options.local)

    def repo(self, readme: str | None = None, **github_options) -> CommentPort:
        from bot.repos import RepoChoice, open_repo

        choice = RepoChoice(self.options.repo, self.options.local, self.options.base)
        return open_repo(choice, self.config, readme=readme, **github_options)

    def source(self, **options: Any) -> ArxivSource | None:
        """The arXiv adapter, or None when --load replays recorded files instead."""
        if self.options.load:
            return None
        from bot.arxiv_source import ArxivSource

        arxiv = self.config.arxiv
        return ArxivSource(arxiv.rss_url, self.options.arxiv_api_url or arxiv.api_url, delay=arxiv.delay_seconds,
                           **options)

    def classifier(self, taxonomy: Sequence[Sequence[str]] | None = None) -> Classifier:
        from classifiers.predict import Classifier

        return Classifier.load(self.model_dir(), taxonomy=taxonomy)
