"""`litbot learn`: turn the outcomes of earlier litbot PRs into decisions, export them, retrain when enough arrived."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bot.commands.options import MODEL, REPO, STATE, add_command
from bot.commands.output import Output, add_json
from bot.context import Context
from bot.learn import learn
from bot.paths import shipped
from bot.readme import parse

log = logging.getLogger(__name__)



def _section(path: tuple[str, ...] | None) -> str:
    return path[-1] if path else "-"


def run(ctx: Context, args: argparse.Namespace) -> int:
    from bot import decisions_file, relearn
    from bot.learn import derive

    repo = ctx.repo()
    exported = Path(args.data) / "decisions.jsonl" if args.data else ctx.paths.decisions
    branch = repo.base_branch()
    doc = parse(repo.read_readme(branch).text)
    prs = repo.list_litbot_prs()
    shown = Output.of(ctx, args)
    with ctx.store() as store:
        report = learn(repo, store, doc, export_to=exported, prs=prs)
    committed = decisions_file.parse_decisions(repo.read_text(decisions_file.PATH, branch) or "",
                                               f"{decisions_file.PATH} on {branch}")
    decisions = relearn.decision_set(derive(prs, doc)[0], committed)
    threshold = args.retrain_after or ctx.config.state.retrain_after
    result = {
        "prs_read": report.prs_read, "prs_open": report.prs_open, "positives": report.positives,
        "negatives": report.negatives, "moved": len(report.moved),
        "new": [{"arxiv_id": d.arxiv_id, "label": d.label, "source": d.source,
                 "section": list(d.section) if d.section else None, "detail": d.detail} for d in report.new],
        "exported": report.exported, "decisions_file": str(exported), "in_repository": len(decisions),
        "committed": len(committed), "retrain_after": threshold, "model": None, "retrained": None,
    }
    shown.say(f"read {report.prs_read} litbot PRs ({report.prs_open} still open): {len(report.new)} new "
              f"decisions ({report.positives} positive, {report.negatives} negative, {len(report.moved)} moved "
              "by a maintainer)")
    for d in report.new:
        sign = "+" if d.label == "positive" else "-"
        shown.say(f"  {sign} {d.arxiv_id}  {d.source:<10} {_section(d.section)}  ({d.detail})")
    shown.say(f"exported {report.exported} decisions to {exported}; the repository holds "
              f"{len(decisions)} ({len(committed)} in {decisions_file.PATH})")
    if not args.no_retrain:
        outcome = relearn.keep_in_step(decisions, doc, base_model=ctx.paths.base_model(ctx.options.model),
                                       learned_dir=ctx.paths.learned_model,
                                       data_dir=Path(args.training_data) if args.training_data else shipped(),
                                       threshold=threshold, limit=args.limit)
        result["model"] = str(outcome.model)
        if outcome.meta is not None:
            facts = outcome.meta["training"]
            result["retrained"] = {"model": str(outcome.model), "listed_papers": facts["listed_papers"],
                                   "negatives": facts["negatives"], "train_seconds": outcome.meta["train_seconds"]}
            shown.say(f"retrained on {facts['listed_papers']} papers and {facts['negatives']} negatives "
                      f"in {outcome.meta['train_seconds']}s -> {outcome.model}")
        else:
            shown.say(f"model: {outcome.model} ({outcome.plan.reason})")
    shown.result(result)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(
        sub, "learn", REPO, STATE, MODEL,
        help="learn from earlier litbot PRs (merged, moved, closed) and retrain when enough changed",
        description="Read the machine-readable block of every litbot PR, the README on the base branch and the "
        "committed decisions file (.github/litbot/decisions.jsonl): a merged paper is a positive in the section where "
        "it sits now, a closed PR's papers and removed lines are negatives. Decisions go into the state file and "
        "decisions.jsonl in state.dir (which `litbot train` reads); once state.retrain_after of them differ from "
        "what the learned model in state.dir learned from, it is retrained on all of them. `litbot run` does the "
        "same before each run.",
    )
    parser.add_argument("--data", metavar="DIR", help="write decisions.jsonl here (default: state.dir)")
    parser.add_argument("--training-data", metavar="DIR", help="training data a retrain reads (default: shipped)")
    parser.add_argument("--retrain-after", type=int, metavar="N", help="override state.retrain_after")
    parser.add_argument("--no-retrain", action="store_true", help="record and export decisions only")
    parser.add_argument("--limit", type=int, metavar="N", help="retrain with only the first N negatives (quick)")
    add_json(parser, '{"prs_read", "prs_open", "positives", "negatives", "moved", "new": [{"arxiv_id", "label", '
             '"source", "section", "detail"}], "exported", "decisions_file", "untrained", "retrain_after", '
             '"retrained": {"model", "listed_papers", "negatives", "train_seconds"} or null}')
    parser.set_defaults(func=run)
