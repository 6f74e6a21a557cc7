"""Park and ride in the trip planner's web screens: the toggle and return time on the planner, the
drive-park-walk leg on the itinerary (lot, expected free spaces, fee estimate settled on exit)."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, assert_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

OSM_TILES = re.compile(r"tile\.openstreetmap\.org")
WEEKDAY_MORNING = "2026-11-24T08:00"  # inside the demo calendar (see test_transit.py)
BACK_AT = "2026-11-24T18:30"
# Jangyu (beyond a walk from any stop) → near the light rail's south end
TRIP = (
    "/services/trip?from=35.192000,128.806000&from_name=Jangyu"
    "&to=35.193000,128.956000&to_name=Daejeo&when=depart&at=" + WEEKDAY_MORNING
)


@pytest.fixture
def park_and_ride_demo(transactional_db):
    from django.core.cache import cache

    from apps.parking import seed as parking_seed
    from apps.transit import seed as transit_seed

    cache.clear()
    transit_seed.run(io.StringIO())
    parking_seed.run(io.StringIO())


@pytest.fixture
def offline_map(page: Page) -> Page:
    page.route(OSM_TILES, lambda route: route.abort())
    return page


def _plan_with_the_car(page: Page) -> None:
    page.goto(TRIP)
    expect(page.get_by_test_id("park-until")).to_be_hidden()
    page.get_by_test_id("park-and-ride").check()
    expect(page.get_by_test_id("park-until")).to_be_visible()
    page.get_by_test_id("park-until").fill(BACK_AT)
    page.get_by_test_id("plan-submit").click()
    expect(page).to_have_url(re.compile(r"park_and_ride=1.*park_until=2026-11-24T18%3A30"))


def test_plan_a_park_and_ride_trip(offline_map: Page, ieum_server, park_and_ride_demo, screenshots):
    page = offline_map
    _plan_with_the_car(page)
    parked = page.get_by_test_id("itinerary").filter(
        has=page.locator("[data-testid=mode-chip][data-mode=park_and_ride]")
    )
    expect(parked.first).to_be_visible()
    expect(parked.first.locator("[data-mode=park_and_ride]").first).to_have_text("환승주차")
    assert_accessible(page, "trip planner with park and ride")
    page.screenshot(path=screenshots / "park-and-ride-planner.png", full_page=True)

    parked.first.click()
    expect(page).to_have_url(re.compile(r"/services/trip/itinerary\?.*park_and_ride=1"))
    leg = page.get_by_test_id("leg").filter(has=page.locator("[data-mode=park_and_ride]")).first
    expect(leg.get_by_test_id("leg-route")).to_contain_text(
        re.compile(r"주차장까지 운전 \d+분, 역까지 도보 [\d,.]+ ?(m|km)")
    )
    expect(leg.get_by_test_id("parkride-free")).to_have_text(
        re.compile(r"도착 때 예상 빈자리 \d+면")
    )
    expect(leg.get_by_test_id("parkride-fee")).to_contain_text(
        re.compile(r"예상 주차요금 [\d,]+원, 출차 시 정산")
    )
    fare = page.get_by_test_id("fare-leg").first
    expect(fare.locator(".fare-amount")).to_have_text("출차 시 정산")
    expect(fare.get_by_test_id("fare-explanation")).to_contain_text("승차권에 포함되지 않음")
    assert_accessible(page, "park-and-ride itinerary")
    page.screenshot(path=screenshots / "park-and-ride-itinerary.png", full_page=True)


def test_park_and_ride_in_english(offline_map: Page, ieum_server, park_and_ride_demo):
    page = offline_map
    page.goto("/")
    page.evaluate("localStorage.setItem('ieum.language', 'en')")
    _plan_with_the_car(page)
    parked = page.get_by_test_id("itinerary").filter(
        has=page.locator("[data-testid=mode-chip][data-mode=park_and_ride]")
    )
    expect(parked.first.locator("[data-mode=park_and_ride]").first).to_have_text("Park and ride")
    assert_english(page, "trip planner with park and ride")
    parked.first.click()
    leg = page.get_by_test_id("leg").filter(has=page.locator("[data-mode=park_and_ride]")).first
    expect(leg.get_by_test_id("leg-route")).to_contain_text(
        re.compile(r"^🅿 Drive to .+ \(\d+ min\)")
    )
    expect(leg.get_by_test_id("parkride-fee")).to_contain_text("settled on exit")
    assert_english(page, "park-and-ride itinerary")


def test_a_trip_ending_on_a_scooter_shows_the_pm_spots(
    offline_map: Page, ieum_server, park_and_ride_demo, screenshots
):
    """The screen's part: the plan answer is the server's, with its last leg turned into a scooter
    leg carrying pm_spots as the API gives them (apps/transit/tests/test_pm_spots.py covers the
    server's part; no PM operator feeds scooter legs into the demo yet)."""
    import json

    page = offline_map

    def on_scooter(route):
        answer = route.fetch()
        body = answer.json()
        for itinerary in body["itineraries"]:
            last = itinerary["legs"][-1]
            last["mode"] = "scooter"
            last["details"] = {
                "pm_spots": [
                    {"id": "00000000-0000-0000-0000-000000000001", "code": "demo-spot",
                     "name_ko": "대저역 틈새주차장", "name_en": "Daejeo Station niche spot",
                     "kind": "bus_stop", "lat": 35.194, "lon": 128.956, "distance_m": 120,
                     "capacity": 4, "free": 3},
                ]
            }  # fmt: skip
        route.fulfill(response=answer, body=json.dumps(body))

    page.route(re.compile(r"/api/v1/transit/plan/"), on_scooter)
    page.goto(
        "/services/trip/itinerary?from_stop=BGL16&to=35.193000,128.956000&to_name=Daejeo"
        f"&when=depart&at={WEEKDAY_MORNING}&i=0"
    )
    spots = page.get_by_test_id("pm-spots")
    expect(spots).to_contain_text("도착지 근처 킥보드 주차구역")
    expect(spots.get_by_test_id("pm-spot")).to_have_text("대저역 틈새주차장 120m · 빈자리 3")
    assert_accessible(page, "itinerary ending on a scooter")
    page.screenshot(path=screenshots / "pm-spots-itinerary.png", full_page=True)


def _host(ieum_server, page: Page, phone: str):
    from datetime import timedelta

    from django.utils import timezone

    from apps.accounts.models import User
    from apps.core.roles import Role, role_grant
    from apps.parking.tests.factories import HostFactory, PlaceFactory
    from apps.parking.tests.test_hosts_payouts_privacy import _paid
    from tests.e2e.helpers import e164, log_in

    log_in(page, ieum_server, phone, back_to="/services/parking")
    person = User.objects.get(phone=e164(phone))
    role_grant(user=person, role=Role.PARKING_HOST)
    host = HostFactory(user=person, name="Hwalcheon church")
    place = PlaceFactory(
        host=host, name="교회 마당", name_ko="교회 마당", name_en="Church yard", capacity=3,
        windows=[(0, "09:00", "18:00"), (1, "09:00", "18:00"), (6, "22:00", "07:00")],
    )  # fmt: skip
    _paid(place, amount=1500, paid_at=timezone.now() - timedelta(hours=1))
    return place


def test_a_host_sees_places_bookings_and_ledger_and_closes_a_day(
    page: Page, ieum_server, transactional_db, screenshots
):
    place = _host(ieum_server, page, "010-5555-2201")
    page.goto("/services/parking")
    page.get_by_test_id("host-link").click()
    expect(page).to_have_url(re.compile(r"/services/parking/host$"))
    card = page.get_by_test_id("host-place")
    expect(card).to_contain_text("교회 마당")
    expect(card.get_by_test_id("host-windows")).to_contain_text("월 화 09:00–18:00")
    expect(card.get_by_test_id("host-windows")).to_contain_text("일 22:00–07:00 (다음 날)")
    expect(page.get_by_test_id("host-booking")).to_contain_text("1,500원")
    month = page.get_by_test_id("ledger-month").first
    expect(month).to_contain_text("1,500원")
    assert_accessible(page, "parking host")

    card.get_by_test_id("closed-date").fill("2030-01-01")
    card.get_by_test_id("closed-note").fill("New Year")
    card.get_by_test_id("closed-submit").click()
    expect(card.get_by_test_id("host-exception")).to_have_text("2030-01-01 · 휴무 · New Year")
    assert place.exceptions.filter(closed=True).count() == 1
    page.screenshot(path=screenshots / "parking-host.png", full_page=True)

    page.evaluate("localStorage.setItem('ieum.language', 'en')")
    page.reload()
    expect(page.get_by_test_id("host-place")).to_contain_text("Church yard")
    expect(page.get_by_test_id("ledger-table")).to_contain_text("Payable")
    assert_english(page, "parking host")


def test_the_host_screen_needs_the_role(page: Page, ieum_server, transactional_db):
    from tests.e2e.helpers import log_in

    log_in(page, ieum_server, "010-5555-2202", back_to="/services/parking/host")
    page.goto("/services/parking/host")
    expect(page.get_by_test_id("host-role-needed")).to_be_visible()


def test_a_host_lists_a_new_place_from_the_host_screen(
    page: Page, ieum_server, transactional_db, screenshots
):
    from apps.parking.models import SharedPlace

    place = _host(ieum_server, page, "010-5555-2203")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/services/parking/host")
    expect(page.get_by_test_id("host-place")).to_have_count(1)
    page.get_by_test_id("new-place-open").click()

    # nothing chosen yet: the form says what is missing and nothing is listed
    page.get_by_test_id("place-submit").click()
    expect(page.get_by_test_id("place-error")).to_have_text("장소 이름을 적으세요.")
    page.get_by_test_id("place-name-ko").fill("삼방초 운동장")
    page.get_by_test_id("place-submit").click()
    expect(page.get_by_test_id("place-error")).to_have_text("지도에서 장소의 위치를 고르세요.")
    assert SharedPlace.objects.filter(host=place.host).count() == 1

    page.get_by_test_id("place-name-en").fill("Sambang school yard")
    map_box = page.get_by_test_id("place-map")
    expect(map_box.locator(".leaflet-container, .leaflet-pane").first).to_be_attached()
    map_box.click(position={"x": 195, "y": 110})
    expect(page.get_by_test_id("place-point")).to_contain_text("선택한 위치")
    expect(page.get_by_test_id("place-error")).to_have_count(0)
    page.get_by_test_id("place-capacity").fill("4")
    page.get_by_test_id("place-price").fill("300")
    page.get_by_test_id("place-start").fill("18:00")
    page.get_by_test_id("place-end").fill("08:00")
    assert_accessible(page, "parking host new place")
    page.screenshot(path=screenshots / "parking-host-new-place.png", full_page=True)
    page.get_by_test_id("place-submit").click()

    card = page.get_by_test_id("host-place").filter(has_text="삼방초 운동장")
    expect(card.get_by_test_id("host-windows")).to_contain_text(
        "월 화 수 목 금 18:00–08:00 (다음 날)"
    )
    listed = SharedPlace.objects.get(host=place.host, name_ko="삼방초 운동장")
    assert (listed.name_en, listed.capacity, listed.unit_minutes, listed.unit_krw) == (
        "Sambang school yard",
        4,
        30,
        300,
    )
    assert sorted(listed.windows.values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    assert 35.0 < listed.lat < 35.5 and 128.6 < listed.lon < 129.1
    # the form is empty again for the next place
    expect(page.get_by_test_id("place-name-ko")).to_have_value("")

    page.evaluate("localStorage.setItem('ieum.language', 'en')")
    page.reload()
    page.get_by_test_id("new-place-open").click()
    expect(page.get_by_test_id("new-place-form")).to_contain_text("Days it is lent")
    assert_english(page, "parking host new place")
