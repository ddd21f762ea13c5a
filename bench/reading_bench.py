"""Reading-corpus benchmark: how often two blind readers agree, and how many in-scope readings each leaf has.

Run from the repository root:

    PYTHONPATH=. python bench/reading_bench.py

Prints, for the papers read twice (data/readings, second pass), agreement between the first and the second
reader by wave (brief v1, brief v2) and overall: the same in/not-in decision, the same verdict, and for papers
both read `in`, the same first leaf and the second reader's first leaf among the first reader's leaves. Then
the strata sizes and the leaves with fewer than 25 in-scope readings outside the held-out days. The readers
are AI helper sessions (data/readings/readers.json): this is agreement between such readers, the ceiling for
any model judged against them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from classifiers.reading import HELD_OUT, Reading, agreement, load_corpus

ROOT = Path(__file__).resolve().parent.parent


def _row(name: str, pairs: list[tuple[Reading, Reading]]) -> str:
    a = agreement(pairs)

    def share(k: int, n: int) -> str:
        return f"{k}/{n} ({k / n:.3f})" if n else "-"

    return (f"{name:<16} {a.papers:>5}  scope {share(a.scope_same, a.papers):<18} "
            f"verdict {share(a.verdict_same, a.papers):<18} first leaf {share(a.first_leaf_same, a.both_in):<16} "
            f"in other's leaves {share(a.first_in_top3, a.both_in)}")


def main() -> None:
    corpus = load_corpus(ROOT / "data")
    if corpus is None:
        raise SystemExit("no reading corpus under data/readings")
    pairs = corpus.second_pairs()
    v2 = [(a, b) for a, b in pairs if "brief v2" in b.reader]
    v1 = [(a, b) for a, b in pairs if "brief v2" not in b.reader]
    print(f"papers {len(corpus.papers)}, readings {len(corpus.readings)}, "
          f"readers {len({r.reader.split(' (')[0] for r in corpus.readings})}")
    print("== agreement of two blind readers on the papers read twice")
    for name, group in (("wave 1 (brief v1)", v1), ("wave 2 (brief v2)", v2), ("all", pairs)):
        print(_row(name, group))
    print("== strata (first pass)")
    primary = corpus.primary()
    strata = Counter(corpus.strata.get(i, "?") for i in primary)
    inside = Counter(corpus.strata.get(i, "?") for i, r in primary.items() if r.in_scope)
    for stratum, n in strata.most_common():
        print(f"{stratum:<8} {n:>5} papers, {inside[stratum]:>4} read in scope ({inside[stratum] / n:.3f})")
    per_leaf = Counter(r.leaves[0] for i, r in primary.items()
                       if r.in_scope and r.leaves and corpus.strata.get(i) not in HELD_OUT)
    thin = sorted((n, leaf) for leaf, n in per_leaf.items() if n < 25)
    print(f"== leaves with fewer than 25 in-scope training readings ({len(thin)}; leaves never read in scope "
          "are not listed)")
    for n, leaf in thin:
        print(f"{n:>4}  {' > '.join(leaf[-2:])}")


if __name__ == "__main__":
    main()
