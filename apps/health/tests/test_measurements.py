"""Measurements: LOINC codes, UCUM units, plausibility, idempotent re-sends, trends, before/after."""

import datetime

import pytest
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.core.testing import run_together
from apps.health import selectors, services
from apps.health.models import Measurement

from .factories import MeasurementFactory, ParticipationFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/health/measurements/"


def _post(client, body, key=None, lang="en"):
    headers = {"X-Ieum-Language": lang}
    if key:
        headers["Idempotency-Key"] = key
    return client.post(URL, body, format="json", headers=headers)


def reading(**overrides):
    return {
        "code": "8480-6",
        "value": 128,
        "measured_at": timezone.now().isoformat(),
        **overrides,
    }


def test_a_reading_is_stored_with_its_loinc_code_and_ucum_unit(auth_client, user):
    response = _post(auth_client, reading())
    assert response.status_code == 201
    body = response.json()
    assert body["code"] == "8480-6" and body["unit"] == "mm[Hg]" and body["value"] == 128
    assert body["source"] == "manual"
    assert Measurement.objects.get(user=user).unit == "mm[Hg]"


def test_an_impossible_value_is_refused_with_a_translated_message_and_nothing_stored(auth_client):
    response = _post(auth_client, reading(code="29463-7", value=0.2))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "health.implausible_value"
    assert body["message"].startswith("Body weight must be between 1 and 350 kg")
    assert "0.2" not in body["message"]  # the value sent is never echoed
    korean = _post(auth_client, reading(code="8310-5", value=60), lang="ko").json()
    assert korean["code"] == "health.implausible_value"
    assert "체온" in korean["message"] and "30" in korean["message"]
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("code", "value", "unit", "stored"),
    [
        ("29463-7", 154.3, "[lb_av]", 70.0),
        ("8310-5", 98.6, "[degF]", 37.0),
        ("2339-0", 5.5, "mmol/L", 99),
    ],
)
def test_exact_alternative_units_are_converted(auth_client, code, value, unit, stored):
    response = _post(auth_client, reading(code=code, value=value, unit=unit))
    assert response.status_code == 201, response.json()
    assert response.json()["value"] == pytest.approx(stored, abs=0.1)


def test_a_unit_that_does_not_fit_the_code_is_refused(auth_client):
    response = _post(auth_client, reading(code="8867-4", value=70, unit="kg"))
    assert response.status_code == 400
    assert response.json()["code"] == "health.unit_not_accepted"


def test_a_time_in_the_future_is_refused(auth_client):
    later = (timezone.now() + datetime.timedelta(hours=2)).isoformat()
    response = _post(auth_client, reading(measured_at=later))
    assert response.json()["code"] == "health.future_time"


def test_a_re_sent_reading_with_the_same_key_is_stored_once(auth_client, user):
    first = _post(auth_client, reading(), key="wearable-42")
    again = _post(auth_client, reading(measured_at=first.json()["measured_at"]), key="wearable-42")
    assert first.status_code == 201 and again.status_code == 200
    assert again.json()["id"] == first.json()["id"]
    assert Measurement.objects.filter(user=user).count() == 1


def test_the_same_key_with_another_reading_is_a_conflict(auth_client):
    at = timezone.now().isoformat()
    assert _post(auth_client, reading(measured_at=at), key="k1").status_code == 201
    response = _post(auth_client, reading(measured_at=at, value=140), key="k1")
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"


@pytest.mark.django_db(transaction=True)
def test_two_re_sends_racing_store_one_reading():
    user = UserFactory()
    at = timezone.now()

    def send():
        return services.measurement_record(
            user=user,
            code="8867-4",
            value=72,
            unit=None,
            measured_at=at,
            source="device",
            idempotency_key="race-1",
        )[0].pk

    results, failures = run_together(4, send)
    assert not failures
    assert len(set(results)) == 1
    assert Measurement.objects.filter(user=user).count() == 1


def test_someone_elses_measurement_is_not_found(auth_client):
    other = MeasurementFactory()
    response = auth_client.delete(f"{URL}{other.pk}/")
    assert response.status_code == 404
    assert Measurement.objects.filter(pk=other.pk).exists()


def test_the_list_is_mine_only_newest_first(auth_client, user):
    MeasurementFactory(user=user, measured_at=timezone.now() - datetime.timedelta(days=2))
    newest = MeasurementFactory(user=user)
    MeasurementFactory()
    body = auth_client.get(URL).json()
    assert [row["id"] for row in body["results"]][0] == str(newest.pk)
    assert len(body["results"]) == 2


def test_trends_give_a_series_per_code_oldest_first(auth_client, user):
    now = timezone.now()
    for days, value in [(20, 80.0), (10, 78.0), (1, 76.5)]:
        MeasurementFactory(user=user, value=value, measured_at=now - datetime.timedelta(days=days))
    MeasurementFactory(user=user, value=90.0, measured_at=now - datetime.timedelta(days=200))
    body = auth_client.get("/api/v1/health/trends/", {"codes": "29463-7,8867-4", "days": 30}).json()
    weight, pulse = body["series"]
    assert [p["value"] for p in weight["points"]] == [80.0, 78.0, 76.5]
    assert weight["minimum"] == 76.5 and weight["latest"] == 76.5 and weight["unit"] == "kg"
    assert pulse["points"] == [] and pulse["latest"] is None
    bad = auth_client.get("/api/v1/health/trends/", {"codes": "nope"})
    assert bad.status_code == 400


def test_before_and_after_for_a_programme_participant(auth_client, user):
    participation = ParticipationFactory(user=user)
    joined = timezone.make_aware(
        datetime.datetime.combine(participation.joined_on, datetime.time(10))
    )
    MeasurementFactory(user=user, value=82.0, measured_at=joined - datetime.timedelta(days=3))
    MeasurementFactory(user=user, value=79.5, measured_at=joined + datetime.timedelta(days=10))
    MeasurementFactory(user=user, value=78.0, measured_at=joined + datetime.timedelta(days=25))
    url = f"/api/v1/health/programmes/{participation.pk}/comparison/"
    body = auth_client.get(url).json()
    [weight] = body["comparisons"]
    assert weight["before"] == 82.0 and weight["after"] == 78.0 and weight["change"] == -4.0
    other = ParticipationFactory()
    assert auth_client.get(f"/api/v1/health/programmes/{other.pk}/comparison/").status_code == 404
    assert selectors.participation_compare(participation=participation)[0].change == -4.0


def test_the_code_catalogue_lists_ranges(client):
    body = client.get("/api/v1/health/codes/", headers={"Accept-Language": "en"}).json()
    steps = next(row for row in body if row["code"] == "55423-8")
    assert steps["unit"] == "{steps}" and steps["maximum"] == 100000


def test_a_time_before_1970_is_refused(auth_client):
    response = _post(auth_client, reading(measured_at="0281-09-25T14:09:59+14:42"))
    assert response.status_code == 400
    assert response.json()["code"] == "health.time_too_early"
