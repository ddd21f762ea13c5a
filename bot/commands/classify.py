"""`litbot classify`: score papers for relevance and section, as JSON lines (batch) or a readable verdict (one)."""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from bot.commands.options import ARXIV, LOAD, MODEL, README, add_command
from bot.commands.output import Output, add_json
from bot.context import Context
from bot.errors import ConfigError, SourceError
from bot.paper import base_id
from bot.paths import shipped
from bot.sanitise import terminal
from bot.triage.record import prediction_record
from classifiers.dataset import AbstractCache, read_jsonl
from classifiers.predict import Classifier, Prediction, as_paper

log = logging.getLogger(__name__)

BATCH = 5000
TOP_K = 10


def parse_line(line: str):
    """An input line as a paper, or raise ValueError saying what is wrong with it."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg}") from None
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    return as_paper(row)


def classify_file(clf: Classifier, src: Path, dst: Path) -> tuple[int, int]:
    """Classify every line of src into dst, in order; a bad line becomes an error record. Returns (ok, errors)."""
    try:
        lines = src.read_text(encoding="utf-8-sig").splitlines()  # tolerate a byte-order mark
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {src}: {exc}") from exc
    ok = errors = 0
    dst.parent.mkdir(parents=True, exist_ok=True)
    with dst.open("w", encoding="utf-8") as out:
        for start in range(0, len(lines), BATCH):
            chunk = lines[start:start + BATCH]
            records: list[dict | None] = []
            papers = []
            for n, line in enumerate(chunk, start + 1):
                try:
                    papers.append(parse_line(line))
                    records.append(None)
                except ValueError as exc:
                    records.append({"line": n, "error": str(exc), "arxiv_id": _id_of(line)})
            predictions = iter(clf.predict(papers, top_k=TOP_K))
            for record in records:
                if record is None:
                    record = prediction_record(next(predictions))
                    ok += 1
                else:
                    errors += 1
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return ok, errors


def _id_of(line: str):
    try:
        value = json.loads(line).get("arxiv_id")
        return value if isinstance(value, str) else None
    except (ValueError, AttributeError):
        return None


def lookup(arxiv_id: str, data_dir: Path, load: Path | None, api_url: str | None):
    """A paper by id (any version or URL form): the data/ caches first, then --load FILE, then the arXiv API."""
    try:
        arxiv_id = base_id(arxiv_id)
    except ValueError:
        raise ConfigError(f"not an arXiv id: {arxiv_id!r}") from None
    cache = AbstractCache.load(data_dir / "abstracts.jsonl")
    row = next(iter(cache.by_id.get(arxiv_id, ())), None)
    if row is None and (data_dir / "negatives.jsonl.gz").exists():
        row = next((r for r in read_jsonl(data_dir / "negatives.jsonl.gz") if r["arxiv_id"] == arxiv_id), None)
    if row is not None:
        return as_paper(row)
    if load is not None:
        from bot.ingest import read_papers_file

        found = {p.arxiv_id: p for p in read_papers_file(load)}
    else:
        from bot.arxiv_source import API_URL, ArxivSource

        found = ArxivSource(api_url=api_url or API_URL).metadata([arxiv_id])
    if arxiv_id not in found:
        raise SourceError(f"arXiv has no paper {arxiv_id}")
    return as_paper(found[arxiv_id])


def show(paper, p: Prediction, threshold: float, console: Console) -> None:
    verdict = "[bold green]RELEVANT[/]" if p.relevant else "[dim]not relevant[/]"
    console.print(Text(f"{terminal(paper.title)} ({paper.arxiv_id or 'no id'})", style="bold"))
    console.print(f"{verdict}: relevance {p.relevance:.3f} (threshold {threshold:.3f})"
                  + ("  [yellow]needs triage: section unsure[/]" if p.needs_triage else ""))
    table = Table(show_header=True, header_style="bold")
    table.add_column("score", justify="right")
    table.add_column("section")
    for s in p.sections[:5]:
        table.add_row(f"{s.score:.3f}", Text(terminal(" > ".join(s.path))))
    console.print(table)
    console.print(Text("relevance terms: " + terminal(", ".join(p.why.terms))))
    console.print(Text("section terms:   " + terminal(", ".join(p.why.section_terms))))
    console.print("nearest listed papers in that section:")
    for n in p.why.nearest:
        console.print(Text(f"  - {terminal(n.title)}" + (f" ({n.arxiv_id})" if n.arxiv_id else "")))


def run(ctx: Context, args: argparse.Namespace) -> int:
    doc = ctx.readme()
    clf = ctx.classifier(taxonomy=doc.leaf_paths())
    out = Output.of(ctx, args)
    if args.input or args.output:
        if not (args.input and args.output):
            raise ConfigError("--input and --output go together")
        ok, errors = classify_file(clf, Path(args.input), Path(args.output))
        out.say(f"{args.output}: {ok} papers classified, {errors} bad lines written as error records")
        out.result({"output": str(args.output), "classified": ok, "errors": errors})
        return 0
    if args.arxiv_id:
        paper = lookup(args.arxiv_id, Path(args.data) if args.data else shipped(), ctx.options.load_one(),
                       ctx.options.arxiv_api_url)
    elif args.title:
        paper = as_paper({"arxiv_id": None, "title": args.title, "abstract": args.abstract or ""})
    else:
        raise ConfigError("give ARXIV_ID, --title [--abstract], or --input and --output")
    prediction = clf.predict([paper])[0]
    if out.as_json:
        out.result({**prediction_record(prediction), "arxiv_id": paper.arxiv_id, "title": paper.title,
                    "threshold": clf.threshold})
    else:
        show(paper, prediction, clf.threshold, Console())
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = add_command(sub, "classify", MODEL, README, LOAD, ARXIV, help="score papers for relevance and section")
    parser.add_argument("arxiv_id", nargs="?", metavar="ARXIV_ID", help="one paper, from data/ caches or arXiv")
    parser.add_argument("--title", help="classify this title (with --abstract)")
    parser.add_argument("--abstract", help="the abstract for --title")
    parser.add_argument("--input", metavar="IN.jsonl", help='JSON lines {"arxiv_id", "title", "abstract"}')
    parser.add_argument("--output", metavar="OUT.jsonl", help="one JSON result per input line, same order")
    parser.add_argument("--data", metavar="DIR", help="folder with the abstract caches for ARXIV_ID (default: shipped)")
    add_json(parser, 'one paper: {"arxiv_id", "title", "threshold", "relevance", "relevant", "needs_triage", '
             '"sections": [{"path", "score"}], "why": {...}} (the --output line format plus title and threshold); '
             'with --input: {"output", "classified", "errors"}')
    parser.set_defaults(func=run)
