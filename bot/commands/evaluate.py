"""`litbot evaluate`: backtest the section model against two baselines, measure relevance, write a report."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bot.commands.options import MODEL, README, add_command
from bot.commands.output import Output, add_json
from bot.commands.progress import progress
from bot.context import Context
from bot.errors import LitbotError
from bot.paths import shipped, shipped_model
from classifiers import report
from classifiers.descriptions import SECTIONS, read_descriptions
from classifiers.evaluate import CUTS, relevance_eval, section_backtest
from classifiers.predict import Classifier
from classifiers.reading import HELD_OUT, load_corpus
from classifiers.training import evaluation_split_in
from bot.judgment import Judgment, judge, replay

log = logging.getLogger(__name__)


def shipped_on_heldout(clf: Classifier, heldout) -> dict:
    """The shipped model's flag rate on held-out stream days and its 50 highest-scoring papers there."""
    preds = clf.predict(heldout)
    flagged = [p for p in preds if p.relevant]
    ranked = sorted(zip(preds, heldout), key=lambda pair: -pair[0].relevance)[:50]
    return {
        "n": len(preds), "flags": len(flagged), "threshold": clf.threshold,
        "flags_per_1000": 1000 * len(flagged) / max(1, len(preds)),
        "triage": sum(p.needs_triage for p in flagged),
        "top": [{"relevance": p.relevance, "arxiv_id": paper.arxiv_id, "title": paper.title.replace("|", "/"),
                 "section": p.sections[0].path[-1]} for p, paper in ranked],
    }


def judgment_on_days(clf: Classifier, data_dir: Path, config) -> dict[str, Judgment]:
    """The run's selection replayed on the reading corpus's held-out days ("dev" tunes, "test" reports), scored
    against the blind readings; empty when data_dir has no reading corpus."""
    corpus = load_corpus(data_dir)
    if corpus is None:
        return {}
    cfg, primary = config.classifier, corpus.primary()
    out = {}
    for stratum in HELD_OUT:
        days = corpus.days(stratum)
        if days:
            selections = replay(clf, days, config.pr.daily_cap, cfg.relevance_threshold, cfg.triage_threshold,
                                cfg.propose_threshold)
            out[stratum] = judge(selections, days, primary)
    return out


def run(ctx: Context, args: argparse.Namespace) -> int:
    import importlib.util

    if importlib.util.find_spec("matplotlib") is None:
        raise LitbotError("litbot evaluate draws its figures with matplotlib, which is not installed: "
                          "pip install 'litbot[evaluate]'")
    doc = ctx.readme()
    data_dir = Path(args.data) if args.data else shipped()
    split = evaluation_split_in(doc, data_dir)
    history, train_neg, heldout = list(split.history), list(split.train_negatives), list(split.heldout)
    leaves = list(doc.leaf_paths())
    clf = Classifier.load(Path(ctx.options.model) if ctx.options.model else shipped_model(), taxonomy=leaves)
    with progress("evaluating", len(CUTS) + 3, quiet=ctx.options.quiet) as steps:
        steps.update(description="section backtest")
        backtest = section_backtest(history, leaves, train_neg, progress=steps.advance,
                                    descriptions=read_descriptions(data_dir / SECTIONS, leaves))
        steps.update(description="relevance time split")
        relevance = relevance_eval(history, train_neg, heldout)
        steps.update(description="shipped model on held-out days", advance=1)
        on_heldout = shipped_on_heldout(clf, heldout)
        steps.update(description="judgment on held-out reading days", advance=1)
        judgments = judgment_on_days(clf, data_dir, ctx.config)
        steps.update(description="writing the report", advance=1)
        path = report.write(Path(args.out), backtest, relevance, on_heldout,
                            {name: j.rows() for name, j in judgments.items()})
    shown = Output.of(ctx, args)
    if shown.as_json:
        shown.result({
            "sections": {name: {m: round(backtest.mean(name, m), 4) for m in ("top1", "top3", "macro_f1")}
                         for name in report.SYSTEMS},
            "relevance": {"cut": relevance.cut, "recall": relevance.recall, "later_survey_papers": relevance.n_test_pos,
                          "flags_per_1000": relevance.flags_per_1000},
            "shipped": {"papers": on_heldout["n"], "flags_per_1000": on_heldout["flags_per_1000"]},
            "judgment": {name: dict(j.rows()) for name, j in judgments.items()},
            "report": str(path),
        })
        return 0
    for name in report.SYSTEMS:
        print(f"section {name:<16} top-1 {backtest.mean(name, 'top1'):.3f}  top-3 {backtest.mean(name, 'top3'):.3f}"
              f"  macro-F1 {backtest.mean(name, 'macro_f1'):.3f}")
    print(f"relevance (time split {relevance.cut}): recall {relevance.recall:.3f} of {relevance.n_test_pos} later "
          f"survey papers, {relevance.flags_per_1000:.1f} flags per 1,000 held-out stream papers")
    print(f"shipped model on {on_heldout['n']} held-out stream papers: "
          f"{on_heldout['flags_per_1000']:.1f} flags per 1,000")
    for name, j in judgments.items():
        print(f"judgment on the {name} reading days (blind readers' labels; the model never trained on these days):")
        for measure, value in j.rows():
            print(f"  {measure:<52} {value}")
    print(f"report: {path}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "evaluate", README, MODEL, help="backtest the classifier and write a report with figures "
                         "(needs the evaluate extra: pip install 'litbot[evaluate]')")
    parser.add_argument("--data", metavar="DIR", help="folder with the training data and history (default: shipped)")
    parser.add_argument("--out", default="reports", help="report folder (default: reports/ in the current directory)")
    add_json(parser, '{"sections": {SYSTEM: {"top1", "top3", "macro_f1"}}, "relevance": {"cut", "recall", '
             '"later_survey_papers", "flags_per_1000"}, "shipped": {"papers", "flags_per_1000"}, '
             '"judgment": {"dev"|"test": {MEASURE: VALUE}}, "report": FILE}')
    parser.set_defaults(func=run)
