"""The schedule simulator, the live store, predictions in the API and delays in the planner."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.test import override_settings

from apps.transit import seed, selectors
from apps.transit.planner import delays
from apps.transit.planner.timetable import timetable_for
from apps.transit.realtime import predictions, simulator
from apps.transit.realtime.refresh import live_refresh

from .live_helpers import SEOUL, at, live_cache_cleared  # noqa: F401

pytestmark = pytest.mark.django_db

TUESDAY = date(2025, 3, 4)


def _delay(trip_id: str, seed: int = simulator.DEFAULT_SEED, mode: str = "bus") -> int:
    return simulator.trip_delay(
        seed=seed, feed_name="demo", service_day=TUESDAY, trip_id=trip_id, mode=mode
    )


def _seed_where_late(trip_id: str) -> int:
    """A seed that makes ``trip_id`` run late (so a test can see the delay)."""
    return next(s for s in range(1, 500) if _delay(trip_id, s) >= 60)


def test_delays_are_seeded_bounded_and_persistent_per_trip():
    first = [_delay(f"T{i}") for i in range(400)]
    again = [_delay(f"T{i}") for i in range(400)]
    other = [_delay(f"T{i}", seed=7) for i in range(400)]
    assert first == again  # the same trip keeps its delay on every tick and in every process
    assert first != other
    assert all(-simulator.BUS_EARLY_MAX_S <= d <= simulator.BUS_LATE_MAX_S for d in first)
    assert any(d < 0 for d in first) and any(d > 180 for d in first)
    rail = [_delay(f"T{i}", mode="tram") for i in range(100)]
    assert all(0 <= d <= simulator.RAIL_LATE_MAX_S for d in rail)


def test_the_simulation_is_deterministic_and_follows_the_timetable(demo_feed):
    tt = timetable_for(demo_feed)
    one = simulator.simulate(tt, now=at(8, 15))
    two = simulator.simulate(tt, now=at(8, 15))
    assert one == two
    vehicles = {v.trip_id: v for v in one.vehicles}
    assert set(vehicles) == {"S1", "L1"}  # the only trips on the road at 08:15
    s1 = vehicles["S1"]
    delay = _delay("S1")
    # A 08:00 → B 08:30, 0.01° of latitude apart: where the late/early timetable puts it
    progress = (15 * 60 - delay) / (30 * 60)
    assert s1.lat == pytest.approx(35.20 + 0.01 * progress, abs=1e-5)
    assert (s1.status, s1.stop_id, s1.delay_s) == ("IN_TRANSIT_TO", "B", delay)
    arrivals = [a for a in one.arrivals if a.trip_id == "S1"]
    assert [(a.stop_id, a.stops_away) for a in arrivals] == [("B", 1), ("C", 2)]
    b = arrivals[0]
    assert b.scheduled == int(at(8, 30).timestamp())
    assert b.arrival == b.scheduled + delay


def test_no_vehicle_outside_service(demo_feed):
    tt = timetable_for(demo_feed)
    assert simulator.simulate(tt, now=at(8, 15, day=3)).vehicles == []  # Monday 3 March removed
    assert simulator.simulate(tt, now=at(12, 0)).vehicles == []


def test_the_night_bus_runs_after_midnight_on_the_previous_service_day(demo_feed):
    # N1: A 24:30 → B 25:10 on Tuesday's service = Wednesday 00:30 → 01:10
    sim = simulator.simulate(
        timetable_for(demo_feed), now=datetime(2025, 3, 5, 0, 50, tzinfo=SEOUL)
    )
    (vehicle,) = sim.vehicles
    assert vehicle.trip_id == "N1" and vehicle.start_date == "20250304"


SHAPED = {
    "shapes.txt": """
        shape_id,shape_pt_lat,shape_pt_lon,shape_pt_sequence
        SH,35.2000,128.8000,1
        SH,35.2050,128.8100,2
        SH,35.2100,128.8000,3
        SH,35.2200,128.8000,4
    """,
    "trips.txt": """
        route_id,service_id,trip_id,trip_headsign,shape_id
        S,WK,S1,Charlie,SH
        X,WK,X1,Charlie,
        Y,WK,Y1,Delta,
        Y,WK,Y2,Delta,
        L,WK,L1,Delta,
        W,WK,W1,Echo,
        N,WK,N1,Bravo,
    """,
}


def test_vehicles_move_along_the_shape(make_feed):
    feed = make_feed(**SHAPED)
    delay = simulator.trip_delay(
        seed=1, feed_name="demo", service_day=TUESDAY, trip_id="S1", mode="bus"
    )
    # half way from A to B in timetable time: at the shape's bend, not on the straight line
    moment = at(8, 15) + timedelta(seconds=delay)
    sim = simulator.simulate(timetable_for(feed), now=moment, seed=1)
    s1 = next(v for v in sim.vehicles if v.trip_id == "S1")
    assert s1.lat == pytest.approx(35.205, abs=1e-4)
    assert s1.lon == pytest.approx(128.81, abs=1e-4)
    assert s1.bearing is not None


def test_a_refresh_fills_stop_detail_predictions_and_route_vehicles(demo_feed, api_client):
    seed = _seed_where_late("S1")
    with override_settings(TRANSIT_SIMULATOR_SEED=seed):
        stats = live_refresh(now=at(8, 15))
    assert stats["source"] == "simulator" and stats["vehicles"] == 2
    delay = _delay("S1", seed)

    body = api_client.get("/api/v1/transit/stops/B/", {"at": "2025-03-04T08:20:00+09:00"}).json()
    s1 = next(d for d in body["departures"] if d["trip_id"] == "S1")
    assert s1["scheduled"] == "2025-03-04T08:30:00+09:00"  # the timetable, not the shifted time
    predicted = datetime.fromisoformat(s1["predicted"])
    assert predicted == at(8, 30) + timedelta(seconds=delay)
    l1 = next(d for d in body["departures"] if d["trip_id"] == "L1")
    assert l1["predicted"] is not None  # L1 is on the road too
    arrivals = api_client.get("/api/v1/transit/stops/B/arrivals/").json()
    assert [a["trip_id"] for a in arrivals["arrivals"]] == ["S1", "L1"]
    assert arrivals["arrivals"][0]["delay_s"] == delay

    vehicles = api_client.get("/api/v1/transit/routes/S/vehicles/").json()
    assert [v["trip_id"] for v in vehicles["vehicles"]] == ["S1"]
    assert vehicles["vehicles"][0]["status"] == "IN_TRANSIT_TO"
    assert api_client.get("/api/v1/transit/routes/Y/vehicles/").json()["vehicles"] == []
    assert api_client.get("/api/v1/transit/routes/nope/vehicles/").status_code == 404


def test_without_live_data_predicted_stays_null(demo_feed, api_client):
    body = api_client.get("/api/v1/transit/stops/A/", {"at": "2025-03-04T07:50:00+09:00"}).json()
    assert body["departures"] and all(d["predicted"] is None for d in body["departures"])


def test_the_planner_uses_the_predicted_delays(demo_feed, api_client):
    seed = _seed_where_late("S1")
    with override_settings(TRANSIT_SIMULATOR_SEED=seed):
        live_refresh(now=at(8, 15))
    delay = _delay("S1", seed)
    assert delays.current(feed_id=demo_feed.id, day=TUESDAY)[1]["S1"] == delay
    plan = api_client.get(
        "/api/v1/transit/plan/",
        {"from_stop": "B", "to_stop": "C", "depart_at": "2025-03-04T08:25:00+09:00"},
    ).json()
    legs = [leg for it in plan["itineraries"] for leg in it["legs"] if leg["trip_id"] == "S1"]
    assert legs, plan
    assert datetime.fromisoformat(legs[0]["departure"]) == at(8, 30) + timedelta(seconds=delay)


def test_a_station_shows_the_arrivals_at_its_platforms(make_feed):
    feed = make_feed(
        **{
            "stops.txt": """
                stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
                ST,Station,35.2100,128.8000,1,
                A,Alpha,35.2000,128.8000,0,
                B,Bravo,35.2100,128.8000,0,ST
                C,Charlie,35.2200,128.8000,0,
                D,Delta,35.2300,128.8000,0,
                E,Echo,35.2400,128.8000,0,
                F,Foxtrot,35.2200,128.8022,0,
            """
        }
    )
    live_refresh(now=at(8, 15))
    station = predictions.stop_arrivals_get(feed_id=feed.id, stop_id="ST")
    assert {a["stop_id"] for a in station} == {"B"}
    assert len(station) == 2


def test_group_names_are_ascii_and_short():
    assert predictions.stop_group("BGL01-1") == "stop.BGL01-1"
    odd = predictions.stop_group("김해시청 앞:1" * 20)
    assert odd.startswith("stop.h") and odd.isascii() and len(odd) < 100


def test_the_gimhae_demo_feed_shows_live_buses_and_trains():
    seed.run(io.StringIO())
    stats = live_refresh(now=datetime(2025, 6, 3, 8, 0, tzinfo=SEOUL))  # a Tuesday morning
    assert stats["source"] == "simulator"
    assert stats["vehicles"] > 10 and stats["arrivals"] > stats["vehicles"]
    feed = selectors.feed_get_live()
    light_rail = predictions.route_vehicles_get(feed_id=feed.id, route_id="BGL")
    assert len(light_rail) >= 4
    # within the Gimhae–Busan area, not at (0, 0)
    assert all(35.1 < v["lat"] < 35.3 and 128.8 < v["lon"] < 129.0 for v in light_rail)
