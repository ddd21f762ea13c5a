"""Classifier benchmark: model load time, classify throughput (API and CLI), `litbot train` wall time and peak memory.

Targets: load <= 1 s, >= 3,000 papers/s after load (issue 16, for the reading-trained model; issue 4's 5,000 is
printed beside it), train <= 120 s (issue 16, up from issue 4's 60 s: the model now learns from 7,621 read papers
too) and <= 1.5 GB peak.
Prints each figure next to its target; `--strict` exits non-zero when one is missed.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import classifiers.predict  # noqa: E402, F401  (imported before timing: the load figure is the model's, not Python's)
from bot.readme import parse  # noqa: E402
from classifiers.dataset import read_jsonl  # noqa: E402
from bot.paths import shipped_model  # noqa: E402
from classifiers.predict import Classifier  # noqa: E402

README = REPO / "data" / "survey_README.md"


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    results = []
    taxonomy = parse(README.read_text(encoding="utf-8")).leaf_paths()
    loads = []
    for _ in range(4):
        start = time.perf_counter()
        clf = Classifier.load(shipped_model(), taxonomy=taxonomy)
        loads.append(time.perf_counter() - start)
    load = loads[0]
    results.append(load <= 1.0)
    print(f"model load (skops + rebuild, after imports): first {load:.3f} s, then {statistics.median(loads[1:]):.3f} s "
          f"median of 3  [target <= 1 s: {verdict(load <= 1)}]")

    papers = [r for r in read_jsonl(REPO / "data" / "negatives.jsonl.gz") if r["split"] == "heldout"]
    batch = (papers * 3)[:10000]
    clf.predict(batch[:500])  # warm-up
    rates = []
    for _ in range(3):
        start = time.perf_counter()
        clf.predict(batch)
        rates.append(len(batch) / (time.perf_counter() - start))
    rate = statistics.median(rates)
    results.append(rate >= 3000)
    print(f"Classifier.predict on {len(batch)} real stream papers (title + abstract, explanations included): "
          f"{rate:,.0f} papers/s median of 3  [target >= 3,000: {verdict(rate >= 3000)}; "
          f"issue 4's 5,000: {verdict(rate >= 5000)}]")

    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        src.write_text("".join(json.dumps({"arxiv_id": p["arxiv_id"], "title": p["title"],
                                           "abstract": p["abstract"]}) + "\n" for p in batch))
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "train", "--out", str(Path(tmp) / "model")],
                       cwd=REPO, check=True, capture_output=True)
        train_wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        peak_mb = after.ru_maxrss / 1024
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "classify", "--input", str(src), "--output", str(dst)],
                       cwd=REPO, check=True, capture_output=True)
        wall = time.perf_counter() - start
        print(f"`litbot classify --input` end to end on {len(batch)} papers (process start, imports, load, JSON I/O): "
              f"{wall:.2f} s = {len(batch) / wall:,.0f} papers/s")

    results += [train_wall <= 120, peak_mb <= 1536]
    print(f"`litbot train` (full, from data/): {train_wall:.1f} s wall, {cpu:.1f} s CPU  "
          f"[target <= 120 s: {verdict(train_wall <= 120)}]; "
          f"peak RSS {peak_mb:,.0f} MB  [target <= 1,536 MB: {verdict(peak_mb <= 1536)}]")
    if "--strict" in sys.argv and not all(results):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
