"""`litbot run`: one daily job — fetch the unprocessed days, classify, propose, record — then a summary table."""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from pathlib import Path

from rich.console import Console

from bot.arxiv_source import ArxivSource
from bot.commands import iso_day, model_dir
from bot.config import Config
from bot.killpoints import Checkpoint, checkpoint_from, noop
from bot.pipeline import Pipeline, RunRequest
from bot.repos import add_repo_arguments, open_repo
from bot.run_report import RunReport, print_summary
from bot.store import Store


def request_from(args: argparse.Namespace) -> RunRequest:
    if args.until and not args.since:
        raise argparse.ArgumentTypeError("--until needs --since")
    return RunRequest(since=args.since, until=args.until, load=tuple(Path(p) for p in args.load or ()),
                      dry_run=args.dry_run, force=args.force)


def build_pipeline(args: argparse.Namespace, config: Config, store: Store, stop: threading.Event | None = None,
                   say=print, checkpoint: Checkpoint = noop) -> Pipeline:  # noqa: ANN001
    """The pipeline with real adapters, as the CLI and the daemon use it."""
    from classifiers.predict import Classifier

    source = None if args.load else ArxivSource(config.arxiv.rss_url, config.arxiv.api_url,
                                                delay=config.arxiv.delay_seconds)
    model = model_dir(args, config)
    return Pipeline(config, store=store, repo=open_repo(args, config), source=source,
                    load_classifier=lambda taxonomy: Classifier.load(model, taxonomy=taxonomy), say=say, stop=stop,
                    checkpoint=checkpoint)


def emit(report: RunReport, as_json: bool) -> int:
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print_summary(report, Console(highlight=False))
    return 0 if report.ok else 1


def run(args: argparse.Namespace) -> int:
    config = args.load_config()
    request = request_from(args)
    say = (lambda text: print(text, file=sys.stderr)) if args.json else print
    with Store(args.state or config.state.path) as store:
        # crash tests only: kill points come from the environment here, at the entry point, never deeper
        report = build_pipeline(args, config, store, say=say, checkpoint=checkpoint_from(os.environ)).run(request)
    return emit(report, args.json)


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--since", type=iso_day, metavar="D", help="backfill announce days from D (skips processed days)")
    parser.add_argument("--until", type=iso_day, metavar="D", help="last day of a --since backfill (default: today)")
    parser.add_argument("--load", nargs="+", metavar="FILE",
                        help="offline: replay recorded days (saved RSS/Atom files or papers JSONL) instead of arXiv")
    parser.add_argument("--dry-run", action="store_true", help="print the diff; write nothing to the repo or store")
    parser.add_argument("--force", action="store_true", help="propose papers again that a closed PR rejected")
    parser.add_argument("--state", metavar="PATH", help="SQLite state file (default: state.path)")
    parser.add_argument("--model", metavar="DIR", help="model directory (default: classifier.model_path)")
    add_repo_arguments(parser)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="the daily job: fetch, classify, propose, record, summarise")
    add_run_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON (progress goes to stderr)")
    parser.set_defaults(func=run)
