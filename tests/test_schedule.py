"""`litbot serve`'s scheduler: day-name cron, one run at a time, a run at start, and a clean stop."""

import threading
from datetime import datetime, timezone

from apscheduler.events import EVENT_JOB_MAX_INSTANCES

from bot.config import ScheduleConfig
from bot.schedule import background_daemon, cron_trigger

WAIT = 10  # seconds a test waits for another thread before failing; never a fixed sleep


def test_cron_uses_day_names_so_monday_is_monday():
    trigger = cron_trigger(ScheduleConfig(days=("mon", "wed"), hour=2, minute=30, timezone="UTC"))
    friday = datetime(2025, 1, 3, 12, 0, tzinfo=timezone.utc)
    fire = trigger.get_next_fire_time(None, friday)
    assert fire == datetime(2025, 1, 6, 2, 30, tzinfo=timezone.utc)  # the next Monday
    assert fire.strftime("%a") == "Mon"
    assert trigger.get_next_fire_time(None, fire.replace(hour=3)).strftime("%a") == "Wed"


def test_run_at_start_fires_once_never_overlaps_and_stops_cleanly():
    started, release, finished = threading.Event(), threading.Event(), threading.Event()
    seen_stop = []

    def job(stop):
        started.set()
        release.wait(WAIT)
        seen_stop.append(stop.is_set())
        finished.set()
        return "ok"

    daemon = background_daemon(ScheduleConfig(run_at_start=True), job)
    daemon.scheduler.start()
    try:
        assert started.wait(WAIT), "the run at start did not fire"
        overlap_seen = threading.Event()
        daemon.scheduler.add_listener(lambda e: overlap_seen.set(), EVENT_JOB_MAX_INSTANCES)
        daemon.trigger_now()  # the next tick arrives while the first run is still going
        assert overlap_seen.wait(WAIT)
        assert daemon.skipped_overlaps >= 1
    finally:
        stopper = threading.Thread(target=daemon.stop)
        stopper.start()
        assert daemon.stop_event.wait(WAIT)  # the stop request is out before the run looks at it
        release.set()
        stopper.join(WAIT)
    assert finished.is_set() and daemon.runs == 1
    assert seen_stop == [True]  # the run saw the stop request and could abandon at its next step
    assert not daemon.scheduler.running


def test_without_run_at_start_the_next_run_is_the_cron_time():
    daemon = background_daemon(ScheduleConfig(days=("sat",), hour=5, minute=0), lambda stop: None)
    daemon.scheduler.start(paused=True)
    try:
        nxt = daemon.next_run_time()
        assert (nxt.strftime("%a"), nxt.hour, nxt.minute) == ("Sat", 5, 0)
    finally:
        daemon.stop()


def test_a_second_stop_request_is_harmless():
    daemon = background_daemon(ScheduleConfig(), lambda stop: None)
    daemon.scheduler.start(paused=True)
    daemon.stop()
    daemon.stop()
    assert not daemon.scheduler.running
