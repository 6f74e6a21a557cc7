"""The trip planner and live buses in the web client, end to end, on the Gimhae demo feed."""

from __future__ import annotations

import io
import os
import re
import threading
import time

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OSM_TILES = re.compile(r"tile\.openstreetmap\.org")
# a weekday morning inside the demo calendar (WD runs Monday–Friday, 2025–2027)
WEEKDAY_MORNING = "2026-11-24T08:00"


@pytest.fixture
def transit_demo(transactional_db):
    """The Gimhae demo feed (light rail + demo buses) and the tourism places in the test DB."""
    from apps.tourism import seed as tourism_seed
    from apps.transit import seed

    seed.run(io.StringIO())
    tourism_seed.run(io.StringIO())


@pytest.fixture
def offline_map(page: Page) -> Page:
    page.route(OSM_TILES, lambda route: route.abort())
    return page


def _publish_in_thread(publish, **kwargs) -> None:
    from django.db import connections

    try:
        publish(**kwargs)
    finally:
        connections.close_all()


def _choose(page: Page, end: str, text: str, kind: str = "station") -> None:
    page.get_by_test_id(f"{end}-input").fill(text)
    page.get_by_test_id(f"{end}-results").locator(
        f"[data-testid=candidate][data-kind={kind}]"
    ).first.click()


def test_plan_a_trip_between_two_light_rail_stations(offline_map: Page, transit_demo, screenshots):
    page = offline_map
    page.goto("/")
    page.locator("a.tile[data-service=trip]").click()
    expect(page).to_have_url(re.compile(r"/services/trip$"))
    expect(page.locator(".leaflet-container")).to_be_visible()

    page.get_by_test_id("at").fill(WEEKDAY_MORNING)
    _choose(page, "from", "봉황")
    expect(page.get_by_test_id("from-input")).to_have_value("봉황역")
    _choose(page, "to", "인제대")
    expect(page.get_by_test_id("to-input")).to_have_value("인제대역")

    itineraries = page.get_by_test_id("itinerary")
    expect(itineraries.first).to_be_visible()
    first = itineraries.first
    expect(first.get_by_test_id("itinerary-times")).to_have_text(re.compile(r"^08:\d\d → 08:\d\d$"))
    expect(first.get_by_test_id("mode-chip").first).to_have_text("경전철")
    expect(first.get_by_test_id("itinerary-transfers")).to_have_text("환승 없음")
    expect(first.get_by_test_id("itinerary-fare")).to_have_text(re.compile(r"^[\d,]+원$"))
    # the plan is in the address: a reload shows the same list
    expect(page).to_have_url(re.compile(r"from_stop=BGL16.*to_stop=BGL13"))
    page.screenshot(path=screenshots / "transit-planner.png", full_page=True)

    first.click()
    expect(page).to_have_url(re.compile(r"/services/trip/itinerary\?.*i=0"))
    expect(page.locator("#itinerary-title")).to_have_text("봉황역 → 인제대역")
    leg = page.get_by_test_id("leg").filter(has=page.locator("[data-mode=tram]")).first
    expect(leg.get_by_test_id("leg-route")).to_contain_text("부산김해경전철")
    expect(leg.get_by_test_id("leg-headsign")).to_contain_text("사상 방면")
    expect(leg.get_by_test_id("leg-from")).to_contain_text("봉황역")
    expect(leg.get_by_test_id("leg-to")).to_contain_text("인제대역")
    # the stops in between are folded away until asked for
    between = leg.get_by_test_id("intermediate")
    expect(between.locator("li").first).not_to_be_visible()
    between.locator("summary").click()
    expect(between).to_contain_text("김해시청역")
    # the fare, explained per leg
    fare = page.get_by_test_id("fare")
    expect(fare.get_by_test_id("fare-total")).to_have_text(re.compile(r"^[\d,]+원$"))
    expect(fare.get_by_test_id("fare-explanation").first).not_to_be_empty()
    # each leg is drawn on the map
    expect(page.locator("path.leg-line").first).to_be_attached()
    page.screenshot(path=screenshots / "transit-itinerary.png", full_page=True)

    # in English too
    page.get_by_test_id("language-switch").click()
    expect(leg.get_by_test_id("leg-headsign")).to_contain_text("towards")
    expect(page.get_by_test_id("legs")).to_contain_text("Busan–Gimhae Light Rail")

    # back to the same list
    page.go_back()
    expect(page).to_have_url(re.compile(r"/services/trip\?"))
    expect(page.get_by_test_id("itinerary").first).to_be_visible()
    expect(page.get_by_test_id("from-input")).to_have_value("봉황역")


def test_a_trip_to_a_place_found_by_name(offline_map: Page, transit_demo):
    page = offline_map
    page.goto("/services/trip")
    page.get_by_test_id("at").fill(WEEKDAY_MORNING)
    _choose(page, "from", "김해시청")
    page.get_by_test_id("to-input").fill("수로왕릉")
    place = page.get_by_test_id("to-results").locator(
        "[data-testid=candidate][data-source=place]", has_text="수로왕릉"
    )
    expect(place.first).to_be_visible()
    place.first.click()
    expect(page).to_have_url(re.compile(r"to=35\.\d+%2C128\.\d+"))
    expect(page.get_by_test_id("itinerary").first).to_be_visible()


def test_a_stop_page_shows_departures_and_opens_the_route(
    offline_map: Page, transit_demo, screenshots
):
    page = offline_map
    page.goto(f"/services/trip/stops/BGL16?at={WEEKDAY_MORNING}")
    expect(page.get_by_test_id("stop-name")).to_have_text("봉황역")
    departures = page.get_by_test_id("departure")
    expect(departures.first).to_be_visible()
    expect(departures.first.get_by_test_id("scheduled")).to_contain_text("시간표 08:0")
    expect(page.get_by_test_id("stop-routes")).to_contain_text("경전철")
    page.screenshot(path=screenshots / "transit-stop.png", full_page=True)

    departures.first.click()
    expect(page).to_have_url(re.compile(r"/services/trip/routes/BGL\?stop=BGL16"))
    expect(page.get_by_test_id("route-name")).to_have_text("부산김해경전철")
    expect(page.get_by_test_id("route-stops").locator("li")).to_have_count(21)
    expect(page.get_by_test_id("route-stop-here")).to_contain_text("봉황역")
    expect(page.get_by_test_id("route-live")).to_have_class(re.compile(r"\bopen\b"))
    page.screenshot(path=screenshots / "transit-route.png", full_page=True)


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="a push from the test process reaches the server only through Redis "
    "(the in-memory channel layer and cache are per process)",
)
def test_a_live_prediction_is_pushed_to_the_stop_page(offline_map: Page, transit_demo, screenshots):
    from apps.transit.realtime import predictions
    from apps.transit.realtime.types import Arrival
    from apps.transit.selectors import feed_get_live

    page = offline_map
    page.goto("/services/trip/stops/BGL16")
    expect(page.get_by_test_id("stop-live")).to_have_class(re.compile(r"\bopen\b"))
    departure = page.get_by_test_id("departure").first
    expect(departure).to_be_visible()
    trip_id = departure.get_attribute("data-trip")
    platform = departure.get_attribute("href").split("at=")[-1]
    page.evaluate("window.__sameDocument = true")

    now = int(time.time())
    feed = feed_get_live()
    # in a thread of its own: the push goes through async_to_sync, which refuses to run beside
    # Playwright's event loop
    publish = threading.Thread(
        target=_publish_in_thread,
        args=(predictions.live_publish,),
        kwargs=dict(
            feed=feed,
            arrivals=[
                Arrival(
                    stop_id=platform,
                    route_id="BGL",
                    route_short_name="경전철",
                    arrival=now + 180,
                    source="simulator",
                    trip_id=trip_id,
                    scheduled=now + 60,
                    delay_s=120,
                )
            ],
            vehicles=[],
            now=now,
            notify=False,
        ),
    )
    publish.start()
    publish.join(timeout=30)
    live = page.locator(f"[data-testid=departure][data-trip='{trip_id}']")
    expect(live.get_by_test_id("predicted")).to_be_visible()
    expect(live.get_by_test_id("until")).to_have_text(re.compile(r"^[23]분 후$"))
    assert page.evaluate("window.__sameDocument") is True  # pushed, not reloaded
    page.screenshot(path=screenshots / "transit-live.png", full_page=True)


# --- favourites, service alerts and trip tickets (issue 3) ---------------------------------------


def _e164(local: str) -> str:
    return "+82" + local.replace("-", "")[1:]


def _log_in_via(page: Page, server, link_testid: str, local_phone: str) -> None:
    """Follow the page's log-in link, sign up with the texted code, and come back to the page."""
    here = page.url
    page.get_by_test_id(link_testid).click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    offset = server.log_size()
    page.locator("#phone").fill(local_phone)
    page.locator("form button[type=submit]").click()
    expect(page.locator("#code")).to_be_visible()
    code = server.sms_code(_e164(local_phone), after=offset)
    page.locator("input[name=agree-all]").check()
    page.locator("#code").fill(code)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(here)
    expect(page.get_by_test_id("bell")).to_be_visible()


def _next_weekday_morning() -> str:
    """08:00 Gimhae time on the next weekday after today: a trip that has not left yet."""
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    day = datetime.now(ZoneInfo("Asia/Seoul")).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return f"{day.isoformat()}T08:00"


def test_favourite_a_stop_and_see_it_in_the_favourites_list(
    offline_map: Page, ieum_server, transit_demo, screenshots
):
    from apps.transit.models import FavouriteStop

    page = offline_map
    page.goto("/services/trip/stops/BGL16")
    expect(page.get_by_test_id("stop-name")).to_have_text("봉황역")
    # logged out: the star is a way to log in and come back
    _log_in_via(page, ieum_server, "favourite-login", "010-5555-0301")

    toggle = page.get_by_test_id("favourite-toggle")
    expect(toggle).to_have_attribute("aria-pressed", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_test_id("favourite")).to_contain_text("즐겨찾기에 추가했어요")
    page.get_by_test_id("notify-minutes").select_option("5")
    expect(page.get_by_test_id("favourite")).to_contain_text("5분 안에 도착하면")
    favourite = FavouriteStop.objects.get(stop_id="BGL16")
    assert favourite.notify_minutes == 5
    page.screenshot(path=screenshots / "transit2-stop-favourite.png", full_page=True)

    # the list is reachable from the planner, with the stop's next departures
    page.goto("/services/trip")
    page.get_by_test_id("favourites-link").click()
    expect(page).to_have_url(re.compile(r"/services/trip/favourites$"))
    item = page.get_by_test_id("fav-item")
    expect(item).to_have_count(1)
    expect(item.get_by_test_id("fav-name")).to_have_text("봉황역")
    expect(item.get_by_test_id("notify-minutes")).to_have_value("5")
    expect(item.get_by_test_id("fav-departures").locator("li").first).not_to_have_text(
        "불러오는 중…"
    )
    page.screenshot(path=screenshots / "transit2-favourites.png", full_page=True)

    # removing it from the list
    item.get_by_test_id("fav-remove").click()
    expect(page.get_by_test_id("no-favourites")).to_be_visible()
    assert not FavouriteStop.objects.filter(stop_id="BGL16").exists()


def test_an_alert_for_the_stop_shows_as_a_banner(
    offline_map: Page, ieum_server, transit_demo, screenshots
):
    from apps.transit.models import ServiceAlert, ServiceAlertEntity

    here = ServiceAlert.objects.create(
        header_ko="봉황역 승강장 공사",
        header_en="Works on the Bonghwang platform",
        description_ko="엘리베이터를 이용할 수 없어요.",
        description_en="The lift is out of service.",
        cause=ServiceAlert.Cause.CONSTRUCTION,
        effect=ServiceAlert.Effect.ACCESSIBILITY_ISSUE,
    )
    ServiceAlertEntity.objects.create(alert=here, stop_id="BGL16")
    elsewhere = ServiceAlert.objects.create(
        header_ko="다른 역 안내", header_en="Another station's notice"
    )
    ServiceAlertEntity.objects.create(alert=elsewhere, stop_id="NOWHERE-STOP")

    page = offline_map
    page.goto("/services/trip/stops/BGL16")
    banner = page.get_by_test_id("alerts-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("봉황역 승강장 공사")
    expect(banner).not_to_contain_text("다른 역 안내")
    page.screenshot(path=screenshots / "transit2-alert-banner.png", full_page=True)

    banner.get_by_test_id("alerts-link").click()
    expect(page).to_have_url(re.compile(r"/services/trip/alerts$"))
    expect(page.get_by_test_id("alert")).to_have_count(2)
    expect(page.get_by_test_id("alerts")).to_contain_text("엘리베이터를 이용할 수 없어요.")

    page.get_by_test_id("language-switch").click()
    expect(page.get_by_test_id("alerts")).to_contain_text("Works on the Bonghwang platform")


def test_buy_a_light_rail_trip_once_see_its_qr_and_refund_it(
    offline_map: Page, ieum_server, transit_demo, screenshots
):
    from apps.payments.models import Order
    from apps.transit.models import TripTicket

    page = offline_map
    at = _next_weekday_morning()
    page.goto(
        "/services/trip/itinerary?from_stop=BGL16&from_name=봉황역&to_stop=BGL13"
        f"&to_name=인제대역&when=depart&at={at}&i=0"
    )
    expect(page.get_by_test_id("fare-total")).to_have_text(re.compile(r"^[\d,]+원$"))
    total = page.get_by_test_id("fare-total").inner_text()
    # buying needs a login, which comes back to the itinerary
    _log_in_via(page, ieum_server, "buy-login", "010-5555-0302")

    buy = page.get_by_test_id("buy-button")
    expect(buy).to_be_visible()
    # nothing is charged before the person confirms the amount and what it covers
    buy.click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog.get_by_test_id("confirm-amount")).to_have_text(total)
    expect(dialog.get_by_test_id("confirm-legs")).to_contain_text("봉황역")
    dialog.get_by_test_id("confirm-cancel").click()
    expect(dialog).to_have_count(0)
    page.wait_for_load_state("networkidle")
    assert Order.objects.count() == 0
    assert TripTicket.objects.count() == 0

    buy.evaluate("button => { button.click(); button.click(); }")  # a double tap
    expect(page.get_by_test_id("confirm-dialog")).to_have_count(1)  # one question, not two
    page.screenshot(path=screenshots / "transit2-confirm.png", full_page=True)
    page.get_by_test_id("confirm-ok").click()
    expect(page).to_have_url(re.compile(r"/services/trip/tickets/[0-9a-f-]{36}$"))
    ticket = page.get_by_test_id("ticket")
    expect(ticket.get_by_test_id("ticket-status")).to_have_text("사용 가능")
    expect(ticket.get_by_test_id("ticket-total")).to_have_text(total)
    expect(ticket.get_by_test_id("ticket-leg").first).to_contain_text("봉황역")
    qr = ticket.get_by_test_id("ticket-qr")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/png")
    assert Order.objects.count() == 1
    assert TripTicket.objects.count() == 1
    page.screenshot(path=screenshots / "transit2-ticket.png", full_page=True)

    page.get_by_test_id("refund-button").click()
    page.get_by_test_id("confirm-dialog").get_by_test_id("confirm-ok").click()
    expect(ticket.get_by_test_id("ticket-status")).to_have_text("환불됨")
    expect(page.get_by_test_id("refund-button")).to_have_count(0)
    assert TripTicket.objects.get().status == TripTicket.Status.REFUNDED
    assert Order.objects.count() == 1

    page.get_by_role("link", name=re.compile("내 승차권")).click()
    expect(page).to_have_url(re.compile(r"/services/trip/tickets$"))
    expect(page.get_by_test_id("ticket-item")).to_have_count(1)
    expect(page.get_by_test_id("ticket-item").get_by_test_id("ticket-status")).to_have_text(
        "환불됨"
    )


def test_an_ebike_leg_names_its_stations_and_links_to_tagogaya(
    offline_map: Page, ieum_server, transit_demo, screenshots
):
    from apps.rentals import seed as rentals_seed

    rentals_seed.run(io.StringIO())
    page = offline_map
    # 수로왕비릉 (a Tagogaya station ~700 m from the light rail) → the light rail's Busan end
    page.goto(
        "/services/trip/itinerary?from=35.2447,128.8775&from_name=수로왕비릉"
        f"&to=35.1622791,128.9859394&to_name=사상&when=depart&at={WEEKDAY_MORNING}&i=0"
    )
    bike = page.get_by_test_id("leg").filter(has=page.locator("[data-mode=ebike]")).first
    expect(bike.get_by_test_id("leg-route")).to_contain_text(
        re.compile(r"타고가야 전기자전거: .+ → .+, \d+분")
    )
    station = bike.get_by_test_id("ebike-station").first
    expect(station).to_have_attribute(
        "href", re.compile(r"^/services/bikes/stations/[0-9a-f-]{36}$")
    )
    page.screenshot(path=screenshots / "transit2-ebike.png", full_page=True)
    station.click()
    expect(page).to_have_url(re.compile(r"/services/bikes/stations/[0-9a-f-]{36}$"))
