"""`litbot keepalive`: re-enable the workflow that runs litbot through the API, so GitHub keeps its schedule on."""

from __future__ import annotations

import argparse

from bot.commands.options import add_command
from bot.commands.output import Output, add_json
from bot.context import Context
from bot.errors import ConfigError, RepoError


def workflow_file(ref: str) -> str:
    """The workflow's file name from GitHub's `github.workflow_ref` (`OWNER/REPO/.github/workflows/F.yml@REF`).

    A bare file name (`litbot.yml`) or a numeric workflow id is returned as it is.
    """
    name = ref.strip().split("@", 1)[0].rsplit("/", 1)[-1]
    if not (name.endswith((".yml", ".yaml")) or name.isdigit()):
        raise ConfigError(f"--workflow wants a workflow file name, id or github.workflow_ref, not {ref!r}")
    return name


def run(ctx: Context, args: argparse.Namespace) -> int:
    from bot.github_repo import GitHubRepo

    config = ctx.config
    name = workflow_file(args.workflow)
    repo = GitHubRepo(args.repo, str(config.github_token), base_url=config.repo.api_url)
    try:
        repo.enable_workflow(name)
    except RepoError as exc:
        raise RepoError(f"{exc} (the keep-alive needs a token with `actions: write` on {args.repo})") from None
    out = Output.of(ctx, args)
    out.say(f"re-enabled workflow {name} of {args.repo}: GitHub keeps its schedule on")
    out.result({"repo": args.repo, "workflow": name, "enabled": True})
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(
        sub, "keepalive",
        help="re-enable the workflow that runs litbot, so GitHub does not switch its schedule off",
        description="GitHub switches a scheduled workflow off after 60 days without repository activity. This "
        "re-enables it through the API (PUT .../actions/workflows/FILE/enable) instead of pushing empty commits. "
        "The litbot action calls it after each run when its `keepalive` input is true. Token from GITHUB_TOKEN, "
        "with `actions: write`.",
    )
    parser.add_argument("--repo", required=True, metavar="OWNER/NAME", help="the repository the workflow is in")
    parser.add_argument("--workflow", required=True, metavar="FILE",
                        help="its file name (litbot.yml), id, or github.workflow_ref")
    add_json(parser, '{"repo": "OWNER/NAME", "workflow": FILE, "enabled": true}')
    parser.set_defaults(func=run)
