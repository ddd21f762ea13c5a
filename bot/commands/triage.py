"""`litbot triage`: review queued papers one key each (or apply a CSV of decisions), then propose the accepted."""

from __future__ import annotations

import argparse
import logging
import webbrowser
from datetime import datetime, timezone
from pathlib import Path

from rich.console import Console

from bot.commands import iso_day
from bot.commands.options import MODEL, README, REPO, STATE, add_command
from bot.commands.output import Output, add_json
from bot.context import Context
from bot.decisions_file import PATH as DECISIONS_PATH, merge, parse_decisions, render_decisions
from bot.errors import ConfigError
from bot.learn import export_decisions
from bot.propose import propose
from bot.propose_text import as_dict, json_number, report
from bot.readme import Document, parse
from bot.recording import record_proposal
from bot.sanitise import terminal
from bot.store import Store
from bot.style import house_style
from bot.triage.batch import apply_rows, load_all, parse_rows
from bot.triage.keys import KeyReader
from bot.triage.review import Review, accepted_proposals, ask, load_queue
from bot.triage.session import Session

log = logging.getLogger(__name__)




def _readme(ctx: Context) -> Document:
    """--readme, else the repository's README (with --repo/--local), else the snapshot litbot ships."""
    if not ctx.options.readme and ctx.wants_repo():
        repo = ctx.repo()
        return parse(repo.read_readme(repo.base_branch()).text)
    return ctx.readme()


def _ask_for(store: Store, ids: list[str], doc: Document, model: Path) -> None:
    """Queue the asked-for ids that are not queued yet, classified by the model (they must be in the state file)."""
    queued = {t.arxiv_id for t in store.triage_items(status=None)}
    wanted = [i for i in dict.fromkeys(ids) if i not in queued]
    if not wanted:
        return
    papers = [store.paper(i) for i in wanted]
    unknown = [i for i, p in zip(wanted, papers) if p is None]
    if unknown:
        raise ConfigError(f"not in the state file: {', '.join(unknown)} (`litbot add ID` proposes any arXiv paper)")
    from classifiers.predict import Classifier

    known = [p for p in papers if p is not None]  # all of them: an unknown id raised above
    clf = Classifier.load(model, taxonomy=doc.leaf_paths())
    predictions = clf.predict(known)
    ask(store, known, predictions)


def _record_path(ctx: Context, args: argparse.Namespace) -> Path | None:
    """--record, else the decisions file in the list's clone (--local, else repo.local_path) when there is one."""
    if args.record:
        return Path(args.record)
    clone = Path(ctx.options.local or ctx.config.repo.local_path)
    return clone / DECISIONS_PATH if (clone / ".git").exists() else None


def _record(ctx: Context, args: argparse.Namespace, store: Store, console: Console) -> None:
    """Write each paper's latest triage decision into the list's decisions file, so that every run, on any
    machine, learns them from the repository once the file is committed (bot.decisions_file)."""
    export_decisions(store, _decisions(ctx, args))
    path = _record_path(ctx, args)
    mine = [d for d in store.decisions(latest_only=True) if d.source == "triage"]
    if path is None:
        console.print(f"the {len(mine)} triage decisions are in the state file only: pass --record "
                      f"CLONE/{DECISIONS_PATH} (a clone of the list) and commit it, so that every run learns them")
        return
    try:
        old = parse_decisions(path.read_text(encoding="utf-8"), str(path)) if path.exists() else []
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_decisions(merge(old, mine)), encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot write the decisions file {path}: {exc}") from None
    console.print(f"recorded {len(mine)} triage decisions in {path}: commit it to the list's default branch so "
                  "that every run learns them", markup=False)


def _propose(ctx: Context, args: argparse.Namespace, store: Store, doc: Document, ids: list[str], console: Console,
             result: dict | None = None) -> int:
    proposals, problems = accepted_proposals(store, ids, house_style(doc, ctx.config.list.style))
    if result is not None:
        result["problems"] = problems
    for problem in problems:
        console.print(f"  ! {problem}")
    if not proposals:
        console.print("no accepted paper can be proposed")
        return 1 if problems else 0
    day = args.pr_date or datetime.now(timezone.utc).date()
    out = propose(ctx.repo(), day, proposals, labels=ctx.config.pr.labels)
    if result is not None:
        result["proposed"] = as_dict(out)
    console.print("\n".join(report(out)), highlight=False, markup=False)
    store.record_outcomes(record_proposal(out, proposals, "accepted in triage").proposed_outcomes)
    return 1 if problems else 0


def _batch(ctx: Context, args: argparse.Namespace, store: Store, doc: Document, console: Console,
           shown: Output) -> int:
    try:
        text = Path(args.batch).read_text(encoding="utf-8-sig")  # Excel saves "CSV UTF-8" with a byte-order mark
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {args.batch}: {exc}") from None
    rows = parse_rows(text, doc, load_all(store), source=str(args.batch))
    apply_rows(store, rows)
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("accepted", "rejected", "skipped")}
    console.print(f"applied {len(rows)} decisions from {args.batch}: " + ", ".join(f"{n} {s}" for s, n in
                                                                                 counts.items()))
    _record(ctx, args, store, console)
    result: dict = {"applied": len(rows), **counts, "decisions_file": str(_decisions(ctx, args)), "proposed": None,
                    "problems": []}
    accepted = [r.review.arxiv_id for r in rows if r.status == "accepted"]
    code = _propose(ctx, args, store, doc, accepted, console, result) if args.propose and accepted else 0
    shown.result(result)
    return code


def _queued(review: Review) -> dict:
    item = review.item
    return {"arxiv_id": item.arxiv_id, "day": item.day.isoformat() if item.day else None, "status": item.status,
            "reason": item.reason, "relevance": json_number(review.prediction.relevance),
            "predicted": list(review.predicted) if review.predicted else None,
            "section": list(item.section) if item.section else None, "title": review.title}


def _list(args: argparse.Namespace, store: Store, shown: Output) -> int:
    """The queue as `--list` prints it, without asking anything: pending then skipped (or --date / the ids)."""
    queue = load_queue(store, day=args.date, ids=args.ids)
    for review in [] if shown.as_json else queue:  # with --json the object is the list
        row = _queued(review)
        where = " > ".join(row["section"] or row["predicted"] or ["?"])
        relevance = "-" if row["relevance"] is None else f"{row['relevance']:.2f}"
        shown.say(f"{row['arxiv_id']:<12} {row['day'] or '-':<10} {row['status']:<8} {relevance:>4}  "
                  f"{terminal(row['title'])}\n{'':<12} -> {where}")
    statuses = [r.item.status for r in queue]
    shown.say(f"{len(queue)} queued" + (": " if queue else "")
              + ", ".join(f"{statuses.count(s)} {s}" for s in sorted(set(statuses))))
    shown.result({"queue": [_queued(r) for r in queue],
                  "counts": {s: statuses.count(s) for s in sorted(set(statuses))}})
    return 0


def _interactive(ctx: Context, args: argparse.Namespace, store: Store, doc: Document, console: Console) -> int:
    queue = load_queue(store, day=args.date, ids=args.ids)
    if not queue:
        console.print("nothing to triage")
        return 0
    opener = None if args.no_browser else webbrowser.open
    with KeyReader() as keys:
        session = Session(store, queue, doc.leaf_paths(), keys, console, opener)
        try:
            tally = session.run()
        except KeyboardInterrupt:
            _record(ctx, args, store, console)
            console.print(f"\ninterrupted: the {len(session.tally.decided)} decisions made are saved")
            return 130
        _record(ctx, args, store, console)
        accepted = tally.ids("accepted")
        console.print(f"{len(tally.decided)} decisions: {len(accepted)} accepted, {len(tally.ids('rejected'))} "
                      f"rejected, {len(tally.ids('skipped'))} skipped")
        if not accepted or args.propose is False:
            return 0
        if args.propose is None:
            console.print(f"open a PR with the {len(accepted)} accepted papers? [y/N] ", end="", markup=False)
            answer = keys.key()
            console.print(answer if len(answer) == 1 else "")
            if answer.lower() != "y":
                return 0
    return _propose(ctx, args, store, doc, accepted, console)


def _decisions(ctx: Context, args: argparse.Namespace) -> Path:
    return Path(args.data) / "decisions.jsonl" if args.data else ctx.paths.decisions


def run(ctx: Context, args: argparse.Namespace) -> int:
    shown = Output.of(ctx, args)
    if shown.as_json and not (args.batch or args.list):
        raise ConfigError("--json goes with --list or --batch FILE; the key-by-key review is for a person")
    doc = _readme(ctx)
    console = Console(highlight=False, soft_wrap=True, stderr=shown.as_json)  # with --json, stdout is the object
    with ctx.store() as store:
        if args.ids:
            _ask_for(store, args.ids, doc, ctx.model_dir())
        if args.list:
            return _list(args, store, shown)
        if args.batch:
            return _batch(ctx, args, store, doc, console, shown)
        return _interactive(ctx, args, store, doc, console)


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(
        sub, "triage", STATE, README, MODEL, REPO,
        help="review uncertain papers one key at a time (or --batch FILE), then propose the accepted",
        description="Keys: a accept the predicted section, c choose another (numbered list and search), r reject, "
        "s skip, o open on arXiv, u undo the last decision, q quit. Every decision is saved at once, so Ctrl-C "
        "loses nothing decided. At the end litbot offers to propose the accepted papers on the day's branch.",
    )
    parser.add_argument("ids", nargs="*", metavar="ARXIV_ID", help="review these papers (queued or in the state file)")
    parser.add_argument("--date", type=iso_day, help="review the papers queued for this announce day, decided or not")
    parser.add_argument("--list", action="store_true",
                        help="print the queue (pending, then skipped; or --date / the ids) and ask nothing")
    parser.add_argument("--batch", metavar="FILE.csv",
                        help="apply rows arxiv_id,decision,section (accept/reject/skip) after checking all of them")
    parser.add_argument("--data", metavar="DIR", help="export decisions.jsonl for training here (default: state.dir)")
    parser.add_argument("--record", metavar="FILE", help=f"the list's decisions file to write (default: "
                        f"{DECISIONS_PATH} in --local or repo.local_path, when that is a clone); commit it")
    parser.add_argument("--pr-date", type=iso_day, help="the day's branch for the PR (default: today, UTC)")
    yes_no = parser.add_mutually_exclusive_group()
    yes_no.add_argument("--propose", action="store_true", default=None, help="propose the accepted without asking")
    yes_no.add_argument("--no-propose", dest="propose", action="store_false", help="never open a PR")
    parser.add_argument("--no-browser", action="store_true", help="print the arXiv link instead of opening it")
    add_json(parser, 'with --list: {"queue": [{"arxiv_id", "day", "status", "reason", "relevance", "predicted", '
             '"section", "title"}], "counts": {STATUS: N}}; with --batch: {"applied", "accepted", "rejected", '
             '"skipped", "decisions_file", "problems", "proposed": (as `litbot propose --json`) or null}')
    parser.set_defaults(func=run)
