"""`litbot triage --batch FILE.csv`: every row is checked before anything is applied, and then all are applied."""

from __future__ import annotations

from pathlib import Path

from bot.cli import main
from bot.store import Store
from tests.test_triage_session import README, _leaf, labels, queue_papers, state


def batch(tmp_path: Path, text: str, *extra: str) -> int:
    csv = tmp_path / "decisions.csv"
    csv.write_text(text, encoding="utf-8")
    return main(["triage", "--batch", str(csv), "--state", str(tmp_path / "s.sqlite"), "--readme", str(README),
                 "--data", str(tmp_path), *extra])


def test_bad_rows_are_each_named_and_nothing_is_applied(tmp_path, capsys):
    queue_papers(tmp_path / "s.sqlite")
    before = state(tmp_path)
    code = batch(tmp_path, "arxiv_id,decision,section\n"
                           "2506.00001,accept,\n"                       # fine on its own
                           "2506.00002,accept,No Such Section\n"        # unknown section
                           "2599.99999,reject,\n"                       # unknown id
                           "2506.00003,maybe,\n"                        # bad decision word
                           "2506.00004,reject,Speculative Decoding\n"   # a section with a rejection
                           "2506.00001,reject\n")                       # the same paper twice
    err = capsys.readouterr().err
    assert code == 1
    assert "5 bad rows, nothing was applied" in err
    assert "line 3: unknown section: no leaf section named 'No Such Section'" in err
    assert "line 4: unknown arXiv id '2599.99999' (not in the triage queue)" in err
    assert "line 5: unknown decision 'maybe' (use accept, reject or skip)" in err
    assert "line 6: a section only goes with accept" in err
    assert "line 7: 2506.00001 already decided on line 2" in err
    assert state(tmp_path) == before and labels(tmp_path) == {}
    assert not (tmp_path / "decisions.jsonl").exists()


def test_a_good_file_is_applied_with_predicted_or_named_sections(tmp_path, capsys):
    queue_papers(tmp_path / "s.sqlite")
    code = batch(tmp_path, "2506.00001,accept,\n"
                           "2506.00002,Accepted,kv-cache optimization\n"
                           '2506.00003,reject,""\n'
                           "\n"
                           "2506.00004,skip\n")
    assert code == 0, capsys.readouterr().err
    assert "applied 4 decisions" in capsys.readouterr().out
    assert state(tmp_path) == {"2506.00001": ("accepted", _leaf("Weight-Only Quantization")),
                               "2506.00002": ("accepted", _leaf("KV-Cache Optimization")),
                               "2506.00003": ("rejected", None), "2506.00004": ("skipped", None)}
    assert labels(tmp_path) == {"2506.00001": ("positive", _leaf("Weight-Only Quantization")),
                                "2506.00002": ("positive", _leaf("KV-Cache Optimization")),
                                "2506.00003": ("negative", None)}
    assert (tmp_path / "decisions.jsonl").read_text().count("\n") == 3


def test_a_batch_can_revise_an_earlier_decision_and_propose_the_accepted(tmp_path, git_clone, capsys):
    queue_papers(tmp_path / "s.sqlite", n=2)
    assert batch(tmp_path, "2506.00001,reject\n2506.00002,skip\n") == 0
    code = batch(tmp_path, "2506.00001,accept,Speculative Decoding\n", "--propose", "--local", str(git_clone),
                 "--pr-date", "2025-06-10")
    assert code == 0, capsys.readouterr().err
    assert "opened local PR litbot/arxiv-2025-06-10" in capsys.readouterr().out
    with Store(tmp_path / "s.sqlite") as store:
        (only,) = store.decisions()
        assert (only.arxiv_id, only.label, only.section) == ("2506.00001", "positive", _leaf("Speculative Decoding"))


def test_an_asked_for_paper_is_classified_into_the_queue_first(tmp_path, tiny_model_dir, capsys):
    from bot.paper import Paper

    queue_papers(tmp_path / "s.sqlite", n=1)
    with Store(tmp_path / "s.sqlite") as store:
        store.record_papers([Paper("2506.00042", "Speculative decoding with a small draft model for faster LLM "
                                   "inference", "A small draft model proposes tokens that the large model verifies.")])
    assert batch(tmp_path, "2506.00042,accept,\n", "2506.00042", "--model", str(tiny_model_dir)) == 0, \
        capsys.readouterr().err
    assert state(tmp_path)["2506.00042"] == ("accepted", _leaf("Speculative Decoding"))
    assert batch(tmp_path, "2506.00043,accept,\n", "2506.00043", "--model", str(tiny_model_dir)) == 1
    assert "not in the state file: 2506.00043" in capsys.readouterr().err
