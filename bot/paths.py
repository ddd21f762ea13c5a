"""Where litbot's data lives: what the package ships (read-only, through importlib.resources) and the state dir.

Shipped, inside the installed package (`bot.shipped`, which is the checkout's `data/` folder mapped into the wheel
by pyproject.toml): the trained model, the survey README snapshot, the section descriptions, the recorded sample
days, and the training inputs `litbot train` and a retrain during `litbot run` read (abstracts, negatives sample,
survey history, blind readings). Nothing ever writes there.

Writable, in the state dir (config `state.dir`, default `.litbot` in the current directory): the SQLite state
(`state.sqlite` unless `state.path` says otherwise), `decisions.jsonl` (the maintainers' decisions `litbot train`
reads) and a retrained model (`model/`, used instead of the shipped one once it exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bot.config import Config
from bot.errors import ConfigError, LitbotError

SHIPPED_PACKAGE = "bot.shipped"
MODEL = "model"
MODEL_FILE = "model.skops"
DECISIONS = "decisions.jsonl"
STATE_FILE = "state.sqlite"


def shipped() -> Path:
    """The folder of shipped data inside the installed package (the checkout's data/ in an editable install)."""
    try:
        root = resources.files(SHIPPED_PACKAGE)
    except ModuleNotFoundError:
        raise LitbotError(f"litbot's shipped data ({SHIPPED_PACKAGE}) is not installed; reinstall litbot") from None
    if not isinstance(root, Path):  # a zipped install: the model and READMEs must be real files
        raise LitbotError("litbot's shipped data is not on the file system; install litbot unzipped (pip install)")
    return root


def shipped_file(name: str) -> Path:
    """A shipped file or folder by its name under data/, with a clear error when this install lacks it."""
    path = shipped() / name
    if not path.exists():
        raise LitbotError(f"{name} is not part of this litbot install ({shipped()}); reinstall litbot")
    return path


def shipped_model() -> Path:
    return shipped() / MODEL


def shipped_readme() -> Path:
    """The survey README snapshot litbot ships (default for read-only commands such as sections and lint)."""
    return shipped() / "survey_README.md"


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _protected() -> tuple[Path, ...]:
    """Folders nothing writable may live in: the shipped data and litbot's own code."""
    code = resources.files("bot")
    return tuple(Path(str(p)).resolve() for p in (shipped(), code))


@dataclass(frozen=True)
class Paths:
    """Resolved locations for one command: the state dir and what lives in it, and the model to read."""

    state_dir: Path
    state_file: Path
    model_path: Path | None  # classifier.model_path, when configured: read from and retrain into

    @property
    def decisions(self) -> Path:
        return self.state_dir / DECISIONS

    @property
    def retrained_model(self) -> Path:
        """Where a retrain writes: classifier.model_path when set, else `<state dir>/model`."""
        return self.model_path or self.state_dir / MODEL

    @property
    def learned_model(self) -> Path:
        """Where a run keeps the model learned from the maintainers' decisions (bot.relearn): `<state dir>/model`."""
        return self.state_dir / MODEL

    def base_model(self, override: str | Path | None = None) -> Path:
        """The model learning starts from: --model, else classifier.model_path, else the shipped one."""
        if override:
            return Path(override)
        return self.model_path if self.model_path is not None else shipped_model()

    def model(self, override: str | Path | None = None) -> Path:
        """The model to read: --model, else classifier.model_path, else a retrained one, else the shipped one."""
        if override:
            return Path(override)
        if self.model_path is not None:
            return self.model_path
        retrained = self.state_dir / MODEL
        return retrained if (retrained / MODEL_FILE).exists() else shipped_model()

    def state(self, override: str | Path | None = None) -> Path:
        """The SQLite state file: --state, else state.path, else `<state dir>/state.sqlite` (its folder made)."""
        path = Path(override) if override else self.state_file
        if path.parent == self.state_dir:
            self.ensure_state_dir()
        return path

    def ensure_state_dir(self) -> Path:
        try:
            self.state_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(f"state.dir: cannot create {self.state_dir}: {exc.strerror or exc}") from None
        return self.state_dir


def resolve(config: Config, cwd: Path | None = None) -> Paths:
    """The paths config asks for, relative ones against `cwd`; writable ones refused inside the package or data."""
    base = (cwd or Path.cwd()).resolve()
    state_dir = (base / Path(config.state.dir).expanduser()).resolve()
    if state_dir.exists() and not state_dir.is_dir():
        raise ConfigError(f"state.dir: {state_dir} exists and is not a folder")
    model_path = (base / Path(config.classifier.model_path).expanduser()).resolve() \
        if config.classifier.model_path else None
    for key, path in (("state.dir", state_dir), ("classifier.model_path", model_path)):
        if path is None:
            continue
        for folder in _protected():
            if _inside(path, folder):
                raise ConfigError(f"{key}: {path} is inside litbot's own files ({folder}); choose a folder of "
                                  "your own (the default state dir is .litbot in the current directory)")
    state_file = base / config.state.path if config.state.path else state_dir / STATE_FILE
    return Paths(state_dir=state_dir, state_file=state_file, model_path=model_path)
