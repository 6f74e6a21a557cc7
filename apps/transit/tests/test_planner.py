"""The planner on a tiny hand-checked network (see conftest.FILES), through the API."""

import pytest

from apps.transit import facade
from apps.transit.planner.providers import ExtraLeg

pytestmark = pytest.mark.django_db

PLAN = "/api/v1/transit/plan/"


def plan(api_client, **params):
    params.setdefault("feed", "demo")
    response = api_client.get(PLAN, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.json()
    return response.json()["itineraries"]


def rides(itinerary):
    return [
        (leg["route"]["id"], leg["from"]["id"], leg["to"]["id"])
        for leg in itinerary["legs"]
        if leg["route"]
    ]


def test_waiting_for_the_faster_line_wins(api_client, demo_feed):
    its = plan(api_client, from_stop="A", to_stop="C", depart_at="2025-03-04T07:55:00+09:00")
    first = its[0]
    assert rides(first) == [("X", "A", "C")]
    assert first["arrival"] == "2025-03-04T08:40:00+09:00"
    assert first["departure"] == "2025-03-04T08:20:00+09:00"
    assert first["transfers"] == 0 and first["fare"] is None
    # the slow bus leaves earlier but arrives later with as many transfers: not offered
    assert all(("S", "A", "C") not in rides(it) for it in its)
    leg = first["legs"][0]
    assert leg["mode"] == "rail" and leg["headsign"] == "Charlie"
    assert leg["geometry"]["type"] == "LineString"
    assert leg["geometry"]["coordinates"][0] == [128.8, 35.2]


def test_pareto_fewer_transfers_arrives_later(api_client, demo_feed):
    its = plan(api_client, from_stop="A", to_stop="D", depart_at="2025-03-04T07:55:00+09:00")
    summary = [(it["arrival"][11:16], it["transfers"], rides(it)) for it in its]
    assert summary == [
        ("09:00", 1, [("X", "A", "C"), ("Y", "C", "D")]),
        ("09:30", 0, [("L", "A", "D")]),
    ]
    assert [leg["id"] for leg in its[1]["legs"][0]["intermediate_stops"]] == ["B", "C"]


def test_walking_transfer_and_max_walk_zero(api_client, demo_feed):
    its = plan(api_client, from_stop="A", to_stop="E", depart_at="2025-03-04T07:55:00+09:00")
    assert its[0]["arrival"] == "2025-03-04T09:05:00+09:00"
    modes = [leg["mode"] for leg in its[0]["legs"]]
    assert modes == ["rail", "walk", "bus"]
    assert 190 <= its[0]["walk_m"] <= 210
    # 0 = change only at the same stop: F cannot be reached, so no way to E
    assert (
        plan(
            api_client,
            from_stop="A",
            to_stop="E",
            depart_at="2025-03-04T07:55:00+09:00",
            max_walk_m=0,
        )
        == []
    )


def test_min_transfer_slack(api_client, demo_feed):
    its = plan(
        api_client,
        from_stop="A",
        to_stop="D",
        depart_at="2025-03-04T07:55:00+09:00",
        min_transfer_s=600,
    )
    # 08:40 + 10 min misses the 08:45; the 09:15 arrives 09:30, the same as the long bus → 0 transfers wins
    assert [(it["arrival"][11:16], it["transfers"]) for it in its] == [("09:30", 0)]


def test_transfers_txt_min_time_and_not_possible(api_client, make_feed):
    make_feed(
        **{"transfers.txt": "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nC,C,2,600\n"}
    )
    its = plan(api_client, from_stop="A", to_stop="D", depart_at="2025-03-04T07:55:00+09:00")
    assert [(it["arrival"][11:16], it["transfers"]) for it in its] == [("09:30", 0)]

    make_feed(**{"transfers.txt": "from_stop_id,to_stop_id,transfer_type\nC,F,3\n"})
    assert plan(api_client, from_stop="A", to_stop="E", depart_at="2025-03-04T07:55:00+09:00") == []


def test_after_midnight_trip_of_the_previous_service_day(api_client, demo_feed):
    # N1 runs on Tuesday's service at 24:30 → 25:10, i.e. Wednesday 00:30 → 01:10
    its = plan(api_client, from_stop="A", to_stop="B", depart_at="2025-03-05T00:10:00+09:00")
    assert its[0]["departure"] == "2025-03-05T00:30:00+09:00"
    assert its[0]["arrival"] == "2025-03-05T01:10:00+09:00"
    assert rides(its[0]) == [("N", "A", "B")]
    # Monday 3 March is removed: no night bus into Tuesday, the first ride is the 08:00
    its = plan(api_client, from_stop="A", to_stop="B", depart_at="2025-03-04T00:10:00+09:00")
    assert rides(its[0]) == [("S", "A", "B")]
    assert its[0]["departure"] == "2025-03-04T08:00:00+09:00"


def test_calendar_exceptions(api_client, demo_feed):
    removed = plan(api_client, from_stop="A", to_stop="C", depart_at="2025-03-03T07:55:00+09:00")
    # Monday 3 March is removed: the earliest is Tuesday's express
    assert removed[0]["arrival"] == "2025-03-04T08:40:00+09:00"
    added = plan(api_client, from_stop="A", to_stop="C", depart_at="2025-03-01T07:55:00+09:00")
    assert added[0]["arrival"] == "2025-03-01T08:40:00+09:00"  # a Saturday, added


def test_arrive_by(api_client, demo_feed):
    its = plan(api_client, from_stop="A", to_stop="D", arrive_by="2025-03-04T09:20:00+09:00")
    assert its and all(it["arrival"] <= "2025-03-04T09:20:00+09:00" for it in its)
    assert its[0]["departure"] == "2025-03-04T08:20:00+09:00"


def test_points_walk_to_the_nearest_stops(api_client, demo_feed):
    its = plan(
        api_client,
        **{"from": "35.2003,128.8003", "to": "35.2302,128.8001"},
        depart_at="2025-03-04T07:55:00+09:00",
    )
    first = its[0]
    assert [leg["mode"] for leg in first["legs"]] == ["walk", "rail", "bus", "walk"]
    assert first["legs"][0]["from"]["id"] is None and first["legs"][0]["to"]["id"] == "A"
    assert first["arrival"] > "2025-03-04T09:00:00+09:00"


def test_predicted_delay_is_used(api_client, demo_feed):
    from datetime import date

    facade.set_trip_delays(feed="demo", service_date=date(2025, 3, 4), delays_s={"X1": 600})
    its = plan(api_client, from_stop="A", to_stop="D", depart_at="2025-03-04T07:55:00+09:00")
    # X runs 10 min late (C at 08:50) and misses the 08:45: the long bus is now best
    assert its[0]["arrival"] == "2025-03-04T09:30:00+09:00"


def test_leg_provider_adds_an_access_leg(api_client, demo_feed):
    class Bikes:
        def access(self, *, feed, lat, lon, at):
            return [
                ExtraLeg(
                    stop_id="A",
                    duration_s=60,
                    distance_m=900,
                    mode="ebike",
                    details={"station": "S1"},
                )
            ]

        def egress(self, *, feed, lat, lon, at):
            return []

    bikes = Bikes()
    facade.register_leg_provider(bikes)
    try:
        its = plan(
            api_client,
            **{"from": "35.1950,128.8000", "to_stop": "C"},
            depart_at="2025-03-04T08:10:00+09:00",
        )
    finally:
        facade.unregister_leg_provider(bikes)
    assert its[0]["legs"][0]["mode"] == "ebike"
    assert rides(its[0]) == [("X", "A", "C")]


def test_facade_plan_trip(demo_feed):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    plans = facade.plan_trip(
        from_lat=35.2,
        from_lon=128.8,
        to_lat=35.22,
        to_lon=128.8,
        depart_at=datetime(2025, 3, 4, 8, 10, tzinfo=ZoneInfo("Asia/Seoul")),
        feed="demo",
    )
    assert plans[0].arrival.isoformat() == "2025-03-04T08:40:00+09:00"
    assert plans[0].modes == ("rail",)
