"""`litbot serve`: run the daily job on the configured schedule until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import logging
import threading
from collections.abc import Callable
from dataclasses import replace

from bot.commands.options import DATES, LOAD_DAYS, MODEL, REPO, STATE, add_command
from bot.context import Context
from bot.daily import request_for, run_once
from bot.schedule import Daemon

log = logging.getLogger(__name__)


def make_job(ctx: Context, *, dry_run: bool = False, force: bool = False,
             learn: bool = True) -> Callable[[threading.Event], str]:
    """The scheduled job: one run from the cursor, with its own store connection, logged."""
    request = request_for(ctx, dry_run=dry_run, force=force)

    def job(stop: threading.Event) -> str:
        with ctx.store() as store:
            report = run_once(ctx, store, request, learn=learn, stop=stop, say=log.info)
        summary = (f"days={','.join(d.isoformat() for d in report.days) or '-'} fetched={report.fetched} "
                   f"new={report.new} proposed={report.proposed} triage={report.triage} {report.action}")
        for error in report.errors:
            log.error("run error: %s", error)
        return summary + (" (stopped)" if report.stopped else "")

    return job


def run(ctx: Context, args: argparse.Namespace) -> int:
    schedule = ctx.config.schedule
    if args.run_at_start:
        schedule = replace(schedule, run_at_start=True)
    daemon = Daemon(schedule, make_job(ctx, dry_run=args.dry_run, force=args.force, learn=not args.no_learn))
    daemon.serve_forever()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "serve", DATES, LOAD_DAYS, STATE, MODEL, REPO,
                         help="run the daily job on the configured schedule (APScheduler daemon)")
    parser.add_argument("--dry-run", action="store_true", help="print the diff; write nothing to the repo or store")
    parser.add_argument("--force", action="store_true", help="propose papers again that a closed PR rejected")
    parser.add_argument("--no-learn", action="store_true",
                        help="skip learning from earlier litbot PRs (and retraining) before each run")
    parser.add_argument("--run-at-start", action="store_true", help="run once right away, then on schedule")
    parser.set_defaults(func=run)
