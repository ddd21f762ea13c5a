"""PR benchmark: wall time and GitHub requests to open a 10-paper PR (and to re-run it) against the loopback fake."""

from __future__ import annotations

import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.github_repo import GitHubRepo  # noqa: E402
from bot.proposal import Proposal  # noqa: E402
from bot.propose import propose  # noqa: E402
from bot.readme import format_entry, parse  # noqa: E402
from tests.fakes.github import FakeGitHub  # noqa: E402

PAPERS = 10
TOKEN = "ghp_BENCHFAKETOKEN"
DAY = date(2025, 3, 4)


def proposals(readme: str, n: int) -> list[Proposal]:
    leaves = parse(readme).leaf_paths()
    out = []
    for i in range(n):
        arxiv_id, title = f"2503.{20000 + i}", f"Bench Paper {i}: Faster Decoding Number {i}"
        out.append(Proposal(arxiv_id=arxiv_id, title=title, entry_line=format_entry(title, "arXiv", 2025, arxiv_id),
                            section=leaves[(i * 5) % len(leaves)], confidence=0.8, abstract="An abstract. " * 60,
                            why_terms=("decoding", "faster"), nearest=("Some Listed Paper",)))
    return out


def run(fake: FakeGitHub, papers: list[Proposal]) -> tuple[float, list[str], str]:
    start, seen = time.perf_counter(), len(fake.requests)
    # Throttling off: PyGithub's client-side pause (1 s between writes) would dominate the wall time.
    repo = GitHubRepo(fake.full_name, TOKEN, base_url=fake.base_url, throttle=False)
    out = propose(repo, DAY, papers)
    return time.perf_counter() - start, [r.method for r in fake.requests[seen:]], out.action


def main() -> int:
    readme = (REPO / "data" / "survey_README.md").read_bytes().decode("utf-8")
    papers = proposals(readme, PAPERS)
    budget = 4 + 2 * PAPERS
    with FakeGitHub({"README.md": readme}, token=TOKEN) as fake:
        # a realistic history: 40 earlier litbot PRs (open, closed, merged) and 20 human PRs to page through
        for i in range(60):
            branch = f"litbot/arxiv-2025-01-{i % 28 + 1:02d}" if i < 40 else f"someone/fix-{i}"
            fake.add_pull(branch, "earlier PR", state="open" if i % 4 == 0 else "closed", merged=i % 3 == 0)
        wall, methods, action = run(fake, papers)
        again_wall, again, again_action = run(fake, papers)
        commits = len(fake.history("litbot/arxiv-2025-03-04"))
    by_method = ", ".join(f"{m} {n}" for m, n in sorted(Counter(methods).items()))
    print(f"open a {PAPERS}-paper PR: {action}, {commits} commits")
    print(f"  wall time: {wall:.3f} s")
    print(f"  requests: {len(methods)} ({by_method}); budget 4 + 2 x {PAPERS} = {budget}")
    print(f"re-run the same day: {again_action}, {len(again)} requests "
          f"({sum(m != 'GET' for m in again)} writes), {again_wall:.3f} s")
    return 0 if len(methods) <= budget and commits == PAPERS else 1


if __name__ == "__main__":
    sys.exit(main())
