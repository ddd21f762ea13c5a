"""Shared fixtures. Each outside system has exactly one hand-written fake, in tests/fakes/, wired up here."""

from __future__ import annotations

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


# ----- Classifier: a tiny model trained once per session from data/ (all listed papers, 300 negatives) -----
@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory, survey_readme_text):
    """A model folder trained quickly on the shipped README with a small slice of the negatives."""
    from bot.readme import parse
    from classifiers.options import Options
    from classifiers.training import train

    out = tmp_path_factory.mktemp("model")
    train(parse(survey_readme_text), survey_readme_text, REPO / "data", out, opts=Options(folds=3), limit=300)
    return out
