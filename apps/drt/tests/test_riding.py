"""Classification, eligibility reasons, booking, the state machine, notifications."""

import pytest
from django.utils import timezone

from apps.core.testing import hangul_in
from apps.drt import services
from apps.drt.models import Booking, BookingEvent, RiderClass, Vehicle
from apps.notifications.models import Notification

from .conftest import CITY_HALL, INJE_CAMPUS, INJE_STATION, JILLYE, trip

pytestmark = pytest.mark.django_db

EN = {"HTTP_X_IEUM_LANGUAGE": "en"}


def test_rider_class_by_destination(demo):
    assert services.rider_class_for(origin=INJE_STATION, destination=INJE_CAMPUS) == "student"
    assert services.rider_class_for(origin=JILLYE, destination=CITY_HALL) == "citizen"
    # City Hall from the city centre is not the outskirts' service
    assert services.rider_class_for(origin=INJE_STATION, destination=CITY_HALL) is None
    assert services.rider_class_for(origin=JILLYE, destination=(35.19, 128.80)) is None


def test_check_needs_the_location_consent(demo, make_auth_client):
    from apps.accounts.tests.factories import UserFactory

    client = make_auth_client(UserFactory())
    response = client.post("/api/v1/drt/check/", trip(INJE_STATION, INJE_CAMPUS), **EN)
    assert response.status_code == 403
    assert response.json()["code"] == "drt.location_consent_required"


def test_check_student_gets_hubs_and_an_eta(demo, rider_client):
    response = rider_client.post("/api/v1/drt/check/", trip(INJE_STATION, INJE_CAMPUS), **EN)
    body = response.json()
    assert response.status_code == 200, body
    assert body["rider_class"] == "student" and body["eligible"] is True
    assert body["pickup_hub"]["code"] == "lrt-inje"
    assert body["dropoff_hub"]["code"] == "inje-gate"
    assert body["pickup_eta"] is not None


def test_check_citizen_from_the_west(demo, rider_client):
    body = rider_client.post("/api/v1/drt/check/", trip(JILLYE, CITY_HALL), **EN).json()
    assert body["rider_class"] == "citizen" and body["eligible"] is True
    assert body["pickup_hub"]["code"] == "jillye"
    assert body["dropoff_hub"]["code"] == "city-hall"


@pytest.mark.parametrize(
    "origin, destination, code",
    [
        (INJE_STATION, (35.19, 128.80), "drt.destination_not_served"),
        ((35.2000, 128.9500), INJE_CAMPUS, "drt.no_hub_nearby"),
    ],
)
def test_check_reasons_are_translated(demo, rider_client, origin, destination, code):
    body = rider_client.post("/api/v1/drt/check/", trip(origin, destination), **EN).json()
    assert body["eligible"] is False and body["reason_code"] == code
    assert body["reason"] and not hangul_in(body["reason"])
    ko = rider_client.post(
        "/api/v1/drt/check/", trip(origin, destination), HTTP_X_IEUM_LANGUAGE="ko"
    ).json()
    assert hangul_in(ko["reason"])


def test_no_bus_in_service(demo, rider_client):
    Vehicle.objects.update(is_active=False)
    body = rider_client.post("/api/v1/drt/check/", trip(INJE_STATION, INJE_CAMPUS), **EN).json()
    assert body["reason_code"] == "drt.no_vehicle_in_service"
    response = rider_client.post("/api/v1/drt/bookings/", trip(INJE_STATION, INJE_CAMPUS), **EN)
    assert response.status_code == 409
    assert response.json()["code"] == "drt.no_vehicle_in_service"
    assert not Booking.objects.exists()


def test_book_accept_assign_and_notify(demo, rider, rider_client):
    response = rider_client.post("/api/v1/drt/bookings/", trip(INJE_STATION, INJE_CAMPUS), **EN)
    assert response.status_code == 201, response.json()
    booking = response.json()
    assert booking["status"] == "offered" and booking["pickup_eta"]
    # one open booking at a time
    again = rider_client.post("/api/v1/drt/bookings/", trip(INJE_STATION, INJE_CAMPUS), **EN)
    assert again.status_code == 409 and again.json()["code"] == "drt.booking_open"

    accepted = rider_client.post(f"/api/v1/drt/bookings/{booking['id']}/accept/", **EN).json()
    assert accepted["status"] == "assigned"
    assert accepted["vehicle"]["code"].startswith("drt-")
    vehicle = Vehicle.objects.get(code=accepted["vehicle"]["code"])
    assert [s["action"] for s in vehicle.plan] == ["pickup", "dropoff"]
    assert Notification.objects.filter(user=rider, data__event="assigned").exists()
    moves = list(
        BookingEvent.objects.filter(booking_id=booking["id"]).values_list(
            "from_status", "to_status", "actor"
        )
    )
    assert moves == [
        ("", "requested", "rider"),
        ("requested", "offered", "dispatch"),
        ("offered", "accepted", "rider"),
        ("accepted", "assigned", "dispatch"),
    ]


def test_illegal_transitions_are_refused(demo, rider, rider_client):
    booking_id = rider_client.post(
        "/api/v1/drt/bookings/", trip(INJE_STATION, INJE_CAMPUS), **EN
    ).json()["id"]
    booking = Booking.objects.get(pk=booking_id)
    with pytest.raises(services.DrtError) as error:
        services.booking_transition(booking=booking, to="completed", actor="dispatch")
    assert error.value.code == "drt.illegal_transition"
    assert Booking.objects.get(pk=booking_id).status == "offered"
    assert rider_client.post(f"/api/v1/drt/bookings/{booking_id}/cancel/").status_code == 200
    response = rider_client.post(f"/api/v1/drt/bookings/{booking_id}/accept/", **EN)
    assert response.status_code == 409
    assert response.json()["code"] == "drt.illegal_transition"
    assert "Cancelled" in response.json()["message"]


def test_someone_elses_booking_is_not_found(demo, rider_client, make_auth_client):
    from apps.accounts.tests.factories import UserFactory

    booking_id = rider_client.post("/api/v1/drt/bookings/", trip(INJE_STATION, INJE_CAMPUS)).json()[
        "id"
    ]
    other = make_auth_client(UserFactory())
    assert other.get(f"/api/v1/drt/bookings/{booking_id}/").status_code == 404
    assert other.post(f"/api/v1/drt/bookings/{booking_id}/cancel/").status_code == 404


def test_arriving_arrived_and_completed_are_told(demo, rider, rider_client):
    booking_id = rider_client.post("/api/v1/drt/bookings/", trip(INJE_STATION, INJE_CAMPUS)).json()[
        "id"
    ]
    rider_client.post(f"/api/v1/drt/bookings/{booking_id}/accept/")
    booking = Booking.objects.get(pk=booking_id)
    hub = booking.pickup_hub
    services.vehicle_position_update(vehicle_id=booking.vehicle_id, lat=hub.lat, lon=hub.lon)
    booking.refresh_from_db()
    assert booking.status == "arriving"
    events = set(Notification.objects.filter(user=rider).values_list("data__event", flat=True))
    assert {"assigned", "arriving", "arrived"} <= events
    # the simulator drives the plan: boards, then sets down
    for _ in range(200):
        services.simulate_step(seconds=60)
        booking.refresh_from_db()
        if booking.status == "completed":
            break
    assert booking.status == "completed"
    assert booking.boarded_at and booking.alighted_at
    assert Notification.objects.filter(user=rider, data__event="completed").exists()
    assert Vehicle.objects.get(pk=booking.vehicle_id).plan == []


def test_trip_log_and_privacy(demo, rider, rider_client, admin_client):
    from apps.drt import facade

    booking_id = rider_client.post("/api/v1/drt/bookings/", trip(INJE_STATION, INJE_CAMPUS)).json()[
        "id"
    ]
    rider_client.post(f"/api/v1/drt/bookings/{booking_id}/accept/")
    booking = Booking.objects.get(pk=booking_id)
    for to in ("on_board", "completed"):
        services.booking_transition(booking=booking, to=to, actor="driver")
    csv = admin_client.get("/admin/drt/booking/trip-log.csv").content.decode("utf-8-sig")
    assert "lrt-inje" in csv and "inje-gate" in csv and "student" in csv
    assert str(rider.phone) not in csv
    exported = facade.user_data_export(rider)
    assert exported["bookings"][0]["pickup_hub"]
    facade.user_data_erase(rider)
    booking.refresh_from_db()
    assert booking.user is None and booking.origin_lat is None
    assert booking.boarded_at is not None  # the trip stays for the city's statistics


def test_search_finds_hubs_and_campuses(demo):
    from apps.drt import facade

    hits = facade.search("Inje", "en")
    assert {h.kind for h in hits} == {"campus", "hub"}
    assert all(h.service == "drt" for h in hits)
    assert facade.search("인제", "ko")


def test_rider_class_values():
    assert set(RiderClass.values) == {"student", "citizen"}
    assert timezone.now()


def test_live_buses_say_whether_they_take_calls_and_their_eta(demo, api_client):
    buses = api_client.get("/api/v1/drt/vehicles/").json()
    assert len(buses) == 7 and all(b["can_take_call"] for b in buses)
    assert all(b["eta_s"] is None for b in buses)
    near = api_client.get("/api/v1/drt/vehicles/", {"near": "35.2281,128.9017"}).json()
    assert min(b["eta_s"] for b in near) <= 5  # a bus waits at Inje University Station
    bad = api_client.get("/api/v1/drt/vehicles/", {"near": "here"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"


def test_rate_a_completed_ride_once_and_staff_see_results(
    demo, rider, rider_client, make_auth_client
):
    from django.contrib.auth.models import Group

    from apps.accounts.tests.factories import UserFactory

    booking_id = rider_client.post("/api/v1/drt/bookings/", trip(INJE_STATION, INJE_CAMPUS)).json()[
        "id"
    ]
    url = f"/api/v1/drt/bookings/{booking_id}/rate/"
    early = rider_client.post(url, {"rating": 5}, format="json", **EN)
    assert early.status_code == 409 and early.json()["code"] == "drt.not_rateable"
    rider_client.post(f"/api/v1/drt/bookings/{booking_id}/accept/")
    booking = Booking.objects.get(pk=booking_id)
    for to in ("on_board", "completed"):
        services.booking_transition(booking=booking, to=to, actor="driver")
    assert rider_client.post(url, {"rating": 9}, format="json").status_code == 400
    assert rider_client.post(url, {"rating": 4}, format="json").json()["rating"] == 4
    assert rider_client.post(url, {"rating": 5}, format="json").status_code == 409
    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name="transport")[0])
    groups = make_auth_client(staff).get("/api/v1/drt/satisfaction/").json()["groups"]
    overall = next(g for g in groups if g["group"] == "all")
    assert overall["responses"] == 1 and overall["mean"] == 4 and overall["counts"][3] == 1
