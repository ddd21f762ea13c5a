"""`litbot propose`: turn a proposals file into the day's pull request, on GitHub or on a local clone."""

from __future__ import annotations

import argparse
import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bot.commands import iso_day
from bot.commands.options import REPO, add_command
from bot.commands.output import Output, add_json
from bot.commands.progress import progress
from bot.context import Context
from bot.errors import ConfigError
from bot.proposal import Proposal
from bot.propose import propose
from bot.propose_text import as_dict, report

log = logging.getLogger(__name__)


def register(subparsers: argparse._SubParsersAction) -> None:
    p = add_command(
        subparsers, "propose", REPO,
        help="commit proposed papers to the day's litbot branch and open or update its PR",
        description="Read proposals (JSONL, one bot.proposal.Proposal per line), skip papers already listed, "
        "already proposed in an open litbot PR, or rejected in a closed one, then commit one paper per commit on "
        "litbot/arxiv-DATE and open or update that branch's PR. Without --repo it works on a local clone "
        "(--local, or repo.local_path in litbot.toml) and writes the PR body into <git dir>/litbot/.",
    )
    p.add_argument(
        "--input", required=True, type=Path, metavar="FILE",
        help="proposals: what `litbot run --dry-run --json` printed, or one proposal a line (JSONL)",
    )
    p.add_argument("--date", type=iso_day, help="the arXiv announce day the PR is for (default: today, UTC)")
    p.add_argument("--readme", help="README path inside the repository (default: repo.readme_path)")
    p.add_argument("--dry-run", action="store_true", help="print the diff and the PR body; change nothing")
    p.add_argument("--force", action="store_true", help="propose papers again that a closed PR rejected")
    add_json(p, '{"action", "branch", "title", "pr": {"name", "url"} or null, "committed": [{"arxiv_id", "title", '
             '"section", "confidence", "entry_line"}], "skipped": [{"arxiv_id", "title", "kind", "reason"}], '
             '"problems": [TEXT]} (with --dry-run also "diff" and "body")')
    p.set_defaults(func=run)


def read_proposals(path: Path) -> tuple[list[Proposal], list[str]]:
    """Proposals from what `litbot run --json` printed (its "proposals") or from JSONL, one proposal a line, and one
    problem string per proposal that could not be read (the rest go on)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    try:
        whole = json.loads(text)
    except ValueError:
        whole = None
    if isinstance(whole, dict) and isinstance(whole.get("proposals"), list):  # a run report
        records: list[tuple[str, Any]] = [(f"proposals[{n}]", p) for n, p in enumerate(whole["proposals"])]
    else:
        records = [(str(n), line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    out, problems = [], []
    for where, record in records:
        try:
            out.append(Proposal.from_dict(json.loads(record) if isinstance(record, str) else record))
        except (ValueError, AttributeError) as exc:
            problems.append(f"{path}:{where}: {exc}")
    return out, problems


def run(ctx: Context, args: argparse.Namespace) -> int:
    proposals, problems = read_proposals(args.input)
    for problem in problems:
        log.warning("skipping a proposal: %s", problem)
    day = args.date or datetime.now(timezone.utc).date()
    repo = ctx.repo(readme=args.readme)
    with progress("committing papers", quiet=ctx.options.quiet) as steps:
        out = propose(repo, day, proposals, force=args.force, dry_run=args.dry_run, labels=ctx.config.pr.labels,
                      progress=lambda done, total: steps.update(advance=done - steps.done, total=total))
    shown = Output.of(ctx, args)
    if args.dry_run:
        shown.say(out.diff or "(no change to the README)")
        shown.say(out.body)
    shown.say("\n".join(report(out)))
    for problem in problems:
        shown.say(f"  ! {problem}")
    shown.result({**as_dict(out), "problems": problems,
                  **({"diff": out.diff, "body": out.body} if args.dry_run else {})})
    return 1 if problems else 0
