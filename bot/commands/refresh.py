"""`litbot refresh`: find listed preprints that arXiv now says were accepted, and propose a venue-update change."""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from rich.progress import Progress

from bot.arxiv_source import ID_BATCH, ArxivSource
from bot.commands import iso_day
from bot.commands.options import ARXIV, LOAD, README, REPO, add_command
from bot.commands.output import add_json
from bot.context import Context, read_readme
from bot.ingest import read_papers_file
from bot.errors import ReadmeError, SourceError
from bot.paper import Paper
from bot.readme.update import replace_entries
from bot.readme import Document, parse
from bot.publisher import Edit, describe, publish
from bot.style import ListStyle, house_style
from bot.upkeep.refresh import Plan, candidates, plan
from bot.upkeep.refresh_body import branch_name, pr_title, render_body
from bot.repo_port import RepoPort

log = logging.getLogger(__name__)


def fetch_metadata(source: ArxivSource, ids: Sequence[str]) -> tuple[dict[str, Paper], list[str]]:
    """API records for the ids, batch by batch (<= 100 ids each, paced by the adapter); a failed batch is
    reported and the others still run."""
    found: dict[str, Paper] = {}
    errors: list[str] = []
    batches = [list(ids[i : i + ID_BATCH]) for i in range(0, len(ids), ID_BATCH)]
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("arXiv metadata", total=len(ids))
        for n, batch in enumerate(batches, 1):
            try:
                found.update(source.metadata(batch))
            except SourceError as exc:
                log.warning("metadata batch %d of %d failed: %s", n, len(batches), exc)
                errors.append(f"batch {n} ({batch[0]}..{batch[-1]}): {exc}")
            progress.advance(task, len(batch))
    return found, errors


def _diff(old: str, new: str, path: str) -> str:
    name = path.lstrip("/")
    return "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), f"a/{name}", f"b/{name}", n=0))


def _write(path: Path, text: str) -> None:
    try:
        path.write_bytes(text.encode("utf-8"))
    except OSError as exc:
        raise ReadmeError(f"cannot write {path}: {exc.strerror}") from exc


def _summary(result: Plan) -> list[str]:
    venues = sum(1 for c in result.changes if c.new_venue is not None)
    codes = sum(1 for c in result.changes if c.code_url is not None)
    lines = [
        f"checked {len(result.checked)} preprint entries: {len(result.changes)} to update "
        f"({venues} venue{'s' if venues != 1 else ''}, {codes} code link{'s' if codes != 1 else ''}), "
        f"{len(result.skipped)} unchanged"
    ]
    kinds = Counter(skip.kind for skip in result.skipped)
    if kinds:
        lines.append("  unchanged: " + ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items())))
    for c in result.changes:
        what = []
        if c.new_venue is not None:
            what.append(f"{c.old_venue or '(blank)'} -> {c.new_venue}, {c.new_year}")
        if c.code_url is not None:
            what.append(f"+ code {c.code_url}")
        lines.append(f"  line {c.line_no + 1}: {c.title[:60]}: {'; '.join(what)}")
    return lines


def _publish(repo: RepoPort, papers: dict[str, Paper], result: Plan, day: date, args: argparse.Namespace,
             labels: tuple[str, ...], style: ListStyle | None) -> None:
    """The venue-update branch and PR; the body lists every change the base branch needs."""
    title, body = pr_title(result.changes, day), render_body(result.changes, day)

    def edit(branch_doc: Document) -> Edit:
        return Edit(replace_entries(branch_doc, plan(branch_doc, papers, style).texts()), title, body)

    n = len(result.changes)
    message = f"Update venues and code links of {n} listed paper{'s' if n != 1 else ''} from arXiv"
    out = publish(repo, branch_name(day), message, edit, labels=labels, dry_run=args.dry_run)
    if args.dry_run and not args.json:
        print(out.diff, end="")
        print(f"\n--- PR: {title} (branch {out.branch}) ---\n{body}")
    print(describe(out), file=sys.stderr if args.json else sys.stdout)


def run(
    ctx: Context,
    args: argparse.Namespace,
    clock: Callable[[], float] | None = None,
    sleeper: Callable[[float], None] | None = None,
) -> int:
    path = ctx.readme_file()
    repo = ctx.repo() if ctx.wants_repo() else None
    if repo is not None:
        doc = parse(repo.read_readme(repo.branch_head(repo.base_branch())).text)
    else:
        doc = read_readme(path)
    entries = candidates(doc)
    ids = list(dict.fromkeys(e.arxiv_id for e in entries if e.arxiv_id))
    errors: list[str] = []
    load = ctx.options.load_one()
    if load is not None:
        papers = {p.arxiv_id: p for p in read_papers_file(load)}
    else:
        source = ctx.source(clock=clock or time.monotonic, sleeper=sleeper or time.sleep)
        assert source is not None  # no --load, so a live source
        papers, errors = fetch_metadata(source, ids)
    style = house_style(doc, ctx.config.list.style)
    result = plan(doc, papers, style)
    new_text = replace_entries(doc, result.texts()).render()
    day = args.date or date.today()
    body = render_body(result.changes, day)
    if args.json:
        print(json.dumps({
            "checked": len(result.checked),
            "changes": [{
                "line": c.line_no + 1, "arxiv_id": c.arxiv_id, "title": c.title,
                "old": {"venue": c.old_venue, "year": c.old_year},
                "new": {"venue": c.new_venue, "year": c.new_year}, "code_url": c.code_url,
                "evidence": list(c.venue_evidence) if c.venue_evidence else None, "new_line": c.new_line,
            } for c in result.changes],
            "skipped": [{"line": s.line_no + 1, "arxiv_id": s.arxiv_id, "kind": s.kind, "reason": s.reason}
                        for s in result.skipped],
            "errors": errors, "branch": branch_name(day), "title": pr_title(result.changes, day),
        }, indent=2, ensure_ascii=False))
    else:
        print("\n".join(_summary(result)))
    if repo is not None:
        _publish(repo, papers, result, day, args, ctx.config.pr.labels, style)
    elif args.dry_run:
        if not args.json:
            print(_diff(doc.render(), new_text, str(path)), end="")
            print(f"\n--- PR: {pr_title(result.changes, day)} (branch {branch_name(day)}) ---\n{body}")
    elif result.changes:
        target = path if args.in_place else Path(args.output) if args.output else None
        if target is None:
            print("not written: give --in-place or --output FILE (or --dry-run to only look)", file=sys.stderr)
        else:
            _write(target, new_text)
            if not args.json:
                print(f"wrote {target}")
        if args.body:
            _write(Path(args.body), body)
    if errors:
        raise SourceError(f"{len(errors)} metadata batch(es) failed: " + "; ".join(errors))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(
        sub, "refresh", README, LOAD, ARXIV, REPO,
        help="update the venue of listed arXiv preprints that have been accepted, and add code links",
        description="Checks every entry with an arXiv id and an arXiv or blank venue against arXiv's "
        "journal_ref and comments (id_list batches of at most 100, at arXiv's pace). Only the <ins>Venue, "
        "Year</ins> part of those lines changes, plus a [[Code](url)] link where the paper names one.",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the diff and the PR body; write nothing")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--in-place", action="store_true", help="rewrite the README file")
    where.add_argument("--output", metavar="FILE", help="write the updated README to FILE")
    parser.add_argument("--body", metavar="FILE", help="also write the PR body (markdown) to FILE")
    parser.add_argument("--date", type=iso_day, help="date for the branch and PR title (default: today)")
    add_json(parser, '{"checked", "changes": [{"line", "arxiv_id", "title", "old": {"venue", "year"}, "new": '
             '{"venue", "year"}, "code_url", "evidence", "new_line"}], "skipped": [{"line", "arxiv_id", "kind", '
             '"reason"}], "errors": [TEXT], "branch", "title"}')
    parser.set_defaults(func=run)
