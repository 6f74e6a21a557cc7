"""The REST API as a phone uses it."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.rentals.models import Rental, Vehicle

from .conftest import JPEG
from .factories import (
    NicheSpotFactory,
    ScooterFactory,
    StationFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/rentals"


def test_station_map_shows_live_counts_without_login(api_client, django_assert_num_queries):
    for _ in range(3):
        station = StationFactory(capacity=5)
        VehicleFactory.create_batch(2, station=station)
        VehicleFactory(station=station, status=Vehicle.Status.MAINTENANCE)
    with django_assert_num_queries(1):
        response = api_client.get(f"{API}/stations/")
    assert response.status_code == 200
    body = response.json()
    assert len(body) == 3
    # maintenance bikes occupy a dock but cannot be rented
    assert {(s["num_bikes_available"], s["num_docks_available"]) for s in body} == {(2, 2)}


def test_spot_map_and_zones(api_client, django_assert_num_queries):
    spot = NicheSpotFactory(capacity=4, other_operators_occupancy=1)
    ScooterFactory.create_batch(2, spot=spot)
    with django_assert_num_queries(1):
        body = api_client.get(f"{API}/spots/").json()
    assert (
        body[0]["occupancy"] == 3
        and body[0]["free"] == 1
        and body[0]["num_vehicles_available"] == 2
    )
    assert api_client.get(f"{API}/zones/").status_code == 200


def test_vehicles_near(api_client, django_assert_num_queries):
    near = StationFactory(lat=35.2273, lon=128.8742)
    far = StationFactory(lat=35.30, lon=128.70)
    VehicleFactory.create_batch(3, station=near)
    VehicleFactory(station=far)
    with django_assert_num_queries(1):
        response = api_client.get(
            f"{API}/vehicles/near/", {"lat": 35.2275, "lon": 128.8745, "radius_m": 300}
        )
    assert response.status_code == 200
    assert len(response.json()) == 3
    assert response.json()[0]["range_m"] == 40000
    bad = api_client.get(f"{API}/vehicles/near/", {"lat": 135, "lon": 128.87})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"


def test_full_ride_over_the_api(auth_client, user):
    vehicle = VehicleFactory()
    first, second = StationFactory(), StationFactory()

    r = auth_client.post(f"{API}/reservations/", {"vehicle_code": vehicle.code}, format="json")
    assert r.status_code == 201 and r.json()["status"] == "reserved"
    rental_id = r.json()["id"]

    r = auth_client.post(
        f"{API}/rentals/unlock/",
        {"code": vehicle.code, "return_station_id": str(first.id)},
        format="json",
    )
    assert r.status_code == 201, r.json()
    assert r.json()["id"] == rental_id and r.json()["return_station"]["id"] == str(first.id)

    r = auth_client.post(
        f"{API}/rentals/{rental_id}/return-place/", {"station_id": str(second.id)}, format="json"
    )
    assert r.status_code == 200 and r.json()["return_station"]["id"] == str(second.id)

    assert [x["id"] for x in auth_client.get(f"{API}/rentals/active/").json()] == [rental_id]
    Rental.objects.filter(id=rental_id).update(started_at=timezone.now() - timedelta(minutes=12))

    r = auth_client.post(f"{API}/rentals/{rental_id}/end/", {}, format="multipart")
    assert r.status_code == 200, r.json()
    body = r.json()
    assert (
        body["status"] == "ended" and body["amount_krw"] == 500 and body["payment_status"] == "paid"
    )
    assert body["end_station"]["id"] == str(second.id)

    assert auth_client.get(f"{API}/rentals/active/").json() == []
    history = auth_client.get(f"{API}/rentals/").json()
    assert [x["id"] for x in history["results"]] == [rental_id]


def test_dockless_end_with_photo_upload(auth_client):
    scooter = ScooterFactory()
    rental_id = auth_client.post(
        f"{API}/rentals/unlock/", {"code": scooter.code}, format="json"
    ).json()["id"]
    photo = SimpleUploadedFile("parked.jpg", JPEG, content_type="image/jpeg")
    r = auth_client.post(
        f"{API}/rentals/{rental_id}/end/",
        {"lat": 35.25, "lon": 128.87, "photo": photo},
        format="multipart",
    )
    assert r.status_code == 200, r.json()
    assert r.json()["has_return_photo"] is True and r.json()["photo_review"] == "pending"
    # the photo is private: a signed, short-lived link serves the bytes, no /media/ URL does
    url = r.json()["return_photo_url"]
    assert url.startswith("/files/")
    served = auth_client.get(url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == JPEG
    assert served["Content-Type"] == "image/jpeg"
    assert served["Cache-Control"] == "private, no-store"
    stored = Rental.objects.get(id=rental_id).return_photo.name
    assert "parked" not in stored and auth_client.get(f"/media/{stored}").status_code == 404


def test_another_rider_never_gets_the_photo_link(auth_client, make_auth_client):
    scooter = ScooterFactory()
    rental_id = auth_client.post(
        f"{API}/rentals/unlock/", {"code": scooter.code}, format="json"
    ).json()["id"]
    photo = SimpleUploadedFile("parked.jpg", JPEG, content_type="image/jpeg")
    auth_client.post(
        f"{API}/rentals/{rental_id}/end/",
        {"lat": 35.25, "lon": 128.87, "photo": photo},
        format="multipart",
    )
    assert auth_client.get(f"{API}/rentals/{rental_id}/").json()["return_photo_url"]
    other = make_auth_client(UserFactory())
    r = other.get(f"{API}/rentals/{rental_id}/")
    assert r.status_code == 404 and "return_photo_url" not in r.json()
    assert other.get(f"{API}/rentals/").json()["results"] == []


def test_fake_photo_is_refused_in_korean_by_default_and_english_on_preference(make_auth_client):
    fake = SimpleUploadedFile("parked.jpg", b"<html>not an image</html>", content_type="image/jpeg")
    rider = UserFactory()
    client = make_auth_client(rider)
    rental_id = client.post(
        f"{API}/rentals/unlock/", {"code": ScooterFactory().code}, format="json"
    ).json()["id"]
    r = client.post(
        f"{API}/rentals/{rental_id}/end/",
        {"lat": 35.25, "lon": 128.87, "photo": fake},
        format="multipart",
    )
    assert r.status_code == 415
    assert r.json()["code"] == "files.invalid_type"
    assert (
        r.json()["message"] == "받을 수 없는 파일 형식입니다. JPEG, PNG, WebP 파일을 보내 주세요."
    )

    rider.preferred_language = "en"
    rider.save()
    fake.seek(0)
    r = client.post(
        f"{API}/rentals/{rental_id}/end/",
        {"lat": 35.25, "lon": 128.87, "photo": fake},
        format="multipart",
    )
    assert r.json()["message"] == "This type of file is not accepted. Please send JPEG, PNG, WebP."
    assert Rental.objects.get(id=rental_id).status == Rental.Status.ACTIVE


def test_two_rental_limit_message_ko_and_en(make_auth_client):
    rider = UserFactory()
    client = make_auth_client(rider)
    for vehicle in VehicleFactory.create_batch(2):
        assert (
            client.post(f"{API}/rentals/unlock/", {"code": vehicle.code}, format="json").status_code
            == 201
        )
    third = VehicleFactory()
    r = client.post(f"{API}/rentals/unlock/", {"code": third.code}, format="json")
    assert r.status_code == 409
    assert r.json() == {
        "code": "rentals.too_many_rentals",
        "message": "한 번에 최대 2대까지 대여할 수 있습니다.",
        "extra": {"limit": 2},
    }
    rider.preferred_language = "en"
    rider.save()
    r = client.post(f"{API}/rentals/unlock/", {"code": third.code}, format="json")
    assert r.json()["message"] == "You can rent at most 2 vehicles at a time."


def test_anonymous_error_follows_accept_language(api_client):
    r = api_client.get(
        f"{API}/quote/", {"minutes": 30, "vehicle_type": "nope"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert r.status_code == 404 and r.json()["message"] == "This vehicle type was not found."
    r = api_client.get(f"{API}/quote/", {"minutes": 30, "vehicle_type": "nope"})
    assert r.json()["message"] == "이 이동수단 종류를 찾을 수 없습니다."


def test_quote(api_client):
    VehicleFactory()
    r = api_client.get(f"{API}/quote/", {"minutes": 30})
    assert r.status_code == 200 and r.json()["total_krw"] == 500
    assert api_client.get(f"{API}/quote/", {"minutes": 31}).json()["total_krw"] == 700


def test_ride_actions_need_a_login(api_client):
    r = api_client.post(f"{API}/rentals/unlock/", {"code": "TG-0001"}, format="json")
    assert r.status_code == 401 and r.json()["code"] == "not_authenticated"


def test_someone_elses_rental_is_404(auth_client):
    other = make = UserFactory()
    del make
    vehicle = VehicleFactory()
    from apps.rentals import services

    rental = services.rental_unlock(user=other, code=vehicle.code)
    assert auth_client.get(f"{API}/rentals/{rental.id}/").status_code == 404
    r = auth_client.post(f"{API}/rentals/{rental.id}/end/", {}, format="multipart")
    assert r.status_code == 404 and r.json()["code"] == "rentals.rental_not_found"


def test_history_query_count_does_not_grow_with_rides(auth_client, user, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.rentals import services

    def ride():
        vehicle = VehicleFactory()
        rental = services.rental_unlock(user=user, code=vehicle.code)
        services.rental_end(user=user, rental_id=rental.id, station_id=vehicle.station_id)

    ride()
    # the baseline includes what authentication itself queries (user, consents …)
    with CaptureQueriesContext(connection) as one:
        auth_client.get(f"{API}/rentals/")
    with CaptureQueriesContext(connection) as active_one:
        auth_client.get(f"{API}/rentals/active/")
    for _ in range(3):
        ride()
    with django_assert_num_queries(len(one)):
        r = auth_client.get(f"{API}/rentals/")
    assert len(r.json()["results"]) == 4
    with django_assert_num_queries(len(active_one)):
        auth_client.get(f"{API}/rentals/active/")
    assert len(one) <= 4
