"""Prints a random sample of the shipped model's flags on held-out stream days, for a person to read and judge.

    python tools/sample_flags.py [--n 60] [--seed 20261130] [--model data/model]

reports/flag_audit.md holds the verdicts of one such reading; re-run this after re-training to read a new sample.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.readme import parse  # noqa: E402
from classifiers.predict import Classifier  # noqa: E402
from classifiers.training import evaluation_split_in  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--model", type=Path, default=ROOT / "data" / "model")
    args = parser.parse_args()
    data = ROOT / "data"
    doc = parse((data / "survey_README.md").read_text(encoding="utf-8"))
    heldout = list(evaluation_split_in(doc, data).heldout)
    preds = Classifier.load(args.model, taxonomy=doc.leaf_paths()).predict(heldout)
    flagged = [(p, paper) for p, paper in zip(preds, heldout) if p.relevant]
    print(f"{len(flagged)} of {len(heldout)} held-out stream papers flagged; {args.n} drawn with seed {args.seed}\n")
    for i, (p, paper) in enumerate(random.Random(args.seed).sample(flagged, min(args.n, len(flagged))), 1):
        print(f"{i}. [{p.relevance:.3f}] {paper.arxiv_id} {paper.title} -> {p.sections[0].path[-1]}")
        print(f"   {paper.abstract[:400]}\n")


if __name__ == "__main__":
    main()
