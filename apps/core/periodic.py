"""Periodic jobs, declared once and run two ways.

Apps declare a job next to its Celery task::

    periodic.every(60, "apps.accounts.tasks.purge_deleted_accounts")

In the city deployment Celery beat runs them (config/celery.py builds the beat schedule from this
registry). In the embedded default (no Redis) an in-process ticker thread, started with the ASGI
server, calls them on time, so `make run` has live data without a worker or beat.
"""

import logging
import threading
import time
from dataclasses import dataclass

from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    seconds: float
    task: str  # dotted path of a Celery task


_jobs: dict[str, PeriodicJob] = {}


def every(seconds: float, task: str) -> None:
    _jobs[task] = PeriodicJob(seconds, task)


def jobs() -> list[PeriodicJob]:
    return list(_jobs.values())


def beat_schedule() -> dict:
    return {job.task: {"task": job.task, "schedule": job.seconds} for job in _jobs.values()}


class Ticker(threading.Thread):
    def __init__(self):
        super().__init__(name="ieum-ticker", daemon=True)
        self._stop_event = threading.Event()

    def run(self):
        next_run = {job.task: time.monotonic() + 1 for job in jobs()}
        while not self._stop_event.wait(0.5):
            now = time.monotonic()
            for job in jobs():
                if now >= next_run.get(job.task, now):
                    next_run[job.task] = now + job.seconds
                    self._run_one(job)

    def _run_one(self, job: PeriodicJob) -> None:
        from django.db import close_old_connections

        try:
            import_string(job.task)()
        except Exception:
            logger.exception("periodic job %s failed", job.task)
        finally:
            close_old_connections()

    def stop(self):
        self._stop_event.set()


_ticker: Ticker | None = None


def start_ticker() -> None:
    global _ticker
    if _ticker is None:
        _ticker = Ticker()
        _ticker.start()
        logger.info("in-process ticker started with %d periodic jobs", len(jobs()))
