"""The web client's shared promises, end to end: every screen passes axe-core, fits a 320 px phone,
works in English, keeps tickets with their QR codes offline, asks before charging, lists every
payment, and follows the device's language rather than the account's."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    HANGUL,
    assert_accessible,
    assert_english,
    log_in,
    sign_up_here,
)
from tests.e2e.test_civic import civic_categories  # noqa: F401 (fixtures)
from tests.e2e.test_parking import parking_demo  # noqa: F401 (fixtures)
from tests.e2e.test_rentals import offline_map, rentals_demo  # noqa: F401 (fixtures)
from tests.e2e.test_transit import _next_weekday_morning, transit_demo  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WEEKDAY_MORNING = "2026-11-24T08:00"
PLAN = "from_stop=BGL16&from_name=봉황역&to_stop=BGL13&to_name=인제대역&when=depart&at={at}"


def _itinerary(at: str, *, names: tuple[str, str] = ("봉황역", "인제대역")) -> str:
    return (
        f"/services/trip/itinerary?from_stop=BGL16&from_name={names[0]}&to_stop=BGL13"
        f"&to_name={names[1]}&when=depart&at={at}&i=0"
    )


def _screen(page: Page, path: str, ready: str) -> None:
    page.goto(path)
    expect(page.locator(ready).first).to_be_visible()
    expect(page.locator("h1")).to_have_count(1)


def _buy(page: Page) -> None:
    page.get_by_test_id("buy-button").click()
    page.get_by_test_id("confirm-dialog").get_by_test_id("confirm-ok").click()
    expect(page).to_have_url(re.compile(r"/services/trip/tickets/[0-9a-f-]{36}$"))
    expect(page.get_by_test_id("ticket-qr")).to_be_visible()


def test_every_screen_passes_axe_and_has_one_heading(
    offline_map: Page,  # noqa: F811
    ieum_server,
    transit_demo,  # noqa: F811
    rentals_demo,  # noqa: F811
    parking_demo,  # noqa: F811
    civic_categories,  # noqa: F811
    screenshots,
):
    from apps.rentals.models import Station

    page = offline_map
    station = Station.objects.get(code="bonghwang-stn")
    guest = [
        ("home", "/", ".tiles"),
        ("login", "/login", "#phone"),
        ("settings", "/settings", "[data-testid=screen-language-setting]"),
        ("coming soon", "/services/welfare", ".coming-soon"),
        ("health (guest)", "/services/health", "[data-testid=login-needed]"),
        ("parking", "/services/parking", "[data-testid=lot]"),
        ("parking share", "/services/parking/share", "[data-testid=place]"),
        ("drt", "/services/drt", "[data-testid=login-needed]"),
        ("parcels", "/services/parcels", "[data-testid=login-needed]"),
        ("planner", f"/services/trip?{PLAN.format(at=WEEKDAY_MORNING)}", "[data-testid=itinerary]"),
        ("itinerary", _itinerary(WEEKDAY_MORNING), "[data-testid=legs]"),
        ("stop", f"/services/trip/stops/BGL16?at={WEEKDAY_MORNING}", "[data-testid=departure]"),
        ("route", "/services/trip/routes/BGL?stop=BGL16", "[data-testid=route-stops]"),
        ("alerts", "/services/trip/alerts", "main h1"),
        ("bikes map", "/services/bikes", "[data-testid=station]"),
        ("station", f"/services/bikes/stations/{station.id}", "[data-testid=vehicle]"),
        ("courses", "/services/bikes/courses", "main h1"),
        ("chat", "/services/chat", "[data-testid=chat-input]"),
        ("civil requests (guest)", "/services/chat/requests", "[data-testid=login-needed]"),
    ]
    for name, path, ready in guest:
        _screen(page, path, ready)
        assert_accessible(page, name)

    log_in(page, ieum_server, "010-5555-0701")
    mine = [
        ("home (logged in)", "/", "[data-testid=greeting]"),
        ("tickets", "/services/trip/tickets", "[data-testid=tickets]"),
        ("payments", "/payments", "[data-testid=orders]"),
        ("inbox", "/notifications", "main h1"),
        ("favourites", "/services/trip/favourites", "main h1"),
        ("ride history", "/services/bikes/history", "main h1"),
        ("parking bookings", "/services/parking/bookings", "[data-testid=bookings]"),
        ("parking host (no role)", "/services/parking/host", "[data-testid=host-role-needed]"),
        ("chat history", "/services/chat/history", "main h1"),
        ("civil requests", "/services/chat/requests", "[data-testid=new-request]"),
        ("civil request form", "/services/chat/requests/new", "[data-testid=request-form]"),
        ("settings (logged in)", "/settings", "[data-testid=message-language-setting]"),
    ]
    for name, path, ready in mine:
        _screen(page, path, ready)
        assert_accessible(page, name)

    # large-text mode: every screen follows one class on <html>
    page.goto("/settings")
    page.get_by_test_id("large-text").check()
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-text\b"))
    page.goto("/")
    expect(page.locator("html")).to_have_class(re.compile(r"\blarge-text\b"))
    size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert size >= 20, size
    expect(page.get_by_test_id("greeting")).to_be_visible()
    switch = page.get_by_test_id("language-switch")
    assert switch.evaluate("(el) => el.getBoundingClientRect().height") >= 56
    assert_accessible(page, "home (large text)")
    page.screenshot(path=screenshots / "client-large-text.png", full_page=True)


@pytest.mark.parametrize("width", [320, 375, 430, 1280])
def test_no_screen_scrolls_sideways_and_taps_are_44_px(
    offline_map: Page,  # noqa: F811
    transit_demo,  # noqa: F811
    rentals_demo,  # noqa: F811
    parking_demo,  # noqa: F811
    width,
    screenshots,
):
    page = offline_map
    page.set_viewport_size({"width": width, "height": 800})
    screens = [
        ("home", "/", ".tiles"),
        ("planner", f"/services/trip?{PLAN.format(at=WEEKDAY_MORNING)}", "[data-testid=itinerary]"),
        ("itinerary", _itinerary(WEEKDAY_MORNING), "[data-testid=legs]"),
        ("stop", f"/services/trip/stops/BGL16?at={WEEKDAY_MORNING}", "[data-testid=departure]"),
        ("bikes", "/services/bikes", "[data-testid=station]"),
        ("parking", "/services/parking", "[data-testid=lot]"),
        ("parking share", "/services/parking/share", "[data-testid=place]"),
        ("drt", "/services/drt", "[data-testid=login-needed]"),
        ("parcels", "/services/parcels", "[data-testid=login-needed]"),
        ("chat", "/services/chat", "[data-testid=chat-input]"),
        ("civil requests", "/services/chat/requests", "[data-testid=login-needed]"),
        ("settings", "/settings", "[data-testid=large-text]"),
        ("login", "/login", "#phone"),
    ]
    for name, path, ready in screens:
        _screen(page, path, ready)
        scroll = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll <= width, f"{name} at {width}px scrolls sideways ({scroll}px)"
        small = page.evaluate(
            """() => [...document.querySelectorAll(
                  'header a, header button, main button, main .button, main .chip, main input, main select, main a.back'
               )]
               .filter((el) => !el.closest('.leaflet-container') && el.type !== 'radio' && el.type !== 'checkbox')
               .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.height < 44; })
               .map((el) => `${el.tagName}.${el.className}: ${Math.round(el.getBoundingClientRect().height)}px`)"""
        )
        assert not small, f"{name} at {width}px: tap targets under 44 px: {small}"
        if width == 320:
            page.screenshot(path=screenshots / f"client-320-{name}.png", full_page=True)


def test_place_suggestions_list_each_place_once(offline_map: Page, transit_demo):  # noqa: F811
    page = offline_map
    page.goto("/services/trip")
    page.get_by_test_id("to-input").fill("김해")
    candidates = page.get_by_test_id("to-results").get_by_test_id("candidate")
    expect(candidates.first).to_be_visible()
    names = [c.locator("strong").inner_text() for c in candidates.all()]
    assert len(names) == len(set(names)), names


def test_one_search_on_home_finds_stops_places_and_tagogaya_stations(
    offline_map: Page,  # noqa: F811
    transit_demo,  # noqa: F811
    rentals_demo,  # noqa: F811
):
    page = offline_map
    page.goto("/")
    page.get_by_test_id("home-search").fill("봉황")
    hits = page.get_by_test_id("home-results")
    expect(hits.locator("[data-testid=home-hit][data-kind=stop]").first).to_be_visible()
    expect(hits.locator("[data-testid=home-hit][data-kind=station]").first).to_be_visible()
    page.get_by_test_id("home-search").fill("수로왕릉")
    expect(hits.locator("[data-testid=home-hit][data-kind=place]").first).to_be_visible()
    hits.locator("[data-testid=home-hit][data-kind=place]").first.click()
    expect(page).to_have_url(re.compile(r"/services/trip\?to=35\."))
    # tiles say plainly which services are not there yet
    page.goto("/")
    # live: trips, Tagogaya, campus bus, parking, health, chat, parcels; coming soon: welfare, tourism
    expect(page.locator("a.tile[data-live=true]")).to_have_count(7)
    expect(page.get_by_test_id("soon-badge")).to_have_count(2)


def test_a_stop_marks_live_predictions_and_timetable_times(
    offline_map: Page,  # noqa: F811
    transit_demo,  # noqa: F811
):
    page = offline_map
    page.goto(f"/services/trip/stops/BGL16?at={WEEKDAY_MORNING}")
    departure = page.get_by_test_id("departure").first
    # the demo feed has no live predictions for then: each time says it is the timetable
    expect(departure.get_by_test_id("time-source")).to_have_attribute("data-source", "scheduled")
    expect(departure.get_by_test_id("time-source")).to_have_text("시간표")


def test_in_english_a_ticket_and_a_ride_end_to_end(
    offline_map: Page,  # noqa: F811
    ieum_server,
    transit_demo,  # noqa: F811
    rentals_demo,  # noqa: F811
    screenshots,
):
    """English on this device from the first screen. The client's own text is checked for Hangul
    everywhere; names the server gives in Korean only are listed in `names` (proper names), and
    server-rendered strings still pending on the server side are listed in `pending` (each one
    asserted to be there, so the list shrinks when that work lands)."""
    from apps.payments.models import Order
    from apps.rentals.models import Rental, Station

    page = offline_map
    page.goto("/")
    page.evaluate("localStorage.setItem('ieum.language', 'en')")
    at = _next_weekday_morning()
    page.goto(_itinerary(at, names=("Bonghwang", "Inje University")))
    expect(page.get_by_test_id("fare-total")).to_have_text(re.compile(r"^KRW [\d,]+$"))
    assert_english(page, "itinerary")
    assert_accessible(page, "itinerary (en)")

    page.get_by_test_id("buy-login").click()
    sign_up_here(page, ieum_server, "010-5555-0702")
    expect(page.get_by_test_id("buy-button")).to_have_text("Buy a ticket for this trip")
    page.get_by_test_id("buy-button").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("This one ticket covers")
    assert_accessible(page, "purchase confirmation (en)")
    dialog.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("ticket-qr")).to_be_visible()
    expect(page.get_by_test_id("ticket-status")).to_have_text("Valid")
    assert Order.objects.count() == 1
    assert_english(page, "ticket")
    assert_accessible(page, "ticket (en)")
    page.screenshot(path=screenshots / "client-en-ticket.png", full_page=True)

    # a ride: the map, a station, unlock, ride, return, the receipt
    station = Station.objects.get(code="bonghwang-stn")
    museum = Station.objects.get(code="museum-stn")
    page.goto("/services/bikes")
    expect(page.get_by_test_id("station").first).to_be_visible()
    expect(page.locator(f"[data-testid=station][data-code={station.code}]")).to_contain_text(
        "5 bikes"
    )
    assert_english(page, page.url)
    page.goto(f"/services/bikes/stations/{station.id}")
    expect(page.get_by_test_id("unlock-form")).to_be_visible()
    assert_english(page, page.url)
    page.locator("#vehicle-code").fill("TG-0001")
    page.select_option("#return-place", f"station:{museum.id}")
    page.get_by_test_id("unlock").click()
    expect(page.get_by_test_id("rental-status")).to_have_text("Riding")
    assert_english(page, page.url)
    assert_accessible(page, "ride (en)")
    page.get_by_test_id("end-ride").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("TG-0001")
    dialog.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("receipt")).to_contain_text("Ride receipt")
    assert_english(page, page.url)
    assert_accessible(page, "receipt (en)")
    assert Rental.objects.get().status == Rental.Status.ENDED
    page.screenshot(path=screenshots / "client-en-receipt.png", full_page=True)

    # every payment of every service, in one list
    page.goto("/payments")
    orders = page.get_by_test_id("order")
    expect(orders).to_have_count(2)
    expect(page.get_by_test_id("orders")).to_contain_text("Trip ticket")
    expect(page.get_by_test_id("orders")).to_contain_text("Tagogaya")
    assert_accessible(page, "payments (en)")


def test_a_ticket_and_its_qr_stay_on_the_phone_offline(
    offline_map: Page,  # noqa: F811
    ieum_server,
    transit_demo,  # noqa: F811
    screenshots,
):
    from apps.payments.models import Order

    page = offline_map
    at = _next_weekday_morning()
    page.goto(_itinerary(at))
    page.get_by_test_id("buy-login").click()
    sign_up_here(page, ieum_server, "010-5555-0703")
    _buy(page)
    ticket_url = page.url
    total = page.get_by_test_id("ticket-total").inner_text()
    # the service worker holds the whole app shell before the network goes
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    page.goto("/services/trip/tickets")
    expect(page.get_by_test_id("ticket-item")).to_have_count(1)

    page.context.set_offline(True)
    page.goto(ticket_url)  # a reload with no network: the shell from the service worker
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    expect(page.get_by_test_id("stale")).to_be_visible()
    expect(page.get_by_test_id("ticket-total")).to_have_text(total)
    qr = page.get_by_test_id("ticket-qr")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/png")
    page.screenshot(path=screenshots / "client-offline-ticket.png", full_page=True)
    page.goto("/services/trip/tickets")
    expect(page.get_by_test_id("ticket-item")).to_have_count(1)
    # a search says it is offline, not that nothing matches
    page.goto("/services/trip")
    page.get_by_test_id("to-input").fill("인제")
    expect(page.get_by_test_id("search-failed")).to_contain_text("오프라인")

    # back online: the banner goes by itself and the screen loads from the network again
    page.context.set_offline(False)
    expect(page.get_by_test_id("offline-banner")).to_be_hidden(timeout=20_000)

    # my payments: the order, then its refund
    page.goto("/payments")
    expect(page.get_by_test_id("order")).to_have_count(1)
    expect(page.get_by_test_id("order-total")).to_have_text(total)
    page.goto(ticket_url)
    page.get_by_test_id("refund-button").click()
    page.get_by_test_id("confirm-dialog").get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("ticket-status")).to_have_text("환불됨")
    page.goto("/payments")
    expect(page.get_by_test_id("order-status")).to_have_attribute("data-status", "refunded")
    expect(page.get_by_test_id("order-refunded")).to_contain_text(total)
    page.get_by_test_id("order").click()
    expect(page.get_by_test_id("refund")).to_have_count(1)
    assert Order.objects.count() == 1

    # logging out wipes what was kept for offline
    page.goto("/settings")
    page.get_by_test_id("settings-logout").click()
    expect(page.get_by_test_id("login")).to_be_visible()
    kept = page.evaluate(
        "Object.keys(localStorage).filter((k) => k.startsWith('ieum.cache.') || k === 'ieum.session')"
    )
    assert kept == [], kept


def test_the_device_language_wins_over_the_account(page: Page, ieum_server):
    from apps.accounts.models import User

    # an account saved in English, on a phone whose screens are Korean
    log_in(page, ieum_server, "010-5555-0704")
    User.objects.filter(phone="+821055550704").update(preferred_language="en")
    with page.expect_request(re.compile(r"/api/v1/accounts/session/")) as request:
        page.reload()
    assert request.value.headers["x-ieum-language"] == "ko"
    assert request.value.headers["accept-language"] == "ko"
    expect(page.get_by_test_id("greeting")).to_contain_text("안녕하세요")
    expect(page.locator(".tiles")).to_contain_text("길찾기")
    page.wait_for_load_state("networkidle")
    expect(page.locator(".tiles")).to_contain_text("길찾기")  # not switched when /me/ came back

    # the device's switch to English changes the screens, not the account
    page.get_by_test_id("language-switch").click()
    expect(page.locator(".tiles")).to_contain_text("Trip planner")
    User.objects.filter(phone="+821055550704").update(preferred_language="ko")
    page.reload()
    expect(page.locator(".tiles")).to_contain_text("Trip planner")
    with page.expect_request(re.compile(r"/api/v1/")) as request:
        page.goto("/services/trip/tickets")
    assert request.value.headers["x-ieum-language"] == "en"
    assert not HANGUL.search(page.locator("main h1").inner_text())


def test_the_first_screen_draws_before_the_session_answers(
    offline_map: Page,  # noqa: F811
    ieum_server,
    rentals_demo,  # noqa: F811
):
    """The app starts from what the phone kept (an account, or nobody) rather than waiting for
    /session/; when the server then disagrees (the session ended elsewhere), it draws again."""
    from django.contrib.sessions.models import Session

    from apps.rentals.models import Station

    page = offline_map
    held = []

    def hold(route):
        held.append(route)

    page.route("**/api/v1/accounts/session/", hold)
    page.goto("/services/bikes")
    # a visitor: the stations and the log-in button are there while /session/ is still unanswered
    expect(page.get_by_test_id("station")).to_have_count(Station.objects.count())
    expect(page.get_by_test_id("login")).to_be_visible()
    assert len(held) == 1
    held.pop().continue_()
    page.unroute("**/api/v1/accounts/session/", hold)

    log_in(page, ieum_server, "010-5555-0705", back_to="/services/bikes")
    expect(page.get_by_test_id("history-link")).to_be_visible()
    # the session ends on the server (another device logged out, it expired)
    Session.objects.all().delete()
    page.route("**/api/v1/accounts/session/", hold)
    page.reload()
    # drawn at once for the account the phone kept …
    expect(page.get_by_test_id("history-link")).to_be_visible()
    expect(page.get_by_test_id("bell")).to_be_visible()
    held.pop().continue_()
    page.unroute("**/api/v1/accounts/session/", hold)
    # … and again, logged out, once the server says so; nothing of the account stays
    expect(page.get_by_test_id("login")).to_be_visible()
    expect(page.get_by_test_id("history-link")).to_be_hidden()
    assert page.evaluate("localStorage.getItem('ieum.session')") is None

    # with a kept account whose session has ended, the log-in screen waits for the server rather
    # than sending the person away as if logged in
    log_in(page, ieum_server, "010-5555-0706")
    Session.objects.all().delete()
    with page.expect_response("**/api/v1/accounts/session/"):
        page.goto("/login?next=/services/bikes")
    expect(page.get_by_test_id("login")).to_be_visible()  # the header heard the answer
    expect(page).to_have_url(re.compile(r"/login\?next="))
    expect(page.locator("#phone")).to_be_visible()
