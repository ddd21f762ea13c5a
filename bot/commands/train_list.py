"""`litbot train` for a list set up with `litbot init --readme`: its entries and the papers litbot fetched."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path

from bot.context import read_readme
from bot.config import Config
from bot.errors import ConfigError
from bot.listing import check_skips, paper_leaves
from bot.store import Store

log = logging.getLogger(__name__)


def list_readme(args: argparse.Namespace, config: Config) -> Path:
    """--readme, else the README in the list's local clone (repo.local_path)."""
    if args.readme:
        return Path(args.readme)
    path = Path(config.repo.local_path) / config.repo.readme_path
    if not path.exists():
        raise ConfigError(f"no README at {path} (repo.local_path); give the list's README with --readme PATH")
    return path


def run_list(args: argparse.Namespace, config: Config, state: Path, step: Callable[[str], None]) -> dict:
    """Train this list's model; returns the metadata written. Negatives: the state file's fetched papers, plus
    any --negatives files (recorded days, the offline twin)."""
    from bot.ingest import read_papers_file
    from classifiers.list_training import train_list

    doc = read_readme(list_readme(args, config))
    check_skips(doc, config.list.skip)
    leaves = paper_leaves(doc, config.list.skip, config.list.leaf_depth)
    with Store(state) as store:
        fetched = store.fetched_papers()
    for path in args.negatives or ():
        fetched += read_papers_file(Path(path))
    out = Path(args.out or config.classifier.model_path or "model")
    meta = train_list(doc, leaves, config.repo.target, fetched, out, step=step)
    meta["out"] = str(out)
    return meta
