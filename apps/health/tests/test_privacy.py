"""Privacy by design: encryption at rest, documents as private files, the access log, staff access
with a department and a purpose, reminders that say nothing, and health data kept out of logs."""

import json
import logging

import pytest
from django.db import connection
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.core.files import private_storage
from apps.health import facade, services
from apps.health.models import HealthAccessEvent, HealthDocument, Medication
from apps.notifications.models import Notification

from .factories import MeasurementFactory, staff_user

pytestmark = pytest.mark.django_db

SECRETS = {
    "conditions": {"name": "Type2DiabetesSecret", "note": "NoteSecretAlpha"},
    "medications": {
        "name": "MetforminSecret",
        "dosage": "500mgSecret",
        "reminder_times": ["08:00"],
    },
    "allergies": {"substance": "PenicillinSecret", "reaction": "HivesSecret"},
    "immunisations": {"vaccine": "InfluenzaSecret", "given_on": "2025-10-01", "note": "ArmSecret"},
    "notes": {"text": "FeelingLowSecret"},
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _all_rows_text(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 — a fixed table name
        return json.dumps([list(map(str, row)) for row in cursor.fetchall()])


def test_sensitive_fields_are_not_in_the_database_as_plaintext(auth_client, user):
    for kind, body in SECRETS.items():
        response = auth_client.post(f"/api/v1/health/records/{kind}/", body, format="json")
        assert response.status_code == 201, response.json()
    auth_client.post(
        "/api/v1/health/surveys/health_behaviour/responses/",
        {"answers": {q: "daily" if q == "smoking" else "never" for q in ["smoking"]}},
        format="json",
    )
    services.survey_submit(
        user=user,
        slug="satisfaction",
        answers={"overall": "5"},
    )
    tables = [
        "health_condition",
        "health_medication",
        "health_allergy",
        "health_immunisation",
        "health_healthnote",
        "health_surveyresponse",
    ]
    raw = "".join(_all_rows_text(table) for table in tables)
    for body in SECRETS.values():
        for value in body.values():
            if isinstance(value, str) and "Secret" in value:
                assert value not in raw
    assert '"overall"' not in raw and "gAAAA" in raw  # Fernet tokens
    # and the owner reads them back
    listed = auth_client.get("/api/v1/health/records/conditions/").json()
    assert listed[0]["name"] == "Type2DiabetesSecret"


def test_a_document_is_checked_stored_privately_and_its_title_encrypted(auth_client, user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("lab.pdf", PDF, content_type="application/pdf")
    response = auth_client.post(
        "/api/v1/health/documents/",
        {"title": "BloodTestSecret", "file": upload},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["url"].startswith("/files/")
    document = HealthDocument.objects.get(user=user)
    assert private_storage.exists(document.file.name)
    assert "BloodTestSecret" not in _all_rows_text("health_healthdocument")
    served = auth_client.get(response.json()["url"])
    assert b"".join(served.streaming_content) == PDF

    fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    refused = auth_client.post(
        "/api/v1/health/documents/", {"title": "x", "file": fake}, format="multipart"
    )
    assert refused.status_code == 415 and refused.json()["code"] == "files.invalid_type"
    assert HealthDocument.objects.count() == 1


def test_another_users_records_are_not_found(auth_client, make_auth_client):
    other = UserFactory()
    condition = services.record_create(user=other, kind="conditions", data={"name": "x"})
    url = f"/api/v1/health/records/conditions/{condition.pk}/"
    assert auth_client.patch(url, {"name": "y"}, format="json").status_code == 404
    assert auth_client.delete(url).status_code == 404
    assert auth_client.get("/api/v1/health/records/conditions/").json() == []


def test_staff_need_the_health_department_and_a_purpose_and_the_member_sees_it(
    auth_client, user, make_auth_client
):
    services.profile_ensure(user=user)
    MeasurementFactory(user=user)
    url = f"/api/v1/health/staff/members/{user.pk}/summary/"
    parking_staff = make_auth_client(staff_user(department="parking"))
    assert parking_staff.get(url, {"purpose": "check"}).status_code == 403
    health = staff_user()
    health_staff = make_auth_client(health)
    no_purpose = health_staff.get(url, headers={"X-Ieum-Language": "en"})
    assert no_purpose.status_code == 400
    ok = health_staff.get(url, {"purpose": "Programme follow-up call"})
    assert ok.status_code == 200 and ok.json()["latest"][0]["code"] == "29463-7"
    log = auth_client.get("/api/v1/health/access-log/").json()["results"]
    assert log[0]["actor_kind"] == "staff" and log[0]["purpose"] == "Programme follow-up call"
    assert HealthAccessEvent.objects.get().actor == health
    # the member reading their own record leaves no entry
    auth_client.get("/api/v1/health/measurements/")
    assert HealthAccessEvent.objects.count() == 1


def test_staff_record_the_level_a_member_asked_for_and_the_member_sees_it(
    auth_client, user, make_auth_client
):
    services.profile_ensure(user=user)
    before = user.health_consents.count()
    url = f"/api/v1/health/staff/members/{user.pk}/consent/"
    parking_staff = make_auth_client(staff_user(department="parking"))
    assert parking_staff.post(url, {"level": 0, "purpose": "call"}).status_code == 403
    health = staff_user()
    health_staff = make_auth_client(health)
    # no purpose, or a level that does not exist: refused, nothing recorded
    assert health_staff.post(url, {"level": 0}, format="json").status_code == 400
    assert health_staff.post(url, {"level": 7, "purpose": "x"}, format="json").status_code == 400
    assert user.health_consents.count() == before
    nobody = "/api/v1/health/staff/members/00000000-0000-0000-0000-000000000000/consent/"
    assert health_staff.post(nobody, {"level": 0, "purpose": "x"}).status_code == 404

    done = health_staff.post(
        url, {"level": 0, "purpose": "Phone call of 2026-12-01"}, format="json"
    )
    assert done.status_code == 200, done.content
    assert done.json()["level"] == 0 and done.json()["shared_fields"] == []
    assert user.health_consents.count() == before + 1
    record = user.health_consents.order_by("-id").first()
    assert (record.level, record.source, record.recorded_by) == (0, "staff", health)
    # the member sees who and why, gets a notice, and can change it back
    mine = auth_client.get("/api/v1/health/consent/").json()
    assert mine["level"] == 0 and mine["history"][0]["source"] == "staff"
    log = auth_client.get("/api/v1/health/access-log/").json()["results"]
    assert (log[0]["what"], log[0]["purpose"]) == ("consent", "Phone call of 2026-12-01")
    notice = Notification.objects.get(user=user)
    assert notice.data["screen"] == "/services/health/sharing"
    assert auth_client.post("/api/v1/health/consent/", {"level": 1}).json()["level"] == 1


def test_medication_reminders_say_nothing_about_the_medicine(user):
    services.record_create(
        user=user,
        kind="medications",
        data={"name": "SecretPill", "dosage": "2 tabs", "reminder_times": ["08:00"]},
    )
    at = timezone.localtime().replace(hour=8, minute=0, second=5)
    assert services.medication_reminders_send(now=at) == 1
    assert services.medication_reminders_send(now=at) == 0  # once per time
    notification = Notification.objects.get(user=user)
    text = " ".join(
        [notification.title_ko, notification.title_en, notification.body_ko, notification.body_en]
    )
    assert "SecretPill" not in text and "2 tabs" not in text
    assert notification.body_en == "You have a health reminder."
    assert "SecretPill" not in json.dumps(notification.data)


def test_a_bad_reminder_time_is_refused(auth_client):
    response = auth_client.post(
        "/api/v1/health/records/medications/",
        {"name": "x", "reminder_times": ["25:00"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "health.reminder_time_invalid"
    assert not Medication.objects.exists()


def test_health_values_never_reach_the_logs(auth_client, caplog):
    caplog.set_level(logging.DEBUG)
    auth_client.post(
        "/api/v1/health/measurements/",
        {"code": "2339-0", "value": 987654, "measured_at": timezone.now().isoformat()},
        format="json",
    )
    auth_client.post("/api/v1/health/records/conditions/", {"name": "LogSecret"}, format="json")
    assert "987654" not in caplog.text and "LogSecret" not in caplog.text


def test_export_and_erase(user):
    services.record_create(user=user, kind="notes", data={"text": "my note"})
    MeasurementFactory(user=user)
    exported = facade.user_data_export(user)
    assert exported["fhir_bundle"]["resourceType"] == "Bundle"
    assert exported["notes"][0]["text"] == "my note"
    assert exported["measurements"][0]["code"] == "29463-7"
    facade.user_data_erase(user)
    assert facade.user_data_export(user)["measurements"] == []
    assert facade.user_data_export(user)["notes"] == []
