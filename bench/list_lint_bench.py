"""Lint findings on other lists: the survey's rules on every entry, against lint relative to the list's own style.

Run from the repository root (the repo's parent folder holds shared/lists):

    PYTHONPATH=. python bench/list_lint_bench.py [--shared ../shared/lists]

For each list: the one-line entries the survey's parser reads (all an old litbot linted, so it found nothing on a
list of multi-line items), then the findings of the survey's rules on every entry, then `litbot lint`'s findings
(relative to the list's learned style), each by rule.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from bot.lint import lint
from bot.lint.doc_rules import check_duplicates, check_shared_ids, check_toc_anchors, check_year_order
from bot.lint.entry_rules import check_entries
from bot.lint.mojibake import check_mojibake
from bot.readme import parse

REPO = Path(__file__).resolve().parent.parent


def survey_rules(doc):
    return [*check_mojibake(doc), *check_entries(doc), *check_duplicates(doc), *check_shared_ids(doc),
            *check_toc_anchors(doc), *check_year_order(doc)]


def by_rule(findings) -> str:
    return ", ".join(f"{name} {n}" for name, n in Counter(f.rule.name for f in findings).most_common())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", default=str(REPO.parent / "shared" / "lists"), help="folder of the list snapshots")
    args = parser.parse_args()
    shared = Path(args.shared)
    lists = [("survey", REPO / "data" / "survey_README.md"),
             ("diffusion 2022-11-05", shared / "awesome-diffusion-models.2022-11-05.README.md"),
             ("diffusion 2023-11-05", shared / "awesome-diffusion-models.README.md"),
             ("fixture: table list", REPO / "tests/fixtures/lists/table-list.md"),
             ("fixture: two-line bold list", REPO / "tests/fixtures/lists/two-line-bold-list.md")]
    for name, path in lists:
        doc = parse(path.read_bytes().decode("utf-8"))
        lines = sum(e.kind == "line" for e in doc.entries)
        old, new = survey_rules(doc), lint(doc)
        print(f"{name}: {len(doc.entries)} entries ({lines} one-line)")
        print(f"  survey rules on every entry: {len(old):5d}  ({by_rule(old)})")
        print(f"  litbot lint (list's style):  {len(new):5d}  ({by_rule(new)})")


if __name__ == "__main__":
    main()
