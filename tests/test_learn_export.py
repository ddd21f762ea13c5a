"""Exporting decisions for `litbot train` never leaves an empty file behind to change the training-data hash."""

from bot.learn import export_decisions
from bot.store import Store


def test_no_decisions_no_file_but_an_existing_export_is_refreshed(tmp_path):
    target = tmp_path / "decisions.jsonl"
    with Store(tmp_path / "state.sqlite") as store:
        assert export_decisions(store, target) == 0
        assert not target.exists()
        target.write_text('{"stale": true}\n')
        assert export_decisions(store, target) == 0
        assert target.read_text() == ""  # an earlier export is brought in line with the (empty) store
