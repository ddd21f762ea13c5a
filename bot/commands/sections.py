"""`litbot sections`: print the README's taxonomy tree with the number of entries in each section."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.commands import DATA_DIR
from bot.errors import ReadmeError
from bot.readme import Document, parse

DEFAULT_README = DATA_DIR / "survey_README.md"


def read_readme(path: Path) -> Document:
    """Parse a README file, with a clear error when it cannot be read as UTF-8 text."""
    try:
        return parse(path.read_bytes().decode("utf-8"))
    except OSError as exc:
        raise ReadmeError(f"cannot read README {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ReadmeError(f"README {path} is not UTF-8 text (byte {exc.start})") from exc


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


def run(args: argparse.Namespace) -> int:
    doc = read_readme(Path(args.readme))
    print("\n".join(render_tree(doc)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("sections", help="print the taxonomy tree with entry counts")
    parser.add_argument("--readme", default=str(DEFAULT_README), help="README to read (default: the shipped survey)")
    parser.set_defaults(func=run)
