"""Celery: workers and beat in the city deployment; eager in the embedded default."""

import os

from celery import Celery
from celery.signals import worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("ieum")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _schedule_periodic_jobs(sender, **kwargs):
    from apps.core.periodic import beat_schedule

    sender.conf.beat_schedule = {**beat_schedule(), **(sender.conf.beat_schedule or {})}


@worker_ready.connect
def _start_worker_heartbeat(sender, **kwargs):
    # /healthz reports a missing worker (apps/core/heartbeats.py)
    from apps.core.heartbeats import start_worker_heartbeat

    start_worker_heartbeat(sender.hostname)
