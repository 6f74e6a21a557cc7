"""DRT in the trip planner: a leg for an eligible rider (class, location consent, both ends),
priced inside the one trip payment, and the bus booked — already accepted — when the trip is
bought."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.drt.models import Booking
from apps.drt.transit_legs import provider
from apps.transit import facade as transit
from apps.transit import seed as transit_seed

from .conftest import JILLYE

pytestmark = pytest.mark.django_db

GAYA_CAMPUS = (35.2690, 128.8695)  # inside Gaya University's geofence, by the light rail


@pytest.fixture
def gimhae(demo):
    transit_seed.run(io.StringIO())


def _trip(rider_id, consents=frozenset({"location"})):
    return transit.TripContext(
        origin=JILLYE, destination=GAYA_CAMPUS, rider_id=rider_id, consents=consents
    )


def test_a_student_from_the_outskirts_gets_a_drt_access_leg(gimhae, rider):
    at = timezone.now()
    legs = provider.access(
        feed="gimhae-demo", lat=JILLYE[0], lon=JILLYE[1], at=at, trip=_trip(rider.id)
    )
    assert legs and all(leg.mode == "drt" for leg in legs)
    leg = legs[0]
    assert leg.details["rider_class"] == "student"
    assert leg.details["from_hub"]["code"] == "jillye"
    assert leg.details["fare"]["amount_krw"] == 1000
    assert "demo" in leg.details["fare"]["label_en"]


def test_no_leg_without_the_rider_consent_or_class(gimhae, rider):
    at = timezone.now()
    kwargs = {"feed": "gimhae-demo", "lat": JILLYE[0], "lon": JILLYE[1], "at": at}
    assert provider.access(**kwargs, trip=None) == []
    assert provider.access(**kwargs, trip=_trip(None)) == []
    assert provider.access(**kwargs, trip=_trip(rider.id, frozenset())) == []
    nowhere = transit.TripContext(
        origin=JILLYE,
        destination=(35.19, 128.80),
        rider_id=rider.id,
        consents=frozenset({"location"}),
    )
    assert provider.access(**kwargs, trip=nowhere) == []
    # the Tagogaya provider is still called the old way (no trip keyword)
    from apps.rentals.transit_legs import provider as bikes

    assert bikes.access(feed="gimhae-demo", lat=JILLYE[0], lon=JILLYE[1], at=at) == []


def test_plan_then_buy_books_the_bus_already_accepted(
    gimhae, rider, rider_client, django_capture_on_commit_callbacks
):
    # tomorrow at 09:00 (a fixed hour of the demo timetable, still in the future to buy)
    depart = timezone.localtime(timezone.now() + timedelta(days=1)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    response = rider_client.get(
        "/api/v1/transit/plan/",
        {
            "from": f"{JILLYE[0]},{JILLYE[1]}",
            "to": f"{GAYA_CAMPUS[0]},{GAYA_CAMPUS[1]}",
            "depart_at": depart.isoformat(),
        },
    )
    assert response.status_code == 200, response.json()
    itineraries = response.json()["itineraries"]
    with_drt = [i for i in itineraries if i["legs"][0]["mode"] == "drt"]
    assert with_drt, [[leg["mode"] for leg in i["legs"]] for i in itineraries]
    assert with_drt[0]["legs"][0]["details"]["pickup_eta"]
    trip = with_drt[0]
    fares = trip["fare"]["legs"]
    drt_fare = next(f for f in fares if f["mode"] == "drt")
    assert drt_fare["amount_minor"] == 1000 and drt_fare["kind"] == "external"
    assert trip["fare"]["total_minor"] >= 1000
    # anonymous planners never get a DRT leg
    anonymous = rider_client.__class__().get(
        "/api/v1/transit/plan/",
        {"from": f"{JILLYE[0]},{JILLYE[1]}", "to": f"{GAYA_CAMPUS[0]},{GAYA_CAMPUS[1]}",
         "depart_at": depart.isoformat()},
    ).json()  # fmt: skip
    assert all(leg["mode"] != "drt" for i in anonymous["itineraries"] for leg in i["legs"])

    with django_capture_on_commit_callbacks(execute=True):
        bought = rider_client.post(
            "/api/v1/transit/tickets/",
            {"purchase_token": trip["fare"]["purchase_token"]},
            format="json",
            HTTP_IDEMPOTENCY_KEY="drt-trip-1",
        )
    assert bought.status_code == 201, bought.json()
    # one booking per DRT leg of the trip (a trip may also end with one)
    drt_legs = [leg for leg in trip["legs"] if leg["mode"] == "drt"]
    assert Booking.objects.filter(user=rider).count() == len(drt_legs)
    booking = Booking.objects.filter(user=rider).order_by("earliest_pickup_at").first()
    assert booking.source == "trip" and booking.trip_ref == bought.json()["id"]
    assert booking.fare_krw == 1000 and booking.pickup_hub.code == "jillye"
    first = booking.events.order_by("at", "id").first()
    assert first.to_status == "accepted" and first.from_status == ""
    assert booking.status in ("assigned", "rejected")
