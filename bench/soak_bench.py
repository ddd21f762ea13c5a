"""Soak benchmark: 60 recorded arXiv days back to back through `litbot run`'s pipeline on the loopback servers.

Each day is announced on the fake arXiv, run once (fresh adapters, like a daily cron), and its PR is merged by a
"maintainer" before the next day, so the README on main grows as it would over three months. Prints the time per
day for the first and last 10 days, resident memory after each of them (the fakes forget old README versions and
past API records, which real servers keep on their disks, so growth is litbot's own), peak memory and growth,
GitHub request counts,
and the end state: every paper has an outcome, every day is processed, the README holds exactly the proposed
papers, once each. Uses the whole shared stream when present (else the 5-day sample in the repo, replayed with
shifted dates); `--days N` and `--cap N` (papers per day, default 200) size it.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.arxiv_source import ArxivSource  # noqa: E402
from bot.config import ArxivConfig, Config  # noqa: E402
from bot.github_repo import GitHubRepo  # noqa: E402
from bot.paper import Paper  # noqa: E402
from bot.pipeline import Pipeline, RunRequest  # noqa: E402
from bot.pr_body import parse_block  # noqa: E402
from bot.readme import parse  # noqa: E402
from bot.store import Store  # noqa: E402
from tests.fakes.arxiv import STREAM, STREAM_SAMPLE, FakeArxiv, FakeClock, stream_papers  # noqa: E402
from tests.fakes.github import FakeGitHub  # noqa: E402

TOKEN = "ghp_SOAKFAKETOKEN0000000000000000000"


@dataclass(frozen=True)
class DayStat:
    day: date
    papers: int
    proposed: int
    seconds: float
    rss_mb: float
    github_requests: int
    readme_lines: int
    ok: bool


def rss_mb() -> float:
    """This process's resident memory now (it also hosts both loopback servers)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() / 2**20


def recorded_days(n: int, cap: int, stream: Path = STREAM) -> list[tuple[date, list[Paper]]]:
    """n announce days of real stream papers (at most `cap` each), weekdays in order from the stream's start.

    A stream with fewer than n days (the sample) is replayed a week later each time, with the same papers under
    fresh ids' dates: the papers keep their text, the day and ids are shifted so each day is new to the bot.
    """
    by_day: dict[date, list[Paper]] = {}
    for paper in stream_papers(date(2000, 1, 1), date(2100, 1, 1), path=stream):
        if paper.announce_date.weekday() < 5 and len(by_day.setdefault(paper.announce_date, [])) < cap:
            by_day[paper.announce_date].append(paper)
    recorded = sorted(by_day.items())
    days, week = [], 0
    while len(days) < n:
        for day, papers in recorded:
            if len(days) == n:
                break
            if week == 0:
                days.append((day, papers))
                continue
            shift = timedelta(weeks=week * ((len(recorded) + 4) // 5))
            days.append((day + shift, [replace(p, arxiv_id=_shifted(p.arxiv_id, week), announce_date=day + shift,
                                               published=p.published + shift if p.published else None)
                                       for p in papers]))
        week += 1
    return days


def _shifted(arxiv_id: str, week: int) -> str:
    """A different, still valid new-style id for a replayed paper (YYMM.NNNNN with the number moved on)."""
    prefix, number = arxiv_id.split(".")
    return f"{prefix}.{(int(number) + 20_000 * week) % 100_000:05d}"


def merge_open_prs(github: FakeGitHub) -> None:
    """A maintainer merges every open litbot PR (each branch sits on main's head, so it fast-forwards)."""
    with github.lock:
        for pr in github.pulls:
            if pr.state == "open":
                github.branches[github.default_branch] = github.branches[pr.branch]
                pr.state, pr.merged = "closed", True


def forget_history(github: FakeGitHub, arxiv: FakeArxiv) -> None:
    """The fakes drop what a real server keeps on its own disks (old README versions, past days' API records,
    request bodies), so the memory figures measure litbot's side of this process, not the fakes' archives."""
    with github.lock:
        live = {sha for head in github.branches.values() for sha in github.commits[head].files.values()}
        github.blobs = {sha: data for sha, data in github.blobs.items() if sha in live}
        for request in github.requests:
            request.body = None
    arxiv.api.clear()
    arxiv.requests.clear()


def soak(days: list[tuple[date, list[Paper]]], classifier, workdir: Path, readme: str,
         say=lambda _: None) -> tuple[list[DayStat], dict]:
    """Run every day, merging each PR; returns per-day figures and the end-state check (see `end_state`)."""
    clock = FakeClock()
    stats: list[DayStat] = []
    with FakeGitHub({"README.md": readme}, token=TOKEN) as github, Store(workdir / "state.sqlite") as store:
        arxiv = FakeArxiv(clock=clock)
        try:
            config = Config(arxiv=ArxivConfig(rss_url=arxiv.rss_url, api_url=arxiv.api_url))
            for day, papers in days:
                arxiv.announce(papers, day)
                arxiv.add_api_papers(papers)
                before = len(github.requests)
                start = time.perf_counter()
                pipeline = Pipeline(config, store=store, source=ArxivSource(arxiv.rss_url, arxiv.api_url, clock=clock,
                                                                            sleeper=clock.sleep),
                                    repo=GitHubRepo(github.full_name, TOKEN, base_url=github.base_url, throttle=False),
                                    load_classifier=lambda taxonomy: classifier, say=say)
                report = pipeline.run(RunRequest())
                seconds = time.perf_counter() - start
                merge_open_prs(github)
                forget_history(github, arxiv)
                stats.append(DayStat(day, report.fetched, report.proposed, seconds, rss_mb(),
                                     len(github.requests) - before, github.text("main").count("\n"),
                                     report.ok and day in report.days))
            return stats, end_state(store, github, readme, days)
        finally:
            arxiv.close()


def end_state(store: Store, github: FakeGitHub, readme: str, days: list[tuple[date, list[Paper]]]) -> dict:
    """What the soak left: counts that must match, and the lists that must be empty."""
    ids = {p.arxiv_id for _, papers in days for p in papers}
    outcomes = store.outcomes(ids)
    proposed = {a for a, o in outcomes.items() if o.outcome == "proposed"}
    base_ids = {e.arxiv_id for e in parse(readme).entries}
    main_doc = parse(github.text(github.default_branch))
    added = Counter(e.arxiv_id for e in main_doc.entries if e.arxiv_id in ids and e.arxiv_id not in base_ids)
    blocks = [parse_block(pr.body) for pr in github.pulls]
    in_blocks = Counter(p.arxiv_id for block in blocks if block for p in block.papers)
    processed = store.processed_days(min(d for d, _ in days), max(d for d, _ in days))
    return {
        "papers": len(ids),
        "with outcome": len(outcomes),
        "days processed": len(processed),
        "proposed": len(proposed),
        "README entries added": sum(added.values()),
        "PRs": len(github.pulls),
        "lost (no outcome)": sorted(ids - set(outcomes)),
        "days not processed": sorted(d for d, _ in days if d not in processed),
        "proposed but not in README": sorted(proposed - set(added)),
        "in README but not proposed": sorted(set(added) - proposed),
        "listed twice": sorted(a for a, n in added.items() if n > 1),
        "in two PRs": sorted(a for a, n in in_blocks.items() if n > 1),
        "outcomes": dict(sorted(Counter(o.outcome for o in outcomes.values()).items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--cap", type=int, default=200, help="papers per day at most")
    args = parser.parse_args()
    from classifiers.predict import Classifier

    started = time.perf_counter()
    days = recorded_days(args.days, args.cap)
    readme = (REPO / "data" / "survey_README.md").read_bytes().decode("utf-8")
    classifier = Classifier.load()
    rss_start = rss_mb()
    with tempfile.TemporaryDirectory() as tmp:
        stats, end = soak(days, classifier, Path(tmp), readme)
    wall = time.perf_counter() - started
    source = STREAM.name if STREAM != STREAM_SAMPLE else f"{STREAM_SAMPLE.name} (replayed)"
    print(f"soak: {len(stats)} days {stats[0].day}..{stats[-1].day} from {source}, <= {args.cap} papers/day, "
          f"{sum(s.papers for s in stats)} papers, {sum(s.proposed for s in stats)} proposed; wall {wall:.1f} s")
    for label, group in (("first 10 days", stats[:10]), ("last 10 days", stats[-10:])):
        print(f"{label:<14} s/day  " + " ".join(f"{s.seconds:5.2f}" for s in group)
              + f"   mean {sum(s.seconds for s in group) / len(group):5.2f}")
        print(f"{'':<14} MB     " + " ".join(f"{s.rss_mb:5.0f}" for s in group))
        print(f"{'':<14} papers " + " ".join(f"{s.papers:5d}" for s in group))
        print(f"{'':<14} GitHub " + " ".join(f"{s.github_requests:5d}" for s in group)
              + f"   README {group[0].readme_lines}..{group[-1].readme_lines} lines")
    print(f"memory: RSS {rss_start:.0f} MB before day 1, {stats[9].rss_mb:.0f} MB after day 10, "
          f"{stats[-1].rss_mb:.0f} MB after day {len(stats)} (growth days 10->{len(stats)}: "
          f"{stats[-1].rss_mb - stats[9].rss_mb:+.0f} MB); peak (max RSS) "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"runs ok: {sum(s.ok for s in stats)}/{len(stats)} (a holiday before a day is backfilled in the same run, "
          "so days processed can exceed runs)")
    for key, value in end.items():
        print(f"{key + ':':<28} {value if not isinstance(value, list) else (len(value) if value else 'none')}")


if __name__ == "__main__":
    main()
