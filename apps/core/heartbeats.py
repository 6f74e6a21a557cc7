"""Signs of life of the background processes, kept in the database for /healthz.

- A Celery worker writes ``worker:<hostname>`` every ``EVERY`` seconds from a thread started when it
  is ready (``worker_ready``), so a worker that is up but idle still shows.
- Celery beat's schedule includes ``apps.core.tasks.beat_heartbeat`` every ``EVERY`` seconds; when a
  worker runs it, ``beat`` is written. A stale ``beat`` with fresh workers means beat is missing.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)

EVERY = 30  # seconds
STALE_AFTER = timedelta(seconds=EVERY * 3)


def heartbeat_record(*, name: str) -> None:
    from .models import Heartbeat

    Heartbeat.objects.update_or_create(name=name[:200], defaults={"at": timezone.now()})


def heartbeat_states() -> dict[str, str]:
    """``{"worker": ok|down, "beat": ok|down}`` from the last heartbeats."""
    from .models import Heartbeat

    fresh_after = timezone.now() - STALE_AFTER
    beats = dict(Heartbeat.objects.values_list("name", "at"))
    workers = [at for name, at in beats.items() if name.startswith("worker:")]
    return {
        "worker": "ok" if any(at >= fresh_after for at in workers) else "down",
        "beat": "ok" if beats.get("beat") and beats["beat"] >= fresh_after else "down",
    }


def start_worker_heartbeat(hostname: str) -> threading.Thread:
    stop = threading.Event()

    def run() -> None:
        while True:
            try:
                heartbeat_record(name=f"worker:{hostname}")
            except Exception:  # a database blip must not kill the worker
                logger.warning("worker heartbeat could not be written", exc_info=True)
            finally:
                close_old_connections()
            if stop.wait(EVERY):
                return

    thread = threading.Thread(target=run, name="ieum-worker-heartbeat", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread
