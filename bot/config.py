"""The `Config` dataclass: litbot.toml plus `LITBOT_*` environment overrides, validated with clear messages."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import ConfigError
from bot.paper import DEFAULT_CATEGORIES

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class Secret(str):
    """A string that never shows itself in repr, str() of containers, logs or tracebacks."""

    def __repr__(self) -> str:
        return "Secret('***')" if self else "Secret('')"


@dataclass(frozen=True)
class RepoConfig:
    target: str = "AIoT-MLSys-Lab/Efficient-LLMs-Survey"  # owner/name on GitHub
    readme_path: str = "README.md"
    base_branch: str = ""  # the branch PRs go into; empty: GitHub's default branch, or the clone's checked-out one
    mode: str = "local"  # "local": a git clone at local_path; "github": pull requests through the API
    local_path: str = "work/Efficient-LLMs-Survey"
    api_url: str = "https://api.github.com"
    # who litbot's commits on a local clone are by (author and committer), not the git identity of whoever runs it
    commit_name: str = "litbot"
    commit_email: str = "litbot@users.noreply.github.com"


@dataclass(frozen=True)
class ArxivConfig:
    categories: tuple[str, ...] = DEFAULT_CATEGORIES
    rss_url: str = "https://rss.arxiv.org/atom/"
    api_url: str = "https://export.arxiv.org/api/query"
    delay_seconds: float = 3.0


@dataclass(frozen=True)
class ClassifierConfig:
    model_path: str = ""  # empty: a model retrained into state.dir/model, else the model shipped with litbot
    # None: the thresholds chosen at training time (stored with the model) apply.
    relevance_threshold: float | None = None
    triage_threshold: float | None = None  # below this section confidence a paper goes to triage
    propose_threshold: float | None = None  # below this relevance a flagged paper goes to triage, not the PR


@dataclass(frozen=True)
class PrConfig:
    daily_cap: int = 15
    labels: tuple[str, ...] = ("litbot",)


@dataclass(frozen=True)
class ScheduleConfig:
    days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")
    hour: int = 2
    minute: int = 30
    timezone: str = "UTC"
    run_at_start: bool = False


@dataclass(frozen=True)
class StateConfig:
    # writable things: the state file, decisions.jsonl, a retrained model (never litbot's own files)
    dir: str = ".litbot"
    path: str = ""  # the SQLite state file; empty: state.sqlite in dir
    retrain_after: int = 25  # retrain automatically once this many new maintainer decisions have come in


@dataclass(frozen=True)
class ListConfig:
    """Which list this is and how its entries are written (`litbot init --readme` writes it for any list).

    `style` "survey" keeps the survey's house rules; "learned" writes and lints entries in the style learned from
    the list's own entries. `skip` names sections that hold no papers to propose (surveys, tools, talks...), as
    a heading name or a path `A > B`; `leaf_depth` (0: any) is how deep the headings papers go under run.
    """

    style: str = "survey"
    leaf_depth: int = 0
    skip: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    repo: RepoConfig = field(default_factory=RepoConfig)
    arxiv: ArxivConfig = field(default_factory=ArxivConfig)
    classifier: ClassifierConfig = field(default_factory=ClassifierConfig)
    pr: PrConfig = field(default_factory=PrConfig)
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    state: StateConfig = field(default_factory=StateConfig)
    list: ListConfig = field(default_factory=ListConfig)
    github_token: Secret = field(default=Secret(""), repr=False)


_SECTION_TYPES = {
    "repo": RepoConfig, "arxiv": ArxivConfig, "classifier": ClassifierConfig,
    "pr": PrConfig, "schedule": ScheduleConfig, "state": StateConfig, "list": ListConfig,
}

def _known_timezone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):  # ValueError: a path-like or malformed key
        return False
    return True


# Per-key checks beyond the type: (predicate, what is allowed).
_RULES: dict[tuple[str, str], tuple[Any, str]] = {
    ("repo", "target"): (lambda v: re.fullmatch(r"[\w.-]+/[\w.-]+", v),
                         "owner/name, e.g. AIoT-MLSys-Lab/Efficient-LLMs-Survey"),
    ("repo", "mode"): (lambda v: v in ("local", "github"), '"local" or "github"'),
    ("repo", "base_branch"): (lambda v: v == "" or (re.fullmatch(r"[\w./-]+", v) and not v.startswith(("litbot/", "-"))
                                                    and ".." not in v and not v.endswith((".", "/", ".lock"))),
                              'a branch name such as main, or "" for the repository\'s default branch'),
    ("repo", "readme_path"): (lambda v: v and not v.startswith("/") and ".." not in v.split("/"),
                              "a path inside the repository"),
    ("arxiv", "categories"): (lambda v: v and all(re.fullmatch(r"[a-z\-]+(\.[A-Za-z\-]+)?", c) for c in v),
                              "arXiv categories such as cs.CL"),
    ("arxiv", "rss_url"): (lambda v: v.startswith(("http://", "https://")), "an http(s) URL"),
    ("arxiv", "api_url"): (lambda v: v.startswith(("http://", "https://")), "an http(s) URL"),
    ("arxiv", "delay_seconds"): (lambda v: 0 <= v <= 600, "a number of seconds from 0 to 600 (arXiv asks for 3)"),
    ("repo", "api_url"): (lambda v: v.startswith(("http://", "https://")), "an http(s) URL"),
    ("repo", "commit_name"): (lambda v: re.fullmatch(r"[^<>\x00-\x1f]*[^<>\s\x00-\x1f][^<>\x00-\x1f]*", v),
                              "a name for git commits, without < > or control characters, e.g. litbot"),
    ("repo", "commit_email"): (lambda v: re.fullmatch(r"[^\s<>@]+@[^\s<>@]+", v),
                               "an e-mail address such as litbot@users.noreply.github.com"),
    ("classifier", "relevance_threshold"): (lambda v: 0 <= v <= 1, "a probability between 0 and 1"),
    ("classifier", "triage_threshold"): (lambda v: 0 <= v <= 1, "a probability between 0 and 1"),
    ("classifier", "propose_threshold"): (lambda v: 0 <= v <= 1, "a probability between 0 and 1"),
    ("pr", "daily_cap"): (lambda v: 1 <= v <= 200, "a whole number from 1 to 200"),
    ("schedule", "days"): (lambda v: v and all(d in DAY_NAMES for d in v), "day names: " + ", ".join(DAY_NAMES)),
    ("schedule", "hour"): (lambda v: 0 <= v <= 23, "an hour from 0 to 23"),
    ("schedule", "minute"): (lambda v: 0 <= v <= 59, "a minute from 0 to 59"),
    ("schedule", "timezone"): (_known_timezone, "an IANA time zone name such as UTC or Europe/Berlin"),
    ("state", "dir"): (lambda v: bool(v.strip()), "a folder path (default .litbot)"),
    ("state", "retrain_after"): (lambda v: v >= 1, "a whole number >= 1"),
    ("list", "style"): (lambda v: v in ("survey", "learned"), '"survey" or "learned"'),
    ("list", "leaf_depth"): (lambda v: 0 <= v <= 6, "a heading depth from 0 (any) to 6"),
    ("list", "skip"): (lambda v: all(part.strip() for part in v), "section names or paths `A > B`"),
}


def _coerce(section: str, key: str, value: Any, kind: Any, from_env: bool) -> Any:
    """Turn a TOML (or environment string) value into the field's type, or raise a message."""
    kind = str(kind).replace(" | None", "")
    if from_env:
        if kind.startswith("tuple"):
            value = [part.strip() for part in value.split(",") if part.strip()]
        elif kind == "bool":
            if value.lower() not in ("1", "0", "true", "false", "yes", "no"):
                raise ValueError("true or false")
            value = value.lower() in ("1", "true", "yes")
        elif kind in ("int", "float"):
            try:
                value = int(value) if kind == "int" else float(value)
            except ValueError:
                raise ValueError(f"a number ({kind})") from None
    if kind.startswith("tuple"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError("a list of strings")
        value = tuple(v.lower() if (section, key) == ("schedule", "days") else v for v in value)
    elif kind == "bool":
        if not isinstance(value, bool):
            raise ValueError("true or false")
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("a whole number")
    elif kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError("a number")
        value = float(value)
    elif not isinstance(value, str):
        raise ValueError("a string")
    rule = _RULES.get((section, key))
    if rule and not rule[0](value):
        raise ValueError(rule[1])
    return value


def load_config(path: Path | None, environ: Mapping[str, str]) -> Config:
    """Read `path` (optional: defaults apply when it is None) and apply `LITBOT_<SECTION>_<KEY>` overrides.

    Every problem is collected and reported at once, each with its key and what is allowed.
    """
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file {path} does not exist; `litbot init` writes one") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from None
        except OSError as exc:  # a directory, no permission, ...
            raise ConfigError(f"cannot read config file {path}: {exc.strerror or exc}") from None
    errors: list[str] = []
    for name in data:
        if name not in _SECTION_TYPES:
            errors.append(f"[{name}]: unknown section (allowed: {', '.join(_SECTION_TYPES)})")
        elif not isinstance(data[name], dict):
            errors.append(f"{name}: must be a [{name}] table")
    values: dict[str, Any] = {}
    for name, cls in _SECTION_TYPES.items():
        fields = {f.name: f.type for f in dataclasses.fields(cls)}
        table = data.get(name, {}) if isinstance(data.get(name, {}), dict) else {}
        kwargs = {}
        for key, raw in table.items():
            if key not in fields:
                errors.append(f"{name}.{key}: unknown key (allowed: {', '.join(fields)})")
                continue
            try:
                kwargs[key] = _coerce(name, key, raw, fields[key], from_env=False)
            except ValueError as exc:
                errors.append(f"{name}.{key}: got {raw!r}, expected {exc}")
        for key, kind in fields.items():
            env_name = f"LITBOT_{name.upper()}_{key.upper()}"
            if env_name in environ:
                try:
                    kwargs[key] = _coerce(name, key, environ[env_name], kind, from_env=True)
                except ValueError as exc:
                    errors.append(f"{env_name}: got {environ[env_name]!r}, expected {exc}")
        values[name] = cls(**kwargs)
    if errors:
        where = f"in {path}" if path else "in the environment"
        raise ConfigError(f"invalid configuration {where}:\n  " + "\n  ".join(errors))
    return Config(**values, github_token=Secret(environ.get("GITHUB_TOKEN", "")))
