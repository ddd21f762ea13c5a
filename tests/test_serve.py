"""`litbot serve` as a real process: the run at start fires on a recorded day, SIGTERM stops it cleanly."""

import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

from bot.store import Store

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "data" / "samples" / "arxiv-2025-06-10.atom.xml"


def test_serve_runs_at_start_then_stops_on_sigterm(tmp_path, git_clone):
    state = tmp_path / "state.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "-v", "serve", "--run-at-start", "--load", str(SAMPLE),
         "--local", str(git_clone), "--state", str(state)],
        cwd=tmp_path, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    watchdog = threading.Timer(120, proc.kill)  # a hung daemon fails the test instead of hanging the suite
    watchdog.start()
    try:
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if "run finished" in line:
                break
        assert any("run finished" in line and "proposed=" in line for line in lines), "".join(lines)
        proc.send_signal(signal.SIGTERM)
        rest = proc.stderr.read()
        assert proc.wait() == 0, rest
    finally:
        watchdog.cancel()
        proc.kill()
    assert "stopping" in rest
    with Store(state) as store:
        assert store.processed_days(date(2025, 6, 10), date(2025, 6, 10)) == {date(2025, 6, 10)}
        (run,) = store.runs()
        assert run["status"] == "ok"
    branches = subprocess.run(["git", "branch", "--list", "litbot/*"], cwd=git_clone, capture_output=True, text=True)
    assert "litbot/arxiv-2025-06-10" in branches.stdout
