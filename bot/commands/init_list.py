"""`litbot init --readme PATH_OR_URL --repo OWNER/NAME`: a litbot.toml for any curated list, learned from its README."""

from __future__ import annotations

import argparse
import logging
import re
from pathlib import Path

from bot.context import read_readme
from bot.errors import ConfigError
from bot.listing import detect_skips, leaf_depth, paper_leaves
from bot.readme import Document, parse
from bot.style import ListStyle, infer

log = logging.getLogger(__name__)

_GITHUB_URL = re.compile(r"^https?://(?:www\.)?github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?(?:/.*)?$")
_SURVEY_LINES = ('target = "AIoT-MLSys-Lab/Efficient-LLMs-Survey"', 'local_path = "work/Efficient-LLMs-Survey"',
                 'model_path = ""')


def read_list(source: str, token: str) -> Document:
    """The README at a local path, or (a github.com URL) the repository's README through the GitHub API."""
    m = _GITHUB_URL.match(source)
    if m:
        from bot.github_repo import GitHubRepo

        repo = GitHubRepo(m.group(1), token)
        return parse(repo.read_readme(repo.base_branch()).text)
    if re.match(r"^\w+://", source):
        raise ConfigError(f"--readme {source}: litbot reads a local file or a https://github.com/OWNER/NAME URL")
    return read_readme(Path(source))


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def list_table(doc: Document, style: ListStyle) -> list[str]:
    """The [list] table with what was learned, as commented TOML lines."""
    skips = detect_skips(doc)
    leaves = paper_leaves(doc, [" > ".join(s.path) for s in skips])
    orders: dict[str, int] = {}
    for s in style.sections:
        if s.section in leaves:
            orders[s.order] = orders.get(s.order, 0) + 1
    lines = ["", "[list]",
             f"# Learned from the README's {style.entries:,} entries: {style.share:.1%} match their section's "
             "dominant template.",
             f"# New entries are written like the list's own ({style.template.layout} layout):"]
    lines += ["#     " + line for line in style.template.skeleton.split("\n")]
    lines.append("# and placed by each section's order: "
                 + ", ".join(f"{order} in {n} section{'s' if n != 1 else ''}" for order, n in sorted(orders.items()))
                 + ". `litbot style --readme README` shows every section's template.")
    lines += ['# "learned": write and lint entries in that style; "survey": the Efficient-LLMs-Survey house rules.',
              'style = "learned"',
              "# Papers go to leaf sections at most this deep (0: any depth).",
              f"leaf_depth = {leaf_depth(leaves)}",
              "# Sections that hold no papers to propose (a heading name, or a path `A > B`):"]
    lines += [f"#   {' > '.join(s.path)}: {s.why}" for s in skips]
    lines.append("skip = [" + ", ".join(_toml_string(" > ".join(s.path)) for s in skips) + "]")
    return lines


def config_text(template: str, doc: Document, repo: str, style: ListStyle) -> str:
    """The default litbot.toml pointed at `repo`, with its own model folder and the learned [list] table."""
    name = repo.split("/")[1]
    text = template
    for old, new in zip(_SURVEY_LINES, (f"target = {_toml_string(repo)}",
                                        f"local_path = {_toml_string('work/' + name)}", 'model_path = "model"')):
        if old not in text:
            raise ConfigError(f"the config template has no line {old!r}")  # a template edit that forgot this file
        text = text.replace(old, new, 1)
    text = text.replace("# The survey repository pull requests go to", "# The list's repository pull requests go to")
    text = text.replace("# Empty: the model shipped with litbot (data/model in its checkout).",
                        "# `litbot train` writes this list's model here (litbot's shipped model is the survey's).")
    return text + "\n".join(list_table(doc, style)) + "\n"


def run_list(args: argparse.Namespace, template: str, token: str) -> int:
    if not args.repo or not re.fullmatch(r"[\w.-]+/[\w.-]+", args.repo):
        raise ConfigError("--readme needs --repo OWNER/NAME: the list's GitHub repository, e.g. "
                          "--repo hee9joon/Awesome-Diffusion-Models")
    path = Path(args.path)
    if path.exists() and not args.force:
        raise ConfigError(f"{path} already exists; use --force to overwrite it")
    doc = read_list(args.readme, token)
    if not doc.entries:
        raise ConfigError(f"{args.readme} lists no entries litbot can read under its headings")
    style = infer(doc)
    text = config_text(template, doc, args.repo, style)
    path.write_text(text, encoding="utf-8")
    skips = detect_skips(doc)
    leaves = paper_leaves(doc, [" > ".join(s.path) for s in skips])
    print(f"wrote {path} for {args.repo}: {len(doc.entries):,} entries in {len(doc.leaf_paths())} leaf sections; "
          f"papers go to {len(leaves)} of them (depth {leaf_depth(leaves)}), {len(skips)} skipped")
    for s in skips:
        print(f"  skip {' > '.join(s.path)}: {s.why}")
    print(f"entries match their section's template: {style.matched:,}/{style.entries:,} ({style.share:.1%}); "
          f"new ones are written as:")
    print("\n".join("    " + line for line in style.template.skeleton.split("\n")))
    print("next: `litbot train` (trains this list's model into ./model)")
    return 0
