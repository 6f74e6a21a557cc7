"""The TAGO adapter on recorded answers: object vs list vs empty, errors, mapping, polling."""

import pytest
from django.test import override_settings

from apps.transit.models import TagoIdMapping
from apps.transit.realtime import predictions, tago
from apps.transit.realtime.refresh import live_refresh

from .live_helpers import FakeTagoHttp, at, live_cache_cleared, recorded  # noqa: F401


def test_a_list_of_arrivals_is_normalised():
    rows = tago.arrivals_parse(recorded("arrivals_list.json"))
    assert [(r.route_no, r.arrival_in_s, r.stops_away) for r in rows] == [
        ("10", 245, 3),
        ("20", 812, 7),  # numbers sent as strings are numbers too
        ("999", 95, 1),
    ]
    assert rows[0].route_id == "GMB10010" and rows[0].vehicle_type == "저상버스"


def test_a_single_arrival_comes_as_an_object_not_a_list():
    rows = tago.arrivals_parse(recorded("arrivals_single.json"))
    assert len(rows) == 1
    assert (rows[0].route_no, rows[0].arrival_in_s, rows[0].stops_away) == ("10", 130, 2)


@pytest.mark.parametrize("name", ["arrivals_empty.json", "arrivals_nodata.json"])
def test_no_bus_is_an_empty_list(name):
    assert tago.arrivals_parse(recorded(name)) == []


def test_items_missing_altogether_is_empty():
    body = '{"response":{"header":{"resultCode":"00","resultMsg":"OK"},"body":{"totalCount":0}}}'
    assert tago.arrivals_parse(body) == []


def test_an_error_header_raises_with_its_code():
    with pytest.raises(tago.TagoError) as error:
        tago.arrivals_parse(recorded("error_header.json"))
    assert error.value.code == "22"
    assert "LIMITED_NUMBER" in error.value.message


def test_an_unregistered_key_answered_in_xml_raises():
    with pytest.raises(tago.TagoError) as error:
        tago.arrivals_parse(recorded("error_key.xml"))
    assert error.value.code == "30"
    assert error.value.message == "SERVICE_KEY_IS_NOT_REGISTERED_ERROR"


def test_garbage_raises():
    with pytest.raises(tago.TagoError):
        tago.arrivals_parse("Bad Gateway")


def test_positions_are_normalised():
    rows = tago.positions_parse(recorded("positions_list.json"), route_id="GMB10010")
    assert [(v.vehicle_no, v.lat, v.lon, v.node_id) for v in rows] == [
        ("경남71자1234", 35.2051, 128.8003, "GMB381"),
        ("경남71자5678", 35.2152, 128.8001, "GMB383"),
    ]
    assert rows[1].route_id == "GMB10010"


def test_the_client_sends_the_documented_parameters():
    http = FakeTagoHttp({("arrivals", "GMB383"): "arrivals_single.json"})
    client = tago.TagoClient(key="KEY", http_get=http)
    client.stop_arrivals("GMB383")
    url, params = http.calls[0]
    assert url.endswith("/1613000/ArvlInfoInqireService/getSttnAcctoArvlPrearngeInfoList")
    assert params["serviceKey"] == "KEY"
    assert params["cityCode"] == "38070"
    assert params["nodeId"] == "GMB383"
    assert params["_type"] == "json"


def test_route_numbers_map_to_gtfs_routes_without_an_explicit_row():
    mapping = tago.TagoMap(stops={}, routes={"GMB1": "S"}, route_numbers={"2": "Y"})
    assert mapping.route_for("GMB1", "whatever") == "S"
    assert mapping.route_for("GMB2", "2") == "Y"
    assert mapping.route_for("GMB3", "77") == ""


@pytest.fixture
def tago_mapped(demo_feed):
    TagoIdMapping.objects.create(kind="stop", tago_id="GMB383", gtfs_id="B")
    TagoIdMapping.objects.create(kind="stop", tago_id="GMB381", gtfs_id="A")
    TagoIdMapping.objects.create(kind="route", tago_id="GMB10010", gtfs_id="S")
    return demo_feed


@pytest.mark.django_db
def test_a_poll_maps_stops_and_routes_and_survives_a_failing_call(tago_mapped):
    http = FakeTagoHttp(
        {
            ("arrivals", "GMB383"): "arrivals_list.json",
            ("arrivals", "GMB381"): "error_header.json",
            ("positions", "GMB10010"): "positions_list.json",
        }
    )
    now = int(at(8, 25).timestamp())
    poll = tago.tago_poll(feed=tago_mapped, client=tago.TagoClient(key="K", http_get=http), now=now)
    assert len(poll.errors) == 1 and "GMB381" in poll.errors[0]
    by_no = {a.route_short_name: a for a in poll.arrivals}
    assert by_no["10"].route_id == "S" and by_no["10"].stop_id == "B"
    assert by_no["10"].arrival == now + 245
    assert by_no["999"].route_id == ""  # a route we do not know is still shown by its number
    assert {v.vehicle_id for v in poll.vehicles} == {"경남71자1234", "경남71자5678"}
    assert {v.stop_id for v in poll.vehicles} == {"A", "B"}
    assert all(v.route_id == "S" for v in poll.vehicles)


@pytest.mark.django_db
@override_settings(TAGO_SERVICE_KEY="K")
def test_with_a_key_the_refresh_polls_tago_and_fills_stop_predictions(
    tago_mapped, api_client, monkeypatch
):
    http = FakeTagoHttp(
        {
            ("arrivals", "GMB383"): "arrivals_single.json",
            ("positions", "GMB10010"): "positions_list.json",
        }
    )
    monkeypatch.setattr("requests.get", http)
    stats = live_refresh(now=at(8, 28))
    assert stats["source"] == "tago"
    assert any("ArvlInfoInqireService" in url for url, _ in http.calls)

    # bus 1 (route S, TAGO 10) is 130 s away from B: matched to its next scheduled departure
    body = api_client.get("/api/v1/transit/stops/B/", {"at": "2025-03-04T08:28:00+09:00"}).json()
    first = body["departures"][0]
    assert first["trip_id"] == "S1"
    assert first["predicted"] == "2025-03-04T08:30:10+09:00"
    vehicles = api_client.get("/api/v1/transit/routes/S/vehicles/").json()["vehicles"]
    assert [v["source"] for v in vehicles] == ["tago", "tago"]
    assert predictions.stop_arrivals_get(feed_id=tago_mapped.id, stop_id="B")[0]["stops_away"] == 2
