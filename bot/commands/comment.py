"""`litbot comment`: answer a maintainer's `@litbot ...` comment on a litbot PR (GitHub event, or offline on a clone).
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
from pathlib import Path

from bot.commands.options import ARXIV, LOAD, MODEL, REPO, add_command
from bot.commands.output import Output, add_json
from bot.context import Context
from bot.errors import CommandError, ConfigError
from bot.pr_commands.apply import Outcome, respond
from bot.pr_commands.event import CommentEvent, read_event
from bot.pr_commands.resolve import Fetch
from bot.proposal import Proposal
from bot.readme import Document

log = logging.getLogger(__name__)


def paper_fetcher(load: Path | None, api_url: str, delay: float, model: Path, list_style: str = "survey") -> Fetch:
    """How `@litbot add` gets a paper: from the --load file (offline), else the arXiv API; placed in the section
    named, else where the classifier puts it, and written in the list's house style (bot.commands.add.plan)."""

    def fetch(arxiv_id: str, section: tuple[str, ...] | None, doc: Document) -> Proposal:
        from bot.commands.add import plan

        if load is not None:
            from bot.ingest import read_papers_file

            found = {p.arxiv_id: p for p in read_papers_file(load)}
            where = str(load)
        else:
            from bot.arxiv_source import ArxivSource

            found = ArxivSource(api_url=api_url, delay=delay).metadata([arxiv_id])
            where = "arXiv"
        if arxiv_id not in found:
            raise CommandError(f"{where} has no paper {arxiv_id}")
        return plan([found[arxiv_id]], doc, section, model, list_style)[0]

    return fetch


def _where(url: str) -> str:
    """A local PR's body file relative to the current directory when it is below it; a web address as it is."""
    if url.startswith(("http://", "https://")):
        return url
    try:
        return str(Path(url).relative_to(Path.cwd()))
    except ValueError:
        return url


def report(out: Outcome) -> list[str]:
    """What happened, for the terminal or the Actions log."""
    if out.pr is not None and out.results:
        lines = [f"{out.action}: {out.pr.name}" + (f" ({_where(out.pr.url)})" if out.pr.url else "")]
    else:
        lines = [f"{out.action}: {out.reason}"]
    lines += [f"  {'+' if r.ok else '!'} {r.command.text}: {r.message}" for r in out.results]
    if out.reaction:
        lines.append(f"  reaction: {out.reaction}")
    if out.reply:
        lines.append("  reply: " + out.reply.splitlines()[0] + (" [...]" if "\n" in out.reply else ""))
    return lines


def outcome_dict(out: Outcome) -> dict:
    """The --json object: what was done on which PR, command by command."""
    return {"action": out.action, "reason": out.reason,
            "pr": {"name": out.pr.name, "url": out.pr.url or None} if out.pr else None,
            "results": [{"command": r.command.text, "ok": r.ok, "message": r.message} for r in out.results],
            "reaction": out.reaction, "reply": out.reply, "error": out.error}


def run(ctx: Context, args: argparse.Namespace) -> int:
    config = ctx.config
    shown = Output.of(ctx, args)
    if args.event:
        event = read_event(args.event)
        if event is None:
            shown.say("ignored: the comment is not on a pull request")
            shown.result(outcome_dict(Outcome("ignored", "the comment is not on a pull request")))
            return 0
        if not ctx.wants_repo() and event.repository:  # the repository the comment was made in
            ctx.options = dataclasses.replace(ctx.options, repo=event.repository)
        if args.pr:  # offline replay of a recorded event: the local PR it stands for
            event = dataclasses.replace(event, pr=args.pr)
    else:
        if not args.pr:
            raise ConfigError("--text needs --pr: the branch or day of the litbot PR the comment is on")
        event = CommentEvent(kind="issue", pr=args.pr, comment_id=0, author=args.user, author_is_bot=False,
                             body=args.text)
    readme = args.readme or config.repo.readme_path
    repo = ctx.repo(readme=readme)
    fetch = paper_fetcher(ctx.options.load_one(), ctx.options.arxiv_api_url or config.arxiv.api_url,
                          config.arxiv.delay_seconds, ctx.model_dir(), config.list.style)
    out = respond(repo, event, fetch, mention=args.mention, readme_path=readme, labels=config.pr.labels)
    shown.say("\n".join(report(out)))
    shown.result(outcome_dict(out))
    return 1 if out.error else 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(
        sub, "comment", LOAD, ARXIV, MODEL, REPO,
        help="carry out a maintainer's `@litbot drop/move/add/undo` comment on a litbot PR",
        description="Read a new PR comment (the GitHub event file, or --pr and --text offline). From someone with "
        "write access, each line starting with @litbot is a command: `drop 3`, `move 2 to KV-Cache "
        "Optimization`, `add 2506.01234 [to <section>]`, `undo`, `help`. Each change is one commit on the PR's "
        "branch; then the PR's table, machine-readable block and labels are updated and the comment gets a "
        "reaction (+1 done, confused not). Anyone else gets a polite reply; a line that is not a command gets the "
        "help text. Exits 1 only when GitHub, git or arXiv failed.",
    )
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--event", type=Path, metavar="PATH",
                      help="the issue_comment or pull_request_review_comment event JSON ($GITHUB_EVENT_PATH)")
    what.add_argument("--text", metavar="COMMENT", help="offline: the comment's text (with --pr, and --local)")
    parser.add_argument("--pr", metavar="BRANCH",
                        help="offline: the PR's branch or day, e.g. 2025-06-10 (with --event: instead of its number)")
    parser.add_argument("--user", default="maintainer", help="offline: who wrote the comment (default: maintainer)")
    parser.add_argument("--mention", default="litbot", metavar="LOGIN",
                        help="the name commands start with, without @ (default: litbot)")
    parser.add_argument("--readme", help="README path inside the repository (default: repo.readme_path)")
    add_json(parser, '{"action", "reason", "pr": {"name", "url"} or null, "results": [{"command", "ok", '
             '"message"}], "reaction", "reply", "error": bool}')
    parser.set_defaults(func=run)
