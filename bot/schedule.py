"""The `litbot serve` daemon: an APScheduler 3.x cron job around one run, with no overlap and a graceful stop."""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from datetime import datetime, timezone

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MAX_INSTANCES, JobEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.config import ScheduleConfig

log = logging.getLogger(__name__)

JOB_ID = "litbot-run"
# A job receives this event; it checks it between steps and abandons cleanly once it is set.
Job = Callable[[threading.Event], object]


def cron_trigger(schedule: ScheduleConfig) -> CronTrigger:
    """The cron trigger for the configured days. Day names are used because APScheduler 3.x counts 0 as Monday."""
    return CronTrigger(
        day_of_week=",".join(schedule.days), hour=schedule.hour, minute=schedule.minute, timezone=schedule.timezone
    )


class Daemon:
    """Owns the scheduler, the stop event and the log of each run."""

    def __init__(self, schedule: ScheduleConfig, job: Job, scheduler: BaseScheduler | None = None):
        self.schedule = schedule
        self.job = job
        self.stop_event = threading.Event()
        self.scheduler = scheduler or BlockingScheduler(timezone=schedule.timezone)
        self.runs = 0
        self.skipped_overlaps = 0
        self.scheduler.add_listener(self._on_event, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MAX_INSTANCES)
        self.scheduler.add_job(
            self._run,
            cron_trigger(schedule),
            id=JOB_ID,
            name="litbot run",
            max_instances=1,  # a slow run is never overlapped by the next trigger
            coalesce=True,  # runs missed while the machine slept collapse into one
            misfire_grace_time=6 * 3600,
            replace_existing=True,
            **({"next_run_time": datetime.now(timezone.utc)} if schedule.run_at_start else {}),
        )

    def _run(self) -> None:
        if self.stop_event.is_set():
            return
        started = time.monotonic()
        log.info("run started")
        try:
            result = self.job(self.stop_event)
        finally:
            self.runs += 1
        log.info("run finished in %.1f s: %s", time.monotonic() - started, result)

    def _on_event(self, event: JobEvent) -> None:
        if event.code == EVENT_JOB_MAX_INSTANCES:
            self.skipped_overlaps += 1
            log.warning("previous run still going; this trigger is skipped")
        elif event.code == EVENT_JOB_ERROR:
            log.error("run failed: %s", event.exception)

    def next_run_time(self) -> datetime | None:
        return self.scheduler.get_job(JOB_ID).next_run_time

    def trigger_now(self) -> None:
        """Ask for a run right away (what a cron tick does); skipped if one is still going."""
        self.scheduler.modify_job(JOB_ID, next_run_time=datetime.now(timezone.utc))

    def stop(self, *_: object) -> None:
        """Graceful stop: the current run sees the event at its next step and stops cleanly; then we shut down."""
        if self.stop_event.is_set():  # a second signal while shutting down changes nothing
            return
        log.info("stopping: waiting for the current run to finish or abandon")
        self.stop_event.set()
        self.scheduler.shutdown(wait=True)

    def serve_forever(self) -> None:
        """Block and run on schedule until SIGTERM or SIGINT."""
        signal.signal(signal.SIGTERM, lambda *_: self.stop())
        signal.signal(signal.SIGINT, lambda *_: self.stop())
        log.info("serving; next run at %s", self.next_run_time() if self.scheduler.running else "(on start)")
        self.scheduler.start()


def background_daemon(schedule: ScheduleConfig, job: Job) -> Daemon:
    """A daemon on a background thread, for tests and for embedding in another process."""
    return Daemon(schedule, job, BackgroundScheduler(timezone=schedule.timezone))
