"""`litbot init`: write a commented default litbot.toml, or (--workflow) the list repository's two workflows."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.commands.options import add_command
from bot.commands.output import Output, add_json
from bot.context import Context
from bot.errors import ConfigError

TEMPLATE = """\
# litbot configuration. Every key can be overridden from the environment as LITBOT_<SECTION>_<KEY>
# (lists comma-separated), e.g. LITBOT_PR_DAILY_CAP=10. The GitHub token is read only from GITHUB_TOKEN.

[repo]
# The survey repository pull requests go to, as owner/name.
target = "AIoT-MLSys-Lab/Efficient-LLMs-Survey"
readme_path = "README.md"
# The branch PRs go into and the README is read from. Empty: GitHub's default branch (mode "github"), or the
# branch checked out in the clone (mode "local"). `--base` on the command line wins over it.
base_branch = ""
# "local": commit to a branch of the git clone at local_path (no GitHub needed).
# "github": open pull requests through the GitHub API (needs GITHUB_TOKEN with contents and pull-requests write).
mode = "local"
local_path = "work/Efficient-LLMs-Survey"
api_url = "https://api.github.com"
# Author and committer of litbot's commits on a local clone (not your own git identity).
commit_name = "litbot"
commit_email = "litbot@users.noreply.github.com"

[arxiv]
# Fetched together in one RSS request per day.
categories = ["cs.CL", "cs.LG", "cs.AI", "cs.DC", "cs.AR", "cs.PF"]
rss_url = "https://rss.arxiv.org/atom/"
api_url = "https://export.arxiv.org/api/query"
# arXiv asks for at most one API request every 3 seconds.
delay_seconds = 3.0

[classifier]
# A directory holding the skops model and its metadata, as written by `litbot train`.
# Empty: a model retrained into state.dir/model once there is one, else the model shipped with litbot.
model_path = ""
# Papers at or above this relevance probability are candidates for the survey. Unset: the threshold chosen
# at training time for 93% out-of-fold recall (stored with the model).
# relevance_threshold = 0.05
# Below this section confidence a candidate goes to the triage queue instead of the PR. Unset: the model's.
# triage_threshold = 0.2

[pr]
# At most this many papers per daily PR, best first; the rest wait in the store.
daily_cap = 15
labels = ["litbot"]

[schedule]
# For `litbot serve`. Day names, not numbers. arXiv announces around 00:00 UTC, Monday to Friday.
days = ["mon", "tue", "wed", "thu", "fri"]
hour = 2
minute = 30
timezone = "UTC"
run_at_start = false

[state]
# litbot's writable folder: the SQLite state (seen papers, processed days, runs, triage queue, decisions),
# decisions.jsonl for `litbot train`, and the model learned from the maintainers' decisions (model/). A cache:
# every run derives the decisions from the repository again and keeps that model in step with them.
dir = ".litbot"
# The SQLite file, if it should live elsewhere (default: state.sqlite in dir).
# path = "litbot-state.sqlite"
# Retrain the learned model once this many decisions differ from the ones it learned from (1: after every change).
retrain_after = 25
"""


def write_workflows(args: argparse.Namespace, out: Output) -> int:
    """The daily workflow and the PR check, both using the litbot action `--action`, into the --workflow folder."""
    from bot.workflows import is_pinned, render

    if not args.action:
        raise ConfigError("--workflow needs --action OWNER/NAME@COMMIT_SHA: the litbot repository and the commit the "
                          "workflows run, e.g. --action you/litbot@$(git -C path/to/litbot rev-parse HEAD)")
    files = render(args.action)
    folder = Path(args.workflow)
    taken = [str(folder / name) for name in files if (folder / name).exists()]
    if taken and not args.force:
        raise ConfigError(f"{', '.join(taken)} already exist(s); use --force to overwrite")
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        out.say(f"wrote {folder / name}")
    warnings = [] if is_pinned(args.action) else [
        f"{args.action} is not pinned to a full commit SHA; a tag or branch can move under the workflow"]
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    out.result({"written": [str(folder / name) for name in files], "warnings": warnings})
    return 0


def run(ctx: Context, args: argparse.Namespace) -> int:
    out = Output.of(ctx, args)
    if args.workflow is not None:
        return write_workflows(args, out)
    if args.readme or args.repo:
        from bot.commands.init_list import run_list

        if not args.readme:
            raise ConfigError("--repo goes with --readme PATH_OR_URL: the list's README to learn from")
        return run_list(args, TEMPLATE, str(ctx.config.github_token))
    path = Path(args.path)
    if path.exists() and not args.force:
        raise ConfigError(f"{path} already exists; use --force to overwrite it")
    path.write_text(TEMPLATE, encoding="utf-8")
    out.say(f"wrote {path}")
    out.result({"written": [str(path)], "warnings": []})
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "init", help="write a commented default litbot.toml (--workflow: the Actions workflows)")
    parser.add_argument("path", nargs="?", default="litbot.toml", help="where to write it (default: litbot.toml)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.add_argument(
        "--workflow", nargs="?", const=".github/workflows", metavar="DIR",
        help="instead, write litbot.yml (the daily run) and litbot-lint.yml (the PR check) for the list's "
        "repository into DIR (default: .github/workflows)",
    )
    parser.add_argument("--action", metavar="OWNER/NAME@SHA",
                        help="with --workflow: the litbot action the workflows use, pinned to a full commit SHA")
    add_json(parser, '{"written": [PATH, ...], "warnings": [TEXT, ...]}')
    parser.add_argument("--readme", metavar="PATH_OR_URL",
                        help="write a config for this curated list instead of the survey: its README (a file, or "
                        "https://github.com/OWNER/NAME read through the API); learns sections to skip and its style")
    parser.add_argument("--repo", metavar="OWNER/NAME", help="with --readme: the list's GitHub repository")
    parser.set_defaults(func=run)
