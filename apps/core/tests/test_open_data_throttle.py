"""Open data has its own limit: larger per IP (phones behind one carrier IP), per key for registered
consumers; every 429 carries Retry-After, also on the plain feeds (GBFS, GTFS-Realtime)."""

import pytest
from django.core.cache import cache

from apps.core.models import OpenDataConsumer
from apps.core.open_data import open_data_key_new

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_limits(settings, monkeypatch):
    from django.conf import settings as live
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**live.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/min", "open_data": "3/min"}
    cache.clear()
    settings.REST_FRAMEWORK = {**live.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)  # DRF's frozen copy
    yield
    cache.clear()


def test_open_data_reads_use_the_open_data_limit_not_the_anonymous_one(client, tight_limits):
    statuses = [client.get("/api/v1/rentals/stations/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/transit/alerts/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["code"] == "throttled"


def test_a_registered_consumer_is_limited_per_key_at_its_own_rate(client, tight_limits):
    key, key_hash = open_data_key_new()
    OpenDataConsumer.objects.create(name="김해 버스 앱", key_hash=key_hash, rate="5/min")
    with_key = [
        client.get("/api/v1/rentals/stations/", HTTP_X_API_KEY=key).status_code for _ in range(6)
    ]
    assert with_key == [200] * 5 + [429]
    # the key's count is its own: the shared IP allowance is untouched
    assert client.get("/api/v1/rentals/stations/").status_code == 200


def test_an_unknown_or_inactive_key_counts_as_the_ip(client, tight_limits):
    key, key_hash = open_data_key_new()
    OpenDataConsumer.objects.create(name="old", key_hash=key_hash, rate="100/min", is_active=False)
    statuses = [
        client.get("/api/v1/rentals/stations/", HTTP_X_API_KEY=key).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_the_plain_feeds_answer_429_with_retry_after(client, tight_limits):
    statuses = [client.get("/gbfs/v3/gbfs.json").status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = client.get("/gtfs-rt/alerts.pb")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused["Content-Type"].startswith("text/plain")


def test_login_keeps_the_anonymous_limit(client, tight_limits, settings):
    settings.SMS_BACKEND = "apps.accounts.sms.MemorySmsBackend"
    statuses = [
        client.post(
            "/api/v1/accounts/otp/request/",
            {"phone": f"010-4444-000{n}"},
            content_type="application/json",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [202, 202, 429]


def test_staff_add_a_consumer_in_admin_and_see_the_key_once(admin_client):
    response = admin_client.post(
        "/admin/core/opendataconsumer/add/",
        {"name": "Dashboard", "contact": "data@gimhae.go.kr", "rate": "600/min", "is_active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    consumer = OpenDataConsumer.objects.get(name="Dashboard")
    shown = [str(m) for m in response.context["messages"]]
    assert any("od_" in text for text in shown)
    assert len(consumer.key_hash) == 64
