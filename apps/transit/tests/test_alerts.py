"""Service alerts authored in ko/en: the active ones, in the request's language."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.transit.models import ServiceAlert, ServiceAlertEntity, ServiceAlertPeriod

pytestmark = pytest.mark.django_db

URL = "/api/v1/transit/alerts/"


def make_alert(**fields) -> ServiceAlert:
    defaults = {
        "header_ko": "10번 버스 우회 운행",
        "header_en": "Bus 10 detour",
        "description_ko": "가야문화축제로 시청 앞 정류장을 지나지 않습니다.",
        "description_en": "The Gaya festival closes the City Hall stop.",
        "cause": ServiceAlert.Cause.DEMONSTRATION,
        "effect": ServiceAlert.Effect.DETOUR,
    }
    return ServiceAlert.objects.create(**{**defaults, **fields})


def test_active_alerts_in_korean_and_english(api_client, django_assert_num_queries):
    now = timezone.now()
    current = make_alert()
    ServiceAlertPeriod.objects.create(alert=current, start=now - timedelta(hours=1))
    ServiceAlertEntity.objects.create(alert=current, route_id="B10", stop_id="GH-CITYHALL")
    make_alert(header_ko="경전철 공사", header_en="Light rail works")
    past = make_alert(header_ko="지난 알림", header_en="Past")
    ServiceAlertPeriod.objects.create(alert=past, end=now - timedelta(minutes=1))
    future = make_alert(header_ko="다음 주", header_en="Next week")
    ServiceAlertPeriod.objects.create(alert=future, start=now + timedelta(days=7))
    make_alert(header_ko="초안", header_en="Draft", is_published=False)

    with django_assert_num_queries(3):  # alerts, their periods, their entities
        ko = api_client.get(URL)
    assert ko.status_code == 200
    assert [a["header"] for a in ko.json()] == ["경전철 공사", "10번 버스 우회 운행"]
    detour = ko.json()[1]
    assert detour["cause"] == "DEMONSTRATION" and detour["effect"] == "DETOUR"
    assert detour["effect_label"] == "우회"
    assert detour["informed_entities"] == [
        {"route_id": "B10", "stop_id": "GH-CITYHALL", "trip_id": ""}
    ]
    assert detour["active_periods"][0]["end"] is None

    en = api_client.get(URL, HTTP_ACCEPT_LANGUAGE="en").json()
    assert [a["header"] for a in en] == ["Light rail works", "Bus 10 detour"]
    assert en[1]["description"] == "The Gaya festival closes the City Hall stop."
    assert en[1]["effect_label"] == "Detour"


def test_an_alert_with_several_periods_is_listed_once(api_client):
    now = timezone.now()
    alert = make_alert()
    ServiceAlertPeriod.objects.create(alert=alert, start=now - timedelta(hours=2))
    ServiceAlertPeriod.objects.create(alert=alert, start=now - timedelta(hours=1))
    assert len(api_client.get(URL).json()) == 1


def test_staff_author_an_alert_in_korean_and_english_in_admin(client, user):
    from apps.accounts.tests.factories import UserFactory
    from apps.transit.models import FavouriteStop, TagoIdMapping

    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    FavouriteStop.objects.create(user=user, feed_name="demo", stop_id="B")
    TagoIdMapping.objects.create(kind="stop", tago_id="GMB383", gtfs_id="B")
    for name in ["servicealert", "favouritestop", "favouritearrivalnotice", "tagoidmapping"]:
        assert client.get(f"/admin/transit/{name}/").status_code == 200, name
    form = {
        "header_ko": "경전철 단축 운행",
        "header_en": "Light rail short runs",
        "description_ko": "",
        "description_en": "",
        "url_ko": "",
        "url_en": "",
        "cause": ServiceAlert.Cause.MAINTENANCE,
        "effect": ServiceAlert.Effect.REDUCED_SERVICE,
        "is_published": "on",
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "periods-0-start_0": "2025-03-04",
        "periods-0-start_1": "05:00:00",
        "entities-TOTAL_FORMS": "1",
        "entities-INITIAL_FORMS": "0",
        "entities-0-route_id": "BGL",
    }
    response = client.post("/admin/transit/servicealert/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    alert = ServiceAlert.objects.get()
    assert (alert.header_ko, alert.header_en) == ("경전철 단축 운행", "Light rail short runs")
    assert alert.periods.get().start is not None
    assert alert.entities.get().route_id == "BGL"
