import pytest

pytestmark = pytest.mark.django_db

PLAN = "/api/v1/transit/plan/"


def test_plan_needs_an_origin_in_korean_and_english(api_client, demo_feed):
    ko = api_client.get(PLAN, {"to_stop": "C"})
    assert ko.status_code == 400
    body = ko.json()
    assert body["code"] == "invalid"
    assert body["extra"]["fields"]["from"] == [
        "from(위도,경도) 또는 from_stop 중 하나를 입력하세요."
    ]
    en = api_client.get(PLAN, {"to_stop": "C"}, HTTP_ACCEPT_LANGUAGE="en")
    assert en.json()["extra"]["fields"]["from"] == ["Give either from (lat,lon) or from_stop."]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "35.2", "to_stop": "C"}, "from"),
        ({"from": "95,128", "to_stop": "C"}, "from"),
        ({"from_stop": "A", "to_stop": "C", "depart_at": "tomorrow"}, "depart_at"),
        ({"from_stop": "A", "to_stop": "C", "max_transfers": "-1"}, "max_transfers"),
        ({"from_stop": "A", "to_stop": "C", "max_walk_m": "5000"}, "max_walk_m"),
        ({"from_stop": "A", "to_stop": "C", "from": "35.2,128.8"}, "from"),
        (
            {
                "from_stop": "A",
                "to_stop": "C",
                "depart_at": "2025-03-04T08:00:00+09:00",
                "arrive_by": "2025-03-04T09:00:00+09:00",
            },
            "arrive_by",
        ),
    ],
)
def test_plan_rejects_bad_input(api_client, demo_feed, params, field):
    response = api_client.get(PLAN, params)
    assert response.status_code == 400
    assert field in response.json()["extra"]["fields"]


def test_plan_domain_errors(api_client, demo_feed):
    unknown = api_client.get(
        PLAN,
        {"from_stop": "Q", "to_stop": "C", "depart_at": "2025-03-04T08:00:00+09:00"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert unknown.status_code == 404
    assert unknown.json() == {
        "code": "transit.stop_not_found",
        "message": "No stop has this ID.",
        "extra": {"stop_id": "Q"},
    }
    far = api_client.get(
        PLAN, {"from": "37.5,127.0", "to_stop": "C", "depart_at": "2025-03-04T08:00:00+09:00"}
    )
    assert far.status_code == 400
    assert far.json()["code"] == "transit.no_stops_nearby"
    assert far.json()["message"] == "걸어갈 수 있는 거리에 정류장이 없습니다."
    outside = api_client.get(
        PLAN, {"from_stop": "A", "to_stop": "C", "depart_at": "2030-01-01T08:00:00+09:00"}
    )
    assert outside.json()["code"] == "transit.outside_service_dates"
    feed = api_client.get(PLAN, {"from_stop": "A", "to_stop": "C", "feed": "nowhere"})
    assert feed.status_code == 404 and feed.json()["code"] == "transit.feed_not_found"


def test_time_without_offset_is_read_in_the_feed_zone(api_client, demo_feed):
    its = api_client.get(
        PLAN, {"from_stop": "A", "to_stop": "C", "depart_at": "2025-03-04T08:10:00"}
    ).json()
    assert its["itineraries"][0]["arrival"] == "2025-03-04T08:40:00+09:00"
    # the same instant given in UTC
    its = api_client.get(
        PLAN, {"from_stop": "A", "to_stop": "C", "depart_at": "2025-03-03T23:10:00Z"}
    ).json()
    assert its["itineraries"][0]["arrival"] == "2025-03-04T08:40:00+09:00"


def test_stops_near_a_point_nearest_first(api_client, demo_feed, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = api_client.get(
            "/api/v1/transit/stops/", {"near": "35.2201,128.8005", "radius_m": 400}
        )
    assert response.status_code == 200
    assert [(s["id"], round(s["distance_m"], -1)) for s in response.json()] == [
        ("C", 50.0),
        ("F", 150.0),
    ]


def test_stop_list_by_name(api_client, demo_feed, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = api_client.get("/api/v1/transit/stops/", {"q": "lph"})
    assert [s["id"] for s in response.json()] == ["A"]


def test_stop_detail_next_departures(api_client, demo_feed):
    body = api_client.get("/api/v1/transit/stops/A/", {"at": "2025-03-04T08:05:00+09:00"}).json()
    assert [(d["route"]["id"], d["scheduled"]) for d in body["departures"]] == [
        ("X", "2025-03-04T08:20:00+09:00"),
        ("N", "2025-03-05T00:30:00+09:00"),
        ("S", "2025-03-05T08:00:00+09:00"),
        ("L", "2025-03-05T08:00:00+09:00"),
        ("X", "2025-03-05T08:20:00+09:00"),
        ("N", "2025-03-06T00:30:00+09:00"),
    ]
    assert all(d["predicted"] is None for d in body["departures"])
    missing = api_client.get("/api/v1/transit/stops/ZZ/")
    assert missing.status_code == 404 and missing.json()["code"] == "transit.stop_not_found"


def test_routes_and_route_detail(api_client, demo_feed, django_assert_num_queries):
    with django_assert_num_queries(2):
        routes = api_client.get("/api/v1/transit/routes/").json()
    assert {r["id"]: r["mode"] for r in routes} == {
        "S": "bus",
        "X": "rail",
        "Y": "bus",
        "L": "bus",
        "W": "bus",
        "N": "bus",
    }
    detail = api_client.get("/api/v1/transit/routes/L/").json()
    assert [s["id"] for s in detail["stops"]] == ["A", "B", "C", "D"]
    assert detail["geometry"]["type"] == "MultiLineString"
    assert detail["geometry"]["coordinates"][0][0] == [128.8, 35.2]
    assert (
        api_client.get("/api/v1/transit/routes/nope/").json()["code"] == "transit.route_not_found"
    )


def test_no_feed_loaded(api_client, db):
    response = api_client.get("/api/v1/transit/routes/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["message"] == "No timetable is loaded for this feed."
