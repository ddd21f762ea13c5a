"""`litbot learn`: turn the outcomes of earlier litbot PRs into decisions, export them, retrain when enough arrived."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bot.commands import DATA_DIR, model_dir
from bot.config import Config
from bot.learn import learn
from bot.readme import parse
from bot.repos import add_repo_arguments, open_repo
from bot.store import Store

log = logging.getLogger(__name__)



def _section(path: tuple[str, ...] | None) -> str:
    return path[-1] if path else "-"


def run(args: argparse.Namespace) -> int:
    from bot import decisions_file, relearn
    from bot.learn import derive

    loader = getattr(args, "load_config", None)
    config: Config = loader() if loader else Config()
    repo = open_repo(args, config)
    data_dir = Path(args.data)
    branch = repo.base_branch()
    doc = parse(repo.read_readme(branch).text)
    prs = repo.list_litbot_prs()
    state = args.state or config.state.path
    with Store(state) as store:
        report = learn(repo, store, doc, export_to=data_dir / "decisions.jsonl", prs=prs)
    print(f"read {report.prs_read} litbot PRs ({report.prs_open} still open): {len(report.new)} new decisions "
          f"({report.positives} positive, {report.negatives} negative, {len(report.moved)} moved by a maintainer)")
    for d in report.new:
        sign = "+" if d.label == "positive" else "-"
        print(f"  {sign} {d.arxiv_id}  {d.source:<10} {_section(d.section)}  ({d.detail})")
    committed = decisions_file.parse_decisions(repo.read_text(decisions_file.PATH, branch) or "",
                                               f"{decisions_file.PATH} on {branch}")
    decisions = relearn.decision_set(derive(prs, doc)[0], committed)
    print(f"exported {report.exported} decisions to {data_dir / 'decisions.jsonl'}; the repository holds "
          f"{len(decisions)} ({len(committed)} in {decisions_file.PATH})")
    if args.no_retrain:
        return 0
    outcome = relearn.keep_in_step(decisions, doc, base_model=model_dir(args, config),
                                   learned_dir=relearn.learned_dir_for(state), data_dir=data_dir,
                                   threshold=args.retrain_after or config.state.retrain_after, limit=args.limit)
    if outcome.meta is not None:
        facts = outcome.meta["training"]
        print(f"retrained on {facts['listed_papers']} papers and {facts['negatives']} negatives "
              f"in {outcome.meta['train_seconds']}s -> {outcome.model}")
    else:
        print(f"model: {outcome.model} ({outcome.plan.reason})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "learn", help="learn from earlier litbot PRs (merged, moved, closed) and retrain when enough changed",
        description="Read the machine-readable block of every litbot PR, the README on the base branch and the "
        "committed decisions file (.litbot/decisions.jsonl): a merged paper is a positive in the section where "
        "it sits now, a closed PR's papers and removed lines are negatives. Decisions go into the state file and "
        "--data's decisions.jsonl (which `litbot train` reads); once state.retrain_after of them differ from what "
        "the learned model beside the state file (<state>.model/) learned from, it is retrained on all of them. "
        "`litbot run` does the same before each run.",
    )
    add_repo_arguments(parser)
    parser.add_argument("--state", metavar="PATH", help="SQLite state file (default: state.path)")
    parser.add_argument("--data", default=str(DATA_DIR), help="training data folder (read by a retrain); decisions.jsonl is exported here")
    parser.add_argument("--model", metavar="DIR", help="the base model (default: classifier.model_path, else shipped)")
    parser.add_argument("--retrain-after", type=int, metavar="N", help="override state.retrain_after")
    parser.add_argument("--no-retrain", action="store_true", help="record and export decisions only")
    parser.add_argument("--limit", type=int, metavar="N", help="retrain with only the first N negatives (quick)")
    parser.set_defaults(func=run)
