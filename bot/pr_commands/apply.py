"""The PR-comment use case: check who asks, carry out `@litbot` commands on the PR's branch, update the PR, answer."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass

from bot.errors import CommandError, LitbotError
from bot.pr_body import Block, escape, parse_block
from bot.pr_commands import edit, history
from bot.pr_commands.body import reconcile
from bot.pr_commands.event import CommentEvent
from bot.pr_commands.parse import HELP, Add, Command, Drop, Help, Move, Undo, Unknown, parse_comment
from bot.pr_commands.resolve import Fetch, Target, resolve
from bot.proposal import Proposal
from bot.pr_history import read_history
from bot.propose import labels_for
from bot.publisher import DEFAULT_LABELS, STALE_RETRIES, Commit, upsert_pr, write_branch
from bot.readme import Document, Index, parse
from bot.repo_port import CommentPort, CommentRef, FileVersion, PullInfo

log = logging.getLogger(__name__)

WRITE_ACCESS = ("admin", "maintain", "write")
LABELS = {Drop: "litbot:dropped", Move: "litbot:moved", Add: "litbot:added", Undo: "litbot:undone"}
OK, FAILED = "+1", "confused"


@dataclass(frozen=True)
class Result:
    """What became of one command: done (with a one-line summary) or not (with the reason)."""

    command: Command
    ok: bool
    message: str


@dataclass(frozen=True)
class Outcome:
    """`action`: "ignored" (nothing said), "refused" (no write access), "help", "done" or "failed".

    `error` marks a failure of GitHub, git or arXiv rather than a command that could not be carried out.
    """

    action: str
    reason: str
    pr: PullInfo | None = None
    results: tuple[Result, ...] = ()
    reaction: str | None = None
    reply: str | None = None
    error: bool = False


def _quote(text: str) -> str:
    return escape(text, 300)  # inert: no pings, links or code; litbot never reads its own reply as a command


def _refusal(author: str) -> str:
    return (f"Thanks, @{author}! Only people with write access to this repository can give litbot commands, so "
            f"this pull request is left as it is. A maintainer can repeat the command if they agree.")


def _help(author: str, unknown: list[Unknown]) -> str:
    lines = [f"- {_quote(u.text)}: {_quote(u.problem)}" for u in unknown]
    intro = (f"@{author} I did not understand this, so nothing was changed:\n\n" + "\n".join(lines) + "\n\n"
             if unknown else "")
    return intro + HELP


def _report(author: str, results: tuple[Result, ...]) -> str:
    marks = [f"- {'done' if r.ok else 'not done'}: {_quote(r.command.text)} — {_quote(r.message)}" for r in results]
    return f"@{author} not everything could be done:\n\n" + "\n".join(marks)


def _answer(repo: CommentPort, pr: PullInfo, comment: CommentRef, out: Outcome) -> Outcome:
    if out.reaction:
        repo.react(comment, out.reaction)
    if out.reply:
        repo.reply(pr, out.reply)
    log.info("%s on %s: %s", out.action, pr.name, out.reason)
    return out


def respond(repo: CommentPort, event: CommentEvent, fetch: Fetch | None = None, *, mention: str = "litbot",
            readme_path: str = "README.md", labels: Sequence[str] = DEFAULT_LABELS) -> Outcome:
    """Answer one new PR comment: ignore it (not for litbot, by a bot, not a litbot PR), refuse it politely (no
    write access), explain the commands (help, or a line that is not one), or carry its commands out in order,
    each as one commit on the PR's branch, then update the PR's table, block and labels (the configured `labels`,
    the categories and one per command done) and react.
    """
    if event.action != "created":
        return Outcome("ignored", f"the comment was {event.action}, not created")
    commands = parse_comment(event.body, mention)
    if not commands:
        return Outcome("ignored", "no line of the comment starts with @" + mention)
    if event.author_is_bot:
        return Outcome("ignored", f"{event.author} is a bot")
    pr = repo.pull_request(event.pr)
    if pr is None:
        return Outcome("ignored", f"{event.pr} is not a litbot pull request")
    comment = CommentRef(event.kind, event.comment_id, pr.key)
    if repo.permission(event.author) not in WRITE_ACCESS:
        return _answer(repo, pr, comment, Outcome("refused", f"{event.author} has no write access", pr,
                                                  reply=_refusal(event.author)))
    unknown = [c for c in commands if isinstance(c, Unknown)]
    if unknown or any(isinstance(c, Help) for c in commands):
        reason = "unknown command" if unknown else "help asked for"
        return _answer(repo, pr, comment, Outcome("help", reason, pr, reaction=FAILED if unknown else OK,
                                                  reply=_help(event.author, unknown)))
    block = parse_block(pr.body)
    problem = (f"this pull request is {pr.state}; litbot changes only open ones" if pr.state != "open" else
               "the PR body has lost litbot's machine-readable block, so its rows cannot be told apart"
               if block is None else None)
    if problem:
        results = tuple(Result(c, False, problem) for c in commands)
        return _answer(repo, pr, comment, Outcome("failed", problem, pr, results, FAILED,
                                                  _report(event.author, results)))
    assert block is not None  # a missing block is a problem above
    return _answer(repo, pr, comment, _carry_out(repo, pr, block, commands, event, fetch, readme_path, labels))


def _carry_out(repo: CommentPort, pr: PullInfo, block: Block, commands: tuple[Command, ...], event: CommentEvent,
               fetch: Fetch | None, readme_path: str, labels: Sequence[str]) -> Outcome:
    base = Index(parse(repo.read_readme(repo.base_branch()).text))
    doc = parse(repo.read_readme(pr.branch).text)
    others = read_history(repo.list_litbot_prs() if any(isinstance(c, Add) for c in commands) else ())
    resolved: list[Target | Result] = []
    error = False
    for c in commands:  # every paper and section is named against the PR as the maintainer saw it
        try:
            resolved.append(resolve(c, block=block, doc=doc, base=base, event=event, repo=repo, pr=pr,
                                    others=others, fetch=fetch, readme_path=readme_path))
        except LitbotError as exc:
            resolved.append(Result(c, False, str(exc)))
            error = error or not isinstance(exc, CommandError)
    problems = [r for r in resolved if isinstance(r, Result)]
    if problems:
        out = tuple(r if isinstance(r, Result) else Result(r.command, False, "not tried: another line failed")
                    for r in resolved)
        return Outcome("failed", "; ".join(r.message for r in problems), pr, out, FAILED,
                       _report(event.author, out), error)
    targets = [t for t in resolved if isinstance(t, Target)]
    results: list[Result] = []
    given: dict[str, Proposal] = {}
    forget: set[str] = set()
    for t in targets:
        try:
            summary, forgotten = _commit(repo, pr, t, base, event)
        except LitbotError as exc:
            results.append(Result(t.command, False, str(exc)))
            error = not isinstance(exc, CommandError)
            break
        results.append(Result(t.command, True, summary))
        forget |= set(forgotten)
        if t.proposal is not None:
            given[t.arxiv_id] = t.proposal
    results += [Result(t.command, False, "not tried: an earlier line failed") for t in targets[len(results):]]
    done = [r for r in results if r.ok]
    # Even when nothing was committed: a push that raced the command may have changed what the PR holds.
    _update_pr(repo, pr, block, base, given, forget, [*labels, *(LABELS[type(r.command)] for r in done)])
    if len(done) == len(results):
        return Outcome("done", "; ".join(r.message for r in results), pr, tuple(results), OK)
    failed = next(r for r in results if not r.ok)
    return Outcome("failed", failed.message, pr, tuple(results), FAILED, _report(event.author, tuple(results)), error)


def _plan(repo: CommentPort, pr: PullInfo, t: Target, doc: Document, base: Index,
          event: CommentEvent) -> tuple[Document, str, str, tuple[str, ...]]:
    """(new README, commit message, one-line summary, ids an undo took out of the PR without rejecting them)."""
    c, who = t.command, event.author
    if isinstance(c, Undo):
        undone = history.last_undoable(repo.branch_log(pr.branch), pr.branch)
        if undone is None or undone.parent is None:
            raise CommandError("there is no litbot command on this branch left to undo")
        before, after = (parse(repo.read_readme(ref).text) for ref in (undone.parent, undone.sha))
        new, out, _ = edit.revert(before, after, doc)
        subject = undone.message.splitlines()[0]
        forget = out if (history.command_of(undone) or ("",))[0] == "add" else ()
        message = history.undo_message(undone, branch=pr.branch, who=who, pr_name=pr.name, request=c.text)
        return new, message, f"undid {subject!r}", forget
    if isinstance(c, Add):
        p = t.proposal
        assert p is not None  # resolve gives an add its proposal
        new = edit.add(doc, p)
        how = "as named" if c.section else (
            "where the classifier puts it" + ("" if math.isnan(p.confidence) else f", {p.confidence:.2f}"))
        subject, summary = p.commit_message, f"added {t.name} to {p.leaf} ({how})"
    else:
        entry = edit.find_proposed(doc, base, t.arxiv_id, t.title, t.name)
        short, leaf = edit.short_title(entry, t.title), entry.section[-1]
        if isinstance(c, Drop):
            new = edit.drop(doc, entry)
            subject, summary = f"Drop {short} from {leaf}", f"dropped {t.name} from {leaf}"
        else:
            assert t.section is not None  # resolve gives a move its section
            new = edit.move(doc, entry, t.section)
            subject = f"Move {short} to {t.section[-1]} (from {leaf})"
            summary = f"moved {t.name} from {leaf} to {t.section[-1]}"
    op = type(c).__name__.lower()
    message = history.message(subject, op=op, arxiv_id=t.arxiv_id, branch=pr.branch, who=who, pr_name=pr.name,
                              request=c.text)
    return new, message, summary, ()


def _commit(repo: CommentPort, pr: PullInfo, t: Target, base: Index,
            event: CommentEvent) -> tuple[str, tuple[str, ...]]:
    """Carry out one target as one commit, on whatever the branch holds now: when it moved under us, read it again
    and redo the edit on the new head, so a push that raced the command is kept."""

    def change(current: FileVersion) -> Commit[tuple[str, tuple[str, ...]]]:
        new, message, summary, forget = _plan(repo, pr, t, parse(current.text), base, event)
        return Commit(new.render(), message, (summary, forget))

    out = write_branch(repo, pr.branch, change,
                       giving_up=" and changed nothing for this line (give the command again)")
    summary, forget = out.result
    log.info("%s on %s", summary, pr.branch)
    return summary, forget


def _update_pr(repo: CommentPort, pr: PullInfo, block: Block, base: Index, given: dict[str, Proposal],
               forget: set[str], decisions: list[str]) -> None:
    """Make the PR's title, table and block say what its branch holds; when the branch moves meanwhile, again."""
    now = pr
    for _ in range(STALE_RETRIES + 1):
        head = repo.branch_head(pr.branch)
        doc = parse(repo.read_readme(head).text)
        now = repo.pull_request(pr.key) or now
        rec = reconcile(now.body, parse_block(now.body) or block, doc, base, given, forget)
        wanted = (*decisions, *labels_for(rec.papers, ()))
        now, _ = upsert_pr(repo, pr.branch, "", rec.title, rec.body, wanted, existing=now)
        if repo.branch_head(pr.branch) == head:
            break
        log.info("%s moved while its PR was being updated; updating it again", pr.branch)
