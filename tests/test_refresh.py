"""`litbot refresh` against the loopback arXiv: only accepted papers get a new venue, only their lines change."""

import json
from datetime import datetime, timezone

import pytest

from bot.cli import build_parser
from bot.commands.options import options_from
from bot.context import Context
from bot.commands import refresh
from bot.config import Config
from bot.errors import SourceError
from bot.paper import Paper
from bot.pr_body import escape
from bot.readme import parse
from tests.fakes.arxiv import Fault, api_feed, render_api_entry

WHEN = datetime(2024, 5, 1, tzinfo=timezone.utc)


def _paper(arxiv_id, title, comments=None, journal_ref=None, abstract="An abstract."):
    return Paper(arxiv_id, title, abstract, categories=("cs.CL",), published=WHEN, comments=comments,
                 journal_ref=journal_ref)


PAPERS = (
    # accepted, said in a comment, with the code repository named: venue and code link
    _paper("2403.03507", "GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection",
           comments="Accepted to ICML 2024 (Oral). Code at https://github.com/jiaweizzhao/GaLore"),
    # accepted, said in the journal_ref; the entry has an orphan `2024</ins>` and no venue
    _paper("2405.03133", "Lory: Fully Differentiable Mixture-of-Experts for Autoregressive Language Model Pre-training",
           journal_ref="Conference on Language Modeling (COLM), 2024"),
    # only submitted: no change
    _paper("2404.03592", "ReFT: Representation Finetuning for Language Models", comments="Submitted to NeurIPS 2024"),
    # a workshop: no change
    _paper("2402.10193", "BitDelta: Your Fine-Tune May Only Be Worth One Bit",
           comments="Accepted at the ES-FoMo Workshop at ICML 2024"),
    # nothing stated: no change
    _paper("2406.02290", "A Study of Optimizations for Fine-tuning Large Language Models", comments="10 pages"),
    # an id the README also puts on Zephyr (line 195): only the entry whose title matches changes
    _paper("2312.09571", "Extending Context Window of Large Language Models via Semantic Compression",
           journal_ref="Findings of the Association for Computational Linguistics: ACL 2024"),
    # no venue, but the abstract now names the code: a code link only
    _paper("2405.17849", "I-LLM: Efficient Integer-Only Inference for Fully-Quantized Low-Bit Large Language Models",
           abstract="We quantize everything. Code is available at https://github.com/example/I-LLM."),
)

# 1-based line -> the whole new line (the survey's own trailing spaces kept).
EXPECTED = {
    120: "- I-LLM: Efficient Integer-Only Inference for Fully-Quantized Low-Bit Large Language Models, "
         "<ins>arXiv, 2024</ins> "
         "[[Paper](https://arxiv.org/abs/2405.17849)] [[Code](https://github.com/example/I-LLM)] ",
    277: "- GaLore: Memory-Efficient LLM Training by Gradient Low-Rank Projection, <ins>ICML, 2024</ins> "
         "[[Paper](https://arxiv.org/abs/2403.03507)] [[Code](https://github.com/jiaweizzhao/GaLore)] ",
    382: "- Lory: Fully Differentiable Mixture-of-Experts for Autoregressive Language Model Pre-training, "
         "<ins>COLM, 2024</ins> "
         "[[Paper](https://arxiv.org/abs/2405.03133)]",
    437: "- Extending Context Window of Large Language Models via Semantic Compression, <ins>ACL Findings, 2024</ins> "
         "[[Paper](https://arxiv.org/abs/2312.09571)]",
}


def _args(*argv):
    return build_parser().parse_args(["refresh", *argv])


def _refresh(args, **fakes):
    """`litbot refresh` with litbot's default config (no litbot.toml, no environment) and injected clocks."""
    return refresh.run(Context(load_config=Config, options=options_from(args)), args, **fakes)


def _changed(old: str, new: str) -> dict[int, str]:
    a, b = old.splitlines(), new.splitlines()
    assert len(a) == len(b)
    return {n: y for n, (x, y) in enumerate(zip(a, b), 1) if x != y}


@pytest.fixture
def served(arxiv_fake):
    arxiv_fake.add_api_papers(PAPERS)
    return arxiv_fake


def test_refresh_changes_exactly_the_accepted_lines(served, arxiv_clock, tmp_path, survey_readme_text, capsys):
    out = tmp_path / "README.md"
    args = _args("--arxiv-api-url", served.api_url, "--output", str(out), "--body", str(tmp_path / "body.md"))
    assert _refresh(args, clock=arxiv_clock, sleeper=arxiv_clock.sleep) == 0
    assert _changed(survey_readme_text, out.read_bytes().decode("utf-8")) == EXPECTED
    summary = capsys.readouterr().out
    assert "checked 226 preprint entries: 4 to update (3 venues, 2 code links), 222 unchanged" in summary


def test_ids_go_in_batches_of_at_most_100_at_arxivs_pace(served, arxiv_clock, tmp_path):
    _refresh(_args("--arxiv-api-url", served.api_url, "--dry-run"), clock=arxiv_clock, sleeper=arxiv_clock.sleep)
    calls = served.requests_to("/api")
    sizes = [len(r.query["id_list"].split(",")) for r in calls]
    assert sizes == [100, 100, 24]  # 226 entries, 224 distinct ids
    gaps = [b.time - a.time for a, b in zip(calls, calls[1:])]
    assert all(gap >= 3.0 for gap in gaps)


def test_the_year_comes_from_the_evidence_or_stays(served, arxiv_clock, tmp_path):
    out = tmp_path / "README.md"
    _refresh(_args("--arxiv-api-url", served.api_url, "--output", str(out)), clock=arxiv_clock,
                sleeper=arxiv_clock.sleep)
    doc = parse(out.read_bytes().decode("utf-8"))
    by_line = {e.line_no + 1: e for e in doc.entries}
    assert (by_line[277].venue, by_line[277].year) == ("ICML", 2024)
    assert (by_line[382].venue, by_line[382].year) == ("COLM", 2024)
    assert (by_line[437].venue, by_line[437].year) == ("ACL Findings", 2024)  # the entry said 2023
    assert (by_line[195].venue, by_line[195].title) == ("arXiv", "Zephyr: Direct Distillation of LM Alignment")


def test_pr_body_shows_evidence_old_and_new(served, arxiv_clock, tmp_path):
    body_file = tmp_path / "body.md"
    _refresh(_args("--arxiv-api-url", served.api_url, "--output", str(tmp_path / "R.md"), "--body", str(body_file),
                      "--date", "2025-03-03"), clock=arxiv_clock, sleeper=arxiv_clock.sleep)
    body = body_file.read_text()
    assert body.startswith("### litbot refresh (2025-03-03): 4 listed preprint(s) updated from arXiv")
    # the evidence is quoted through the PR body's escaping, which makes paper text inert
    assert f"- **arXiv comments:** {escape(PAPERS[0].comments, 400)}" in body
    assert f"- **arXiv journal_ref:** {escape(PAPERS[1].journal_ref, 400)}" in body
    assert f"venue {escape('arXiv, 2024', 80)} → **{escape('ICML, 2024', 80)}**" in body
    assert f"venue {escape('(no venue), 2024', 80)} → **{escape('COLM, 2024', 80)}**" in body
    url = "https://github.com/jiaweizzhao/GaLore"
    assert f"code link added: [{escape(url, 200)}]({url})" in body
    assert "- " + EXPECTED[277].removeprefix("- ")[:40] in body and "+ " + EXPECTED[277][:40] in body
    assert "Submitted to NeurIPS" not in body and "Workshop" not in body.split("alone.")[1]


def test_dry_run_writes_nothing(served, arxiv_clock, tmp_path, capsys):
    out = tmp_path / "README.md"
    assert _refresh(_args("--arxiv-api-url", served.api_url, "--dry-run", "--output", str(out)),
                       clock=arxiv_clock, sleeper=arxiv_clock.sleep) == 0
    assert not out.exists()
    printed = capsys.readouterr().out
    assert "+- GaLore: Memory-Efficient LLM Training" in printed and "--- PR: Update venues" in printed


def test_skip_reasons_in_json(served, arxiv_clock, capsys):
    _refresh(_args("--arxiv-api-url", served.api_url, "--dry-run", "--json"), clock=arxiv_clock,
                sleeper=arxiv_clock.sleep)
    data = json.loads(capsys.readouterr().out)
    reasons = {s["line"]: s["reason"] for s in data["skipped"]}
    kinds = {s["line"]: s["kind"] for s in data["skipped"]}
    assert ((kinds[278], kinds[280], kinds[275], kinds[195])
            == ("not-accepted", "workshop", "not-accepted", "other-title"))
    assert reasons[278].startswith("no acceptance stated")  # submitted
    assert reasons[280].startswith("workshop paper (ICML Workshop)")
    assert reasons[275].startswith("no acceptance stated")
    assert reasons[195].startswith("arXiv 2312.09571 is titled")
    # 226 entries were checked; 8 of them (7 papers, one id on two entries) are known to the fake arXiv
    assert sum(r == "not found on arXiv" for r in reasons.values()) == 226 - 8
    [galore] = [c for c in data["changes"] if c["line"] == 277]
    assert galore["evidence"] == ["comments", PAPERS[0].comments]
    assert galore["old"] == {"venue": "arXiv", "year": 2024} and galore["new"] == {"venue": "ICML", "year": 2024}


def test_load_jsonl_is_the_offline_twin(tmp_path, survey_readme_text):
    papers = tmp_path / "papers.jsonl"
    papers.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in PAPERS))
    out = tmp_path / "README.md"
    assert _refresh(_args("--load", str(papers), "--output", str(out))) == 0
    assert _changed(survey_readme_text, out.read_bytes().decode("utf-8")) == EXPECTED


def test_load_saved_api_atom_response(tmp_path, survey_readme_text):
    atom = tmp_path / "response.atom.xml"
    atom.write_bytes(api_feed("", 0, 100, len(PAPERS), [render_api_entry(p) for p in PAPERS]))
    out = tmp_path / "README.md"
    assert _refresh(_args("--load", str(atom), "--output", str(out))) == 0
    assert _changed(survey_readme_text, out.read_bytes().decode("utf-8")) == EXPECTED


def test_a_failed_batch_does_not_stop_the_others(served, arxiv_clock, tmp_path, capsys):
    served.fail(*[Fault("503", path="/api")] * 5)  # the first batch fails past its 4 retries
    out = tmp_path / "README.md"
    with pytest.raises(SourceError, match="1 metadata batch"):
        _refresh(_args("--arxiv-api-url", served.api_url, "--output", str(out)), clock=arxiv_clock,
                    sleeper=arxiv_clock.sleep)
    assert out.exists()  # what the other batches found is still written
    assert len(served.requests_to("/api")) == 5 + 2
