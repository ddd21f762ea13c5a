"""`litbot run`: one daily job — fetch the unprocessed days, classify, propose, record — then a summary table."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from rich.console import Console

from bot.commands.options import DATES, LOAD_DAYS, MODEL, REPO, STATE, add_command
from bot.commands.output import Output, add_json
from bot.commands.progress import progress
from bot.context import Context
from bot.daily import Retrain, request_for, run_once
from bot.killpoints import checkpoint_from
from bot.run_report import RunReport, print_summary


def emit(report: RunReport, as_json: bool) -> int:
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print_summary(report, Console(highlight=False))
    return 0 if report.ok else 1


# The steps of a run, in order, for the progress display (learn only when the run learns first).
STEPS = ("learn", "fetch", "dedupe", "classify", "propose", "record")


def run(ctx: Context, args: argparse.Namespace) -> int:
    say = Output.of(ctx, args).say  # with --json the readable lines go to stderr
    request = request_for(ctx, dry_run=args.dry_run, force=args.force)
    with ctx.store() as store, progress("litbot run", len(STEPS), quiet=ctx.options.quiet) as steps:
        def step(name: str) -> None:
            steps.update(description=name, advance=STEPS.index(name) - steps.done if name in STEPS else 0)

        # crash tests only: kill points come from the environment here, at the entry point, never deeper
        report = run_once(ctx, store, request, learn=not args.no_learn, say=say,
                          checkpoint=checkpoint_from(os.environ), step=step,
                          retrain=Retrain(Path(args.data) if args.data else None, args.retrain_limit))
    return emit(report, args.json)


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "run", DATES, LOAD_DAYS, STATE, MODEL, REPO,
                         help="the daily job: fetch, classify, propose, record, summarise")
    parser.add_argument("--dry-run", action="store_true", help="print the diff; write nothing to the repo or store")
    parser.add_argument("--force", action="store_true", help="propose papers again that a closed PR rejected")
    parser.add_argument("--no-learn", action="store_true",
                        help="skip learning from earlier litbot PRs (and retraining) before the run")
    parser.add_argument("--data", metavar="DIR",
                        help="training data a retrain reads (default: litbot's shipped data); nothing is written there")
    parser.add_argument("--retrain-limit", type=int, metavar="N",
                        help="retrain with only the first N training negatives (quick; for trials and tests)")
    add_json(parser, 'the run report instead of the table: {"ok", "days", "fetched", "new", "relevant", "proposed", '
             '"triage", "irrelevant", "skipped": {KIND: N}, "timings": {STEP: SECONDS}, "errors": [TEXT], "action", '
             '"branch", "pr", "dry_run", "stopped", "proposals": [PROPOSAL] (what `litbot propose --input` reads)}')
    parser.set_defaults(func=run)
