import io

import pytest

from apps.tourism import seed
from apps.tourism.models import Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    seed.run(io.StringIO())


def test_seed_loads_real_gimhae_places_once(places):
    seed.run(io.StringIO())  # twice changes nothing
    assert Place.objects.count() == 31
    assert Place.objects.filter(category="lrt_station", city="gimhae").count() == 12
    assert not Place.objects.get(name_ko="부경동물원").is_open


def test_places_near_a_point_nearest_first_in_english(
    api_client, places, django_assert_num_queries
):
    # 수로왕릉 (Royal Tomb of King Suro)
    with django_assert_num_queries(1):
        response = api_client.get(
            "/api/v1/tourism/places/?lat=35.23488&lon=128.87721&radius_m=800",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    names = [p["name"] for p in response.json()]
    assert names[0] == "Royal Tomb of King Suro"
    assert "Royal Tomb of King Suro" in names and "Gimhae Hanok Experience Center" in names
    distances = [p["distance_m"] for p in response.json()]
    assert distances == sorted(distances) and distances[-1] <= 800


def test_place_names_in_korean_by_default(api_client, places):
    response = api_client.get("/api/v1/tourism/places/?category=tourist_site")
    assert "수로왕릉" in [p["name"] for p in response.json()]
    assert len(response.json()) == 10


def test_place_detail_and_404(api_client, places):
    place = Place.objects.get(name_ko="가야랜드")
    assert api_client.get(f"/api/v1/tourism/places/{place.id}/").json()["name"] == "가야랜드"
    missing = api_client.get("/api/v1/tourism/places/00000000-0000-0000-0000-000000000000/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
