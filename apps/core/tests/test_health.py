"""/healthz: 200 while the database serves, each component's state in the body; 503 only when the
database is unreachable."""

import pytest
from django.db import connection

from apps.core.heartbeats import heartbeat_record

pytestmark = pytest.mark.django_db


def test_healthz_reports_each_component(client, settings):
    settings.IEUM_TICKER_ENABLED = True  # the embedded default: periodic jobs in process
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert {"database", "cache", "channel_layer", "worker", "beat"} <= set(body["checks"])
    assert body["checks"]["database"] == {"state": "ok"}
    # the test settings run tasks eagerly, as the embedded default does
    assert body["checks"]["worker"] == {"state": "embedded"}
    assert body["checks"]["beat"] == {"state": "embedded"}


def test_a_down_cache_degrades_but_keeps_the_process_in_rotation(client, monkeypatch):
    from apps.core import health

    def broken():
        raise ConnectionError("cache unreachable")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["cache"] == {
        "state": "down",
        "error": "ConnectionError: cache unreachable",
    }


def test_only_a_down_database_is_503(client, monkeypatch):
    from apps.core import health

    def broken():
        raise ConnectionError("database unreachable")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "down"


def test_a_missing_worker_or_beat_is_reported(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.IEUM_TICKER_ENABLED = False
    body = client.get("/healthz").json()
    assert body["status"] == "degraded"
    assert body["checks"]["worker"] == {"state": "down"}
    assert body["checks"]["beat"] == {"state": "down"}

    heartbeat_record(name="worker:celery@web-1")
    body = client.get("/healthz").json()
    assert body["checks"]["worker"] == {"state": "ok"}
    assert body["checks"]["beat"] == {"state": "down"}  # workers run, but nothing schedules

    heartbeat_record(name="beat")
    assert client.get("/healthz").json()["checks"]["beat"] == {"state": "ok"}


def test_a_stale_heartbeat_is_down(client, settings):
    from datetime import timedelta

    from django.utils import timezone

    from apps.core.models import Heartbeat

    settings.CELERY_TASK_ALWAYS_EAGER = False
    Heartbeat.objects.create(name="worker:old", at=timezone.now() - timedelta(minutes=10))
    assert client.get("/healthz").json()["checks"]["worker"] == {"state": "down"}


@pytest.mark.django_db(transaction=True)
def test_the_worker_heartbeat_thread_writes_and_stops():
    from apps.core.heartbeats import start_worker_heartbeat
    from apps.core.models import Heartbeat

    if connection.vendor == "sqlite":
        pytest.skip("a second thread on the SQLite test database locks it")
    thread = start_worker_heartbeat("celery@test")
    thread.stop.set()
    thread.join(timeout=5)
    assert Heartbeat.objects.filter(name="worker:celery@test").exists()
