"""One language at a time: a trip ticket, its order, its receipt in the inbox and the fare lines
read wholly in the language of the request (the device's X-Ieum-Language), and a trip that ends at
a place (수로왕릉), not a stop, keeps the place's name everywhere."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.core.testing import english_in, hangul_in
from apps.tourism import seed as tourism_seed
from apps.transit import seed as transit_seed

pytestmark = pytest.mark.django_db

PLAN = "/api/v1/transit/plan/"
TICKETS = "/api/v1/transit/tickets/"
SURO_TOMB = "35.23487875,128.8772054"  # the tourist site 수로왕릉, as the web client sends it
# codes and ids that are neither language: receipt numbers, stop and route ids
CODES = ("IEUM", "BGL", "KRW")


@pytest.fixture
def gimhae(db):
    transit_seed.run(io.StringIO())
    tourism_seed.run(io.StringIO())


def _tomorrow_at_ten() -> str:
    day = timezone.localtime(timezone.now() + timedelta(days=1)).date()
    return f"{day.isoformat()}T10:00:00+09:00"


def _plan(client, language: str, **extra) -> dict:
    response = client.get(
        PLAN,
        {"from_stop": "BGL16", "to": SURO_TOMB, "depart_at": _tomorrow_at_ten(), **extra},
        HTTP_X_IEUM_LANGUAGE=language,
    )
    assert response.status_code == 200, response.json()
    return next(it for it in response.json()["itineraries"] if it["fare"]["purchase_token"])


def _buy(client, itinerary: dict, language: str, capture) -> dict:
    with capture(execute=True):  # the receipt reaches the inbox after commit
        response = client.post(
            TICKETS,
            {"purchase_token": itinerary["fare"]["purchase_token"]},
            format="json",
            HTTP_IDEMPOTENCY_KEY="trip-1",
            HTTP_X_IEUM_LANGUAGE=language,
        )
    assert response.status_code == 201, response.json()
    return response.json()


def _screens(client, ticket: dict, language: str) -> dict:
    """What the rider sees of the purchase on each screen, in ``language``."""
    header = {"HTTP_X_IEUM_LANGUAGE": language}
    return {
        "ticket": client.get(f"{TICKETS}{ticket['id']}/", **header).json(),
        "history": client.get(TICKETS, **header).json()["results"],
        "order": client.get(f"/api/v1/payments/orders/{ticket['order_id']}/", **header).json(),
        "inbox": client.get("/api/v1/notifications/", **header).json()["results"],
    }


def test_a_ticket_bought_in_korean_reads_in_english_on_an_english_phone(
    gimhae, auth_client, django_capture_on_commit_callbacks
):
    itinerary = _plan(auth_client, "ko")
    assert itinerary["legs"][-1]["to"]["name"] == "수로왕릉"
    ticket = _buy(auth_client, itinerary, "ko", django_capture_on_commit_callbacks)
    assert ticket["legs"][-1]["to_name"] == "수로왕릉"

    english = _screens(auth_client, ticket, "en")
    legs = english["ticket"]["legs"]
    assert legs[0]["from_name"].startswith("Bonghwang")  # the platform: "Bonghwang (for …)"
    assert legs[-1]["to_name"] == "Royal Tomb of King Suro"
    assert all(leg["to_name"] != "Destination" for leg in legs)
    assert "Royal Tomb of King Suro" in english["order"]["description"]
    assert english["inbox"][0]["body"].startswith("Ieum trip ticket Bonghwang (")
    assert "→ Royal Tomb of King Suro" in english["inbox"][0]["body"]
    for screen, body in english.items():
        assert not hangul_in(body), (screen, hangul_in(body))

    korean = _screens(auth_client, ticket, "ko")
    assert korean["ticket"]["legs"][-1]["to_name"] == "수로왕릉"
    assert korean["order"]["description"].startswith("이음 통합 승차권 봉황역")
    assert korean["order"]["description"].endswith("→ 수로왕릉")

    def words(legs):  # what a ticket shows (mode and kind are codes)
        return [[leg[k] for k in ("route", "from_name", "to_name", "explanation")] for leg in legs]

    shown = {
        "ticket": words(korean["ticket"]["legs"]),
        "history": [words(ticket["legs"]) for ticket in korean["history"]],
        "order": [korean["order"]["description"], [x["label"] for x in korean["order"]["lines"]]],
        "inbox": [[n["title"], n["body"]] for n in korean["inbox"]],
    }
    codes = (*CODES, korean["order"]["receipt_number"])
    for screen, texts in shown.items():
        assert not english_in(texts, allowed=codes), (screen, english_in(texts, allowed=codes))


def test_the_plans_fare_lines_are_in_one_language(gimhae, api_client):
    english = _plan(api_client, "en", rider_category="youth")
    fare = english["fare"]
    assert fare["rider_category_name"] == "Youth (13–18)"
    routes = [
        [leg["route"]["short_name"], leg["route"]["long_name"], leg["route"]["agency"]]
        for leg in english["legs"]
        if leg["route"]
    ]
    assert not hangul_in([fare, routes])
    assert not hangul_in([[leg["from"]["name"], leg["to"]["name"]] for leg in english["legs"]])

    korean = _plan(api_client, "ko", rider_category="youth")
    assert korean["fare"]["rider_category_name"] == "청소년 (13–18세)"
    texts = [korean["fare"]["rider_category_name"]] + [
        leg["explanation"] for leg in korean["fare"]["legs"]
    ]
    assert not english_in(texts, allowed=CODES), english_in(texts, allowed=CODES)


def test_plan_legs_name_the_operator_in_the_requests_language(gimhae, api_client):
    def operators(plan: dict) -> set[str]:
        return {leg["route"]["agency"] for leg in plan["legs"] if leg["route"]}

    assert operators(_plan(api_client, "en")) == {"Busan–Gimhae Light Rail"}
    assert operators(_plan(api_client, "ko")) == {"부산김해경전철"}
    # a bus leg: route 60, Bonghwang Station → Lotte Water Park
    bus = {"from_stop": "GH601", "to_stop": "GH603", "depart_at": _tomorrow_at_ten()}
    shown = {}
    for language in ("en", "ko"):
        response = api_client.get(PLAN, bus, HTTP_X_IEUM_LANGUAGE=language)
        assert response.status_code == 200, response.json()
        shown[language] = operators(response.json()["itineraries"][0])
    assert shown == {"en": {"Gimhae city bus (demo)"}, "ko": {"김해시 시내버스 (데모)"}}


def test_a_named_place_names_the_end_even_off_its_exact_point(gimhae, api_client):
    from apps.tourism.models import Place

    tomb = Place.objects.get(name_ko="수로왕릉", category="tourist_site")
    # a point 100 m away is not the place by itself; naming the place makes it so
    far = f"{tomb.lat + 0.0009:.6f},{tomb.lon:.6f}"
    plain = _plan(api_client, "en", to=far)
    assert plain["legs"][-1]["to"]["name"] == "Destination"
    named = _plan(api_client, "en", to=far, to_place=str(tomb.id))
    assert named["legs"][-1]["to"]["name"] == "Royal Tomb of King Suro"


def test_tickets_bought_before_keep_reading_in_both_languages(gimhae, user):
    import importlib

    from django.apps import apps
    from django.utils import translation

    from apps.transit.api.fare_serializers import TicketOutput
    from apps.transit.models import TripTicket

    now = timezone.now()
    old_leg = {
        "mode": "tram",
        "route_id": "BGL",
        "route": "경전철",
        "trip_id": "t",
        "kind": "fare",
        "amount_krw": 1500,
        "departure": now.isoformat(),
        "arrival": now.isoformat(),
        "explanation_ko": "경전철",
        "explanation_en": "Light rail",
    }
    ticket = TripTicket.objects.create(
        user=user,
        feed_name="gimhae-demo",
        rider_category="adult",
        legs=[
            old_leg | {"from": "BGL16", "from_name": "봉황역", "to": None, "to_name": "도착지"},
        ],
        total_krw=1500,
        idempotency_key="old",
        token_hash="x",
        departure_at=now,
        arrival_at=now,
        valid_from=now,
        valid_until=now,
    )
    migration = importlib.import_module("apps.transit.migrations.0006_ticket_names_ko_en")
    migration.forwards(apps, None)
    ticket.refresh_from_db()
    with translation.override("en"):
        leg = TicketOutput(ticket).data["legs"][0]
    assert (leg["route"], leg["from_name"], leg["to_name"]) == (
        "LRT",
        "Bonghwang Station",
        "Destination",
    )
    with translation.override("ko"):
        leg = TicketOutput(ticket).data["legs"][0]
    assert (leg["route"], leg["from_name"], leg["to_name"]) == ("경전철", "봉황역", "도착지")
