"""`litbot learn` on a local clone, and decisions reaching `litbot train`'s training set."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path

from bot.cli import main
from bot.local_repo import LocalRepo
from bot.propose import propose
from bot.readme import parse
from classifiers.training import training_set

REPO = Path(__file__).resolve().parent.parent


def test_learn_reads_a_merged_local_pr_and_exports_the_labels(tmp_path, git_clone, make_proposals, capsys):
    papers = make_proposals(2)
    propose(LocalRepo(git_clone), date(2025, 3, 4), papers)
    subprocess.run(["git", "merge", "-q", "--ff-only", "litbot/arxiv-2025-03-04"], cwd=git_clone, check=True)
    args = ["learn", "--local", str(git_clone), "--state", str(tmp_path / "s.sqlite"), "--data", str(tmp_path),
            "--no-retrain"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "read 1 litbot PRs (0 still open): 2 new decisions (2 positive, 0 negative, 0 moved" in out
    assert f"+ {papers[0].arxiv_id}  pr-merged" in out
    rows = [json.loads(line) for line in (tmp_path / "decisions.jsonl").read_text().splitlines()]
    assert [(r["arxiv_id"], r["section"]) for r in rows] == [(p.arxiv_id, list(p.section)) for p in papers]
    assert main(args) == 0
    assert "0 new decisions" in capsys.readouterr().out


def test_train_takes_new_positives_in_their_section_and_rejections_as_negatives(tmp_path, survey_readme_text):
    doc = parse(survey_readme_text)
    data = tmp_path / "data"
    data.mkdir()
    for name in ("abstracts.jsonl", "negatives.jsonl.gz"):
        shutil.copy(REPO / "data" / name, data / name)
    before = training_set(doc, data, limit=100)
    listed = next(e for e in doc.entries if e.arxiv_id)
    section = doc.resolve_section("Speculative Decoding")
    rows = [
        {"arxiv_id": "2599.00001", "title": "A New Drafting Trick", "abstract": "drafts", "label": "positive",
         "section": list(section)},
        {"arxiv_id": "2599.00002", "title": "An Unrelated Paper", "abstract": "", "label": "negative"},
        {"arxiv_id": listed.arxiv_id, "title": listed.title, "label": "negative"},  # the README wins
        {"arxiv_id": "2599.00003", "title": "Somewhere Gone", "label": "positive", "section": ["No", "Such"]},
    ]
    (data / "decisions.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    after = training_set(doc, data, limit=100)
    assert len(after.listed) == len(before.listed) + 1
    assert after.listed[-1].paper.title == "A New Drafting Trick" and after.listed[-1].sections == (section,)
    assert len(after.negatives) == len(before.negatives) + 1
    assert after.negatives[-1].paper.arxiv_id == "2599.00002"
