"""One daily run: plan the days, fetch, dedupe, classify, select, propose, and record every paper's outcome."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from bot.arxiv_source import ArxivSource
from bot.candidates import Candidate, Selection, select, with_thresholds
from bot.config import Config
from bot.errors import LitbotError, ReadmeError, one_line
from bot.ingest import DayResult, days_from_files, fetch_day, fetch_days
from bot.killpoints import Checkpoint, noop
from bot.listing import check_skips, paper_leaves
from bot.lint.mojibake import refuse_double_encoded_headings
from bot.paper import Paper
from bot.kinds import OutcomeKind, SkipKind, TriageReason
from bot.propose import Outcome, branch_name, propose
from bot.readme import Document, Index, parse
from bot.recording import record_proposal
from bot.repo_port import RepoPort, RepoView, read_view
from bot.run_report import RunReport
from bot.style import house_style
from bot.store import PaperOutcome, Store, TriageItem
from bot.triage.record import triage_record
from classifiers.predict import Classifier

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class RunRequest:
    """What to run: the days (the cursor, a --since/--until backfill, or recorded files) and how."""

    since: date | None = None
    until: date | None = None
    load: tuple[Path, ...] = ()
    dry_run: bool = False
    force: bool = False


class Stopped(Exception):
    """The daemon asked the run to stop; raised between steps, before anything is half-written."""


def _check_sections(leaves: Sequence[tuple[str, ...]]) -> None:
    """A README without sections, or with a section twice, cannot say where papers go: stop before classifying."""
    if not leaves:
        raise ReadmeError("the README has no section headings to place papers under; is it the survey README?")
    twice = next((path for n, path in enumerate(leaves) if path in leaves[:n]), None)
    if twice:
        raise ReadmeError(f"the README has the section {' > '.join(twice)!r} twice; litbot cannot tell where its "
                          "papers go until one copy is removed")


class Pipeline:
    """Runs one job against the adapters it is given; it never builds clients itself."""

    def __init__(self, config: Config, *, store: Store, repo: RepoPort, source: ArxivSource | None,
                 load_classifier: Callable[[Sequence[tuple[str, ...]]], Classifier],
                 say: Callable[[str], None] = print, stop: threading.Event | None = None,
                 clock: Callable[[], float] = time.perf_counter, checkpoint: Checkpoint = noop,
                 step: Callable[[str], None] | None = None):
        self.config, self.store, self.repo, self.source = config, store, repo, source
        self.step = step or (lambda _name: None)  # told the name of each step as it starts (a progress display)
        self.load_classifier, self.say, self.stop, self.clock = load_classifier, say, stop, clock
        self.checkpoint = checkpoint  # bot.killpoints: a no-op unless a crash test asks for a kill point
        self.categories = tuple(config.arxiv.categories)
        self._view: RepoView | None = None

    def view(self) -> RepoView:
        """The run's one read of the repository (base README and litbot PRs), shared by learning, dedupe and the
        proposal; read on first use. A Pipeline serves one run (the CLI and the daemon build one per run)."""
        if self._view is None:
            self._view = read_view(self.repo)
        return self._view

    # --- the job ------------------------------------------------------------------------------------------------
    def run(self, request: RunRequest) -> RunReport:
        report = RunReport(dry_run=request.dry_run)
        run_id = None if request.dry_run else self.store.start_run("run")
        try:
            self._run(request, report, run_id)
        except Stopped:
            report.stopped = True
        except Exception as exc:  # ours or not: the run failed, is stored as failed, and says why in one line
            if not isinstance(exc, LitbotError):
                log.debug("unexpected failure", exc_info=True)
            report.errors.append(one_line(exc))
        except BaseException:  # Ctrl-C or SystemExit: stored as failed too, then on its way
            report.errors.append("interrupted")
            raise
        finally:
            self._view = None  # the next run reads the repository afresh
            if run_id is not None:
                status = "stopped" if report.stopped else ("ok" if report.ok else "failed")
                counts = {k: v for k, v in report.to_dict().items() if isinstance(v, int) and not isinstance(v, bool)}
                self.store.finish_run(run_id, status=status, counts=counts, errors=report.errors)
        return report

    def _run(self, request: RunRequest, report: RunReport, run_id: int | None) -> None:
        with self._timed(report, "fetch"):
            results = self._fetch(request, report)
        self.checkpoint("after-fetch")
        report.days = [r.day for r in results]
        papers = self._discoveries(results)
        report.fetched = len(papers)
        if not results:
            return
        self._check_stop()
        with self._timed(report, "dedupe"):
            doc = parse(self.view().readme.text)
            refuse_double_encoded_headings(doc)
            leaves = self._leaves(doc)
            _check_sections(leaves)
            fresh, outcomes = self._dedupe(papers, Index(doc), report)
        report.new = len(fresh)
        selection = Selection((), (), ())
        if fresh:
            self._check_stop()
            with self._timed(report, "classify"):
                classifier = self.load_classifier(leaves)
                cfg = self.config.classifier
                predictions = [with_thresholds(p, cfg.relevance_threshold, cfg.triage_threshold,
                                                               cfg.propose_threshold)
                               for p in classifier.predict(fresh)]
                style = house_style(doc, self.config.list.style)
                selection = select([Candidate(p, pred) for p, pred in zip(fresh, predictions)],
                                   self.config.pr.daily_cap, style)
            report.relevant = sum(1 for pred in predictions if pred.relevant)
        triage = self._triage(selection, outcomes, report)
        self._check_stop()
        day = max(r.day for r in results)
        report.branch = branch_name(day)
        with self._timed(report, "propose"):
            result = propose(self.repo, day, selection.proposals, force=request.force, dry_run=request.dry_run,
                             progress=lambda done, _: self.checkpoint(f"after-commit:{done}"),
                             checkpoint=self.checkpoint, labels=self.config.pr.labels, view=self.view())
        self._proposed(result, selection, outcomes, report)
        if request.dry_run:
            self.say(result.diff or "(no change to the README)")
            return
        self.checkpoint("after-pr-before-record")
        with self._timed(report, "record"):
            self._record(results, outcomes, triage, run_id)

    def _leaves(self, doc: Document) -> tuple[tuple[str, ...], ...]:
        """Where papers go: the README's leaves, minus the list's skipped sections and any below its leaf depth."""
        check_skips(doc, self.config.list.skip)
        return paper_leaves(doc, self.config.list.skip, self.config.list.leaf_depth)

    # --- steps --------------------------------------------------------------------------------------------------
    def _fetch(self, request: RunRequest, report: RunReport) -> list[DayResult]:
        errors: list[str] = []
        if request.load:
            keep = None
            if request.since:
                until = request.until or request.since
                keep = {request.since + timedelta(n) for n in range((until - request.since).days + 1)}
            planned = days_from_files(request.load, self.categories, keep)
        elif request.since:
            until = request.until or date.today()
            planned = list(self._stoppable(fetch_days(self._source(), self.store.missing_days(request.since, until),
                                                      self.categories, errors, self.say)))
        else:
            latest = fetch_day(self._source(), None, self.categories)
            last = self.store.last_processed_day()
            gaps = self.store.missing_days(last + timedelta(1), latest.day - timedelta(1)) if last else []
            planned = list(self._stoppable(fetch_days(self._source(), gaps, self.categories, errors, self.say)))
            planned.append(latest)
        report.errors.extend(errors)
        done = self.store.processed_days(min(r.day for r in planned), max(r.day for r in planned)) if planned else set()
        for result in planned:
            if result.day in done:
                self.say(f"{result.day}: already processed")
            elif not result.complete:
                self.say(f"{result.day}: {result.error or 'incomplete'}; its papers are decided now and the day "
                         "will be fetched again")
        return [r for r in planned if r.day not in done]

    @staticmethod
    def _discoveries(results: Iterable[DayResult]) -> list[Paper]:
        seen: dict[str, Paper] = {}
        for result in results:
            for paper in result.papers:
                seen.setdefault(paper.arxiv_id, paper)
        return list(seen.values())

    def _dedupe(self, papers: list[Paper], index: Index, report: RunReport) -> tuple[list[Paper], dict]:
        """Papers not yet processed and not in the README; the others get their outcome now."""
        known = self.store.outcomes(p.arxiv_id for p in papers)
        outcomes: dict[str, PaperOutcome] = {}
        fresh = []
        for paper in papers:
            if paper.arxiv_id in known:
                report.skipped[SkipKind.PROCESSED] += 1
            elif index.find(paper.arxiv_id, paper.title):
                report.skipped[SkipKind.LISTED] += 1
                outcomes[paper.arxiv_id] = PaperOutcome(paper.arxiv_id, OutcomeKind.LISTED, day=paper.announce_date)
            else:
                fresh.append(paper)
        return fresh, outcomes

    def _triage(self, selection: Selection, outcomes: dict, report: RunReport) -> list[TriageItem]:
        items = []
        for cand in selection.irrelevant:
            outcomes[cand.paper.arxiv_id] = PaperOutcome(cand.paper.arxiv_id, OutcomeKind.IRRELEVANT, "",
                                                         None, cand.relevance, cand.paper.announce_date)
        for cand, why in selection.triage:
            paper, pred = cand.paper, cand.prediction
            outcomes[paper.arxiv_id] = PaperOutcome(paper.arxiv_id, OutcomeKind.TRIAGE, why, pred.sections[0].path,
                                                    pred.relevance, paper.announce_date)
            items.append(TriageItem(paper.arxiv_id, paper.announce_date, why, triage_record(paper, pred)))
        report.irrelevant = len(selection.irrelevant)
        report.triage = len(items)
        over_cap = sum(1 for _, why in selection.triage if why is TriageReason.OVER_CAP)
        if over_cap:
            report.skipped[SkipKind.OVER_CAP] = over_cap
        return items

    def _proposed(self, result: Outcome, selection: Selection, outcomes: dict, report: RunReport) -> None:
        recorded = record_proposal(result, selection.proposals)
        outcomes.update((o.arxiv_id, o) for o in recorded.outcomes)
        for skip in recorded.skipped:
            report.skipped[skip.kind] += 1
            if skip.kind is SkipKind.FAILED:
                report.errors.append(f"{skip.arxiv_id}: {skip.reason}")
        report.proposed = len(recorded.proposed)
        report.proposals = [p.to_dict() for p in recorded.proposed]
        report.action = result.action
        report.pr = result.pr.url or result.pr.name if result.pr else ""

    def _record(self, results: list[DayResult], outcomes: dict[str, PaperOutcome], triage: list[TriageItem],
                run_id: int | None) -> None:
        """Each day's papers, outcomes and triage entries in one transaction; complete days move the cursor."""
        for result in results:
            ids = {p.arxiv_id for p in result.papers}
            day_outcomes = [o if o.day else PaperOutcome(o.arxiv_id, o.outcome, o.detail, o.section, o.relevance,
                                                         result.day, o.branch)
                            for a, o in outcomes.items() if a in ids]
            day_triage = [t if t.day else TriageItem(t.arxiv_id, result.day, t.reason, t.prediction)
                          for t in triage if t.arxiv_id in ids]
            listings = result.papers + result.updates
            if result.complete:
                self.store.complete_day(result.day, listings, day_outcomes, day_triage, source=result.source,
                                        categories=self.categories, run_id=run_id)
                self.checkpoint("after-store")
            else:  # metadata was missing: keep what we decided, fetch the day again next time
                self.store.record_papers(listings, run_id=run_id)
                self.store.record_outcomes(day_outcomes, run_id=run_id)

    # --- plumbing -----------------------------------------------------------------------------------------------
    def _source(self) -> ArxivSource:
        if self.source is None:
            raise LitbotError("no arXiv source configured (use --load FILE to replay recorded days)")
        return self.source

    def _check_stop(self) -> None:
        if self.stop is not None and self.stop.is_set():
            raise Stopped()

    def _stoppable(self, results: Iterable[DayResult]) -> Iterable[DayResult]:
        for result in results:
            yield result
            self._check_stop()

    @contextmanager
    def _timed(self, report: RunReport, step: str):
        self.step(step)
        start = self.clock()
        try:
            yield
        finally:
            report.timings[step] = report.timings.get(step, 0.0) + self.clock() - start
