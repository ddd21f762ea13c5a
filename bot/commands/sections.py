"""`litbot sections`: print the README's taxonomy tree with the number of entries in each section."""

from __future__ import annotations

import argparse

from bot.commands.options import README, add_command
from bot.commands.output import Output, add_json
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


def tree_dict(doc: Document) -> dict:
    """The --json object: every section with its entry count (its sub-tree's) and whether it is a leaf."""
    leaves = set(doc.leaf_paths())
    return {
        "sections": [{"path": list(path), "entries": sum(1 for e in doc.entries if e.section[: len(path)] == path),
                      "leaf": path in leaves} for path in doc.section_paths()],
        "entries": len(doc.entries), "leaf_sections": len(leaves),
    }


def run(ctx: Context, args: argparse.Namespace) -> int:
    doc = ctx.readme()
    out = Output.of(ctx, args)
    if out.as_json:
        out.result(tree_dict(doc))
    else:
        print("\n".join(render_tree(doc)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "sections", README, help="print the taxonomy tree with entry counts")
    add_json(parser, '{"sections": [{"path": [...], "entries": N, "leaf": bool}], "entries": N, "leaf_sections": N}')
    parser.set_defaults(func=run)
