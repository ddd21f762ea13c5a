"""Draws the blind reading corpus (data/readings/) from the arXiv stream and the LLM index, and merges its answers.

    python tools/reading_corpus.py draw  [--shared ../shared/data] [--seed 20261205] --out DIR
    python tools/reading_corpus.py merge

`draw` picks papers that teach, writes them with the numbered leaves and the brief as batch files for readers
(under DIR, outside the repository) and records in data/readings/ what was drawn: papers.jsonl.gz (title,
abstract, date, source) and manifest.jsonl (batch, number, arXiv id, stratum, pass). The strata:

- dev / test: every paper of whole held-out announce days (December 2025; no model trains on those days);
- replay: every paper the shipped model proposes or triages on 50 replayed training days;
- near: papers just under or over the shipped model's relevance threshold, on other training days;
- random: a random sample of training-day stream papers (the base rate);
- leaf: for each leaf, the stream and LLM-index papers the shipped model ranks highest for it, so every leaf
  can get examples;
- second pass: 300 of the above, read again by a different reader, for agreement.

`extend` draws the second wave and `thin` the third (see their docstrings).

The model picks which papers are read; readers never see its scores or sections, and papers are shuffled so
nothing in a batch tells a stratum. `merge` checks the answer files in data/readings/answers/ and writes
data/readings/readings.jsonl (one line per reading, with its reader).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.errors import LitbotError  # noqa: E402
from bot.paper import Paper  # noqa: E402
from bot.readme import normalise_title, parse  # noqa: E402
from bot.candidates import Candidate, select  # noqa: E402
from classifiers.descriptions import read_descriptions  # noqa: E402
from classifiers.predict import Classifier  # noqa: E402
from classifiers.reading import parse_answers, readings_of_batch  # noqa: E402

DATA = ROOT / "data"
READINGS = DATA / "readings"
DEV_DAYS = ("2025-12-04", "2025-12-08", "2025-12-11", "2025-12-15")
TEST_DAYS = ("2025-12-18", "2025-12-22", "2025-12-24", "2025-12-25", "2025-12-29")
HELDOUT_FROM = "2025-12-03"
BATCH = 220
REPLAY_DAYS, NEAR, RANDOM, PER_LEAF, SECOND = 50, 350, 350, 25, 300

BRIEF = """# Brief for readers of the litbot reading corpus

You are reading new arXiv papers as a careful maintainer of the survey "Efficient Large Language Models: A
Survey" would. The survey lists work that makes large language models (LLMs) more efficient: cheaper to train,
fine-tune, store or run, or that uses less data, compute, memory, energy or latency, under the taxonomy in
`leaves.md` (49 leaves, each with what it is about and up to three titles the survey already lists there).

Read only `BRIEF.md`, `leaves.md` and the batch file(s) you are given. Do not open any other file, and do not
look anything up: judge each paper from its title and abstract alone.

For every paper in a batch write one line: its number, a tab, a verdict, a tab, the leaves.

- `in`: its main contribution is a method, system, architecture, analysis or data technique that makes LLMs
  (or multimodal models built on them) more efficient, and it would sit well in one of the leaves.
- `borderline`: efficiency work that is not about language models (e.g. a CNN pruning method), or LLM work with
  a thin efficiency angle (efficiency is a side benefit, not the point).
- `out`: anything else, including LLM papers whose point is not efficiency (safety, evaluation of capabilities,
  applications, agents) unless efficiency is their main contribution.

Leaves: for `in` and `borderline`, one to three leaf numbers from `leaves.md`, best first, comma-separated; give
more than one only when the paper would also fit there. For `out` write `-`.

Example lines (a tab between the fields):

    1\tin\t22,21
    2\tout\t-
    3\tborderline\t5

Write the answers for `batch_NN.md` to the file named in your task, one line per paper, every paper answered.
"""


def read_jsonl_gz(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def leaves_text(doc, leaves, descriptions) -> str:
    out = []
    for i, path in enumerate(leaves, 1):
        examples = [e.title for e in doc.entries_in(path) if e.title][:3]
        out.append(f"{i}. {' > '.join(path)}\n   About: {descriptions.get(path, '')}\n"
                   + "".join(f"   - e.g. {t}\n" for t in examples))
    return "\n".join(out)


def scored_pool(args):
    """Every stream and LLM-index paper the survey never listed, with the shipped model's prediction."""
    doc = parse((DATA / "survey_README.md").read_text(encoding="utf-8"))
    leaves = list(doc.leaf_paths())
    listed_ids = {e.arxiv_id for e in doc.entries if e.arxiv_id}
    listed_titles = {normalise_title(e.title) for e in doc.entries if e.title}
    for row in map(json.loads, (DATA / "survey_history.jsonl").read_text(encoding="utf-8").splitlines()):
        listed_ids.add(row.get("arxiv_id"))
        listed_titles.add(normalise_title(row["title"]))
    stream = [dict(r, source="stream") for r in read_jsonl_gz(next(args.shared.glob("arxiv_stream_*.jsonl.gz")))]
    index = [dict(r, source="llm_papers", date=str(r.get("year") or ""))
             for r in read_jsonl_gz(args.shared / "llm_papers_tagged.jsonl.gz") if r.get("arxiv_id")]
    rows, seen = [], set()
    for r in stream + index:
        if (r["arxiv_id"] in seen or r["arxiv_id"] in listed_ids or not r.get("title")
                or normalise_title(r["title"]) in listed_titles):
            continue
        seen.add(r["arxiv_id"])
        rows.append(r)
    papers = [Paper(r["arxiv_id"], r["title"], r.get("abstract") or "") for r in rows]
    clf = Classifier.load(args.model, taxonomy=leaves)
    preds = clf.predict(papers)
    days = defaultdict(list)
    for r, paper, pred in zip(rows, papers, preds):
        if r["source"] == "stream":
            days[r["date"]].append((paper, pred))
    return doc, leaves, rows, papers, preds, clf, days


def replayed(days, day_list) -> list[str]:
    """Every paper the model proposes or triages on the given days, with the run's cap of 15."""
    out = []
    for day in day_list:
        sel = select([Candidate(p, pr) for p, pr in days[day]], 15)
        out += [x.arxiv_id for x in sel.proposals] + [c.paper.arxiv_id for c, _ in sel.triage]
    return out


def draw(args) -> None:
    rng = random.Random(args.seed)
    doc, leaves, rows, papers, preds, clf, days = scored_pool(args)
    by_id = {r["arxiv_id"]: r for r in rows}
    stratum: dict[str, str] = {}

    def take(ids, name):
        for i in ids:
            stratum.setdefault(i, name)

    for day in DEV_DAYS + TEST_DAYS:
        take(sorted(p.arxiv_id for p, _ in days[day]), "dev" if day in DEV_DAYS else "test")
    training_days = sorted(d for d in days if d < HELDOUT_FROM)
    replay = sorted(rng.sample(training_days, REPLAY_DAYS))
    take(replayed(days, replay), "replay")
    others = [(p, pr) for d in training_days if d not in replay for p, pr in days[d]]
    near = [p.arxiv_id for p, pr in others if 0.4 * clf.threshold <= pr.relevance < 2.5 * clf.threshold]
    take(rng.sample(sorted(near), min(NEAR, len(near))), "near")
    train_pool = sorted(p.arxiv_id for p, _ in others)
    take(rng.sample(train_pool, RANDOM), "random")
    pool = [(r, pr) for r, pr in zip(rows, preds)
            if (r["source"] == "llm_papers" or r["date"] < HELDOUT_FROM) and pr.relevance >= 0.5 * clf.threshold]
    for leaf in leaves:
        ranked = sorted(((pr.sections[0].score * pr.relevance, r["arxiv_id"]) for r, pr in pool
                         if pr.sections[0].path == leaf), reverse=True)
        take([i for _, i in ranked if i not in stratum][:PER_LEAF], "leaf")
    first = sorted(stratum)
    rng.shuffle(first)
    heldout = [i for i in first if stratum[i] in ("dev", "test")]
    rest = [i for i in first if stratum[i] not in ("dev", "test")]
    second = rng.sample(heldout, SECOND // 3) + rng.sample([i for i in rest if stratum[i] != "random"], SECOND * 2 // 3)
    rng.shuffle(second)
    write(args, doc, leaves, by_id, stratum, first, second)


def extend(args) -> None:
    """The second wave: the remaining held-out days whole (alternately dev and test), every proposal and triage
    paper of 60 more replayed training days, and 200 more papers of the new days read twice (half at random,
    half among those the model scores at least half its threshold)."""
    rng = random.Random(args.seed + 2)
    doc, leaves, rows, papers, preds, clf, days = scored_pool(args)
    by_id = {r["arxiv_id"]: r for r in rows}
    manifest = [json.loads(line) for line in (READINGS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    stratum = {m["arxiv_id"]: m["stratum"] for m in manifest}
    new: dict[str, str] = {}
    new_days = [d for d in sorted(days) if d >= HELDOUT_FROM and d not in DEV_DAYS + TEST_DAYS]
    for k, day in enumerate(new_days):
        for paper, _ in days[day]:
            new.setdefault(paper.arxiv_id, "dev" if k % 2 == 0 else "test")
    first_replay = {by_id[i]["date"] for i, s in stratum.items() if s == "replay"}
    training_days = sorted(d for d in days if d < HELDOUT_FROM and d not in first_replay)
    for i in replayed(days, sorted(rng.sample(training_days, 60))):
        new.setdefault(i, "replay")
    new = {i: s for i, s in new.items() if i not in stratum}
    first = sorted(new)
    rng.shuffle(first)
    score = {p.arxiv_id: pr.relevance for p, pr in zip(papers, preds)}
    whole = sorted(i for i in first if new[i] in ("dev", "test"))
    likely = [i for i in whole if score[i] >= 0.5 * clf.threshold]
    second = rng.sample(likely, min(100, len(likely)))
    second += rng.sample([i for i in whole if i not in second], 200 - len(second))
    rng.shuffle(second)
    start = max(m["batch"] for m in manifest) + 1
    stratum.update(new)
    write(args, doc, leaves, by_id, stratum, first, second, start=start, manifest=manifest)


def thin(args) -> None:
    """The third wave: for every leaf with fewer than 25 in-scope training readings, the not yet drawn stream
    (training days) and LLM-index papers the shipped model rates most likely for that leaf, up to 60 a leaf."""
    rng = random.Random(args.seed + 3)
    doc, leaves, rows, papers, preds, clf, days = scored_pool(args)
    by_id = {r["arxiv_id"]: r for r in rows}
    manifest = [json.loads(line) for line in (READINGS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    stratum = {m["arxiv_id"]: m["stratum"] for m in manifest}
    have: dict = defaultdict(int)
    for line in (READINGS / "readings.jsonl").read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        if r["verdict"] == "in" and r.get("pass") == "first" and stratum[r["arxiv_id"]] not in ("dev", "test"):
            have[tuple(r["leaves"][0])] += 1
    full = clf.predict(papers, top_k=0)
    pool = [(r, pr) for r, pr in zip(rows, full) if r["arxiv_id"] not in stratum
            and (r["source"] == "llm_papers" or r["date"] < HELDOUT_FROM) and pr.relevance >= 0.5 * clf.threshold]
    new: dict[str, str] = {}
    for leaf in leaves:
        want = min(60, round(2.5 * (PER_LEAF - have[leaf])))
        if want <= 0:
            continue
        ranked = sorted(((next(s.score for s in pr.sections if s.path == leaf) * pr.relevance, r["arxiv_id"])
                         for r, pr in pool), reverse=True)
        for _, i in [x for x in ranked if x[1] not in new][:want]:
            new[i] = "thin"
    first = sorted(new)
    rng.shuffle(first)
    start = max(m["batch"] for m in manifest) + 1
    stratum.update(new)
    write(args, doc, leaves, by_id, stratum, first, [], start=start, manifest=manifest)


def write(args, doc, leaves, by_id, stratum, first, second, start=1, manifest=None) -> None:
    descriptions = read_descriptions(DATA / "sections.toml", leaves)
    READINGS.mkdir(parents=True, exist_ok=True)
    (READINGS / "brief").mkdir(exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    brief, listing = BRIEF, leaves_text(doc, leaves, descriptions)
    for folder in (args.out, READINGS / "brief"):
        (folder / "BRIEF.md").write_text(brief, encoding="utf-8")
        (folder / "leaves.md").write_text(listing, encoding="utf-8")
    manifest = list(manifest or [])
    n_first = -(-len(first) // BATCH)
    half = len(second) // 2
    batches = [("first", first[k::n_first]) for k in range(n_first)]
    batches += [("second", part) for part in (second[:half], second[half:]) if part]
    for number, (pass_, ids) in enumerate(batches, start):
        text = "".join(f"## {n}. {by_id[i]['title']}\n\n{by_id[i].get('abstract') or '(no abstract)'}\n\n"
                       for n, i in enumerate(ids, 1))
        (args.out / f"batch_{number:02d}.md").write_text(text, encoding="utf-8")
        manifest += [{"batch": number, "n": n, "arxiv_id": i, "stratum": stratum[i], "pass": pass_}
                     for n, i in enumerate(ids, 1)]
    with (READINGS / "manifest.jsonl").open("w", encoding="utf-8") as out:
        out.writelines(json.dumps(m) + "\n" for m in manifest)
    keep = ("arxiv_id", "title", "abstract", "date", "categories", "source")
    with gzip.GzipFile(READINGS / "papers.jsonl.gz", "wb", mtime=0) as raw:
        raw.write("".join(json.dumps({k: by_id[i].get(k) for k in keep}) + "\n" for i in sorted(stratum)).encode())
    counts = defaultdict(int)
    for i in stratum.values():
        counts[i] += 1
    print(f"{len(first)} papers in {n_first} first-pass batches, {len(second)} read twice in 2 batches; "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def merge(args) -> None:
    doc = parse((DATA / "survey_README.md").read_text(encoding="utf-8"))
    leaves = list(doc.leaf_paths())
    manifest = [json.loads(line) for line in (READINGS / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    readers = json.loads((READINGS / "readers.json").read_text(encoding="utf-8"))
    by_batch, passes = defaultdict(list), {}
    for m in manifest:
        by_batch[m["batch"]].append(m["arxiv_id"])
        passes[m["batch"]] = m["pass"]
    out = []
    for batch, ids in sorted(by_batch.items()):
        path = READINGS / "answers" / f"batch_{batch:02d}.tsv"
        if not path.exists():
            print(f"batch {batch}: no answers yet")
            continue
        answers = parse_answers(path.read_text(encoding="utf-8"), len(ids), len(leaves), str(path))
        out += [(passes[batch], r) for r in readings_of_batch(answers, ids, leaves, readers[str(batch)])]
    with (READINGS / "readings.jsonl").open("w", encoding="utf-8") as handle:
        for pass_, r in out:
            handle.write(json.dumps({"arxiv_id": r.arxiv_id, "verdict": r.verdict, "pass": pass_,
                                     "leaves": [list(p) for p in r.leaves], "reader": r.reader}) + "\n")
    print(f"{len(out)} readings of {len({r.arxiv_id for _, r in out})} papers written to {READINGS / 'readings.jsonl'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("draw", help="draw the corpus and write the readers' batch files")
    d.set_defaults(func=draw)
    e = sub.add_parser("extend", help="draw the second wave and write its batch files")
    t = sub.add_parser("thin", help="draw the third wave (leaves with few in-scope readings)")
    t.set_defaults(func=thin)
    for p in (d, e, t):
        p.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
        p.add_argument("--seed", type=int, default=20261205)
        p.add_argument("--model", type=Path, default=DATA / "model")
        p.add_argument("--out", type=Path, required=True)
    e.set_defaults(func=extend)
    sub.add_parser("merge", help="check the answers and write readings.jsonl").set_defaults(func=merge)
    args = parser.parse_args()
    try:
        args.func(args)
    except (LitbotError, OSError) as exc:
        sys.exit(f"reading_corpus: {exc}")


if __name__ == "__main__":
    main()
