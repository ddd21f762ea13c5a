"""`litbot serve`: run the daily job on the configured schedule until SIGTERM or SIGINT."""

from __future__ import annotations

import argparse
import logging
import threading

from bot.commands.run import add_run_arguments, run_once
from bot.schedule import Daemon
from bot.store import Store

log = logging.getLogger(__name__)


def make_job(args: argparse.Namespace, config):  # noqa: ANN001, ANN201
    """The scheduled job: one run from the cursor, with its own store connection, logged."""

    def job(stop: threading.Event) -> str:
        with Store(args.state or config.state.path) as store:
            report = run_once(args, config, store, stop=stop, say=log.info)
        summary = (f"days={','.join(d.isoformat() for d in report.days) or '-'} fetched={report.fetched} "
                   f"new={report.new} proposed={report.proposed} triage={report.triage} {report.action}")
        for error in report.errors:
            log.error("run error: %s", error)
        return summary + (" (stopped)" if report.stopped else "")

    return job


def run(args: argparse.Namespace) -> int:
    config = args.load_config()
    if args.run_at_start:
        from dataclasses import replace

        config = replace(config, schedule=replace(config.schedule, run_at_start=True))
    daemon = Daemon(config.schedule, make_job(args, config))
    daemon.serve_forever()
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("serve", help="run the daily job on the configured schedule (APScheduler daemon)")
    add_run_arguments(parser)
    parser.add_argument("--run-at-start", action="store_true", help="run once right away, then on schedule")
    parser.set_defaults(func=run)
