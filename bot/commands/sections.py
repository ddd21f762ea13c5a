"""`litbot sections`: print the README's taxonomy tree with the number of entries in each section."""

from __future__ import annotations

import argparse

from bot.commands.options import README, add_command
from bot.context import Context
from bot.readme import Document


def render_tree(doc: Document) -> list[str]:
    """One line per taxonomy section, indented by depth, with the entries in its sub-tree; `/` marks a parent."""
    leaves = set(doc.leaf_paths())
    paths = doc.section_paths()
    parents = {p[:-1] for p in paths}
    lines = []
    for path in paths:
        total = sum(1 for e in doc.entries if e.section[: len(path)] == path)
        marker = "/" if path in parents else ""
        lines.append(f"{'  ' * (len(path) - 1)}{path[-1]}{marker}  {total}")
    lines.append(f"{len(doc.entries)} entries in {len(leaves)} leaf sections")
    return lines


def run(ctx: Context, args: argparse.Namespace) -> int:
    doc = ctx.readme()
    print("\n".join(render_tree(doc)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "sections", README, help="print the taxonomy tree with entry counts")
    parser.set_defaults(func=run)
