"""A time-limited, revocable link to a read-only summary, logged for the member."""

import datetime

import pytest
from django.utils import timezone

from apps.health import services
from apps.health.models import HealthAccessEvent, ShareLink

from .factories import MeasurementFactory

pytestmark = pytest.mark.django_db


def test_a_clinician_reads_the_summary_until_the_link_is_revoked(auth_client, api_client, user):
    services.record_create(user=user, kind="allergies", data={"substance": "Penicillin"})
    services.record_create(user=user, kind="notes", data={"text": "private diary"})
    MeasurementFactory(user=user, code="8867-4", value=66, unit="/min")
    created = auth_client.post(
        "/api/v1/health/share-links/", {"label": "Dr Kim", "hours": 2}, format="json"
    ).json()
    token = created["token"]
    assert not ShareLink.objects.filter(token_hash=token).exists()  # only its hash is kept

    response = api_client.get(f"/api/v1/health/shared/{token}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    summary = response.json()
    assert summary["allergies"][0]["substance"] == "Penicillin"
    assert summary["latest"][0]["value"] == 66
    assert "private diary" not in str(summary)  # notes are not part of the summary
    event = HealthAccessEvent.objects.get(owner=user)
    assert event.actor_kind == "clinician" and event.actor_label == "Dr Kim"

    revoked = auth_client.post(f"/api/v1/health/share-links/{created['id']}/revoke/").json()
    assert revoked["active"] is False
    gone = api_client.get(f"/api/v1/health/shared/{token}/")
    assert gone.status_code == 404 and gone.json()["code"] == "health.share_link_invalid"


def test_an_expired_link_does_not_work(auth_client, api_client, user):
    created = auth_client.post("/api/v1/health/share-links/", {"hours": 1}, format="json").json()
    ShareLink.objects.filter(pk=created["id"]).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert api_client.get(f"/api/v1/health/shared/{created['token']}/").status_code == 404
    assert not HealthAccessEvent.objects.exists()


def test_links_last_two_weeks_at_most_and_only_the_owner_revokes(auth_client, make_auth_client):
    too_long = auth_client.post("/api/v1/health/share-links/", {"hours": 24 * 15}, format="json")
    assert too_long.status_code == 400
    created = auth_client.post("/api/v1/health/share-links/", {}, format="json").json()
    from apps.accounts.tests.factories import UserFactory

    other = make_auth_client(UserFactory())
    assert other.post(f"/api/v1/health/share-links/{created['id']}/revoke/").status_code == 404
