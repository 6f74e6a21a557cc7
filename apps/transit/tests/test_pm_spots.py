"""A trip that ends on an e-scooter lists the PM niche spots with room near its destination."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.rentals import facade as rentals
from apps.rentals.tests.factories import NicheSpotFactory
from apps.transit import facade as transit
from apps.transit import seed as transit_seed

pytestmark = pytest.mark.django_db

END = (35.1930, 128.9560)


class ScooterLegs:
    """A stand-in PM operator: a scooter from the nearest light-rail stop to the destination."""

    def access(self, *, feed, lat, lon, at):
        return []

    def egress(self, *, feed, lat, lon, at):
        stops = transit.nearby_stops(lat=lat, lon=lon, radius_m=3000, feed=feed, mode="tram")
        return [
            transit.ExtraLeg(
                stop_id=s.stop_id,
                duration_s=60,
                distance_m=s.distance_m,
                mode="scooter",
                details={"operator": "demo PM"},
            )  # fmt: skip
            for s in stops[:1]
        ]


@pytest.fixture
def scooters(db):
    transit_seed.run(io.StringIO())
    provider = ScooterLegs()
    transit.register_leg_provider(provider)
    yield
    transit.unregister_leg_provider(provider)


def test_niche_spots_near_skip_full_and_far_ones(db):
    near = NicheSpotFactory(lat=END[0] + 0.001, lon=END[1], capacity=3)
    nearer_but_full = NicheSpotFactory(lat=END[0], lon=END[1] + 0.0005, capacity=2)
    nearer_but_full.other_operators_occupancy = 2
    nearer_but_full.save()
    NicheSpotFactory(lat=END[0] + 0.02, lon=END[1])  # ~2 km away
    spots = rentals.niche_spots_near(lat=END[0], lon=END[1], radius_m=500)
    assert [s.code for s in spots] == [near.code]
    assert spots[0].free == 3 and 100 < spots[0].distance_m < 120


def test_a_trip_ending_on_a_scooter_lists_the_spots(scooters, client):
    spot = NicheSpotFactory(lat=END[0] + 0.001, lon=END[1], name_en="Daejeo bus stop spot")
    depart = timezone.localtime(timezone.now() + timedelta(minutes=5)).replace(microsecond=0)
    response = client.get(
        "/api/v1/transit/plan/",
        {"from_stop": "BGL16", "to": f"{END[0]},{END[1]}", "depart_at": depart.isoformat()},
    )
    assert response.status_code == 200, response.json()
    itineraries = response.json()["itineraries"]
    on_scooter = [i for i in itineraries if i["legs"][-1]["mode"] == "scooter"]
    assert on_scooter, [[leg["mode"] for leg in i["legs"]] for i in itineraries]
    spots = on_scooter[0]["legs"][-1]["details"]["pm_spots"]
    assert [s["code"] for s in spots] == [spot.code]
    assert spots[0]["name_en"] == "Daejeo bus stop spot" and spots[0]["free"] == 2
    # other itineraries do not get them
    for itinerary in itineraries:
        for leg in itinerary["legs"][:-1]:
            assert "pm_spots" not in (leg.get("details") or {})
