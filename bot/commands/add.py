"""`litbot add`: propose papers a maintainer names by arXiv id, through the same branch and PR path as the daily run."""

from __future__ import annotations

import argparse
import logging
import math
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console

from bot.candidates import Candidate, to_proposal
from bot.commands import iso_day
from bot.commands.options import ARXIV, LOAD, MODEL, REPO, STATE, add_command
from bot.commands.output import Output, add_json
from bot.context import Context
from bot.errors import ConfigError, SourceError
from bot.learn import export_decisions
from bot.paper import Paper, base_id
from bot.proposal import ARXIV_ID, Proposal
from bot.propose import branch_name, propose
from bot.propose_text import json_number, as_dict, report
from bot.readme import Document, Index, parse
from bot.recording import record_proposal
from bot.store import Decision
from bot.style import house_style
from classifiers.predict import Prediction, SectionScore, Why

log = logging.getLogger(__name__)




def where_listed(index: Index, arxiv_id: str, title: str | None = None) -> str | None:
    """'Section > Leaf (README line N)' for a paper the README lists already, else None."""
    found = index.find(arxiv_id, title)
    if not found:
        return None
    return "; ".join(f"{' > '.join(e.section)} (README line {e.line_no + 1})" for e in found)


def fetch(ids: list[str], ctx: Context) -> dict[str, Paper]:
    """Metadata for the ids: from --load FILE (offline), else the arXiv API."""
    load = ctx.options.load_one()
    if load is not None:
        from bot.ingest import read_papers_file

        wanted = set(ids)
        return {p.arxiv_id: p for p in read_papers_file(load) if p.arxiv_id in wanted}
    source = ctx.source()
    assert source is not None  # no --load, so a live source
    return source.metadata(ids)


def chosen(section: tuple[str, ...]) -> Prediction:
    """The prediction-shaped record of a section the maintainer named (certain, nothing to explain)."""
    return Prediction(None, math.nan, True, False, (SectionScore(section, 1.0),), Why((), ()))


def plan(papers: list[Paper], doc: Document, section: tuple[str, ...] | None, model: Path,
         list_style: str = "survey") -> list[Proposal]:
    """One proposal per paper: in the named section, else in the one the classifier predicts; each entry written
    in the list's house style (`list_style` is config's `list.style`)."""
    style = house_style(doc, list_style)
    if section is not None:
        return [to_proposal(Candidate(p, chosen(section)), section, style) for p in papers]
    from classifiers.predict import Classifier

    clf = Classifier.load(model, taxonomy=doc.leaf_paths())
    predictions = clf.predict(papers)
    for p, pred in zip(papers, predictions):
        if not pred.relevant:
            log.warning("%s scores %.2f for relevance (below the threshold); adding it as asked", p.arxiv_id,
                        pred.relevance)
    return [to_proposal(Candidate(p, pred), style=style) for p, pred in zip(papers, predictions)]


def _confirm(console: Console, question: str) -> bool:
    console.print(question + " [y/N] ", end="", markup=False)
    try:
        answer = input()
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes")


def run(ctx: Context, args: argparse.Namespace) -> int:
    shown = Output.of(ctx, args)
    console = Console(highlight=False, soft_wrap=True, stderr=shown.as_json)  # with --json, stdout is the object
    result: dict = {"branch": None, "planned": [], "problems": [], "proposed": None}
    code = _add(ctx, args, console, result)
    shown.result(result)
    return code


def _add(ctx: Context, args: argparse.Namespace, console: Console, result: dict) -> int:
    ids = list(dict.fromkeys(base_id(i) for i in args.ids))
    bad = [i for i in ids if not ARXIV_ID.match(i)]
    if bad:
        raise ConfigError(f"not arXiv ids: {', '.join(bad)}")
    repo = ctx.repo()
    doc = parse(repo.read_readme(repo.base_branch()).text)
    section = doc.resolve_section(args.section) if args.section else None
    index, problems = Index(doc), []
    for arxiv_id in list(ids):
        where = where_listed(index, arxiv_id)
        if where:
            problems.append(f"{arxiv_id} is already listed: {where}")
            ids.remove(arxiv_id)
    try:
        found = fetch(ids, ctx) if ids else {}
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
    result["problems"] = problems
    for problem in problems:
        console.print(f"  ! {problem}", markup=False)
    if not papers:
        return 1
    proposals = plan(papers, doc, section, ctx.model_dir(), ctx.config.list.style)
    day = args.date or datetime.now(timezone.utc).date()
    result["branch"] = branch_name(day)
    result["planned"] = [{"arxiv_id": p.arxiv_id, "section": list(p.section), "as_given": section is not None,
                          "confidence": json_number(p.confidence), "entry_line": p.entry_line} for p in proposals]
    console.print(f"will propose {len(proposals)} paper{'s' if len(proposals) != 1 else ''} on {branch_name(day)}:")
    for p in proposals:
        how = "as given" if section else f"predicted, confidence {p.confidence:.2f}"
        console.print(f"  + {p.arxiv_id}  {' > '.join(p.section)}  ({how})\n    {p.entry_line}", markup=False)
    if not args.yes and not _confirm(console, "go ahead?"):
        console.print("nothing proposed")
        return 1 if problems else 0
    out = propose(repo, day, proposals, labels=ctx.config.pr.labels)
    result["proposed"] = as_dict(out)
    console.print("\n".join(report(out)), markup=False)
    recorded = record_proposal(out, proposals, "added by a maintainer")
    committed = {p.arxiv_id for p in recorded.proposed}
    with ctx.store() as store:
        store.record_papers([p for p in papers if p.arxiv_id in committed])
        store.record_outcomes(recorded.proposed_outcomes)
        store.record_decisions([Decision(p.arxiv_id, p.title, "positive", p.section, "add",
                                         "added by a maintainer" + (" in the section given" if section else ""))
                                for p in recorded.proposed])
        export_decisions(store, Path(args.data) / "decisions.jsonl" if args.data else ctx.paths.decisions)
    return 1 if problems or out.skipped else 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(
        sub, "add", LOAD, ARXIV, MODEL, STATE, REPO,
        help="propose papers by arXiv id (classified, or into --section), on the day's branch and PR",
        description="Fetch each paper's metadata, place it (the classifier's section, or --section), format the "
        "entry, show the plan and ask before proposing it through the same branch and PR as the daily run. A "
        "paper the README already lists is refused, with where it is.",
    )
    parser.add_argument("ids", nargs="+", metavar="ARXIV_ID")
    parser.add_argument("--section", metavar="NAME", help="leaf section name or `A > B > C` path (no classifier)")
    parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    parser.add_argument("--data", metavar="DIR", help="export decisions.jsonl for training here (default: state.dir)")
    parser.add_argument("--date", type=iso_day, help="the day's branch to propose on (default: today, UTC)")
    add_json(parser, '{"branch", "planned": [{"arxiv_id", "section", "as_given", "confidence", "entry_line"}], '
             '"problems": [TEXT], "proposed": (the object `litbot propose --json` prints) or null when nothing '
             'was proposed}; the plan and the question go to stderr')
    parser.set_defaults(func=run)
