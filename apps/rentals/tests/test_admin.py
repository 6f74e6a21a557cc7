"""The city's admin screens: fleet table, rebalancing, photo review, monthly report CSV."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.core.files import private_storage
from apps.rentals import services
from apps.rentals.models import Rental

from .conftest import JPEG
from .factories import NicheSpotFactory, ScooterFactory, StationFactory, VehicleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_every_rentals_changelist_opens(staff_client):
    VehicleFactory()
    NicheSpotFactory()
    for model in [
        "operator",
        "pricingplan",
        "vehicletype",
        "station",
        "nichespot",
        "vehicle",
        "geofencezone",
        "coupon",
        "couponredemption",
        "freerideday",
        "rental",
    ]:
        response = staff_client.get(f"/admin/rentals/{model}/")
        assert response.status_code == 200, model
    assert (
        staff_client.get("/admin/rentals/vehicle/?battery=low&status=available").status_code == 200
    )


def test_rebalancing_lists_empty_and_full_stations(staff_client):
    empty = StationFactory(name_ko="빈 대여소", min_bikes=2)
    full = StationFactory(name_ko="꽉 찬 대여소", capacity=2, max_bikes=1)
    VehicleFactory.create_batch(2, station=full)
    body = staff_client.get("/admin/rentals/station/rebalancing/").content.decode()
    assert empty.name_ko in body and full.name_ko in body
    assert body.index(empty.name_ko) < body.index(full.name_ko)  # too few first, then too many


def test_photo_review_action(staff_client):
    rider = UserFactory()
    rental = services.rental_unlock(user=rider, code=ScooterFactory().code)
    photo = SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg")
    services.rental_end(user=rider, rental_id=rental.id, lat=35.25, lon=128.87, photo=photo)
    listing = staff_client.get("/admin/rentals/rental/?photo=pending")
    assert str(rental.vehicle.code) in listing.content.decode()
    # thumbnails and the preview are signed links that serve the photo, never /media/
    thumb = re.search(r'<img src="(/files/[^"]+/)"', listing.content.decode()).group(1)
    assert b"".join(staff_client.get(thumb).streaming_content) == JPEG
    change = staff_client.get(f"/admin/rentals/rental/{rental.id}/change/").content.decode()
    assert "/media/" not in change and re.search(r'<img src="/files/[^"]+/"', change)
    staff_client.post(
        "/admin/rentals/rental/", {"action": "approve_photos", "_selected_action": [str(rental.id)]}
    )
    rental.refresh_from_db()
    assert rental.photo_review == Rental.PhotoReview.APPROVED


def test_monthly_report_csv(staff_client):
    station = StationFactory(name_ko="봉황역")
    rider = UserFactory(date_of_birth="1998-03-01")
    for _ in range(2):
        vehicle = VehicleFactory(station=station)
        rental = services.rental_unlock(user=rider, code=vehicle.code)
        services.rental_end(user=rider, rental_id=rental.id, station_id=station.id)
    month = timezone.localdate().strftime("%Y-%m")
    response = staff_client.get(f"/admin/rentals/rental/report.csv?month={month}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert ["summary", "rides", "2"] in rows
    assert ["rentals_per_place", "봉황역", "2"] in rows
    assert ["returns_per_place", "봉황역", "2"] in rows
    assert ["by_age_band", "20s", "2"] in rows
    hour = str(timezone.localtime().hour)
    assert ["by_hour", hour, "2"] in rows
    assert staff_client.get(f"/admin/rentals/rental/report/?month={month}").status_code == 200


def test_report_is_for_staff_only(client):
    client.force_login(UserFactory())
    response = client.get("/admin/rentals/rental/report.csv")
    assert response.status_code == 302


def test_facade_for_the_trip_planner():
    from apps.rentals import facade

    near = StationFactory(lat=35.2273, lon=128.8742)
    VehicleFactory(station=near)
    empty_docks = StationFactory(lat=35.2274, lon=128.8743, capacity=1)
    VehicleFactory(station=empty_docks)
    with_bikes = facade.stations_with_available_bikes_near(lat=35.2273, lon=128.8742, radius_m=200)
    assert {s.id for s in with_bikes} == {near.id, empty_docks.id}
    with_docks = facade.stations_with_free_docks_near(lat=35.2273, lon=128.8742, radius_m=200)
    assert [s.id for s in with_docks] == [near.id]
    assert facade.ride_price_krw(plan_code="tagogaya-standard", minutes=30).total_krw == 500
    assert facade.ride_price_krw(vehicle_type_code="tagogaya-ebike", minutes=31).total_krw == 700
    assert (
        facade.ride_price_krw(
            plan_code="tagogaya-standard", minutes=45, rider_category="student"
        ).total_krw
        == 720
    )
    assert facade.ebike_ride_minutes(distance_m=2500) == 10


def test_privacy_export_and_erase(user):
    from apps.rentals import facade

    rental = services.rental_unlock(user=user, code=ScooterFactory().code)
    photo = SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg")
    services.rental_end(user=user, rental_id=rental.id, lat=35.25, lon=128.87, photo=photo)
    exported = facade.user_data_export(user)
    assert exported["rentals"][0]["end_lat"] == 35.25
    name = Rental.objects.get(id=rental.id).return_photo.name
    assert private_storage.exists(name)
    facade.user_data_erase(user)
    rental.refresh_from_db()
    assert rental.end_lat is None and not rental.return_photo
    assert not private_storage.exists(name)
    assert rental.amount_krw is not None  # the payment record stays


def test_deleting_a_rental_deletes_its_photo_once_committed(
    user, django_capture_on_commit_callbacks
):
    rental = services.rental_unlock(user=user, code=ScooterFactory().code)
    photo = SimpleUploadedFile("p.jpg", JPEG, content_type="image/jpeg")
    services.rental_end(user=user, rental_id=rental.id, lat=35.25, lon=128.87, photo=photo)
    name = Rental.objects.get(id=rental.id).return_photo.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        Rental.objects.filter(id=rental.id).delete()
    assert private_storage.exists(name)  # not before the commit: a rollback keeps row and file
    for callback in callbacks:
        callback()
    assert not private_storage.exists(name)


def test_periodic_jobs_are_registered():
    from apps.core import periodic

    tasks = {job.task for job in periodic.jobs()}
    assert {
        "apps.rentals.tasks.expire_reservations",
        "apps.rentals.tasks.alert_open_rides",
        "apps.rentals.tasks.charge_pending_rides",
    } <= tasks


def test_tasks_run_eagerly(user):
    from apps.rentals import tasks

    vehicle = VehicleFactory()
    rental = services.rental_reserve(user=user, vehicle_code=vehicle.code)
    Rental.objects.filter(id=rental.id).update(reserved_until=timezone.now() - timedelta(minutes=1))
    assert tasks.expire_reservations.delay().get() == 1
