"""`litbot learn`: turn the outcomes of earlier litbot PRs into decisions, export them, retrain when enough arrived."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bot.commands import DATA_DIR, model_dir
from bot.config import Config
from bot.learn import learn, maybe_retrain
from bot.readme import parse
from bot.repos import add_repo_arguments, open_repo
from bot.store import Store

log = logging.getLogger(__name__)



def _section(path: tuple[str, ...] | None) -> str:
    return path[-1] if path else "-"


def run(args: argparse.Namespace) -> int:
    loader = getattr(args, "load_config", None)
    config: Config = loader() if loader else Config()
    repo = open_repo(args, config)
    data_dir = Path(args.data)
    doc = parse(repo.read_readme(repo.base_branch()).text)
    with Store(args.state or config.state.path) as store:
        report = learn(repo, store, doc, export_to=data_dir / "decisions.jsonl")
        print(f"read {report.prs_read} litbot PRs ({report.prs_open} still open): {len(report.new)} new decisions "
              f"({report.positives} positive, {report.negatives} negative, {len(report.moved)} moved by a maintainer)")
        for d in report.new:
            sign = "+" if d.label == "positive" else "-"
            print(f"  {sign} {d.arxiv_id}  {d.source:<10} {_section(d.section)}  ({d.detail})")
        threshold = args.retrain_after or config.state.retrain_after
        print(f"exported {report.exported} decisions to {data_dir / 'decisions.jsonl'}; "
              f"{report.untrained} not yet trained on (retrain after {threshold})")
        if args.no_retrain:
            return 0
        meta = maybe_retrain(store, doc, threshold=threshold, data_dir=data_dir,
                             model_dir=model_dir(args, config), limit=args.limit)
        if meta is not None:
            facts = meta["training"]
            print(f"retrained on {facts['listed_papers']} papers and {facts['negatives']} negatives "
                  f"in {meta['train_seconds']}s -> {model_dir(args, config)}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "learn", help="learn from earlier litbot PRs (merged, moved, closed) and retrain when enough came in",
        description="Read the machine-readable block of every litbot PR and the README on the base branch: a "
        "merged paper is a positive in the section where it sits now, a closed PR's papers and removed lines are "
        "negatives. Decisions go into the state file and data/decisions.jsonl (which `litbot train` reads); the "
        "model is retrained once state.retrain_after new decisions have come in.",
    )
    add_repo_arguments(parser)
    parser.add_argument("--state", metavar="PATH", help="SQLite state file (default: state.path)")
    parser.add_argument("--data", default=str(DATA_DIR), help="training data folder; decisions.jsonl is written here")
    parser.add_argument("--model", metavar="DIR", help="model folder to retrain (default: classifier.model_path)")
    parser.add_argument("--retrain-after", type=int, metavar="N", help="override state.retrain_after")
    parser.add_argument("--no-retrain", action="store_true", help="record and export decisions only")
    parser.add_argument("--limit", type=int, metavar="N", help="retrain with only the first N negatives (quick)")
    parser.set_defaults(func=run)
