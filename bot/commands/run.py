"""`litbot run`: one daily job — fetch the unprocessed days, classify, propose, record — then a summary table."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import threading
from pathlib import Path

from rich.console import Console

from bot.arxiv_source import ArxivSource
from bot.commands import DATA_DIR, iso_day, model_dir
from bot.config import Config
from bot.errors import ConfigError, LitbotError
from bot.killpoints import Checkpoint, checkpoint_from, noop
from bot.pipeline import Pipeline, RunRequest
from bot.repos import add_repo_arguments, open_repo
from bot.run_report import RunReport, print_summary
from bot.store import Store

log = logging.getLogger(__name__)


def request_from(args: argparse.Namespace) -> RunRequest:
    if args.until and not args.since:
        raise ConfigError("--until needs --since (the first day of the backfill)")
    if args.since and args.until and args.since > args.until:
        raise ConfigError(f"--since {args.since} is after --until {args.until}: no day lies between them")
    return RunRequest(since=args.since, until=args.until, load=tuple(Path(p) for p in args.load or ()),
                      dry_run=args.dry_run, force=args.force)


def build_pipeline(args: argparse.Namespace, config: Config, store: Store, stop: threading.Event | None = None,
                   say=print, checkpoint: Checkpoint = noop) -> Pipeline:  # noqa: ANN001
    """The pipeline with real adapters, as the CLI and the daemon use it."""
    from classifiers.predict import Classifier

    source = None if args.load else ArxivSource(config.arxiv.rss_url, config.arxiv.api_url,
                                                delay=config.arxiv.delay_seconds)
    model = model_dir(args, config)
    list_repo = config.repo.target if config.list.style == "learned" else None  # a list from `litbot init --readme`
    return Pipeline(config, store=store, repo=open_repo(args, config), source=source,
                    load_classifier=lambda taxonomy: Classifier.load(model, taxonomy=taxonomy, list_repo=list_repo),
                    say=say, stop=stop,
                    checkpoint=checkpoint)


def learn_first(pipeline: Pipeline, store: Store, args: argparse.Namespace, config: Config, say) -> None:  # noqa: ANN001
    """Before a run: learn from settled litbot PRs and retrain once enough decisions came in (never fatal)."""
    from bot.learn import export_decisions, learn, maybe_retrain
    from bot.readme import parse

    try:
        doc = parse(pipeline.repo.read_readme(pipeline.repo.base_branch()).text)
        report = learn(pipeline.repo, store, doc)
        if report.new:  # only then is there something new for `litbot train` to read
            export_decisions(store, DATA_DIR / "decisions.jsonl")
            say(f"learned {len(report.new)} decisions from earlier litbot PRs ({report.positives} positive, "
                f"{report.negatives} negative, {len(report.moved)} moved by a maintainer)")
        meta = maybe_retrain(store, doc, threshold=config.state.retrain_after, data_dir=DATA_DIR,
                             model_dir=model_dir(args, config))
        if meta is not None:
            say(f"retrained the model on {meta['training']['listed_papers']} listed papers and "
                f"{meta['training']['negatives']} negatives")
    except LitbotError as exc:
        log.warning("learning from earlier PRs failed, the run goes on with the current model: %s", exc)


def run_once(args: argparse.Namespace, config: Config, store: Store, *, stop: threading.Event | None = None,
             say=print, checkpoint: Checkpoint = noop) -> RunReport:  # noqa: ANN001
    """One job as `litbot run` and `litbot serve` do it: learn (unless a dry run or --no-learn), then run."""
    pipeline = build_pipeline(args, config, store, stop=stop, say=say, checkpoint=checkpoint)
    request = request_from(args)
    if not request.dry_run and not args.no_learn:
        learn_first(pipeline, store, args, config, say)
    return pipeline.run(request)


def emit(report: RunReport, as_json: bool) -> int:
    if as_json:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        print_summary(report, Console(highlight=False))
    return 0 if report.ok else 1


def run(args: argparse.Namespace) -> int:
    config = args.load_config()
    say = (lambda text: print(text, file=sys.stderr)) if args.json else print
    with Store(args.state or config.state.path) as store:
        # crash tests only: kill points come from the environment here, at the entry point, never deeper
        report = run_once(args, config, store, say=say, checkpoint=checkpoint_from(os.environ))
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
    parser.add_argument("--no-learn", action="store_true",
                        help="skip learning from earlier litbot PRs (and retraining) before the run")
    add_repo_arguments(parser)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="the daily job: fetch, classify, propose, record, summarise")
    add_run_arguments(parser)
    parser.add_argument("--json", action="store_true", help="print the summary as JSON (progress goes to stderr)")
    parser.set_defaults(func=run)
