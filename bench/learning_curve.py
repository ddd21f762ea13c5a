"""Learning curve: does the model get better as a (simulated) maintainer corrects and rejects its proposals?

Start from a model trained on the survey entries first added before a cut date (survey_history.jsonl). Replay the
later additions in the order they were added, k at a time, as if litbot had proposed them: the simulated maintainer
accepts a paper placed in its true section (the section it sits in in the snapshot README), moves one placed
wrongly, and rejects the stream papers the relevance model flagged that day (held-out stream negatives). Every
decision goes through the real path: the state file's decisions table, the data/decisions.jsonl export, and the
training-set merge `litbot train` uses. After each round the model is retrained and measured on what it has not
seen: section top-1 accuracy on the remaining later additions (next to the static starting model on the same
papers, since the remainder changes every round) and flags per 1,000 on a held-back slice of stream papers.

    .venv/bin/python bench/learning_curve.py [--cut 2024-01-01] [--k 20] [--negatives 2000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.learn import export_decisions  # noqa: E402
from bot.readme import parse  # noqa: E402
from bot.store import Decision, Store  # noqa: E402
from classifiers.dataset import AbstractCache, HistoryEntry, Labelled, history_entries, read_negatives  # noqa: E402
from classifiers.decisions import decision_examples, read_decisions, without  # noqa: E402
from classifiers.descriptions import SECTIONS, read_descriptions  # noqa: E402
from classifiers.features import paper_text  # noqa: E402
from classifiers.bundle import from_bundle  # noqa: E402
from classifiers.options import Options  # noqa: E402
from classifiers.training import TrainingSet, fit  # noqa: E402

DATA = REPO / "data"
SHARED = REPO.parent / "shared" / "data"


class Model:
    """A fitted bundle's section and relevance models over one vectorizer."""

    def __init__(self, ts: TrainingSet, opts: Options):
        bundle, self.facts = fit(ts, opts)
        self.section, self.relevance = from_bundle(bundle)
        self.leaves = list(ts.leaves)

    def hits(self, entries: list[HistoryEntry]) -> np.ndarray:
        """True where the best section is one the paper sits in."""
        if not entries:
            return np.zeros(0, dtype=bool)
        X = self.section.pipeline[0].transform([paper_text(h.paper) for h in entries])
        best = self.section.proba(X)[0].argmax(axis=1)
        return np.array([self.leaves[b] in h.sections for b, h in zip(best, entries)])

    def flagged(self, papers: list) -> list:
        if not papers:
            return []
        X = self.relevance.pipeline[0].transform([paper_text(p) for p in papers])
        return [p for p, s in zip(papers, self.relevance.proba(X)) if s >= self.relevance.threshold]

    def predict_section(self, paper) -> tuple[str, ...]:
        X = self.section.pipeline[0].transform([paper_text(paper)])
        return self.leaves[int(self.section.proba(X)[0].argmax(axis=1)[0])]


def training_set(base: list[Labelled], negatives: list, leaves, store: Store, work: Path,
                 cache: AbstractCache) -> TrainingSet:
    """The starting data plus every decision so far, through the export `litbot train` reads, and the shipped
    section descriptions, as `litbot train` uses them."""
    export_decisions(store, work / "decisions.jsonl")
    accepted, rejected = decision_examples(read_decisions(work / "decisions.jsonl"), base, leaves, cache)
    return TrainingSet(tuple(base + accepted), tuple(without(negatives, [a.paper for a in accepted]) + rejected),
                       tuple(leaves), tuple(read_descriptions(DATA / SECTIONS, list(leaves)).items()))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cut", default="2024-01-01", help="entries first added before this date train the start model")
    ap.add_argument("--k", type=int, default=20, help="retrain after every k proposals")
    ap.add_argument("--negatives", type=int, default=2000, help="training-split stream negatives to use")
    ap.add_argument("--folds", type=int, default=3, help="cross-validation folds inside each fit")
    args = ap.parse_args()
    # An early cut leaves fewer training papers than leaf sections; scikit-learn says so once per fit.
    warnings.filterwarnings("ignore", message="The number of unique classes is greater than 50%")

    history_path = SHARED / "survey_history.jsonl" if (SHARED / "survey_history.jsonl").exists() else \
        DATA / "survey_history.jsonl"
    doc = parse((DATA / "survey_README.md").read_text(encoding="utf-8"))
    leaves = list(doc.leaf_paths())
    leaf_set = set(leaves)
    cache = AbstractCache.load(DATA / "abstracts.jsonl")
    history = [h for h in history_entries(history_path, cache) if any(s in leaf_set for s in h.sections)]
    history = [HistoryEntry(h.paper, h.first_seen, tuple(s for s in h.sections if s in leaf_set)) for h in history]
    before = [h for h in history if h.first_seen < args.cut]
    later = [h for h in history if h.first_seen >= args.cut and h.paper.arxiv_id]
    skipped = sum(1 for h in history if h.first_seen >= args.cut and not h.paper.arxiv_id)
    negatives = read_negatives(DATA / "negatives.jsonl.gz", [h.paper for h in history])
    train_neg = [n for n in negatives if n.split == "train"][: args.negatives]
    heldout = [n.paper for n in negatives if n.split == "heldout"]
    rounds = (len(later) + args.k - 1) // args.k
    held_back, stream = heldout[: len(heldout) // 3], heldout[len(heldout) // 3:]
    per_day = len(stream) // max(rounds, 1)
    base = [Labelled(h.paper, h.sections) for h in before]
    opts = Options(folds=args.folds)
    print(f"history {history_path.relative_to(REPO.parent)}: {len(before)} entries before {args.cut} train the "
          f"start model; {len(later)} later additions replayed {args.k} per round ({skipped} without an arXiv id "
          f"left out); {len(train_neg)} training negatives; {per_day} stream papers per round; flags measured on "
          f"{len(held_back)} held-back stream papers")

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "state.sqlite") as store:
        work = Path(tmp)
        start = Model(training_set(base, train_neg, leaves, store, work, cache), opts)
        model = start
        print(f"{'round':>5} {'decisions':>9} {'moved':>5} {'rejected':>8} {'remaining':>9} "
              f"{'top-1 learning':>14} {'top-1 static':>12} {'gained/lost':>11} {'flags/1000':>10}")
        first = start.hits(later).mean()
        print(f"{0:>5} {0:>9} {'-':>5} {'-':>8} {len(later):>9} {first:>14.3f} {first:>12.3f} {'-':>11} "
              f"{1000 * len(model.flagged(held_back)) / len(held_back):>10.1f}")
        moved_total = 0
        for r in range(rounds):
            batch, remaining = later[r * args.k:(r + 1) * args.k], later[(r + 1) * args.k:]
            decisions, moved = [], 0
            for h in batch:
                predicted = model.predict_section(h.paper)
                right = predicted in h.sections
                moved += not right
                decisions.append(Decision(h.paper.arxiv_id, h.paper.title, "positive",
                                          predicted if right else h.sections[0], "simulated",
                                          "accepted as placed" if right else "moved by the maintainer"))
            day = stream[r * per_day:(r + 1) * per_day]
            false_positives = model.flagged(day)
            decisions += [Decision(p.arxiv_id, p.title, "negative", None, "simulated", "rejected")
                          for p in false_positives]
            store.record_decisions(decisions)
            moved_total += moved
            if not remaining:
                break
            model = Model(training_set(base, train_neg, leaves, store, work, cache), opts)
            now, static = model.hits(remaining), start.hits(remaining)
            changed = f"+{int((now & ~static).sum())}/-{int((static & ~now).sum())}"
            flags = 1000 * len(model.flagged(held_back)) / len(held_back)
            print(f"{r + 1:>5} {store.count_decisions():>9} {moved:>5} {len(false_positives):>8} {len(remaining):>9} "
                  f"{now.mean():>14.3f} {static.mean():>12.3f} {changed:>11} {flags:>10.1f}", flush=True)
    print(f"{moved_total} of {len(later)} replayed papers needed a maintainer's move; "
          f"{time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
