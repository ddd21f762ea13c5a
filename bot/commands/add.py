"""`litbot add`: propose papers a maintainer names by arXiv id, through the same branch and PR path as the daily run."""

from __future__ import annotations

import argparse
import logging
import math
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console

from bot.commands import DATA_DIR
from bot.commands import iso_day, model_dir
from bot.candidates import Candidate, to_proposal
from bot.commands.propose import report
from bot.config import Config
from bot.errors import ConfigError, SourceError
from bot.learn import export_decisions
from bot.paper import Paper, base_id
from bot.proposal import ARXIV_ID, Proposal
from bot.propose import branch_name, propose
from bot.readme import Document, Index, parse
from bot.repos import add_repo_arguments, open_repo
from bot.recording import record_proposal
from bot.store import Decision, Store
from classifiers.predict import Prediction, SectionScore, Why

log = logging.getLogger(__name__)




def where_listed(index: Index, arxiv_id: str, title: str | None = None) -> str | None:
    """'Section > Leaf (README line N)' for a paper the README lists already, else None."""
    found = index.find(arxiv_id, title)
    if not found:
        return None
    return "; ".join(f"{' > '.join(e.section)} (README line {e.line_no + 1})" for e in found)


def fetch(ids: list[str], args: argparse.Namespace, config: Config) -> dict[str, Paper]:
    """Metadata for the ids: from --load FILE (offline), else the arXiv API."""
    if args.load:
        from bot.ingest import read_papers_file

        wanted = set(ids)
        return {p.arxiv_id: p for p in read_papers_file(Path(args.load)) if p.arxiv_id in wanted}
    from bot.arxiv_source import ArxivSource

    source = ArxivSource(api_url=args.arxiv_api_url or config.arxiv.api_url, delay=config.arxiv.delay_seconds)
    return source.metadata(ids)


def chosen(section: tuple[str, ...]) -> Prediction:
    """The prediction-shaped record of a section the maintainer named (certain, nothing to explain)."""
    return Prediction(None, math.nan, True, False, (SectionScore(section, 1.0),), Why((), ()))


def plan(papers: list[Paper], doc: Document, section: tuple[str, ...] | None, model: Path) -> list[Proposal]:
    """One proposal per paper: in the named section, else in the one the classifier predicts."""
    if section is not None:
        return [to_proposal(Candidate(p, chosen(section)), section) for p in papers]
    from classifiers.predict import Classifier

    clf = Classifier.load(model, taxonomy=doc.leaf_paths())
    predictions = clf.predict(papers)
    for p, pred in zip(papers, predictions):
        if not pred.relevant:
            log.warning("%s scores %.2f for relevance (below the threshold); adding it as asked", p.arxiv_id,
                        pred.relevance)
    return [to_proposal(Candidate(p, pred)) for p, pred in zip(papers, predictions)]


def _confirm(console: Console, question: str) -> bool:
    console.print(question + " [y/N] ", end="", markup=False)
    try:
        answer = input()
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes")


def run(args: argparse.Namespace) -> int:
    loader = getattr(args, "load_config", None)
    config: Config = loader() if loader else Config()
    console = Console(highlight=False, soft_wrap=True)
    ids = list(dict.fromkeys(base_id(i) for i in args.ids))
    bad = [i for i in ids if not ARXIV_ID.match(i)]
    if bad:
        raise ConfigError(f"not arXiv ids: {', '.join(bad)}")
    repo = open_repo(args, config)
    doc = parse(repo.read_readme(repo.base_branch()).text)
    section = doc.resolve_section(args.section) if args.section else None
    index, problems = Index(doc), []
    for arxiv_id in list(ids):
        where = where_listed(index, arxiv_id)
        if where:
            problems.append(f"{arxiv_id} is already listed: {where}")
            ids.remove(arxiv_id)
    try:
        found = fetch(ids, args, config) if ids else {}
    except SourceError as exc:
        raise SourceError(f"cannot read arXiv metadata: {exc}") from exc
    papers = []
    for arxiv_id in ids:
        paper = found.get(arxiv_id)
        if paper is None:
            problems.append(f"{arxiv_id}: arXiv has no such paper")
        elif where := where_listed(index, arxiv_id, paper.title):
            problems.append(f"{arxiv_id} is already listed: {where}")
        else:
            papers.append(paper)
    for problem in problems:
        console.print(f"  ! {problem}", markup=False)
    if not papers:
        return 1
    proposals = plan(papers, doc, section, model_dir(args, config))
    day = args.date or datetime.now(timezone.utc).date()
    console.print(f"will propose {len(proposals)} paper{'s' if len(proposals) != 1 else ''} on {branch_name(day)}:")
    for p in proposals:
        how = "as given" if section else f"predicted, confidence {p.confidence:.2f}"
        console.print(f"  + {p.arxiv_id}  {' > '.join(p.section)}  ({how})\n    {p.entry_line}", markup=False)
    if not args.yes and not _confirm(console, "go ahead?"):
        console.print("nothing proposed")
        return 1 if problems else 0
    out = propose(repo, day, proposals, labels=config.pr.labels)
    console.print("\n".join(report(out)), markup=False)
    recorded = record_proposal(out, proposals, "added by a maintainer")
    committed = {p.arxiv_id for p in recorded.proposed}
    with Store(args.state or config.state.path) as store:
        store.record_papers([p for p in papers if p.arxiv_id in committed])
        store.record_outcomes(recorded.proposed_outcomes)
        store.record_decisions([Decision(p.arxiv_id, p.title, "positive", p.section, "add",
                                         "added by a maintainer" + (" in the section given" if section else ""))
                                for p in recorded.proposed])
        export_decisions(store, Path(args.data) / "decisions.jsonl")
    return 1 if problems or out.skipped else 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "add", help="propose papers by arXiv id (classified, or into --section), on the day's branch and PR",
        description="Fetch each paper's metadata, place it (the classifier's section, or --section), format the "
        "entry, show the plan and ask before proposing it through the same branch and PR as the daily run. A "
        "paper the README already lists is refused, with where it is.",
    )
    parser.add_argument("ids", nargs="+", metavar="ARXIV_ID")
    parser.add_argument("--section", metavar="NAME", help="leaf section name or `A > B > C` path (no classifier)")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.add_argument("--load", metavar="FILE", help="offline: take the papers from this file instead of arXiv")
    parser.add_argument("--arxiv-api-url", metavar="URL", help="arXiv API URL (default: arxiv.api_url)")
    parser.add_argument("--model", metavar="DIR", help="model folder (default: classifier.model_path)")
    parser.add_argument("--state", metavar="PATH", help="SQLite state file (default: state.path)")
    parser.add_argument("--data", default=str(DATA_DIR), help="folder where decisions.jsonl is exported for training")
    parser.add_argument("--date", type=iso_day, help="the day's branch to propose on (default: today, UTC)")
    add_repo_arguments(parser)
    parser.set_defaults(func=run)
