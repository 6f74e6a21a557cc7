from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from apps.notifications import services
from apps.notifications.models import Notification, NotificationPreference

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/preferences/"
SEOUL = ZoneInfo("Asia/Seoul")


def test_defaults_push_every_kind_and_no_quiet_hours(auth_client):
    body = auth_client.get(URL).json()
    assert body["quiet_hours_start"] is None and body["quiet_hours_end"] is None
    assert set(body["kinds"]) == set(Notification.Kind.values)
    assert all(value == {"push": True} for value in body["kinds"].values())


def test_set_quiet_hours_across_midnight_and_switch_a_kind_off(user, auth_client):
    response = auth_client.put(
        URL,
        {
            "quiet_hours_start": "22:00",
            "quiet_hours_end": "07:00",
            "kinds": {"announcement": {"push": False}, "transit": {"push": True}},
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["quiet_hours_start"], body["quiet_hours_end"]) == ("22:00", "07:00")
    assert body["kinds"]["announcement"] == {"push": False}
    assert body["kinds"]["transit"] == {"push": True}
    assert auth_client.get(URL).json() == body

    # fields left out keep their value
    body = auth_client.put(URL, {"kinds": {"parking": {"push": False}}}).json()
    assert body["quiet_hours_start"] == "22:00"
    assert body["kinds"]["announcement"] == {"push": False}
    assert body["kinds"]["parking"] == {"push": False}

    body = auth_client.put(URL, {"quiet_hours_start": None, "quiet_hours_end": None}).json()
    assert body["quiet_hours_start"] is None
    stored = NotificationPreference.objects.get(user=user)
    assert stored.push_muted_kinds == ["announcement", "parking"]


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        ({"quiet_hours_start": "22:00"}, "notifications.quiet_hours_incomplete"),
        (
            {"quiet_hours_start": "22:00", "quiet_hours_end": "22:00"},
            "notifications.quiet_hours_empty",
        ),
        ({"kinds": {"lottery": {"push": False}}}, "notifications.unknown_kind"),
        ({"quiet_hours_start": "25:00", "quiet_hours_end": "07:00"}, "invalid"),
        ({"kinds": {"transit": {"push": "maybe"}}}, "invalid"),
    ],
)
def test_bad_preferences_are_refused_and_change_nothing(user, auth_client, payload, code):
    auth_client.put(URL, {"kinds": {"health": {"push": False}}})
    response = auth_client.put(URL, payload)
    assert response.status_code == 400
    assert response.json()["code"] == code
    stored = NotificationPreference.objects.get(user=user)
    assert stored.quiet_hours_start is None and stored.push_muted_kinds == ["health"]


def test_quiet_hours_error_in_korean_and_english(user, auth_client):
    response = auth_client.put(URL, {"quiet_hours_end": "07:00"})
    assert (
        response.json()["message"]
        == "방해 금지 시간의 시작과 끝을 모두 입력하거나 모두 비워 두세요."
    )
    user.preferred_language = "en"
    user.save()
    response = auth_client.put(URL, {"quiet_hours_end": "07:00"})
    assert response.json()["message"] == (
        "Give both the start and the end of quiet hours, or neither."
    )


@pytest.mark.parametrize(
    ("start", "end", "local", "quiet"),
    [
        (time(22), time(7), time(23, 30), True),
        (time(22), time(7), time(3), True),
        (time(22), time(7), time(7), False),
        (time(22), time(7), time(12), False),
        (time(13), time(14), time(13, 59), True),
        (time(13), time(14), time(14, 1), False),
    ],
)
def test_quiet_hours_in_seoul_time(start, end, local, quiet):
    preference = NotificationPreference(quiet_hours_start=start, quiet_hours_end=end)
    at = datetime.combine(datetime(2026, 3, 2).date(), local, tzinfo=SEOUL)
    assert services.quiet_hours_active(preference=preference, at=at) is quiet


def test_quiet_hours_end_is_the_next_morning_across_midnight():
    preference = NotificationPreference(quiet_hours_start=time(22), quiet_hours_end=time(7))
    at = datetime(2026, 3, 2, 23, 30, tzinfo=SEOUL)
    assert services.quiet_hours_end_after(preference=preference, at=at) == datetime(
        2026, 3, 3, 7, 0, tzinfo=SEOUL
    )
    at = datetime(2026, 3, 3, 2, 0, tzinfo=SEOUL)
    assert services.quiet_hours_end_after(preference=preference, at=at) == datetime(
        2026, 3, 3, 7, 0, tzinfo=SEOUL
    )


@pytest.mark.parametrize("value", ["22:00:00", "7:00", "22:00Z", "24:00"])
def test_quiet_hours_are_hh_mm_only(auth_client, value):
    # The schema documents `HH:MM` (a phone parses it as it is), so nothing else is accepted.
    response = auth_client.put(URL, {"quiet_hours_start": value, "quiet_hours_end": "07:00"})
    assert response.status_code == 400
    assert "quiet_hours_start" in response.json()["extra"]["fields"]


def test_schema_lists_the_preference_kinds(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["components"]
    output = schema["schemas"]["NotificationPreferenceOutput"]["properties"]
    assert output["quiet_hours_start"]["pattern"] == r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
    assert set(output["kinds"]["required"]) == set(Notification.Kind.values)
    assert output["kinds"]["additionalProperties"] is False
