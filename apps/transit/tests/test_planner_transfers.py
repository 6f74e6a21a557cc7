"""transfers.txt in full (station rows, route- and trip-specific rows, every transfer_type) and
max_walk_m=0, on a small invented station. Every itinerary returned is replayed against the
feed's transfers.txt by the independent reference (tests/reference.py), and its earliest arrival
is compared with the reference's scan, which keeps every arrival per trip.

    O ───A───▶ station ST: platform P1 ─ 11 m ─ platform P2 ───▶ Z

    A1  O 08:00 → P1 08:10
    B1  P2 08:12 → Z 08:30      (the 2-minute change across the platform: best by default)
    B2  P2 08:20 → Z 08:38
    C1  P1 08:40 → Z 08:55      (the same platform, much later)
    D1  P1 08:10 → Z 08:20      (leaves as A1 arrives: only a timed transfer catches it)
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from apps.transit.planner.plan import Options, Place, plan
from apps.transit.planner.timetable import timetable_for

from .reference import ReferencePlanner

pytestmark = pytest.mark.django_db

PLAN = "/api/v1/transit/plan/"
WHEN = datetime(2025, 3, 4, 7, 55, tzinfo=ZoneInfo("Asia/Seoul"))

STATION = {
    "stops.txt": """
        stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
        O,Origin,35.2000,128.8000,0,
        ST,Station,35.2100,128.8000,1,
        P1,Platform 1,35.2100,128.8000,0,ST
        P2,Platform 2,35.2101,128.8000,0,ST
        Z,Zulu,35.2300,128.8000,0,
    """,
    "routes.txt": """
        route_id,route_short_name,route_long_name,route_type
        A,A,To the station,3
        B,B,From platform 2,3
        C,C,From platform 1,3
        D,D,Timed connection,3
    """,
    "calendar_dates.txt": None,
    "trips.txt": """
        route_id,service_id,trip_id,trip_headsign
        A,WK,A1,Station
        B,WK,B1,Zulu
        B,WK,B2,Zulu
        C,WK,C1,Zulu
        D,WK,D1,Zulu
    """,
    "stop_times.txt": """
        trip_id,arrival_time,departure_time,stop_id,stop_sequence
        A1,08:00:00,08:00:00,O,1
        A1,08:10:00,08:10:00,P1,2
        B1,08:12:00,08:12:00,P2,1
        B1,08:30:00,08:30:00,Z,2
        B2,08:20:00,08:20:00,P2,1
        B2,08:38:00,08:38:00,Z,2
        C1,08:40:00,08:40:00,P1,1
        C1,08:55:00,08:55:00,Z,2
        D1,08:10:00,08:10:00,P1,1
        D1,08:20:00,08:20:00,Z,2
    """,
}
HEADER = (
    "from_stop_id,to_stop_id,transfer_type,min_transfer_time,"
    "from_route_id,to_route_id,from_trip_id,to_trip_id\n"
)


@pytest.fixture
def station_feed(make_feed):
    def make(*rules: str, **overrides):
        files = {**STATION, **overrides}
        if rules:
            files["transfers.txt"] = HEADER + "\n".join(rules) + "\n"
        return make_feed(name="station", **files)

    return make


def journeys(feed, options: Options | None = None, *, origin="O", destination="Z") -> list:
    """The planner's itineraries O → Z, each checked against the feed's transfers.txt."""
    opts = options or Options()
    tt = timetable_for(feed)
    its = plan(
        tt,
        origin=Place(stop_id=origin),
        destination=Place(stop_id=destination),
        when=WHEN,
        options=opts,
    )
    reference = ReferencePlanner(feed)
    for it in its:
        problems = reference.replay(
            it,
            min_transfer_s=opts.min_transfer_s,
            speed_mps=opts.walk_speed_mps,
            max_walk_m=opts.max_walk_m,
        )
        assert problems == [], problems
    expected = reference.earliest_arrival(
        origin,
        destination,
        WHEN,
        max_walk_m=opts.max_walk_m,
        min_transfer_s=opts.min_transfer_s,
        speed_mps=opts.walk_speed_mps,
    )
    by_transit = [it["arrival"] for it in its if any(leg["route"] for leg in it["legs"])]
    earliest = min(by_transit, default=None)
    assert earliest == (expected.isoformat() if expected else None)
    return its


def trips(itinerary) -> list[str]:
    return [leg["trip_id"] for leg in itinerary["legs"] if leg["route"]]


def fastest(its) -> tuple[str, list[str]]:
    return its[0]["arrival"][11:16], trips(its[0])


def test_without_rules_the_short_platform_change_wins(station_feed):
    its = journeys(station_feed())
    assert fastest(its) == ("08:30", ["A1", "B1"])
    assert [leg["mode"] for leg in its[0]["legs"]] == ["bus", "walk", "bus"]


def test_station_rule_applies_to_its_platforms(station_feed):
    # changing inside station ST takes 5 min: across platforms (B1) and on the same one (D1)
    feed = station_feed("ST,ST,2,300,,,,")
    its = journeys(feed)
    assert fastest(its) == ("08:38", ["A1", "B2"])
    assert all("B1" not in trips(it) for it in its)


def test_platform_rule_beats_its_station_rule(station_feed):
    # P1 → P1 is timed (the departing bus waits) although the station asks for 5 minutes
    its = journeys(station_feed("ST,ST,2,300,,,,", "P1,P1,1,,,,,"))
    assert fastest(its) == ("08:20", ["A1", "D1"])


def test_timed_transfer_allows_a_zero_second_change(station_feed):
    assert "D1" not in trips(journeys(station_feed())[0])  # 0 s < the 60 s slack
    its = journeys(station_feed("P1,P1,1,,,,,"))
    first = its[0]
    assert fastest(its) == ("08:20", ["A1", "D1"])
    assert first["legs"][0]["arrival"] == first["legs"][1]["departure"]
    # the same, named for this pair of trips only
    assert fastest(journeys(station_feed("P1,P1,1,,,,A1,D1"))) == ("08:20", ["A1", "D1"])


def test_not_possible_gives_the_next_best_or_nothing(station_feed):
    its = journeys(station_feed("P1,P2,3,,,,,"))
    # B1 and B2 leave from P2: the next best is the later bus from the arrival platform
    assert fastest(its) == ("08:55", ["A1", "C1"])
    assert all(not {"B1", "B2"} & set(trips(it)) for it in its)

    # with nothing else leaving platform 1 (today or tomorrow), there is no way at all
    only_a_and_b = {
        name: "\n".join(
            line for line in STATION[name].splitlines() if "C1," not in line and "D1," not in line
        )
        for name in ("trips.txt", "stop_times.txt")
    }
    assert journeys(station_feed("P1,P2,3,,,,,", **only_a_and_b)) == []


def test_route_rule_beats_stop_rule(station_feed):
    # the stop pair needs 15 min (misses both B trips) but from route A to route B is recommended
    assert fastest(journeys(station_feed("P1,P2,2,900,,,,"))) == ("08:55", ["A1", "C1"])
    its = journeys(station_feed("P1,P2,2,900,,,,", "P1,P2,0,,A,B,,"))
    assert fastest(its) == ("08:30", ["A1", "B1"])
    # and the other way round: the stop pair is fine, route A to route B is not possible
    its = journeys(station_feed("P1,P2,0,,,,,", "P1,P2,3,,A,B,,"))
    assert fastest(its) == ("08:55", ["A1", "C1"])
    # one route named is more specific than none: to route B only
    its = journeys(station_feed("P1,P2,2,900,,,,", "P1,P2,0,,,B,,"))
    assert fastest(its) == ("08:30", ["A1", "B1"])


def test_trip_rule_beats_route_rule(station_feed):
    # route A → route B is not possible, except from A1 to B2
    its = journeys(station_feed("P1,P2,3,,A,B,,", "P1,P2,0,,A,B,A1,B2"))
    assert fastest(its) == ("08:38", ["A1", "B2"])
    assert all("B1" not in trips(it) for it in its)
    # a trip rule forbidding one change leaves the route's other trips alone
    its = journeys(station_feed("P1,P2,0,,A,B,,", "P1,P2,3,,,,A1,B1"))
    assert fastest(its) == ("08:38", ["A1", "B2"])
    # from_trip with to_route outranks from_route with nothing on the other side
    its = journeys(station_feed("P1,P2,3,,A,,,", "P1,P2,0,,,B,A1,"))
    assert fastest(its) == ("08:30", ["A1", "B1"])


def test_trip_rules_on_a_station_and_in_seat_types(station_feed):
    its = journeys(station_feed("ST,ST,3,,,,,", "ST,ST,2,240,,,A1,B2"))
    assert fastest(its) == ("08:38", ["A1", "B2"])
    # 4: in-seat (A1 continues as D1) is a guaranteed change; 5 is ignored
    its = journeys(station_feed("P1,P1,4,,,,A1,D1", "P1,P2,5,,,,A1,B1"))
    assert fastest(its) == ("08:20", ["A1", "D1"])


def test_replay_catches_a_change_transfers_txt_forbids(station_feed):
    its = journeys(station_feed())
    feed = station_feed("P1,P2,3,,A,B,,")
    problems = ReferencePlanner(feed).replay(its[0])
    assert problems and "not allowed" in problems[0]
    feed = station_feed("ST,ST,2,300,,,,")
    assert "need 300s" in ReferencePlanner(feed).replay(its[0])[0]


# --- max_walk_m=0: no walking at all ---------------------------------------------------------------


def test_max_walk_zero_changes_only_at_the_same_stop(station_feed):
    its = journeys(station_feed(), Options(max_walk_m=0))
    # the 11 m across the platform is walking: the later bus from the arrival platform
    assert fastest(its) == ("08:55", ["A1", "C1"])
    assert all(leg["mode"] != "walk" for it in its for leg in it["legs"])
    assert all(it["walk_m"] == 0 for it in its)


def test_max_walk_zero_even_where_transfers_txt_lists_the_walk(station_feed):
    its = journeys(station_feed("P1,P2,1,,,,,"), Options(max_walk_m=0))
    assert fastest(its) == ("08:55", ["A1", "C1"])


def test_max_walk_zero_no_walk_only_itinerary(api_client, demo_feed):
    # C and F are ~200 m apart: walking is the answer by default, nothing with no walking
    params = {"from_stop": "C", "to_stop": "F", "depart_at": "2025-03-04T07:55:00+09:00"}
    walking = api_client.get(PLAN, params, HTTP_ACCEPT_LANGUAGE="en").json()["itineraries"]
    assert [leg["mode"] for leg in walking[0]["legs"]] == ["walk"]
    response = api_client.get(PLAN, {**params, "max_walk_m": 0}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and response.json()["itineraries"] == []


def test_max_walk_zero_no_access_or_egress_walk(api_client, demo_feed):
    # X then Y, changing at C itself: no walk anywhere, and the replay agrees
    params = {"from_stop": "A", "to_stop": "D", "depart_at": "2025-03-04T07:55:00+09:00"}
    its = api_client.get(PLAN, {**params, "max_walk_m": 0}).json()["itineraries"]
    assert its and all(leg["mode"] != "walk" for it in its for leg in it["legs"])
    reference = ReferencePlanner(demo_feed)
    assert all(reference.replay(it, max_walk_m=0) == [] for it in its)


@pytest.mark.parametrize("side", ["from", "to"])
def test_max_walk_zero_with_a_point_is_a_clear_400(api_client, demo_feed, side):
    params = {"from_stop": "A", "to_stop": "C", "depart_at": "2025-03-04T07:55:00+09:00"}
    del params[f"{side}_stop"]
    params[side] = "35.2003,128.8003"
    response = api_client.get(PLAN, {**params, "max_walk_m": 0})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "transit.stop_required_without_walking"
    assert body["extra"] == {"which": side}
    assert body["message"].startswith("걷지 않는 경로")
    en = api_client.get(PLAN, {**params, "max_walk_m": 0}, HTTP_ACCEPT_LANGUAGE="en")
    assert en.json()["message"].startswith("Without walking (max_walk_m=0)")
    # with walking allowed the same point plans as usual
    assert api_client.get(PLAN, params).json()["itineraries"]


# --- random small networks against the reference ----------------------------------------------


def _random_network(rng) -> dict:
    """Six stops (two platforms of a station), five routes with two or three trips each, and
    random transfers.txt rows of every kind and specificity."""
    stops = ["O", "P1", "P2", "Q", "R", "Z"]
    routes = {}
    trips = []
    times = []
    for r in "ABCDE":
        path = rng.sample(stops, rng.randint(2, 4))
        routes[r] = path
        for n in range(rng.randint(2, 3)):
            trip = f"{r}{n}"
            trips.append(f"{r},WK,{trip},x")
            t = 8 * 3600 + rng.randint(0, 90) * 60
            for seq, stop in enumerate(path, 1):
                hhmmss = f"{t // 3600:02d}:{t % 3600 // 60:02d}:00"
                times.append(f"{trip},{hhmmss},{hhmmss},{stop},{seq}")
                t += rng.choice([60, 120, 300, 600])
    rules = []
    for _ in range(rng.randint(3, 10)):
        a, b = rng.choice(["P1", "P2", "Q", "R", "ST"]), rng.choice(["P1", "P2", "Q", "R", "ST"])
        kind = rng.choice([0, 1, 2, 2, 3, 3, 4, 5])
        mtt = rng.choice([0, 120, 300, 900]) if kind == 2 else ""
        from_route = to_route = from_trip = to_trip = ""
        pick = rng.random()
        if pick < 0.3:
            from_route, to_route = rng.choice("ABCDE"), rng.choice("ABCDE")
        elif pick < 0.5:
            to_route = rng.choice("ABCDE")
        elif pick < 0.7:
            from_trip = rng.choice(trips).split(",")[2]
            to_trip = rng.choice(trips).split(",")[2]
        elif pick < 0.8:
            from_trip = rng.choice(trips).split(",")[2]
        rules.append(f"{a},{b},{kind},{mtt},{from_route},{to_route},{from_trip},{to_trip}")
    return {
        **STATION,
        "stops.txt": """
            stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
            O,O,35.2000,128.8000,0,
            ST,Station,35.2100,128.8000,1,
            P1,P1,35.2100,128.8000,0,ST
            P2,P2,35.2101,128.8000,0,ST
            Q,Q,35.2103,128.8020,0,
            R,R,35.2200,128.8000,0,
            Z,Z,35.2300,128.8000,0,
        """,
        "routes.txt": "route_id,route_short_name,route_long_name,route_type\n"
        + "\n".join(f"{r},{r},{r},3" for r in routes),
        "trips.txt": "route_id,service_id,trip_id,trip_headsign\n" + "\n".join(trips),
        "stop_times.txt": "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
        + "\n".join(times),
        "transfers.txt": HEADER + "\n".join(rules),
    }


@pytest.mark.parametrize("seed", range(12))
def test_random_networks_equal_the_reference_and_replay(make_feed, seed):
    import random

    rng = random.Random(seed)
    feed = make_feed(name=f"random-{seed}", **_random_network(rng))
    for origin, destination in [("O", "Z"), ("O", "R"), ("P1", "Z"), ("Q", "O"), ("R", "P2")]:
        for options in (Options(), Options(max_walk_m=0), Options(min_transfer_s=0)):
            journeys(feed, options, origin=origin, destination=destination)
