import pytest
from rest_framework.test import APIClient

from apps.rentals.tests.factories import StationFactory, VehicleFactory


@pytest.mark.django_db
def test_the_home_search_finds_a_tagogaya_station_in_the_screen_language():
    station = StationFactory(name_ko="봉황역 대여소", name_en="Bonghwang Station")
    VehicleFactory(station=station)
    client = APIClient()

    ko = client.get("/api/v1/search/", {"q": "봉황 역"}, HTTP_X_IEUM_LANGUAGE="ko")
    assert ko.status_code == 200
    [hit] = ko.json()
    assert hit["service"] == "bikes" and hit["kind"] == "station"
    assert hit["title"] == "봉황역 대여소"
    assert hit["subtitle"] == "타고가야 · 자전거 1대"
    assert hit["path"] == f"/services/bikes/stations/{station.id}"

    en = client.get("/api/v1/search/", {"q": "bonghwang"}, HTTP_X_IEUM_LANGUAGE="en")
    [hit] = en.json()
    assert hit["title"] == "Bonghwang Station"
    assert hit["subtitle"] == "Tagogaya · 1 bike available"


@pytest.mark.django_db
def test_a_search_needs_a_query():
    response = APIClient().get("/api/v1/search/", HTTP_X_IEUM_LANGUAGE="en")
    assert response.status_code == 400
    assert "q" in response.json()["extra"]["fields"]
