"""The daily job as `litbot run` and `litbot serve` both do it: learn from settled PRs, then one pipeline run."""

from __future__ import annotations

import logging
import threading

from bot.context import Context
from bot.errors import ConfigError, LitbotError
from bot.killpoints import Checkpoint, noop
from bot.pipeline import Pipeline, RunRequest
from bot.run_report import RunReport
from bot.store import Store

log = logging.getLogger(__name__)


def request_for(ctx: Context, *, dry_run: bool = False, force: bool = False) -> RunRequest:
    """The run the shared options ask for (--since/--until, --load), checked."""
    since, until = ctx.options.since, ctx.options.until
    if until and not since:
        raise ConfigError("--until needs --since (the first day of the backfill)")
    if since and until and since > until:
        raise ConfigError(f"--since {since} is after --until {until}: no day lies between them")
    return RunRequest(since=since, until=until, load=ctx.options.load, dry_run=dry_run, force=force)


def build_pipeline(ctx: Context, store: Store, stop: threading.Event | None = None, say=print,  # noqa: ANN001
                   checkpoint: Checkpoint = noop, step=None, **github_options) -> Pipeline:  # noqa: ANN001, ANN003
    """The pipeline with the context's adapters (`github_options` go to the GitHub adapter)."""
    from classifiers.predict import Classifier

    model = ctx.model_dir()
    return Pipeline(ctx.config, store=store, repo=ctx.repo(**github_options), source=ctx.source(),
                    load_classifier=lambda taxonomy: Classifier.load(model, taxonomy=taxonomy), say=say, stop=stop,
                    checkpoint=checkpoint, step=step)


def learn_first(pipeline: Pipeline, store: Store, ctx: Context, say) -> None:  # noqa: ANN001
    """Before a run: learn from settled litbot PRs and retrain once enough decisions came in (never fatal).

    Decisions are exported to, and a retrained model written into, the state dir (bot.paths), never litbot's data.
    """
    from bot.learn import export_decisions, learn, maybe_retrain
    from bot.paths import shipped
    from bot.readme import parse

    paths = ctx.paths
    try:
        doc = parse(pipeline.repo.read_readme(pipeline.repo.base_branch()).text)
        report = learn(pipeline.repo, store, doc)
        if report.new:  # only then is there something new for `litbot train` to read
            export_decisions(store, paths.decisions)
            say(f"learned {len(report.new)} decisions from earlier litbot PRs ({report.positives} positive, "
                f"{report.negatives} negative, {len(report.moved)} moved by a maintainer)")
        meta = maybe_retrain(store, doc, threshold=ctx.config.state.retrain_after, data_dir=shipped(),
                             model_dir=paths.retrained_model, decisions=paths.decisions)
        if meta is not None:
            say(f"retrained the model on {meta['training']['listed_papers']} listed papers and "
                f"{meta['training']['negatives']} negatives")
    except LitbotError as exc:
        log.warning("learning from earlier PRs failed, the run goes on with the current model: %s", exc)


def run_once(ctx: Context, store: Store, request: RunRequest, *, learn: bool = True,  # noqa: PLR0913
             stop: threading.Event | None = None, say=print, checkpoint: Checkpoint = noop,
             step=None) -> RunReport:  # noqa: ANN001
    """One job: learn (unless a dry run or `learn` is off), then run; `step(name)` is told as each step starts."""
    pipeline = build_pipeline(ctx, store, stop=stop, say=say, checkpoint=checkpoint, step=step)
    if not request.dry_run and learn:
        pipeline.step("learn")
        learn_first(pipeline, store, ctx, say)
    return pipeline.run(request)
