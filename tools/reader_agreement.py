"""Measures how often a careful reader, placing a backtest cut's papers blind, agrees with the README's sections.

    python tools/reader_agreement.py draw  [--cut 2024-01-01] [--parts 2] --out DIR
    python tools/reader_agreement.py score [--cut 2024-01-01] [--model] [--misses] PLACEMENTS.tsv [...]

`draw` writes DIR/leaves.md (the numbered leaves with their descriptions from data/sections.toml) and
DIR/papers_*.md (every test paper of the cut: title and abstract, never its section), plus DIR/INSTRUCTIONS.md.
`score` reads the readers' `N<TAB>a,b,c` files and prints top-1 / top-3 exactly as `litbot evaluate` counts them;
`--model` also fits the backtest model at the cut and compares the two paper by paper.
reports/reader_agreement.md holds one such reading.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.errors import LitbotError  # noqa: E402
from bot.readme import parse  # noqa: E402
from classifiers.agreement import (cut_split, leaf_listing, merged, parse_placements,  # noqa: E402
                                   placements_as_scores, reading_files)
from classifiers.training import evaluation_split_in  # noqa: E402
from classifiers.descriptions import read_descriptions  # noqa: E402
from classifiers.evaluate import SectionSystem, section_metrics  # noqa: E402
from classifiers.options import Options  # noqa: E402

DATA = ROOT / "data"
INSTRUCTIONS = """Place each paper of papers_*.md in the survey's taxonomy (leaves.md), as its maintainers
would list it. Judge from the title and abstract only; do not look the paper up in the survey. Write one line
per paper: the paper's number, a tab, then three different leaf numbers, best first, e.g.

12\t23,28,48
"""


def load():
    doc = parse((DATA / "survey_README.md").read_text(encoding="utf-8"))
    split = evaluation_split_in(doc, DATA)
    leaves = list(doc.leaf_paths())
    return split, leaves, read_descriptions(DATA / "sections.toml", leaves)


def draw(args) -> None:
    split, leaves, descriptions = load()
    _, test, _ = cut_split(list(split.history), leaves, args.cut)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "INSTRUCTIONS.md").write_text(INSTRUCTIONS, encoding="utf-8")
    (args.out / "leaves.md").write_text(leaf_listing(leaves, descriptions), encoding="utf-8")
    for name, text in reading_files([h.paper for h in test], args.parts, "(no abstract: judge from the title)").items():
        (args.out / name).write_text(text, encoding="utf-8")
    print(f"{len(test)} test papers of the cut {args.cut} ({sum(bool(h.paper.abstract) for h in test)} with an "
          f"abstract) written to {args.out} in {args.parts} part(s)")


def figures_line(name: str, scores: np.ndarray, truth: list[set[int]], leaves, rows: list[int]) -> str:
    m = section_metrics(scores[rows], [truth[i] for i in rows], leaves)
    return f"{name:<22} {m.n:>4} papers  top-1 {m.top1:.3f}  top-3 {m.top3:.3f}"


def score(args) -> None:
    split, leaves, descriptions = load()
    train, test, truth = cut_split(list(split.history), leaves, args.cut)
    placements = merged([(str(p), parse_placements(p.read_text(encoding="utf-8"), str(p))) for p in args.placements])
    reader = placements_as_scores(placements, len(test), len(leaves))
    every = list(range(len(test)))
    with_abstract = [i for i in every if test[i].paper.abstract]
    title_only = [i for i in every if not test[i].paper.abstract]
    print(f"cut {args.cut}: {len(train)} papers listed before it, {len(test)} after")
    systems = {"reader": reader}
    if args.model:
        model = SectionSystem(leaves, list(split.train_negatives), Options(), descriptions).fit(train)
        systems["model"] = model.scores([h.paper for h in test])
    for name, scores in systems.items():
        for label, rows in (("all", every), ("with abstract", with_abstract), ("title only", title_only)):
            if rows:
                print(figures_line(f"{name}, {label}", scores, truth, leaves, rows))
    hit = {name: [int(np.argmax(s[i])) in truth[i] for i in every] for name, s in systems.items()}
    if "model" in hit:
        both = sum(r and m for r, m in zip(hit["reader"], hit["model"]))
        reader_only = sum(r and not m for r, m in zip(hit["reader"], hit["model"]))
        model_only = sum(m and not r for r, m in zip(hit["reader"], hit["model"]))
        print(f"top-1 right: both {both}, reader only {reader_only}, model only {model_only}, "
              f"neither {len(test) - both - reader_only - model_only}")
    if args.misses:
        for i in every:
            if not hit["reader"][i]:
                print(f"  {i + 1:>3} {test[i].paper.title[:60]:<60} README {leaves[min(truth[i])][-1]} / "
                      f"reader {leaves[int(np.argmax(reader[i]))][-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="write the blind reading files for a cut")
    d.add_argument("--cut", default="2024-01-01")
    d.add_argument("--parts", type=int, default=2, help="split the papers over this many files (readers)")
    d.add_argument("--out", type=Path, required=True)
    d.set_defaults(func=draw)
    s = sub.add_parser("score", help="score placement files against the README")
    s.add_argument("--cut", default="2024-01-01")
    s.add_argument("--model", action="store_true", help="also fit the backtest model at the cut and compare")
    s.add_argument("--misses", action="store_true", help="list the papers the reader placed elsewhere")
    s.add_argument("placements", type=Path, nargs="+")
    s.set_defaults(func=score)
    args = parser.parse_args()
    try:
        args.func(args)
    except (LitbotError, OSError) as exc:
        sys.exit(f"reader_agreement: {exc}")


if __name__ == "__main__":
    main()
