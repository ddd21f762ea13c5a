"""Shared fixtures. Each outside system has exactly one hand-written fake, in tests/fakes/, wired up here."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def state_dir(tmp_path_factory, monkeypatch) -> Path:
    """Every test's writable litbot folder (config state.dir): decisions and retrained models never land in the
    checkout's .litbot/. Tests that name one themselves override LITBOT_STATE_DIR."""
    path = tmp_path_factory.mktemp("litbot-state")
    monkeypatch.setenv("LITBOT_STATE_DIR", str(path))
    return path


@pytest.fixture(scope="session")
def survey_readme_text() -> str:
    """The survey README shipped in data/, exactly as bytes decoded (newline translation off)."""
    return (REPO / "data" / "survey_README.md").read_bytes().decode("utf-8")


# ----- GitHub: tests/fakes/github.py, driven through the real PyGithub -----
FAKE_GITHUB_TOKEN = "ghp_LITBOTFAKETOKEN1234567890abcdefXYZ"  # recognisable, so leak checks can grep for it


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Across the whole suite: a test whose captured stdout, stderr or log shows the fake token fails."""
    outcome = yield
    report = outcome.get_result()
    if report.passed and any(FAKE_GITHUB_TOKEN in text for name, text in report.sections if name.endswith(report.when)):
        report.outcome = "failed"
        report.longrepr = f"the GitHub token appeared in this test's captured output or log ({report.when})"


@pytest.fixture
def github_fake(survey_readme_text):
    """A loopback GitHub repository with the survey README on `main`; it accepts only FAKE_GITHUB_TOKEN."""
    from tests.fakes.github import FakeGitHub

    with FakeGitHub({"README.md": survey_readme_text}, token=FAKE_GITHUB_TOKEN, hold_seconds=3.0) as fake:
        yield fake


@pytest.fixture
def github_repo(github_fake):
    """Factory for a GitHubRepo on the fake: throttling off, sleeps recorded in `make.sleeps`, never slept."""
    from bot.github_repo import GitHubRepo

    sleeps: list[float] = []

    def make(token: str | None = FAKE_GITHUB_TOKEN, **kw):
        kw.setdefault("clock", lambda: 1_700_000_000.0)
        return GitHubRepo(github_fake.full_name, token, base_url=github_fake.base_url, throttle=False,
                          timeout=1, sleep=sleeps.append, **kw)

    make.sleeps = sleeps
    return make


# ----- git: real git in a temporary clone (identity set in the repo's own config) -----
def init_clone(path: Path, readme: bytes, message: str = "Survey snapshot") -> Path:
    """Create `path` as a git repository on branch `main` whose README.md is `readme`, in one commit."""
    import subprocess

    path.mkdir()

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=path, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("config", "user.name", "Test Maintainer")
    git("config", "user.email", "maintainer@example.org")
    git("config", "commit.gpgsign", "false")
    (path / "README.md").write_bytes(readme)
    git("add", "README.md")
    git("commit", "-q", "-m", message)
    return path


@pytest.fixture
def git_clone(tmp_path, survey_readme_text):
    """A git repository on branch `main` whose README.md is the survey README, one commit."""
    return init_clone(tmp_path / "survey", survey_readme_text.encode("utf-8"))


# ----- arXiv: tests/fakes/arxiv.py, driven through the real feedparser and arxiv packages -----
@pytest.fixture
def arxiv_clock():
    """A clock that advances only when code sleeps on it: pacing and backoff are checked without waiting."""
    from tests.fakes.arxiv import FakeClock

    return FakeClock()


@pytest.fixture
def arxiv_fake(arxiv_clock):
    """The loopback arXiv (RSS under /atom, API under /api/query), stamping requests with `arxiv_clock`."""
    from tests.fakes.arxiv import FakeArxiv

    server = FakeArxiv(clock=arxiv_clock)
    yield server
    server.close()


# ----- Proposals for the PR flow (bot.proposal), over the survey README's real leaf sections -----
@pytest.fixture
def make_proposals(survey_readme_text):
    """Factory: n Proposals for new papers (ids 2503.1000x), spread over the survey README's leaf sections."""
    from bot.proposal import Proposal
    from bot.readme import format_entry, parse

    leaves = parse(survey_readme_text).leaf_paths()

    def make(n: int, start: int = 0):
        out = []
        for i in range(start, start + n):
            arxiv_id, title = f"2503.{10000 + i}", f"Paper{i}: Efficient Inference Trick Number {i}"
            out.append(Proposal(
                arxiv_id=arxiv_id, title=title, entry_line=format_entry(title, "arXiv", 2025, arxiv_id),
                section=leaves[(i * 7) % len(leaves)], confidence=0.9 - i / 100,
                alternatives=((leaves[(i * 7 + 1) % len(leaves)], 0.05),), why_terms=("inference", "trick"),
                nearest=(f"Nearest Paper {i}",), abstract=f"Abstract of paper {i}.",
            ))
        return tuple(out)

    return make


# ----- Classifier: models trained once per run and shared; a small survey for tests of wiring -----
def _built_once(tmp_path_factory, name: str, build) -> Path:
    """`build(folder)` runs once per test run: under pytest-xdist the workers share the first one's result (the
    folder sits beside the workers' own temporary folders, and a file lock makes the others wait for it)."""
    from filelock import FileLock

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        out = tmp_path_factory.mktemp(name)
        build(out)
        return out
    root = tmp_path_factory.getbasetemp().parent  # the run's folder, common to all workers
    out, done = root / name, root / f"{name}.done"
    with FileLock(str(root / f"{name}.lock")):
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            build(out)
            done.touch()
    return out


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory, survey_readme_text):
    """A model on the whole survey taxonomy: all listed papers, their abstracts and the leaves' descriptions from
    data/, and the first 300 training negatives. The blind readings (data/readings/, ~500 more labels and ~2,000
    more negatives) are left out: with them training takes 4-5 times as long. The tests that check what a model
    predicts use this one. Trained once per run: treat the folder as read-only."""
    from bot.readme import parse
    from classifiers.options import Options
    from classifiers.training import train

    def build(out: Path) -> None:
        data = out / "data"
        data.mkdir()
        for path in (REPO / "data").iterdir():  # the files, not the readings/, model/ and samples/ folders
            if path.is_file():
                shutil.copy(path, data / path.name)
        train(parse(survey_readme_text), survey_readme_text, data, out / "model", opts=Options(folds=3), limit=300)

    return _built_once(tmp_path_factory, "tiny_model", build) / "model"


@dataclass(frozen=True)
class SmallSurvey:
    """The survey cut down to its Model Compression sections, and a data folder with the shipped abstracts and
    negatives only (no blind readings): a model trains on it in a second or two, for tests of wiring."""

    readme_text: str
    readme: Path
    data: Path

    def train(self, out: Path, limit: int = 100, **options) -> dict:
        """Train a small model into `out` (folds=2, 8-dimensional word vectors unless `options` say otherwise)."""
        from bot.readme import parse
        from classifiers.options import Options
        from classifiers.training import train

        opts = Options(**{"folds": 2, "embed_dim": 8, **options})
        return train(parse(self.readme_text), self.readme_text, self.data, out, opts=opts, limit=limit)


SMALL_SURVEY_SECTIONS = ("## 🤖 Model-Centric Methods", "### Efficient Pre-Training")


def small_survey_text(survey_text: str) -> str:
    """The survey README's preamble (up to its table of contents) and its Model Compression sections."""
    lines = survey_text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("## ")]
    toc = next(i for i in starts if "Table of Content" in lines[i])
    first, end = (next(i for i, line in enumerate(lines) if line.rstrip() == heading)
                  for heading in SMALL_SURVEY_SECTIONS)
    return "".join(lines[:toc] + lines[first:end])


@pytest.fixture(scope="session")
def small_survey(tmp_path_factory, survey_readme_text) -> SmallSurvey:
    """The small survey, written once per worker (tests train from it, never write to it)."""
    root = tmp_path_factory.mktemp("small_survey")
    text = small_survey_text(survey_readme_text)
    (root / "README.md").write_bytes(text.encode("utf-8"))
    (root / "data").mkdir()
    for name in ("abstracts.jsonl", "negatives.jsonl.gz"):
        shutil.copy(REPO / "data" / name, root / "data" / name)
    return SmallSurvey(text, root / "README.md", root / "data")
