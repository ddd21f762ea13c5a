"""House-style benchmark: template match shares, and a replay of the diffusion list's year (render and section).

Run from the repository root (the repo's parent folder holds shared/lists):

    PYTHONPATH=. python bench/style_bench.py [--shared ../shared/lists]

Prints: the share of entries that match their section's dominant template on the survey, both diffusion
snapshots and the two fixture lists; for the fixture lists, the share re-rendered byte-identically (whitespace
normalised) from their own fields; then the replay: the papers the diffusion list added between the 2022-11-05
and 2023-11-05 snapshots, each rendered from the fields read from the later snapshot's own entry in the style
learned from the 2022 snapshot, and placed by titles-only classifiers trained on the 2022 snapshot.

The 2023 list renamed and split sections, so a predicted 2022 section counts as right when the papers of that
2022 section that are still listed in 2023 mostly sit in the added paper's 2023 section (the maintainers' own
move); top-3 takes the first three distinct 2023 sections the ranked 2022 sections map to. Last, two ceilings
for titles alone measured in the 2023 sections themselves, where no renaming stands in the way.
"""

from __future__ import annotations

import argparse
import itertools
import logging
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from bot.readme import parse
from bot.readme.blocks import paper_blocks
from bot.readme.index import normalise_title
from bot.style import infer_blocks, render
from bot.style.extract import observe
from bot.style.model import normalise_space
from classifiers.dataset import read_jsonl
from classifiers.list_training import train_list
from classifiers.predict import Classifier

log = logging.getLogger(__name__)
REPO = Path(__file__).resolve().parent.parent
SEED = 0
OLD, NEW = "awesome-diffusion-models.2022-11-05.README.md", "awesome-diffusion-models.README.md"


def read(path: Path):
    doc = parse(path.read_bytes().decode("utf-8"))
    blocks = paper_blocks(doc)
    return blocks, [observe(b).fields for b in blocks]


def self_render_share(blocks, style) -> float:
    """Share of entries whose own fields, rendered in their section's template, give their text back."""
    same = sum(normalise_space("\n".join(render(style.for_section(b.section), observe(b).fields)))
               == normalise_space(b.text) for b in blocks)
    return same / len(blocks)


def _features() -> FeatureUnion:
    return FeatureUnion([
        ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2)),
    ])


def titles_model() -> Pipeline:
    """Titles only: tf-idf word 1-2 grams plus char 2-5 grams, multinomial logistic regression (fixed seed).

    (A calibrated SVM needs three papers per section for its folds; the 2022 list has sections with fewer.)
    """
    return Pipeline([("features", _features()),
                     ("model", LogisticRegression(C=20, max_iter=3000, random_state=SEED))])


def svm_words_chars_model() -> Pipeline:
    return Pipeline([("features", _features()), ("model", LinearSVC(C=0.5, random_state=SEED))])


def baseline_model() -> Pipeline:
    """The baseline: tf-idf words and LinearSVC, defaults."""
    return Pipeline([("tfidf", TfidfVectorizer()), ("model", LinearSVC(random_state=SEED))])


def ranked(model: Pipeline, titles: list[str]) -> np.ndarray:
    scores = model.predict_proba(titles) if hasattr(model, "predict_proba") else model.decision_function(titles)
    return np.argsort(-scores, axis=1)


def topk(model, titles, truth, mapping) -> tuple[float, float]:
    classes = model.classes_
    hits1 = hits3 = 0
    for order, want in zip(ranked(model, titles), truth):
        mapped: list[str] = []
        for k in order:
            target = mapping.get(classes[k])
            if target and target not in mapped:
                mapped.append(target)
            if len(mapped) == 3:
                break
        hits1 += bool(mapped) and mapped[0] == want
        hits3 += want in mapped
    return hits1 / len(truth), hits3 / len(truth)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared" / "lists"), help="folder of the list snapshots")
    args = parser.parse_args()
    shared = Path(args.shared)
    lists = [("survey", REPO / "data" / "survey_README.md"), ("diffusion 2022-11-05", shared / OLD),
             ("diffusion 2023-11-05", shared / NEW),
             ("fixture: table list", REPO / "tests/fixtures/lists/table-list.md"),
             ("fixture: two-line bold list", REPO / "tests/fixtures/lists/two-line-bold-list.md")]
    print("== template inference: entries matching their section's dominant template")
    learned = {}
    for name, path in lists:
        blocks, _ = read(path)
        style = infer_blocks(blocks)
        learned[name] = (blocks, style)
        print(f"{name:30s} {style.matched:5d}/{style.entries:<5d} {style.share:7.2%}   list-wide template "
              f"{style.templates[0][1] / style.entries:7.2%}  {style.template.skeleton!r}")
    print("== fixture lists: entries re-rendered from their own fields, byte-identical (whitespace normalised)")
    for name in ("fixture: table list", "fixture: two-line bold list"):
        blocks, style = learned[name]
        print(f"{name:30s} {self_render_share(blocks, style):7.2%} of {len(blocks)}")

    old_blocks, old_style = learned["diffusion 2022-11-05"]
    new_blocks, _ = learned["diffusion 2023-11-05"]
    old_fields = [observe(b).fields for b in old_blocks]
    new_fields = [observe(b).fields for b in new_blocks]
    old_ids = {f.arxiv_id for f in old_fields if f.arxiv_id}
    old_titles = {normalise_title(f.title) for f in old_fields}
    added = [(b, f) for b, f in zip(new_blocks, new_fields)
             if f.arxiv_id and f.arxiv_id not in old_ids and normalise_title(f.title) not in old_titles]
    same = sum(normalise_space("\n".join(render(old_style.template, f))) == normalise_space(b.text) for b, f in added)
    print("== diffusion replay: 2022-11-05 -> 2023-11-05")
    print(f"papers added (arXiv id and title new): {len(added)}")
    print(f"rendered from the later line's fields in the 2022 style, byte-identical (whitespace normalised): "
          f"{same}/{len(added)} = {same / len(added):.2%}")

    where_new = {f.arxiv_id: b.section for b, f in zip(new_blocks, new_fields) if f.arxiv_id}
    moved: dict[tuple, Counter] = defaultdict(Counter)
    for b, f in zip(old_blocks, old_fields):
        if f.arxiv_id in where_new:
            moved[b.section][where_new[f.arxiv_id]] += 1
    mapping = {" > ".join(old): " > ".join(c.most_common(1)[0][0]) for old, c in moved.items()}
    train = [(f.title, " > ".join(b.section)) for b, f in zip(old_blocks, old_fields)
             if f.arxiv_id and " > ".join(b.section) in mapping]
    test = [(f.title, " > ".join(b.section)) for b, f in added]
    reachable = set(mapping.values())
    print(f"2022 sections: {len(moved)} with papers still listed in 2023, mapped onto {len(reachable)} of the "
          f"{len({s for _, s in test})} 2023 sections the added papers sit in; "
          f"{sum(s in reachable for _, s in test)}/{len(test)} added papers sit in a reachable section")
    x_train, y_train = [t for t, _ in train], [s for _, s in train]
    x_test, y_test = [t for t, _ in test], [s for _, s in test]
    majority = Counter(mapping[s] for s in y_train).most_common(1)[0][0]
    print(f"training entries (2022, with an arXiv id): {len(train)}; test: {len(test)}")
    print(f"{'majority 2023 section':48s} top-1 {sum(y == majority for y in y_test) / len(y_test):.3f}")
    for name, make in (("titles: word+char tf-idf, LogisticRegression", titles_model),
                       ("titles: word+char tf-idf, LinearSVC", svm_words_chars_model),
                       ("baseline: tf-idf + LinearSVC", baseline_model)):
        model = make().fit(x_train, y_train)
        top1, top3 = topk(model, x_test, y_test, mapping)
        print(f"{name:48s} top-1 {top1:.3f}  top-3 {top3:.3f}")
    top1, top3 = litbot_model(shared / OLD, x_test, y_test, mapping)
    print(f"{'litbot train on the 2022 list (its own model)':48s} top-1 {top1:.3f}  top-3 {top3:.3f}")
    ceilings(new_blocks, new_fields, old_ids)


def litbot_model(old_list: Path, titles, truth, mapping) -> tuple[float, float]:
    """What `litbot train` builds for the 2022 list (every section with papers a leaf), with the first 3,000
    stream papers of data/negatives.jsonl.gz as the papers it fetched; its ranked sections scored like the rest."""
    doc = parse(old_list.read_bytes().decode("utf-8"))
    fetched = [SimpleNamespace(arxiv_id=r["arxiv_id"], title=r["title"], announce_date=None)
               for r in itertools.islice(read_jsonl(REPO / "data" / "negatives.jsonl.gz"), 3000)]
    with tempfile.TemporaryDirectory() as out:
        train_list(doc, sorted({e.section for e in doc.entries}), "mhh0318/Awesome-Diffusion-Models", fetched,
                   Path(out))
        predictions = Classifier.load(Path(out)).predict([{"arxiv_id": "", "title": t} for t in titles], top_k=0)
    hits1 = hits3 = 0
    for prediction, want in zip(predictions, truth):
        mapped = list(dict.fromkeys(m for m in (mapping.get(" > ".join(s.path)) for s in prediction.sections) if m))
        hits1 += bool(mapped) and mapped[0] == want
        hits3 += want in mapped[:3]
    return hits1 / len(truth), hits3 / len(truth)


def ceilings(new_blocks, new_fields, old_ids) -> None:
    """How much titles alone can tell the 2023 sections apart, with no taxonomy change in the way: the same
    classifier (a) trained on the 2022 papers where the 2023 list files them, tested on the added papers, and
    (b) cross-validated (5 folds, seeded, sections with at least 5 papers) on every 2023 entry."""
    print("== ceilings on titles alone, in the 2023 sections themselves")
    rows = [(f.title, " > ".join(b.section), f.arxiv_id in old_ids) for b, f in zip(new_blocks, new_fields)
            if f.arxiv_id]
    old = [(t, s) for t, s, was in rows if was]
    new = [(t, s) for t, s, was in rows if not was]
    model = svm_words_chars_model().fit([t for t, _ in old], [s for _, s in old])
    hit = np.mean(model.predict([t for t, _ in new]) == np.array([s for _, s in new]))
    print(f"(a) trained on {len(old)} 2022 papers in their 2023 sections, tested on {len(new)} added: top-1 {hit:.3f}")
    sizes = Counter(s for _, s, _ in rows)
    kept = [(t, s) for t, s, _ in rows if sizes[s] >= 5]
    guess = cross_val_predict(svm_words_chars_model(), [t for t, _ in kept], [s for _, s in kept],
                              cv=StratifiedKFold(5, shuffle=True, random_state=SEED))
    hit = np.mean(guess == np.array([s for _, s in kept]))
    print(f"(b) 5-fold cross-validation over {len(kept)} 2023 entries: top-1 {hit:.3f}")


if __name__ == "__main__":
    main()
