"""`litbot train`: re-train the relevance and section models from the README and data/, optionally fetching abstracts.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from pathlib import Path

from bot.commands.options import ARXIV, LOAD, README, STATE, add_command
from bot.commands.output import Output, add_json
from bot.commands.progress import progress
from bot.context import Context
from bot.errors import ConfigError, SourceError
from bot.paths import shipped
from bot.readme import Document
from classifiers.dataset import AbstractCache, read_jsonl, write_jsonl
from classifiers.training import ABSTRACTS, STAGES, train

log = logging.getLogger(__name__)



def missing_abstracts(doc, cache: AbstractCache) -> list[str]:
    """Listed arXiv ids the abstract cache has nothing for."""
    ids = {e.arxiv_id for e in doc.entries if e.arxiv_id}
    return sorted(i for i in ids if not cache.abstract_for(i, ""))


def enrich(doc: Document, data_dir: Path, load: Path | None, api_url: str | None,
           say: Callable[[str], None] = print) -> int:
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
        say(f"litbot train: arXiv unavailable ({exc}); using the {len(cache.rows())} cached abstracts")
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


def run_for_list(ctx: Context, args: argparse.Namespace) -> int:
    from bot.commands.train_list import run_list

    shown = Output.of(ctx, args)
    with progress("training", STAGES, quiet=ctx.options.quiet) as steps:
        meta = run_list(args, ctx.config, ctx.state_file(), lambda what: steps.update(description=what, advance=1))
    facts, oof = meta["training"], meta["training"]["relevance_out_of_fold"]
    shown.say(f"trained for {meta['list']['repo']} (taxonomy {meta['list']['fingerprint']}) on "
              f"{facts['listed_papers']} listed papers and {facts['negatives']} fetched papers it does not list, "
              f"{len(meta['taxonomy'])} leaf sections, titles only, in {meta['train_seconds']}s")
    shown.say(f"relevance threshold {facts['relevance_threshold']:.4f} (out-of-fold recall {oof['oof_recall']:.3f}, "
              f"{oof['oof_flags_per_1000']:.1f} training negatives flagged per 1,000)")
    shown.say(f"saved {meta['out']}/model.skops and {meta['out']}/model.json")
    shown.result({"list": meta["list"], "listed_papers": facts["listed_papers"], "negatives": facts["negatives"],
                  "leaves": len(meta["taxonomy"]), "train_seconds": meta["train_seconds"], "out": meta["out"]})
    return 0


def run(ctx: Context, args: argparse.Namespace) -> int:
    if ctx.config.list.style == "learned":
        return run_for_list(ctx, args)
    if args.negatives:
        raise ConfigError("--negatives is for a list set up with `litbot init --readme` (list.style = \"learned\")")
    doc = ctx.readme()
    # Training data: --data, else what litbot ships; the model goes to --out, else the state dir (never into the
    # installed package: `--out data/model` in a checkout is how the shipped model is made).
    data_dir = Path(args.data) if args.data else shipped()
    out = Path(args.out) if args.out else ctx.paths.retrained_model
    decisions = ctx.paths.decisions if not args.data else None  # --data DIR: its own decisions.jsonl
    shown = Output.of(ctx, args)
    sample, added = None, None
    if args.sample_negatives:
        from classifiers.sampling import build_negatives

        shared = Path(args.sample_negatives)
        listed = [{"arxiv_id": e.arxiv_id, "title": e.title} for e in doc.entries]
        history = shared / "survey_history.jsonl"
        if history.exists():
            listed += [{"arxiv_id": r.get("arxiv_id"), "title": r["title"]} for r in read_jsonl(history)]
        stream = sorted(shared.glob("arxiv_stream_*.jsonl.gz"))
        sample = build_negatives(stream[-1], shared / "llm_papers_tagged.jsonl.gz", listed,
                                 data_dir / "negatives.jsonl.gz")
        shown.say(f"negatives sample rebuilt: {sample}")
    if args.enrich:
        added = enrich(doc, data_dir, ctx.options.load_one(), ctx.options.arxiv_api_url, shown.note)
        shown.say(f"abstracts added to {data_dir / ABSTRACTS}: {added}")
    with progress("training", STAGES, quiet=ctx.options.quiet) as steps:
        first = [True]

        def step(what: str) -> None:  # called as each stage starts: the one before it is done
            steps.update(description=what, advance=0 if first[0] else 1)
            first[0] = False

        meta = train(doc, doc.render(), data_dir, out, limit=args.limit, step=step, decisions=decisions)
    facts = meta["training"]
    oof = facts["relevance_out_of_fold"]
    read = facts.get("read_in_scope", 0)
    if shown.as_json:
        shown.result({
            "model": str(out), "listed_papers": facts["listed_papers"] - read, "read_in_scope": read,
            "with_abstract": facts["with_abstract"], "negatives": facts["negatives"],
            "leaf_sections": len(meta["taxonomy"]), "train_seconds": meta["train_seconds"],
            "relevance_threshold": facts["relevance_threshold"],
            "propose_above": facts.get("propose_above", facts["relevance_threshold"]),
            "triage_below": facts["triage_below"], "oof_recall": oof["oof_recall"],
            "oof_flags_per_1000": oof["oof_flags_per_1000"], "data_sha256": meta["training_data_sha256"],
            "abstracts_added": added, "negatives_sample": sample,
        })
        return 0
    print(f"trained on {facts['listed_papers'] - read} listed papers and {read} read in scope "
          f"({facts['with_abstract']} with abstracts) and {facts['negatives']} negatives, "
          f"{len(meta['taxonomy'])} leaf sections, in {meta['train_seconds']}s")
    print(f"relevance threshold {facts['relevance_threshold']:.4f} (out-of-fold recall {oof['oof_recall']:.3f}, "
          f"{oof['oof_flags_per_1000']:.1f} training negatives flagged per 1,000)")
    print(f"proposed when relevance >= {facts.get('propose_above', facts['relevance_threshold']):.4f} and section "
          f"confidence >= {facts['triage_below']:.4f}; other flagged papers go to triage")
    print(f"saved {out}/model.skops and {out}/model.json (data sha256 {meta['training_data_sha256'][:12]})")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "train", README, LOAD, ARXIV, STATE,
                         help="re-train the classifier from the README and data/")
    parser.add_argument("--data", metavar="DIR",
                        help="folder with abstracts.jsonl, negatives.jsonl.gz, sections.toml and decisions.jsonl "
                        "(default: the training data litbot ships, with the decisions in state.dir)")
    parser.add_argument("--out", metavar="DIR",
                        help="model folder to write (default: state.dir/model, which litbot then uses; "
                        "`--out data/model` in a checkout updates the shipped model)")
    parser.add_argument("--enrich", action="store_true", help="first fetch missing abstracts of listed arXiv ids "
                        "(into --data; give --data to write them)")
    parser.add_argument("--negatives", nargs="+", metavar="FILE",
                        help="for a list from `litbot init --readme`: also take negatives from these recorded days "
                        "(Atom or papers JSONL); the state file's fetched papers are the others")
    parser.add_argument("--limit", type=int, metavar="N", help="use only the first N negatives (quick experiments)")
    parser.add_argument("--sample-negatives", metavar="DIR",
                        help="first rebuild data/negatives.jsonl.gz from the full dumps in DIR (e.g. ../shared/data)")
    add_json(parser, '{"model": DIR, "listed_papers", "read_in_scope", "with_abstract", "negatives", "leaf_sections", '
             '"train_seconds", "relevance_threshold", "propose_above", "triage_below", "oof_recall", '
             '"oof_flags_per_1000", "data_sha256", "abstracts_added": N or null, "negatives_sample": {...} or null}')
    parser.set_defaults(func=run)
