"""The fare engine: Gimhae's integrated transfer discount (demo amounts), rider categories, GTFS
fares v2 transfer types, caltrain's fares v1, and the fare in the plan API."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import translation

from apps.transit import models as m
from apps.transit.fares import engine
from apps.transit.fares.errors import FareError
from apps.transit.fares.explain import fare_dict
from apps.transit.fares.gimhae import gimhae_fares_install
from apps.transit.services.gtfs_import import feed_import

pytestmark = pytest.mark.django_db

PLAN = "/api/v1/transit/plan/"
DATA = Path(__file__).resolve().parent / "data"


def _place(stop_id):
    return {"id": stop_id, "name": stop_id, "lat": 35.2, "lon": 128.8}


def ride(route, frm, to, dep, arr, *, km=3.0, mode="bus", day="2025-03-04", tz="+09:00"):
    return {
        "mode": mode,
        "route": {"id": route, "short_name": route, "long_name": "", "color": "", "text_color": ""},
        "trip_id": f"{route}-{dep}",
        "headsign": "",
        "from": _place(frm),
        "to": _place(to),
        "departure": f"{day}T{dep}:00{tz}",
        "arrival": f"{day}T{arr}:00{tz}",
        "distance_m": int(km * 1000),
        "intermediate_stops": [],
    }


def walk(dep, arr, mode="walk", details=None):
    leg = {
        "mode": mode,
        "route": None,
        "trip_id": None,
        "from": _place(None),
        "to": _place(None),
        "departure": f"2025-03-04T{dep}:00+09:00",
        "arrival": f"2025-03-04T{arr}:00+09:00",
        "distance_m": 300,
        "intermediate_stops": [],
    }
    if details:
        leg["details"] = details
    return leg


def itinerary(*legs):
    return {"departure": legs[0]["departure"], "arrival": legs[-1]["arrival"], "legs": list(legs)}


def price(feed, *legs, category=None):
    it = itinerary(*legs)
    ctx = engine.fare_context(feed=feed, rider_category=category)
    return engine.itinerary_price(ctx, it)


@pytest.fixture
def gimhae(demo_feed):
    # the tiny test network: S, Y, L, W, N are buses, X is rail → the light-rail network
    assert gimhae_fares_install(feed=demo_feed)
    assert not gimhae_fares_install(feed=demo_feed)  # staff edits are never overwritten
    return demo_feed


def amounts(quote):
    return [leg.amount_minor for leg in quote.legs]


def test_single_bus_ride_is_the_adult_demo_fare(gimhae):
    quote = price(gimhae, walk("07:50", "08:00"), ride("S", "A", "B", "08:00", "08:30"))
    assert quote.source == "gtfs-fares-v2" and quote.currency == "KRW"
    assert amounts(quote) == [0, 1500] and quote.total_minor == 1500
    assert quote.rider_category_id == "adult" and quote.complete


def test_transfer_to_a_dearer_leg_pays_only_the_difference_in_ko_and_en(gimhae):
    quote = price(
        gimhae,
        ride("S", "A", "B", "08:00", "08:30"),
        walk("08:30", "08:35"),
        ride("X", "B", "D", "08:40", "09:10", km=12, mode="rail"),  # light rail ≥ 10 km: 1,700
    )
    assert amounts(quote) == [1500, 0, 200] and quote.total_minor == 1700
    assert quote.legs[2].kind == "transfer" and quote.legs[2].discount_minor == 1500
    with translation.override("ko"):
        fare = fare_dict(quote)
    assert fare["legs"][2]["explanation"] == "환승 할인: 30분 이내 환승으로 차액 200원만 냅니다"
    assert fare["legs"][1]["explanation"] == "도보: 무료"
    assert fare["legs"][0]["explanation"] == "버스 기본요금: 1,500원"
    assert fare["total"] == "1700" and fare["discounts"][0]["amount_minor"] == 1500
    with translation.override("en"):
        fare = fare_dict(quote)
    assert fare["legs"][2]["explanation"] == (
        "Transfer discount: transfer within 30 min, you pay only the 200 KRW difference"
    )


def test_transfer_to_a_cheaper_leg_is_free_and_the_difference_is_zero(gimhae):
    quote = price(
        gimhae,
        ride("X", "A", "C", "08:20", "08:40", km=12, mode="rail"),
        ride("Y", "C", "D", "08:45", "09:00"),
    )
    assert amounts(quote) == [1700, 0]
    with translation.override("en"):
        assert fare_dict(quote)["legs"][1]["explanation"] == (
            "Transfer discount: transfer within 30 min, you pay only the 0 KRW difference"
        )
    with translation.override("ko"):
        assert fare_dict(quote)["legs"][1]["explanation"] == (
            "환승 할인: 30분 이내 환승으로 차액 0원만 냅니다"
        )


def test_transfer_after_the_time_limit_pays_the_full_fare(gimhae):
    quote = price(
        gimhae,
        ride("S", "A", "C", "08:00", "09:00"),
        ride("Y", "C", "D", "09:31", "09:45"),  # 31 min after alighting
    )
    assert amounts(quote) == [1500, 1500]
    with translation.override("en"):
        assert fare_dict(quote)["legs"][1]["explanation"] == (
            "Full fare 1,500 KRW: more than 30 min since the last ride"
        )
    # exactly 30 minutes still counts
    assert amounts(
        price(gimhae, ride("S", "A", "C", "08:00", "09:00"), ride("Y", "C", "D", "09:30", "09:45"))
    ) == [1500, 0]


def test_at_most_two_transfers_then_a_new_fare(gimhae):
    quote = price(
        gimhae,
        ride("S", "A", "B", "08:00", "08:10"),
        ride("Y", "B", "C", "08:15", "08:25"),
        ride("W", "C", "D", "08:30", "08:40"),
        ride("L", "D", "E", "08:45", "08:55"),
    )
    assert amounts(quote) == [1500, 0, 0, 1500]
    with translation.override("ko"):
        assert "최대 2회" in fare_dict(quote)["legs"][3]["explanation"]


def test_the_dearest_fare_so_far_counts_not_just_the_previous_leg(gimhae):
    quote = price(
        gimhae,
        ride("X", "A", "B", "08:00", "08:30", km=12, mode="rail"),  # 1,700
        ride("S", "B", "C", "08:35", "08:45"),  # bus 1,500: free
        ride("X", "C", "D", "08:50", "09:20", km=12, mode="rail"),  # 1,700 again: nothing more
    )
    assert amounts(quote) == [1700, 0, 0]


def test_light_rail_fare_depends_on_distance(gimhae):
    assert amounts(price(gimhae, ride("X", "A", "C", "08:20", "08:40", km=9.9, mode="rail"))) == [
        1500
    ]
    assert amounts(price(gimhae, ride("X", "A", "C", "08:20", "08:40", km=10, mode="rail"))) == [
        1700
    ]


@pytest.mark.parametrize(
    ("category", "bus", "lrt"), [("youth", 1050, 1200), ("child", 650, 750), ("senior", 1500, 1700)]
)
def test_rider_categories(gimhae, category, bus, lrt):
    quote = price(
        gimhae,
        ride("S", "A", "B", "08:00", "08:30"),
        ride("X", "B", "D", "08:40", "09:10", km=12, mode="rail"),
        category=category,
    )
    assert quote.rider_category_id == category
    assert amounts(quote) == [bus, lrt - bus]


def test_unknown_rider_category_is_refused(gimhae):
    with pytest.raises(FareError) as exc:
        price(gimhae, ride("S", "A", "B", "08:00", "08:30"), category="pensioner")
    assert exc.value.code == "transit.unknown_rider_category"
    assert exc.value.extra["available"] == ["adult", "child", "senior", "youth"]


def test_other_modes_are_priced_through_their_details(gimhae):
    quote = price(
        gimhae,
        walk(
            "07:40",
            "07:55",
            mode="ebike",
            details={
                "fare": {
                    "amount_krw": 1000,
                    "label_ko": "타고가야 이용료",
                    "label_en": "Tagogaya ride",
                }
            },
        ),
        ride("S", "A", "B", "08:00", "08:30"),
        walk("08:30", "08:40", mode="scooter"),
    )
    assert amounts(quote) == [1000, 1500, 0]
    assert quote.legs[2].kind == "unpriced" and not quote.complete
    with translation.override("ko"):
        assert fare_dict(quote)["legs"][0]["explanation"] == "타고가야 이용료: 1,000원, 운영사 요금"


# --- GTFS fares v2 transfer types, from rows staff could edit ----------------------------------


@pytest.fixture
def v2(demo_feed):
    f = demo_feed
    m.RouteNetwork.objects.bulk_create(
        [m.RouteNetwork(feed=f, network_id="net", route_id=r) for r in "SXYLWN"]
    )
    m.FareProduct.objects.bulk_create(
        [
            m.FareProduct(feed=f, fare_product_id="ride", amount=Decimal("2.50"), currency="USD"),
            m.FareProduct(feed=f, fare_product_id="xfer", amount=Decimal("0.50"), currency="USD"),
            m.FareProduct(feed=f, fare_product_id="pass", amount=Decimal("4.00"), currency="USD"),
            m.FareProduct(feed=f, fare_product_id="peak", amount=Decimal("3.00"), currency="USD"),
        ]
    )
    m.FareLegRule.objects.create(feed=f, leg_group_id="g", network_id="net", fare_product_id="ride")
    return f


@pytest.mark.parametrize(
    ("transfer_type", "product", "expected"),
    [(0, "xfer", [250, 50]), (1, "xfer", [250, 300]), (2, "pass", [250, 150]), (0, "", [250, 0])],
)
def test_fares_v2_transfer_types(v2, transfer_type, product, expected):
    m.FareTransferRule.objects.create(
        feed=v2,
        from_leg_group_id="g",
        to_leg_group_id="g",
        transfer_count=1,
        duration_limit=3600,
        duration_limit_type=1,
        fare_transfer_type=transfer_type,
        fare_product_id=product,
    )
    quote = price(v2, ride("S", "A", "B", "08:00", "08:30"), ride("Y", "B", "C", "08:40", "09:00"))
    assert quote.currency == "USD" and amounts(quote) == expected
    assert fare_dict(quote)["total"] == engine.to_decimal_string(sum(expected), "USD")


def test_fares_v2_timeframes_and_priority(v2):
    m.Timeframe.objects.create(
        feed=v2, timeframe_group_id="peak", start_time=7 * 3600, end_time=9 * 3600, service_id="WK"
    )
    m.FareLegRule.objects.create(
        feed=v2,
        leg_group_id="g",
        network_id="net",
        from_timeframe_group_id="peak",
        fare_product_id="peak",
        rule_priority=1,
    )
    assert amounts(price(v2, ride("S", "A", "B", "08:00", "08:30"))) == [300]
    assert amounts(price(v2, ride("S", "A", "B", "10:00", "10:30"))) == [250]
    # Monday 3 March 2025 has no WK service: no peak
    assert amounts(price(v2, ride("S", "A", "B", "08:00", "08:30", day="2025-03-03"))) == [250]


def test_fares_v2_areas(v2):
    m.StopArea.objects.create(feed=v2, area_id="centre", stop_id="A")
    m.FareLegRule.objects.create(
        feed=v2, leg_group_id="g", network_id="net", from_area_id="centre", fare_product_id="pass"
    )
    # from A (in the centre): the centre rule; from B (in no named area): the empty-area rule
    assert amounts(price(v2, ride("S", "A", "B", "08:00", "08:30"))) == [400]
    assert amounts(price(v2, ride("S", "B", "C", "08:00", "08:30"))) == [250]


def test_a_feed_without_fares_says_so(demo_feed):
    quote = price(demo_feed, ride("S", "A", "B", "08:00", "08:30"))
    assert quote.source == "none" and not quote.complete
    with translation.override("en"):
        assert fare_dict(quote)["legs"][0]["explanation"] == (
            "No fare information for this timetable"
        )


# --- caltrain: GTFS fares v1 zone fares, exactly as in its fare_attributes.txt -------------------


@pytest.fixture(scope="module")
def caltrain(django_db_blocker):
    with django_db_blocker.unblock():
        feed = feed_import(path=DATA / "caltrain-2017-07-24.zip", name="caltrain")
    yield feed
    with django_db_blocker.unblock():
        m.Feed.objects.filter(id=feed.id).delete()


def cal(route, frm, to, dep, arr):
    return ride(route, frm, to, dep, arr, mode="rail", day="2017-07-24", tz="-07:00")


@pytest.mark.parametrize(
    ("frm", "to", "usd"),
    [
        ("70012", "70262", "9.75"),  # San Francisco (zone 1) → San Jose Diridon (4): OW_4
        ("70142", "70222", "5.75"),  # Redwood City (2) → Sunnyvale (3): OW_2
        ("70011", "70021", "3.75"),  # within zone 1: OW_1
        ("70012", "70322", "13.75"),  # San Francisco (1) → Gilroy (6): OW_6
    ],
)
def test_caltrain_zone_fares(caltrain, frm, to, usd):
    quote = price(caltrain, cal("Lo-129", frm, to, "08:00", "09:30"))
    assert quote.source == "gtfs-fares-v1" and quote.currency == "USD"
    assert fare_dict(quote)["total"] == usd


def test_caltrain_transfer_within_four_hours_is_one_zone_fare(caltrain):
    legs = [
        cal("Lo-129", "70012", "70142", "08:00", "08:40"),
        cal("Bu-129", "70142", "70222", "08:50", "09:10"),
    ]
    quote = price(caltrain, *legs)
    # one ticket zone 1 → zone 3 (OW_3 7.75), not 3.75 + 5.75
    assert amounts(quote) == [775, 0] and quote.legs[1].kind == "included"
    with translation.override("en"):
        fare = fare_dict(quote)
    assert fare["legs"][0]["explanation"] == "OW_3_20160228, zone 1 to zone 3: 7.75 USD"
    assert fare["legs"][1]["explanation"] == (
        "Included in the fare of leg 1 (transfers allowed within 4 h)"
    )
    # beyond transfer_duration (14400 s from the first boarding): two tickets
    late = [legs[0], cal("Bu-129", "70142", "70222", "12:10", "12:30")]
    assert amounts(price(caltrain, *late)) == [575, 575]  # OW_2 (zone 1→2) + OW_2 (2→3)


def test_caltrain_plan_api_prices_in_usd(api_client, caltrain):
    response = api_client.get(
        PLAN,
        {
            "from_stop": "70012",
            "to_stop": "70262",
            "depart_at": "2017-07-24T08:00:00-07:00",
            "feed": "caltrain",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    fare = response.json()["itineraries"][0]["fare"]
    assert fare["currency"] == "USD" and fare["total"] == "9.75" and fare["total_minor"] == 975
    assert fare["purchase_token"] is None  # payments move won only


# --- the plan API ---------------------------------------------------------------------------------


def test_plan_api_fills_the_fare_with_the_rider_category(api_client, gimhae):
    params = {"from_stop": "A", "to_stop": "D", "depart_at": "2025-03-04T08:10:00+09:00"}
    body = api_client.get(PLAN, params).json()
    fare = body["itineraries"][0]["fare"]
    assert fare["currency"] == "KRW" and fare["rider_category"] == "adult"
    assert [leg["leg_index"] for leg in fare["legs"]] == list(
        range(len(body["itineraries"][0]["legs"]))
    )
    assert fare["purchase_token"]
    youth = api_client.get(PLAN, {**params, "rider_category": "youth"}).json()
    assert youth["itineraries"][0]["fare"]["rider_category"] == "youth"
    assert youth["itineraries"][0]["fare"]["total_minor"] < fare["total_minor"]


def test_plan_api_refuses_an_unknown_rider_category_in_ko_and_en(api_client, gimhae):
    params = {
        "from_stop": "A",
        "to_stop": "D",
        "depart_at": "2025-03-04T08:10:00+09:00",
        "rider_category": "vip",
    }
    ko = api_client.get(PLAN, params)
    assert ko.status_code == 400
    assert ko.json()["code"] == "transit.unknown_rider_category"
    assert ko.json()["extra"]["fields"]["rider_category"] == [
        "알 수 없는 승객 유형입니다. 다음 중에서 고르세요: adult, child, senior, youth."
    ]
    en = api_client.get(PLAN, params, HTTP_ACCEPT_LANGUAGE="en")
    assert en.json()["message"] == (
        "This rider category is not known. Choose one of: adult, child, senior, youth."
    )


# --- fare tables are read once per feed version, and staff edits reach the next plan ------------


def test_plan_api_reads_fare_tables_once_per_feed_version(
    api_client, gimhae, django_assert_num_queries
):
    params = {"from_stop": "A", "to_stop": "D", "depart_at": "2025-03-04T08:10:00+09:00"}
    first = api_client.get(PLAN, params)  # builds the timetable and the fare tables
    assert first.status_code == 200
    with django_assert_num_queries(1):  # the live feed; the fares come from memory
        again = api_client.get(PLAN, {**params, "rider_category": "youth"})
    assert again.json()["itineraries"][0]["fare"]["rider_category"] == "youth"
    with django_assert_num_queries(1):
        adult = api_client.get(PLAN, params).json()["itineraries"][0]["fare"]
    assert adult["total_minor"] == first.json()["itineraries"][0]["fare"]["total_minor"]


def test_plan_api_on_fares_v1_reads_no_fare_table_once_warm(
    api_client, caltrain, django_assert_num_queries
):
    params = {
        "from_stop": "70012",
        "to_stop": "70262",
        "depart_at": "2017-07-24T08:00:00-07:00",
        "feed": "caltrain",
    }
    assert api_client.get(PLAN, params).status_code == 200
    with django_assert_num_queries(1):
        fare = api_client.get(PLAN, params).json()["itineraries"][0]["fare"]
    assert fare["total_minor"] == 975


def _bus_fare(api_client) -> int:
    params = {"from_stop": "A", "to_stop": "B", "depart_at": "2025-03-04T07:55:00+09:00"}
    body = api_client.get(PLAN, params).json()
    return body["itineraries"][0]["fare"]["total_minor"]


def test_a_fare_edited_in_admin_prices_the_next_plan(api_client, client, gimhae):
    from apps.accounts.tests.factories import UserFactory

    assert _bus_fare(api_client) == 1500  # the fare tables are now cached
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    product = m.FareProduct.objects.get(
        feed=gimhae, fare_product_id="bus", rider_category_id="adult"
    )
    url = reverse("admin:transit_fareproduct_change", args=[product.id])
    form = {
        "feed": gimhae.id,
        "fare_product_id": "bus",
        "name": product.name,
        "rider_category_id": "adult",
        "fare_media_id": "",
        "amount": "1600",
        "currency": "KRW",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _bus_fare(api_client) == 1600
    # a rule deleted in admin: the bus leg has no fare any more
    rule = m.FareLegRule.objects.get(feed=gimhae, leg_group_id="bus")
    url = reverse("admin:transit_farelegrule_delete", args=[rule.id])
    assert client.post(url, {"post": "yes"}).status_code == 302
    params = {"from_stop": "A", "to_stop": "B", "depart_at": "2025-03-04T07:55:00+09:00"}
    fare = api_client.get(PLAN, params).json()["itineraries"][0]["fare"]
    assert fare["legs"][0]["kind"] == "unpriced" and fare["purchase_token"] is None


def test_an_edit_made_by_another_process_is_seen_through_the_feed_revision(api_client, gimhae):
    assert _bus_fare(api_client) == 1500
    # what another server process's admin edit leaves in the database: new rows and a new
    # revision, but nothing dropped from this process's memory
    m.FareProduct.objects.filter(feed=gimhae, fare_product_id="bus").update(amount=Decimal(1400))
    assert _bus_fare(api_client) == 1500  # no signal, no new revision: still the cached fares
    m.Feed.objects.filter(id=gimhae.id).update(fares_revision=F("fares_revision") + 1)
    assert _bus_fare(api_client) == 1400


def test_the_plan_body_is_what_the_output_serializer_gives(api_client, gimhae):
    from apps.transit.api.serializers import TripPlanOutput
    from apps.transit.api.views import trip_plan_output
    from apps.transit.fares.quote import itineraries_price
    from apps.transit.planner.plan import Place
    from apps.transit.selectors import trip_plan

    its = trip_plan(
        feed=gimhae,
        origin=Place(stop_id="A"),
        destination=Place(stop_id="D"),
        when=engine._time("2025-03-04T08:10:00+09:00"),
    )
    its = itineraries_price(feed=gimhae, itineraries=its)
    assert its and its[0]["fare"]
    expected = TripPlanOutput(
        {"feed": {"name": gimhae.name, "version": gimhae.version}, "itineraries": its}
    ).data
    assert trip_plan_output(feed=gimhae, itineraries=its) == expected
