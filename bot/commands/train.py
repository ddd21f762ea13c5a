"""`litbot train`: re-train the relevance and section models from the README and data/, optionally fetching abstracts."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from bot.commands.sections import DEFAULT_README, read_readme
from bot.errors import ConfigError, SourceError
from classifiers.dataset import DEFAULT_DATA, AbstractCache, read_jsonl, write_jsonl
from classifiers.training import ABSTRACTS, STAGES, train

log = logging.getLogger(__name__)



def missing_abstracts(doc, cache: AbstractCache) -> list[str]:
    """Listed arXiv ids the abstract cache has nothing for."""
    ids = {e.arxiv_id for e in doc.entries if e.arxiv_id}
    return sorted(i for i in ids if not cache.abstract_for(i, ""))


def enrich(doc, data_dir: Path, load: Path | None, api_url: str | None) -> int:
    """Add abstracts for listed ids missing from data/abstracts.jsonl, from arXiv (or --load FILE); returns how many.

    A failure to reach arXiv is reported and training goes on with the cache as it is.
    """
    cache = AbstractCache.load(data_dir / ABSTRACTS)
    wanted = missing_abstracts(doc, cache)
    if not wanted:
        return 0
    try:
        if load is not None:
            from bot.ingest import read_papers_file

            found = {p.arxiv_id: p for p in read_papers_file(load) if p.arxiv_id in set(wanted)}
        else:
            from bot.arxiv_source import API_URL, ArxivSource

            # Enrichment is optional: one retry, then train on the cache rather than wait out a full backoff.
            found = ArxivSource(api_url=api_url or API_URL, retries=1).metadata(wanted)
    except SourceError as exc:
        log.warning("could not fetch abstracts (%s); training on the cached ones", exc)
        print(f"litbot train: arXiv unavailable ({exc}); using the {len(cache.rows())} cached abstracts")
        return 0
    added = 0
    for arxiv_id, paper in sorted(found.items()):
        if paper.abstract:
            cache.add({"arxiv_id": arxiv_id, "title": paper.title, "abstract": paper.abstract})
            added += 1
    if added:
        write_jsonl(data_dir / ABSTRACTS, cache.rows())
    log.info("enrich: %d listed ids lacked abstracts, %d fetched", len(wanted), added)
    return added


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("{task.description:<16}"), BarColumn(), TimeElapsedColumn(), console=console,
                    transient=True)


def run_for_list(args: argparse.Namespace, config) -> int:  # noqa: ANN001
    from bot.commands.train_list import run_list

    with _progress(Console(stderr=True)) as progress:
        task = progress.add_task("training", total=STAGES)
        meta = run_list(args, config, lambda what: progress.update(task, description=what, advance=1))
    facts, oof = meta["training"], meta["training"]["relevance_out_of_fold"]
    print(f"trained for {meta['list']['repo']} (taxonomy {meta['list']['fingerprint']}) on "
          f"{facts['listed_papers']} listed papers and {facts['negatives']} fetched papers it does not list, "
          f"{len(meta['taxonomy'])} leaf sections, titles only, in {meta['train_seconds']}s")
    print(f"relevance threshold {facts['relevance_threshold']:.4f} (out-of-fold recall {oof['oof_recall']:.3f}, "
          f"{oof['oof_flags_per_1000']:.1f} training negatives flagged per 1,000)")
    print(f"saved {meta['out']}/model.skops and {meta['out']}/model.json")
    return 0


def run(args: argparse.Namespace) -> int:
    config = args.load_config()
    if config.list.style == "learned":
        return run_for_list(args, config)
    if args.negatives:
        raise ConfigError("--negatives is for a list set up with `litbot init --readme` (list.style = \"learned\")")
    doc = read_readme(Path(args.readme or DEFAULT_README))
    data_dir, out = Path(args.data), Path(args.out or DEFAULT_DATA / "model")
    if args.sample_negatives:
        from classifiers.sampling import build_negatives

        shared = Path(args.sample_negatives)
        listed = [{"arxiv_id": e.arxiv_id, "title": e.title} for e in doc.entries]
        history = shared / "survey_history.jsonl"
        if history.exists():
            listed += [{"arxiv_id": r.get("arxiv_id"), "title": r["title"]} for r in read_jsonl(history)]
        stream = sorted(shared.glob("arxiv_stream_*.jsonl.gz"))
        counts = build_negatives(stream[-1], shared / "llm_papers_tagged.jsonl.gz", listed,
                                 data_dir / "negatives.jsonl.gz")
        print(f"negatives sample rebuilt: {counts}")
    if args.enrich:
        added = enrich(doc, data_dir, Path(args.load) if args.load else None, args.arxiv_api_url)
        print(f"abstracts added to {data_dir / ABSTRACTS}: {added}")
    console = Console(stderr=True)
    with _progress(console) as progress:
        task = progress.add_task("training", total=STAGES)
        done = [0]

        def step(what: str) -> None:
            progress.update(task, description=what, completed=done[0])
            done[0] += 1

        meta = train(doc, doc.render(), data_dir, out, limit=args.limit, step=step)
    facts = meta["training"]
    oof = facts["relevance_out_of_fold"]
    print(f"trained on {facts['listed_papers']} listed papers ({facts['with_abstract']} with abstracts) and "
          f"{facts['negatives']} negatives, {len(meta['taxonomy'])} leaf sections, in {meta['train_seconds']}s")
    print(f"relevance threshold {facts['relevance_threshold']:.4f} (out-of-fold recall {oof['oof_recall']:.3f}, "
          f"{oof['oof_flags_per_1000']:.1f} training negatives flagged per 1,000)")
    print(f"saved {out}/model.skops and {out}/model.json (data sha256 {meta['training_data_sha256'][:12]})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("train", help="re-train the classifier from the README and data/")
    parser.add_argument("--readme", help="README with the labels (default: the shipped survey; for a list from "
                        "`litbot init --readme`, the README in repo.local_path)")
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="folder with abstracts.jsonl, negatives.jsonl.gz and sections.toml")
    parser.add_argument("--out", help="model folder to write (default: data/model; for a list, classifier.model_path)")
    parser.add_argument("--state", metavar="PATH", help="for a list: the state file whose fetched papers are the "
                        "negatives (default: state.path)")
    parser.add_argument("--negatives", nargs="+", metavar="FILE",
                        help="for a list: also take negatives from these recorded days (Atom or papers JSONL)")
    parser.add_argument("--enrich", action="store_true", help="first fetch missing abstracts of listed arXiv ids")
    parser.add_argument("--load", metavar="FILE", help="offline twin of --enrich: take papers from this file")
    parser.add_argument("--arxiv-api-url", metavar="URL", help="arXiv API URL for --enrich")
    parser.add_argument("--limit", type=int, metavar="N", help="use only the first N negatives (quick experiments)")
    parser.add_argument("--sample-negatives", metavar="DIR",
                        help="first rebuild data/negatives.jsonl.gz from the full dumps in DIR (e.g. ../shared/data)")
    parser.set_defaults(func=run)
