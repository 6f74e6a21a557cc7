"""Virtual parking through the API: vehicles, search by time, booking and paying once, extending,
cancelling with the refund rule, reminders, unpaid holds; and no double booking under a race."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from payments.core import PROVIDER_CACHE

from apps.accounts.tests.factories import UserFactory
from apps.core.testing import run_together
from apps.notifications.models import Notification
from apps.parking import services
from apps.parking.models import Reservation, ReservationCharge
from apps.payments.models import Order, Refund

from .factories import PlaceFactory, VehicleFactory

pytestmark = pytest.mark.django_db

VEHICLES = "/api/v1/parking/vehicles/"
RESERVATIONS = "/api/v1/parking/reservations/"
SEARCH = "/api/v1/parking/places/search/"


def hours_from_now(hours, minutes=0):
    base = timezone.now().replace(second=0, microsecond=0)
    return base + timedelta(hours=hours, minutes=minutes)


def book(client, place, vehicle, start, end, key=None):
    return client.post(
        RESERVATIONS,
        {
            "place_id": str(place.id),
            "vehicle_id": str(vehicle.id),
            "start_at": start.isoformat(),
            "end_at": end.isoformat(),
        },
        format="json",
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
    )


@pytest.fixture
def car(user):
    return VehicleFactory(user=user, plate="12가3456")


def test_a_car_is_registered_by_its_plate_with_spaces_dropped(auth_client):
    response = auth_client.post(VEHICLES, {"plate": " 123 가 4567 "}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["plate"] == "123가4567"
    again = auth_client.post(VEHICLES, {"plate": "123가4567"}, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "parking.vehicle_exists"
    bad = auth_client.post(VEHICLES, {"plate": "ABC123"}, format="json")
    assert bad.status_code == 400
    assert bad.json()["code"] == "parking.plate_invalid"
    assert "12가3456" in bad.json()["message"]  # Korean by default, with an example
    assert [v["plate"] for v in auth_client.get(VEHICLES).json()] == ["123가4567"]


def test_search_by_time_shows_price_and_free_spaces(api_client):
    place = PlaceFactory(windows=[(d, "18:00", "08:00") for d in range(7)], unit_krw=600)
    start = timezone.localtime(hours_from_now(24)).replace(hour=20, minute=0)
    response = api_client.get(
        SEARCH,
        {
            "near": f"{place.lat},{place.lon}",
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=90)).isoformat(),
        },
    )
    assert response.status_code == 200, response.json()
    [found] = response.json()
    assert (found["free_slots"], found["price_krw"]) == (1, 1800)
    assert found["windows"][0]["start"] == "18:00"
    noon = start.replace(hour=12)
    closed = api_client.get(
        SEARCH,
        {
            "near": f"{place.lat},{place.lon}",
            "start": noon.isoformat(),
            "end": (noon + timedelta(hours=1)).isoformat(),
        },
    ).json()
    assert closed[0]["free_slots"] == 0
    bad = api_client.get(SEARCH, {"near": "x", "start": "then", "end": "now"})
    assert bad.status_code == 400


def test_booking_is_paid_once_whatever_the_retries(auth_client, user, car):
    place = PlaceFactory(unit_krw=500, unit_minutes=30)
    start, end = hours_from_now(3), hours_from_now(4, 10)
    key = str(uuid.uuid4())
    first = book(auth_client, place, car, start, end, key=key)
    assert first.status_code == 201, first.json()
    body = first.json()
    assert body["status"] == "confirmed"
    assert body["price_krw"] == 1500  # 70 minutes: three started half-hours
    assert body["plate"] == "12가3456"
    retry = book(auth_client, place, car, start, end, key=key)
    assert retry.status_code == 200
    assert retry.json()["id"] == body["id"]
    assert Order.objects.filter(user=user).count() == 1
    assert Order.objects.get(user=user).total_krw == 1500
    other = book(auth_client, place, car, start, end + timedelta(minutes=30), key=key)
    assert other.status_code == 409
    assert other.json()["code"] == "idempotency_key_reused"
    assert Reservation.objects.count() == 1


def test_a_booking_needs_the_place_open_and_a_space_free(auth_client, make_auth_client, car):
    place = PlaceFactory(windows=[(d, "22:00", "07:00") for d in range(7)])
    evening = timezone.localtime(hours_from_now(24)).replace(hour=23, minute=0)
    closed = book(auth_client, place, car, evening - timedelta(hours=3), evening)
    assert closed.status_code == 409
    assert closed.json()["code"] == "parking.place_closed"
    overnight = book(auth_client, place, car, evening, evening + timedelta(hours=7))
    assert overnight.status_code == 201, overnight.json()  # 23:00 to 06:00 the next day
    rival = UserFactory()
    rival_car = VehicleFactory(user=rival)
    full = book(
        make_auth_client(rival),
        place,
        rival_car,
        evening + timedelta(hours=6),
        evening + timedelta(hours=8),
    )
    assert full.status_code == 409
    assert full.json()["code"] == "parking.place_full"
    assert Reservation.objects.count() == 1
    past = book(auth_client, place, car, hours_from_now(-2), hours_from_now(-1))
    assert past.status_code == 400
    assert past.json()["code"] == "parking.time_invalid"


def test_someone_elses_car_or_booking_is_not_found(auth_client, make_auth_client, car):
    place = PlaceFactory()
    stranger = make_auth_client(UserFactory())
    response = book(stranger, place, car, hours_from_now(2), hours_from_now(3))
    assert response.status_code == 404
    assert response.json()["code"] == "parking.vehicle_not_found"
    mine = book(auth_client, place, car, hours_from_now(2), hours_from_now(3)).json()
    assert stranger.get(f"{RESERVATIONS}{mine['id']}/").status_code == 404
    assert stranger.post(f"{RESERVATIONS}{mine['id']}/cancel/").status_code == 404


def test_cancel_refunds_in_full_until_an_hour_before_then_half(auth_client, car):
    place = PlaceFactory(unit_krw=1000, unit_minutes=60)
    early = book(auth_client, place, car, hours_from_now(3), hours_from_now(5)).json()
    assert early["refund_if_cancelled_krw"] == 2000
    cancelled = auth_client.post(f"{RESERVATIONS}{early['id']}/cancel/")
    assert cancelled.status_code == 200, cancelled.json()
    assert (cancelled.json()["status"], cancelled.json()["refunded_krw"]) == ("cancelled", 2000)
    again = auth_client.post(f"{RESERVATIONS}{early['id']}/cancel/")
    assert again.status_code == 200
    assert Refund.objects.count() == 1

    late = book(auth_client, place, car, hours_from_now(0, 30), hours_from_now(2, 30)).json()
    assert late["refund_if_cancelled_krw"] == 1000
    response = auth_client.post(f"{RESERVATIONS}{late['id']}/cancel/")
    assert response.json()["refunded_krw"] == 1000
    assert sorted(Refund.objects.values_list("amount_krw", flat=True)) == [1000, 2000]


def test_a_started_booking_cannot_be_cancelled(auth_client, user, car):
    place = PlaceFactory()
    booking = book(auth_client, place, car, hours_from_now(1), hours_from_now(2)).json()
    reservation = Reservation.objects.get(id=booking["id"])
    with pytest.raises(Exception) as caught:
        services.reservation_cancel(
            user=user,
            reservation_id=reservation.id,
            now=reservation.start_at + timedelta(minutes=1),
        )
    assert str(caught.value.code) == "parking.reservation_started"
    assert Reservation.objects.get(id=booking["id"]).status == "confirmed"


def test_a_place_may_set_its_own_refund_rule(auth_client, car):
    place = PlaceFactory(
        unit_krw=1000,
        unit_minutes=60,
        refund_rule=[
            {"minutes_before_start": 1440, "percent": 100},
            {"minutes_before_start": 0, "percent": 0},
        ],
    )
    booking = book(auth_client, place, car, hours_from_now(3), hours_from_now(4)).json()
    assert booking["refund_if_cancelled_krw"] == 0
    assert auth_client.post(f"{RESERVATIONS}{booking['id']}/cancel/").json()["refunded_krw"] == 0
    assert Refund.objects.count() == 0


def test_extending_charges_the_extra_time_once(auth_client, user, car):
    place = PlaceFactory(unit_krw=500, unit_minutes=30)
    booking = book(auth_client, place, car, hours_from_now(1), hours_from_now(2)).json()
    new_end = hours_from_now(3).isoformat()
    url = f"{RESERVATIONS}{booking['id']}/extend/"
    key = {"Idempotency-Key": "extend-1"}
    response = auth_client.post(url, {"end_at": new_end}, format="json", headers=key)
    assert response.status_code == 200, response.json()
    assert response.json()["price_krw"] == 2000
    assert [c["kind"] for c in response.json()["charges"]] == ["booking", "extension"]
    again = auth_client.post(url, {"end_at": new_end}, format="json", headers=key)
    assert again.status_code == 200
    assert Order.objects.filter(user=user).count() == 2
    earlier = auth_client.post(
        url,
        {"end_at": hours_from_now(2).isoformat()},
        format="json",
        headers={"Idempotency-Key": "x"},
    )
    assert earlier.status_code == 400
    assert earlier.json()["code"] == "parking.time_invalid"


def test_extending_into_someone_elses_booking_is_refused(auth_client, make_auth_client, car):
    place = PlaceFactory()
    mine = book(auth_client, place, car, hours_from_now(1), hours_from_now(2)).json()
    rival = UserFactory()
    book(
        make_auth_client(rival),
        place,
        VehicleFactory(user=rival),
        hours_from_now(2),
        hours_from_now(3),
    )
    response = auth_client.post(
        f"{RESERVATIONS}{mine['id']}/extend/",
        {"end_at": hours_from_now(2, 30).isoformat()},
        format="json",
        headers={"Idempotency-Key": "e"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "parking.place_full"


def test_the_same_car_cannot_be_in_two_places_at_once(auth_client, car):
    book(auth_client, PlaceFactory(), car, hours_from_now(1), hours_from_now(3))
    response = book(auth_client, PlaceFactory(), car, hours_from_now(2), hours_from_now(4))
    assert response.status_code == 409
    assert response.json()["code"] == "parking.vehicle_busy"


def test_drivers_are_reminded_once_before_the_end(auth_client, user, car):
    place = PlaceFactory()
    booking = book(auth_client, place, car, hours_from_now(0, 2), hours_from_now(1)).json()
    reservation = Reservation.objects.get(id=booking["id"])
    now = reservation.end_at - timedelta(minutes=10)
    assert services.reservation_remind(now=now) == 1
    assert services.reservation_remind(now=now) == 0
    note = Notification.objects.get(user=user, kind="parking")
    assert "10" in note.body_ko and "10 min" in note.body_en
    assert services.reservation_remind(now=reservation.end_at - timedelta(minutes=30)) == 0


@pytest.fixture
def toss(settings):
    settings.PAYMENT_VARIANTS = {
        **settings.PAYMENT_VARIANTS,
        "toss": (
            "apps.payments.providers.toss.TossProvider",
            {"secret_key": "test_sk_x", "client_key": "test_ck_x"},
        ),
    }
    settings.PAYMENT_DEFAULT_VARIANT = "toss"
    PROVIDER_CACHE.clear()
    yield
    PROVIDER_CACHE.clear()


def test_an_unpaid_booking_holds_its_space_then_expires(auth_client, user, car, toss):
    place = PlaceFactory()
    booking = book(auth_client, place, car, hours_from_now(2), hours_from_now(3)).json()
    assert booking["status"] == "pending"
    charge = ReservationCharge.objects.get(reservation_id=booking["id"])
    assert charge.status == "pending"
    later = timezone.now() + timedelta(minutes=16)
    assert services.reservation_expire_unpaid(now=later) == 1
    assert Reservation.objects.get(id=booking["id"]).status == "expired"
    assert Order.objects.get(id=charge.order_id).status == "cancelled"


def test_a_booking_paid_on_the_phone_is_confirmed_by_the_paid_hook(auth_client, user, car, toss):
    booking = book(auth_client, PlaceFactory(), car, hours_from_now(2), hours_from_now(3)).json()
    charge = ReservationCharge.objects.get(reservation_id=booking["id"])
    services.reservation_charge_paid(charge.order_id, str(charge.id))
    services.reservation_charge_paid(charge.order_id, str(charge.id))  # twice: no harm
    assert Reservation.objects.get(id=booking["id"]).status == "confirmed"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_the_last_space_is_never_booked_twice_under_a_race():
    place = PlaceFactory(capacity=2)
    drivers = [VehicleFactory(user=UserFactory()) for _ in range(8)]
    start, end = hours_from_now(2), hours_from_now(3)
    queue = list(drivers)

    def attempt():
        vehicle = queue.pop()
        return services.reservation_create(
            user=vehicle.user,
            place_id=place.id,
            vehicle_id=vehicle.id,
            start_at=start,
            end_at=end,
            idempotency_key=str(uuid.uuid4()),
        )

    results, failures = run_together(8, attempt)
    assert len(results) == 2
    assert failures == ["parking.place_full"] * 6
    assert Reservation.objects.filter(place=place, status="confirmed").count() == 2
    assert Order.objects.count() == 2


def test_an_unpaid_extension_gives_its_time_back(auth_client, user, car, settings):
    place = PlaceFactory(unit_krw=500, unit_minutes=30)
    booking = book(auth_client, place, car, hours_from_now(1), hours_from_now(2)).json()
    old_end = Reservation.objects.get(id=booking["id"]).end_at
    settings.PAYMENT_VARIANTS = {
        **settings.PAYMENT_VARIANTS,
        "toss": (
            "apps.payments.providers.toss.TossProvider",
            {"secret_key": "test_sk_x", "client_key": "test_ck_x"},
        ),
    }
    settings.PAYMENT_DEFAULT_VARIANT = "toss"
    PROVIDER_CACHE.clear()
    response = auth_client.post(
        f"{RESERVATIONS}{booking['id']}/extend/",
        {"end_at": hours_from_now(3).isoformat()},
        format="json",
        headers={"Idempotency-Key": "ext"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["charges"][1]["status"] == "pending"
    assert services.reservation_expire_unpaid(now=timezone.now() + timedelta(minutes=16)) == 1
    reservation = Reservation.objects.get(id=booking["id"])
    assert (reservation.status, reservation.end_at, reservation.price_krw) == (
        "confirmed",
        old_end,
        1000,
    )
    PROVIDER_CACHE.clear()
