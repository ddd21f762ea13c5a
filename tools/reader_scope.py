"""Estimates how many held-out stream papers are in the survey's scope, by a blind reading of a random sample.

    python tools/reader_scope.py draw  [--n 600] [--seed 20261130] [--parts 4] --out DIR
    python tools/reader_scope.py score [--n 600] [--seed 20261130] [--model data/model] VERDICTS.tsv [...]

The relevance target counts every flag on held-out stream days as a false alarm, but the stream holds in-scope
papers that the survey never listed. `draw` writes a seeded random sample of the held-out stream papers (title
and abstract) with the numbered leaves; a reader answers `N<TAB>in|borderline|out` per paper. `score` prints the
in-scope rate per 1,000 with a 95% interval, and how many of the reader's in-scope papers the shipped model flags
at its own threshold and at the threshold that flags exactly 30 per 1,000 held-out papers.
reports/reader_agreement.md holds one such reading.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.errors import LitbotError, ModelError  # noqa: E402
from bot.readme import parse  # noqa: E402
from classifiers.agreement import VERDICTS, leaf_listing, merged, parse_verdicts, reading_files  # noqa: E402
from classifiers.descriptions import read_descriptions  # noqa: E402
from classifiers.predict import Classifier  # noqa: E402
from classifiers.training import evaluation_split_in  # noqa: E402

DATA = ROOT / "data"
INSTRUCTIONS = """For each paper of papers_*.md, judge whether it belongs in the survey's taxonomy (leaves.md):
a method, system, architecture or data technique that makes large language models more efficient, fitting one of
the leaves.
Judge from the title and abstract only. Write one line per paper: its number, a tab, then one word:
in (it belongs in a leaf), borderline (efficiency work but not about LLMs, or LLM work with a thin efficiency
angle), or out. For example

12\tout
"""


def load():
    doc = parse((DATA / "survey_README.md").read_text(encoding="utf-8"))
    split = evaluation_split_in(doc, DATA)
    return doc, list(split.heldout)


def sample_indices(total: int, n: int, seed: int) -> list[int]:
    return random.Random(seed).sample(range(total), min(n, total))


def draw(args) -> None:
    doc, heldout = load()
    leaves = list(doc.leaf_paths())
    picked = [heldout[i] for i in sample_indices(len(heldout), args.n, args.seed)]
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "INSTRUCTIONS.md").write_text(INSTRUCTIONS, encoding="utf-8")
    (args.out / "leaves.md").write_text(leaf_listing(leaves, read_descriptions(DATA / "sections.toml", leaves)),
                                        encoding="utf-8")
    for name, text in reading_files(picked, args.parts, "(no abstract)").items():
        (args.out / name).write_text(text, encoding="utf-8")
    print(f"{len(picked)} of {len(heldout)} held-out stream papers (seed {args.seed}) written to {args.out} "
          f"in {args.parts} part(s)")


def wilson(k: int, n: int) -> tuple[float, float]:
    """95% Wilson interval of a proportion k/n."""
    if n == 0:
        return 0.0, 1.0
    z, p = 1.96, k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def score(args) -> None:
    doc, heldout = load()
    indices = sample_indices(len(heldout), args.n, args.seed)
    verdicts = merged([(str(p), parse_verdicts(p.read_text(encoding="utf-8"), str(p))) for p in args.verdicts])
    missing = [n for n in range(1, len(indices) + 1) if n not in verdicts]
    if missing:
        raise ModelError(f"no verdict for paper(s) {', '.join(map(str, missing[:10]))}")
    clf = Classifier.load(args.model, taxonomy=doc.leaf_paths())
    relevance = np.array([p.relevance for p in clf.predict(heldout)])
    at_30 = float(np.sort(relevance)[::-1][int(0.030 * len(heldout)) - 1])
    print(f"{len(indices)} of {len(heldout)} held-out stream papers read; the shipped model flags "
          f"{1000 * np.mean(relevance >= clf.threshold):.1f} per 1,000 of all of them at its threshold "
          f"{clf.threshold:.4f}; 30 per 1,000 needs {at_30:.4f}")
    for verdict in VERDICTS:
        rows = [indices[n - 1] for n, v in verdicts.items() if v == verdict]
        low, high = wilson(len(rows), len(indices))
        flagged = int(np.sum(relevance[rows] >= clf.threshold)) if rows else 0
        flagged_30 = int(np.sum(relevance[rows] >= at_30)) if rows else 0
        print(f"{verdict:<10} {len(rows):>4} papers = {1000 * len(rows) / len(indices):5.1f} per 1,000 "
              f"(95% {1000 * low:.1f}-{1000 * high:.1f}); the model flags {flagged} of them at its threshold, "
              f"{flagged_30} at 30 per 1,000")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name, func, helptext in (("draw", draw, "write the blind reading files"),
                                 ("score", score, "score verdict files against the shipped model")):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--n", type=int, default=600)
        p.add_argument("--seed", type=int, default=20261130)
        p.set_defaults(func=func)
    sub.choices["draw"].add_argument("--parts", type=int, default=4)
    sub.choices["draw"].add_argument("--out", type=Path, required=True)
    sub.choices["score"].add_argument("--model", type=Path, default=DATA / "model")
    sub.choices["score"].add_argument("verdicts", type=Path, nargs="+")
    args = parser.parse_args()
    try:
        args.func(args)
    except (LitbotError, OSError) as exc:
        sys.exit(f"reader_scope: {exc}")


if __name__ == "__main__":
    main()
