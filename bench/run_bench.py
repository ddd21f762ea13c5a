"""Daily-run benchmark: a 1,000-paper announce day through `litbot run`'s pipeline against loopback arXiv and GitHub.

Prints wall time per stage (fetch, dedupe, classify, propose, record), the arXiv politeness delay (counted on a
fake clock, so it is reported, not waited), HTTP request counts and peak memory (max RSS of this process, which
also hosts the two loopback servers). Target: <= 10 s wall and <= 500 MB, excluding the politeness delay.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.arxiv_source import ArxivSource  # noqa: E402
from bot.config import ArxivConfig, Config  # noqa: E402
from bot.github_repo import GitHubRepo  # noqa: E402
from bot.pipeline import Pipeline, RunRequest  # noqa: E402
from bot.store import Store  # noqa: E402
from classifiers.predict import Classifier  # noqa: E402
from tests.fakes.arxiv import STREAM, FakeArxiv, FakeClock, stream_papers  # noqa: E402
from tests.fakes.github import FakeGitHub  # noqa: E402

TOKEN = "ghp_BENCHFAKETOKEN000000000000000000"
PAPERS = 1000


def one_day_of(n: int):
    """n real stream papers, announced together as one day (the busiest real days reach ~1,000)."""
    from datetime import date

    papers = stream_papers(date(2025, 6, 9), date(2025, 12, 31), limit=n, **({"path": STREAM} if STREAM else {}))
    return papers, date(2025, 6, 10)


def main() -> None:
    papers, day = one_day_of(PAPERS)
    readme = (REPO / "data" / "survey_README.md").read_bytes().decode("utf-8")
    clock = FakeClock()
    started = time.perf_counter()
    load_start = time.perf_counter()
    classifier = Classifier.load()
    load_seconds = time.perf_counter() - load_start
    with FakeGitHub({"README.md": readme}, token=TOKEN) as github, tempfile.TemporaryDirectory() as tmp:
        arxiv = FakeArxiv(clock=clock)
        try:
            arxiv.announce(papers, day)
            arxiv.add_api_papers(papers)
            config = Config(arxiv=ArxivConfig(rss_url=arxiv.rss_url, api_url=arxiv.api_url))
            source = ArxivSource(arxiv.rss_url, arxiv.api_url, clock=clock, sleeper=clock.sleep)
            repo = GitHubRepo(github.full_name, TOKEN, base_url=github.base_url, throttle=False)
            with Store(Path(tmp) / "state.sqlite") as store:
                pipeline = Pipeline(config, store=store, repo=repo, source=source,
                                    load_classifier=lambda taxonomy: classifier, say=lambda _: None)
                report = pipeline.run(RunRequest())
        finally:
            arxiv.close()
    wall = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"day {day}: {report.fetched} papers fetched, {report.relevant} relevant, {report.proposed} proposed, "
          f"{report.triage} to triage, {report.irrelevant} irrelevant; errors: {report.errors or 'none'}")
    print(f"model load                {load_seconds:6.2f} s")
    for stage in ("fetch", "dedupe", "classify", "propose", "record"):
        print(f"stage {stage:<18} {report.timings.get(stage, 0.0):6.2f} s")
    print(f"wall time (excl. delay)   {wall:6.2f} s   (target <= 10 s)")
    print(f"arXiv politeness delay    {sum(clock.sleeps):6.1f} s   (fake clock; a live run waits this long)")
    print(f"HTTP requests             arXiv {len(arxiv.requests)} (RSS {len(arxiv.requests_to('/atom'))}, "
          f"API {len(arxiv.requests_to('/api'))}), GitHub {len(github.requests)}")
    print(f"peak memory (max RSS)     {peak_mb:6.0f} MB  (target <= 500 MB; includes both loopback servers)")


if __name__ == "__main__":
    main()
