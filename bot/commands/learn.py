"""`litbot learn`: turn the outcomes of earlier litbot PRs into decisions, export them, retrain when enough arrived."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bot.commands.options import MODEL, REPO, STATE, add_command
from bot.commands.output import Output, add_json
from bot.context import Context
from bot.learn import learn, maybe_retrain
from bot.paths import shipped
from bot.readme import parse

log = logging.getLogger(__name__)



def _section(path: tuple[str, ...] | None) -> str:
    return path[-1] if path else "-"


def run(ctx: Context, args: argparse.Namespace) -> int:
    config = ctx.config
    repo = ctx.repo()
    decisions = Path(args.data) / "decisions.jsonl" if args.data else ctx.paths.decisions
    model = Path(ctx.options.model) if ctx.options.model else ctx.paths.retrained_model
    doc = parse(repo.read_readme(repo.base_branch()).text)
    shown = Output.of(ctx, args)
    with ctx.store() as store:
        report = learn(repo, store, doc, export_to=decisions)
        threshold = args.retrain_after or config.state.retrain_after
        result = {
            "prs_read": report.prs_read, "prs_open": report.prs_open, "positives": report.positives,
            "negatives": report.negatives, "moved": len(report.moved),
            "new": [{"arxiv_id": d.arxiv_id, "label": d.label, "source": d.source,
                     "section": list(d.section) if d.section else None, "detail": d.detail} for d in report.new],
            "exported": report.exported, "decisions_file": str(decisions), "untrained": report.untrained,
            "retrain_after": threshold, "retrained": None,
        }
        shown.say(f"read {report.prs_read} litbot PRs ({report.prs_open} still open): {len(report.new)} new "
                  f"decisions ({report.positives} positive, {report.negatives} negative, {len(report.moved)} moved "
                  "by a maintainer)")
        for d in report.new:
            sign = "+" if d.label == "positive" else "-"
            shown.say(f"  {sign} {d.arxiv_id}  {d.source:<10} {_section(d.section)}  ({d.detail})")
        shown.say(f"exported {report.exported} decisions to {decisions}; "
                  f"{report.untrained} not yet trained on (retrain after {threshold})")
        if not args.no_retrain:
            meta = maybe_retrain(store, doc, threshold=threshold, data_dir=shipped(), model_dir=model,
                                 limit=args.limit, decisions=decisions)
            if meta is not None:
                facts = meta["training"]
                result["retrained"] = {"model": str(model), "listed_papers": facts["listed_papers"],
                                       "negatives": facts["negatives"], "train_seconds": meta["train_seconds"]}
                shown.say(f"retrained on {facts['listed_papers']} papers and {facts['negatives']} negatives "
                          f"in {meta['train_seconds']}s -> {model}")
    shown.result(result)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(
        sub, "learn", REPO, STATE, MODEL, help="learn from earlier litbot PRs (merged, moved, closed) and retrain when enough came in",
        description="Read the machine-readable block of every litbot PR and the README on the base branch: a "
        "merged paper is a positive in the section where it sits now, a closed PR's papers and removed lines are "
        "negatives. Decisions go into the state file and decisions.jsonl in state.dir (which `litbot train` reads); the "
        "model is retrained once state.retrain_after new decisions have come in.",
    )
    parser.add_argument("--data", metavar="DIR", help="write decisions.jsonl here (default: state.dir)")
    parser.add_argument("--retrain-after", type=int, metavar="N", help="override state.retrain_after")
    parser.add_argument("--no-retrain", action="store_true", help="record and export decisions only")
    parser.add_argument("--limit", type=int, metavar="N", help="retrain with only the first N negatives (quick)")
    add_json(parser, '{"prs_read", "prs_open", "positives", "negatives", "moved", "new": [{"arxiv_id", "label", '
             '"source", "section", "detail"}], "exported", "decisions_file", "untrained", "retrain_after", '
             '"retrained": {"model", "listed_papers", "negatives", "train_seconds"} or null}')
    parser.set_defaults(func=run)
