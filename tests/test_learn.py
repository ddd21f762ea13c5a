"""`litbot learn` on the loopback GitHub: merged, moved, removed, dropped and closed PRs give the right labels."""

from __future__ import annotations

import json
from datetime import date

from bot.learn import derive, learn
from bot.relearn import decision_set, keep_in_step
from bot.pr_body import render_body
from bot.readme import insert_entries, parse
from bot.store import Decision, Store


def _leaf(doc, name):
    return doc.resolve_section(name)


def _setup(github_fake, make_proposals, survey_readme_text):
    """Three settled PRs and one open one; the README on main shows what the maintainers did with them."""
    doc = parse(survey_readme_text)
    a, b, c, d, e, f, g = make_proposals(7)
    moved_to = _leaf(doc, "Speculative Decoding") if b.section != _leaf(doc, "Speculative Decoding") else \
        _leaf(doc, "KV-Cache Optimization")
    main = insert_entries(doc, [(a.section, a.entry_line), (moved_to, b.entry_line)])
    github_fake.commit_file("main", "README.md", main.render(), "Merge litbot PR, moving one paper")
    # merged: a placed as proposed, b moved by the maintainer, c merged then removed later; g dropped on the branch
    github_fake.add_pull("litbot/arxiv-2025-03-03", render_body(date(2025, 3, 3), (a, b, c), ("2503.10006",)),
                         state="closed", merged=True)
    github_fake.add_pull("litbot/arxiv-2025-03-04", render_body(date(2025, 3, 4), (d, e)), state="closed")
    github_fake.add_pull("litbot/arxiv-2025-03-05", render_body(date(2025, 3, 5), (f,)), state="open")
    github_fake.add_pull("litbot/refresh-2025-03-05", "not a litbot arXiv PR", state="closed")
    return (a, b, c, d, e, f, g), moved_to


def test_learn_derives_labels_from_merged_moved_removed_dropped_and_closed_prs(
        tmp_path, github_fake, github_repo, make_proposals, survey_readme_text):
    (a, b, c, d, e, f, g), moved_to = _setup(github_fake, make_proposals, survey_readme_text)
    with Store(tmp_path / "s.sqlite") as store:
        report = learn(github_repo(), store, export_to=tmp_path / "decisions.jsonl")

        got = {x.arxiv_id: (x.label, x.section, x.source) for x in report.new}
        assert got == {
            a.arxiv_id: ("positive", a.section, "pr-merged"),
            b.arxiv_id: ("positive", moved_to, "pr-merged"),
            c.arxiv_id: ("negative", None, "pr-removed"),
            d.arxiv_id: ("negative", None, "pr-closed"),
            e.arxiv_id: ("negative", None, "pr-closed"),
            g.arxiv_id: ("negative", None, "pr-dropped"),
        }
        assert f.arxiv_id not in got  # its PR is still open
        assert (report.prs_read, report.prs_open) == (3, 1)
        assert [(x.arxiv_id, was) for x, was in report.moved] == [(b.arxiv_id, b.section)]
        assert "moved by a maintainer" in next(x.detail for x in report.new if x.arxiv_id == b.arxiv_id)
        rows = [json.loads(line) for line in (tmp_path / "decisions.jsonl").read_text().splitlines()]
        assert {r["arxiv_id"]: r["label"] for r in rows} == {k: v[0] for k, v in got.items()}
        assert report.untrained == 6


def test_learn_twice_adds_nothing_and_a_later_move_or_removal_is_a_new_label(
        tmp_path, github_fake, github_repo, make_proposals, survey_readme_text):
    (a, b, *_), moved_to = _setup(github_fake, make_proposals, survey_readme_text)
    with Store(tmp_path / "s.sqlite") as store:
        first = learn(github_repo(), store)
        again = learn(github_repo(), store)
        assert len(first.new) == 6 and again.new == () and store.count_decisions() == 6

        # a maintainer later deletes paper a's line: a turns negative; nothing else changes
        text = github_fake.text("main")
        github_fake.commit_file("main", "README.md", text.replace(a.entry_line + "\n", ""), "Remove a paper")
        later = learn(github_repo(), store)
        assert [(x.arxiv_id, x.label, x.source) for x in later.new] == [(a.arxiv_id, "negative", "pr-removed")]
        latest = {x.arxiv_id: x for x in store.decisions(latest_only=True)}
        assert latest[a.arxiv_id].label == "negative" and latest[b.arxiv_id].section == moved_to
        assert learn(github_repo(), store).new == ()


def test_a_triage_decision_is_not_overwritten_by_an_unchanged_pr_fact(
        tmp_path, github_fake, github_repo, make_proposals, survey_readme_text):
    (*_, d, e, f, g), _ = _setup(github_fake, make_proposals, survey_readme_text)
    with Store(tmp_path / "s.sqlite") as store:
        learn(github_repo(), store)
        store.record_decision(Decision(d.arxiv_id, d.title, "positive", d.section, "triage", "accepted on review"))
        assert learn(github_repo(), store).new == ()
        assert store.decisions(latest_only=True)[-1].source == "triage"


def test_retraining_waits_for_the_threshold_then_uses_the_decisions(tmp_path, github_fake, github_repo,
                                                                    make_proposals, survey_readme_text):
    import shutil
    from pathlib import Path

    from classifiers.options import Options
    from classifiers.predict import Classifier

    data = tmp_path / "data"
    data.mkdir()
    repo_data = Path(__file__).resolve().parent.parent / "data"
    for name in ("abstracts.jsonl", "negatives.jsonl.gz"):
        shutil.copy(repo_data / name, data / name)
    (a, b, *_), moved_to = _setup(github_fake, make_proposals, survey_readme_text)
    with Store(tmp_path / "s.sqlite") as store:
        report = learn(github_repo(), store, export_to=data / "decisions.jsonl")
    doc = parse(github_fake.text("main"))
    decisions = decision_set(derive(github_repo().list_litbot_prs(), doc)[0], [])
    assert len(decisions) == 6
    shipped = Path(__file__).resolve().parent.parent / "data" / "model"

    def step(threshold):
        return keep_in_step(decisions, doc, base_model=shipped, learned_dir=tmp_path / "m", data_dir=data,
                            threshold=threshold, limit=150, opts=Options(folds=2, embed_dim=8))

    waiting = step(7)
    assert (waiting.model, waiting.meta) == (shipped, None) and not (tmp_path / "m").exists()
    trained = step(6)
    assert trained.model == tmp_path / "m" and trained.meta is not None
    # the four rejected papers joined the 150 sampled negatives (a and b are listed: the README labels them)
    assert trained.meta["training"]["negatives"] == 150 + report.negatives
    assert (step(1).model, step(1).meta) == (tmp_path / "m", None)  # nothing changed: no retraining
    clf = Classifier.load(tmp_path / "m", taxonomy=doc.leaf_paths())
    assert clf.predict([{"arxiv_id": b.arxiv_id, "title": b.title}])[0].sections
