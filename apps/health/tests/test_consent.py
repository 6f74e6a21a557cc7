"""Consent levels 0/1/2 as an append-only ledger, and the city-sharing export: pseudonymised and
exactly the fields the current level allows — nothing more leaves."""

import datetime

import pytest

from apps.accounts.tests.factories import UserFactory
from apps.health import services, sharing
from apps.health.models import ConsentRecord, ContentUse, HealthAccessEvent

from .factories import staff_user

pytestmark = pytest.mark.django_db

LEVEL_1 = {"pid", "level", "sex", "age_band", "area_code", "content_used"}
LEVEL_2 = LEVEL_1 | {"name", "phone"}


def member(level, **fields):
    user = UserFactory(
        display_name=fields.pop("name", "김건강"),
        date_of_birth=fields.pop("born", datetime.date(1985, 6, 1)),
    )
    services.profile_update(user=user, sex="female", area_code="4825054000")
    services.content_use_record(user=user, content=ContentUse.Content.SURVEY)
    if level != 1:
        services.consent_level_set(user=user, level=level, source="app")
    return user


def test_a_new_member_starts_at_level_1_with_a_record(auth_client, user):
    body = auth_client.get("/api/v1/health/consent/").json()
    assert body["level"] == 1
    assert body["history"][0]["source"] == "default"
    assert set(body["shared_fields"]) == LEVEL_1


def test_changing_the_level_appends_a_record(auth_client, user):
    auth_client.get("/api/v1/health/consent/")
    auth_client.post("/api/v1/health/consent/", {"level": 2}, format="json")
    body = auth_client.post("/api/v1/health/consent/", {"level": 0}, format="json").json()
    assert body["level"] == 0 and body["shared_fields"] == []
    assert [r["level"] for r in body["history"]] == [0, 2, 1]
    assert ConsentRecord.objects.filter(user=user).count() == 3
    assert (
        auth_client.post("/api/v1/health/consent/", {"level": 3}, format="json").status_code == 400
    )


def test_each_level_exports_exactly_its_fields():
    nothing = member(0)
    deidentified = member(1)
    identified = member(2, name="이공유")
    rows = {row["pid"]: row for row in sharing.city_export_rows()}
    assert sharing.pseudonym(user_id=nothing.pk) not in rows
    one = rows[sharing.pseudonym(user_id=deidentified.pk)]
    two = rows[sharing.pseudonym(user_id=identified.pk)]
    assert set(one) == LEVEL_1
    assert set(two) == LEVEL_2
    assert one["sex"] == "female" and one["area_code"] == "4825054000"
    assert one["age_band"] == sharing.age_band(date_of_birth=datetime.date(1985, 6, 1))
    assert one["content_used"] == ["survey"]
    assert two["name"] == "이공유" and two["phone"] == identified.phone
    # nothing identifying in a level-1 row: not the id, the name, the phone or the birth date
    text = str(one)
    for value in (str(deidentified.pk), deidentified.display_name, deidentified.phone, "1985"):
        assert value not in text


def test_lowering_the_level_stops_sharing_from_then_on():
    user = member(2)
    assert sharing.pseudonym(user_id=user.pk) in {r["pid"] for r in sharing.city_export_rows()}
    services.consent_level_set(user=user, level=1, source="app")
    [row] = [
        r for r in sharing.city_export_rows() if r["pid"] == sharing.pseudonym(user_id=user.pk)
    ]
    assert "name" not in row and "phone" not in row
    services.consent_level_set(user=user, level=0, source="app")
    assert sharing.city_export_rows() == []


def test_content_used_while_at_level_0_is_never_shared_later():
    user = member(0)
    services.content_use_record(user=user, content=ContentUse.Content.SYMPTOM_GUIDE)
    services.consent_level_set(user=user, level=1, source="app")
    [row] = sharing.city_export_rows()
    assert "symptom_guide" not in row["content_used"]


def test_the_pseudonym_is_keyed_and_stable(settings):
    user = member(1)
    first = sharing.pseudonym(user_id=user.pk)
    assert first == sharing.pseudonym(user_id=user.pk) and str(user.pk) not in first
    settings.HEALTH_PSEUDONYM_KEY = "another-key"
    assert sharing.pseudonym(user_id=user.pk) != first


def test_the_export_endpoint_needs_health_staff_and_a_purpose_and_is_logged(make_auth_client):
    user = member(1)
    staff = make_auth_client(staff_user())
    url = "/api/v1/health/staff/city-sharing/"
    assert staff.get(url).status_code == 400
    assert (
        make_auth_client(staff_user(department="tourism")).get(url, {"purpose": "x"}).status_code
        == 403
    )
    assert make_auth_client(UserFactory()).get(url, {"purpose": "x"}).status_code == 403
    body = staff.get(url, {"purpose": "Monthly health statistics"}).json()
    assert [set(row) for row in body["rows"]] == [LEVEL_1]
    event = HealthAccessEvent.objects.get(owner=user)
    assert event.actor_kind == "city_export" and event.purpose == "Monthly health statistics"


def test_statistics_count_only_sharing_members(make_auth_client):
    member(0)
    member(1)
    member(2)
    services.survey_submit(user=member(1), slug="satisfaction", answers={"overall": "5"})
    services.survey_submit(user=member(1), slug="satisfaction", answers={"overall": "2"})
    body = make_auth_client(staff_user()).get("/api/v1/health/staff/statistics/").json()
    assert body["members"] == 4
    assert body["by_level"] == {"1": 3, "2": 1}
    assert body["satisfaction_responses"] == 2 and body["satisfaction_positive_percent"] == 50.0


def test_age_bands():
    today = datetime.date(2026, 1, 1)
    assert sharing.age_band(date_of_birth=datetime.date(2016, 1, 2), today=today) == "0-9"
    assert sharing.age_band(date_of_birth=datetime.date(1990, 6, 1), today=today) == "30-39"
    assert sharing.age_band(date_of_birth=datetime.date(1930, 6, 1), today=today) == "80+"
    assert sharing.age_band(date_of_birth=None) == "unknown"
