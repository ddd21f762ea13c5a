"""The daily job as `litbot run` and `litbot serve` both do it: learn from settled PRs, then one pipeline run."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.context import Context
from bot.errors import ConfigError, LitbotError
from bot.killpoints import Checkpoint, noop
from bot.paths import shipped
from bot.pipeline import Pipeline, RunRequest
from bot.repo_port import RepoPort
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


@dataclass(frozen=True)
class Retrain:
    """How a run retrains the learned model: from which training data (default: shipped) and how many negatives."""

    data_dir: Path | None = None
    limit: int | None = None


def build_pipeline(ctx: Context, store: Store, stop: threading.Event | None = None,
                   say: Callable[[str], None] = print,
                   checkpoint: Checkpoint = noop, *, repo: RepoPort | None = None,
                   model: Callable[[], Path] | None = None, step: Callable[[str], None] | None = None,
                   **github_options: Any) -> Pipeline:
    """The pipeline with the context's adapters (`repo`: one already open; `model`: asked for the model folder
    when the classifier is first needed, default the context's; `github_options` go to the GitHub adapter)."""
    from classifiers.predict import Classifier

    where = model or ctx.model_dir
    list_repo = ctx.config.repo.target if ctx.config.list.style == "learned" else None  # `litbot init --readme`
    return Pipeline(ctx.config, store=store, repo=repo or ctx.repo(**github_options), source=ctx.source(),
                    load_classifier=lambda taxonomy: Classifier.load(where(), taxonomy=taxonomy, list_repo=list_repo),
                    say=say, stop=stop,
                    checkpoint=checkpoint, step=step)


def learn_first(pipeline: Pipeline, store: Store, ctx: Context, say: Callable[[str], None],
                retrain: Retrain = Retrain()) -> Path:
    """Before a run: derive the maintainers' decisions from the repository again (litbot PRs, the README, the
    committed decisions file), keep the learned model in the state dir in step with them (bot.relearn), and
    return the model folder the run uses. Never fatal: on failure the run goes on with the base model."""
    from bot import decisions_file, relearn
    from bot.learn import derive, learn
    from bot.readme import parse

    base = ctx.paths.base_model(ctx.options.model)
    try:
        view = pipeline.view()  # the run's one read of the README and the PR list
        doc = parse(view.readme.text)
        report = learn(pipeline.repo, store, doc, prs=view.prs)  # the state file's record, for `litbot learn`
        if report.new:
            say(f"learned {len(report.new)} decisions from earlier litbot PRs ({report.positives} positive, "
                f"{report.negatives} negative, {len(report.moved)} moved by a maintainer)")
        branch = pipeline.repo.base_branch()
        committed = decisions_file.parse_decisions(pipeline.repo.read_text(decisions_file.PATH, branch) or "",
                                                   f"{decisions_file.PATH} on {branch}")
        decisions = relearn.decision_set(derive(view.prs, doc)[0], committed)
        outcome = relearn.keep_in_step(decisions, doc, base_model=base, learned_dir=ctx.paths.learned_model,
                                       data_dir=retrain.data_dir or shipped(),
                                       threshold=ctx.config.state.retrain_after, limit=retrain.limit)
        if outcome.meta is not None:
            say(f"retrained the model on {len(decisions)} maintainer decisions from the repository "
                f"({outcome.meta['training']['listed_papers']} listed papers, "
                f"{outcome.meta['training']['negatives']} negatives) -> {outcome.model}")
        return outcome.model
    except LitbotError as exc:
        log.warning("learning from the repository failed, the run goes on with %s: %s", base, exc)
        return base


def run_once(ctx: Context, store: Store, request: RunRequest, *, learn: bool = True,
             stop: threading.Event | None = None, say: Callable[[str], None] = print, checkpoint: Checkpoint = noop,
             retrain: Retrain = Retrain(), repo: RepoPort | None = None,
             step: Callable[[str], None] | None = None) -> RunReport:
    """One job: learn (unless a dry run or `learn` is off), then run with the model learning chose;
    `step(name)` is told as each step starts."""
    learned: list[Path] = []
    pipeline = build_pipeline(ctx, store, stop=stop, say=say, checkpoint=checkpoint, repo=repo, step=step,
                              model=lambda: learned[0] if learned else ctx.model_dir())
    if not request.dry_run and learn:
        pipeline.step("learn")
        learned.append(learn_first(pipeline, store, ctx, say, retrain))
    return pipeline.run(request)
