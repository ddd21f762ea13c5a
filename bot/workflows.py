"""The two GitHub Actions workflows `litbot init --workflow` writes into a list's repository, pinned to one action."""

from __future__ import annotations

import re

from bot import __version__
from bot.errors import ConfigError

PLACEHOLDER = "OWNER/litbot@COMMIT_SHA"  # what the documented copies in examples/workflows/ show
ACTION_REF = re.compile(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[\w./-]+")
PINNED = re.compile(r".+@[0-9a-f]{40}")

DAILY = """\
# litbot: new arXiv papers for this list, proposed as a pull request Monday to Friday after arXiv's announcement.
# Written by `litbot init --workflow`. Token choices and repository settings: litbot's docs/github-actions.md.
#
# With the built-in token (the default), turn on Settings > Actions > General > Workflow permissions > "Allow
# GitHub Actions to create and approve pull requests". Pull requests it opens start no other workflow, so
# litbot-lint.yml does not run on them (litbot lints its own lines before committing them). To have them checked
# like any other pull request, store a fine-grained token or a GitHub App token as the secret LITBOT_TOKEN.
name: litbot

on:
  schedule:
    # arXiv announces at 20:00 US Eastern, Sunday to Thursday, i.e. 00:00-01:00 UTC Monday to Friday.
    - cron: "30 2 * * MON,TUE,WED,THU,FRI"
  workflow_dispatch:
    inputs:
      since:
        description: "Backfill from this announce date (YYYY-MM-DD); empty = every day not yet processed"
        required: false
        type: string
      until:
        description: "Backfill up to this announce date (YYYY-MM-DD); empty = today"
        required: false
        type: string
      dry_run:
        description: "Show what would be proposed; change nothing"
        required: false
        type: boolean
        default: false

permissions: {}

# One run at a time; a second one waits instead of racing the first on the same branch.
concurrency:
  group: litbot-${{ github.repository }}
  cancel-in-progress: false

jobs:
  run:
    runs-on: ubuntu-24.04
    timeout-minutes: 60
    permissions:
      contents: write # the litbot/arxiv-DATE branch and its commits
      pull-requests: write # open, update and label the pull request
      actions: write # keepalive: re-enable this workflow so GitHub keeps its schedule on
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          persist-credentials: false # litbot writes through the API only; the checkout is for litbot.toml
      - uses: {ACTION} # v{VERSION}
        with:
          token: ${{ secrets.LITBOT_TOKEN || github.token }}
          since: ${{ inputs.since }}
          until: ${{ inputs.until }}
          dry-run: ${{ inputs.dry_run }}
          keepalive: true
"""

LINT = """\
# litbot lint: checks the README lines a pull request adds or alters (not the findings the list already has);
# findings become annotations on the diff. Written by `litbot init --workflow`. It can be a required check.
name: litbot lint

on:
  pull_request:
    paths:
      - README.md

permissions:
  contents: read

concurrency:
  group: litbot-lint-${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  readme:
    runs-on: ubuntu-24.04
    timeout-minutes: 10
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
        with:
          fetch-depth: 2 # the pull request's merge commit and its first parent, the base it is judged against
          persist-credentials: false
      - uses: {ACTION} # v{VERSION}
        with:
          command: lint
          readme: README.md
          base: HEAD^1
"""

FILES = {"litbot.yml": DAILY, "litbot-lint.yml": LINT}


def render(action: str, version: str = __version__) -> dict[str, str]:
    """File name -> text of each workflow, using the action `OWNER/NAME@REF` (pin REF to a full commit SHA)."""
    if action != PLACEHOLDER and not ACTION_REF.fullmatch(action):
        raise ConfigError(f"--action must look like OWNER/NAME@COMMIT_SHA, not {action!r}")
    return {name: text.replace("{ACTION}", action).replace("{VERSION}", version) for name, text in FILES.items()}


def is_pinned(action: str) -> bool:
    """True when the action's ref is a full commit SHA, the only ref that cannot move under the workflow."""
    return bool(PINNED.fullmatch(action))
