"""Tagogaya in the web client, end to end: the live map, renting, riding, returning, the receipt."""

from __future__ import annotations

import io
import json
import re
import struct
import urllib.request
import zlib

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_web_client import _request_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HANGUL = re.compile(r"[가-힣]")
OSM_TILES = re.compile(r"tile\.openstreetmap\.org")


def _png() -> bytes:
    """A real 1×1 PNG (the server reads the file's first bytes, not its name)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x16\xa3\x4a"))
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def rentals_demo(transactional_db):
    """The demo fleet (stations, niche spots, bikes TG-0001…, scooters, zones) in the test DB."""
    from apps.rentals import seed

    seed.run(io.StringIO())


@pytest.fixture
def offline_map(page: Page) -> Page:
    """No internet here: OpenStreetMap tiles are refused, the map still draws its markers."""
    page.route(OSM_TILES, lambda route: route.abort())
    return page


def _end_ride(page: Page) -> None:
    """End the ride: the confirmation names the running price, then it is charged."""
    page.get_by_test_id("end-ride").click()
    dialog = page.get_by_test_id("confirm-dialog")
    expect(dialog.get_by_test_id("confirm-amount")).to_have_text(re.compile(r"[\d,]+|…"))
    dialog.get_by_test_id("confirm-ok").click()
    expect(dialog).to_have_count(0)


def _log_in_from_here(page: Page, server, local_phone: str) -> None:
    """Follow the page's "log in to ride" link, sign up with the texted code, and come back."""
    here = page.url
    page.get_by_test_id("login-needed").get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/login\?next="))
    code = _request_code(page, server, local_phone)
    page.locator("input[name=agree-all]").check()
    page.locator("#code").fill(code)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(here)
    expect(page.get_by_test_id("bell")).to_be_visible()


def test_a_full_ride_from_the_map_to_the_receipt(
    offline_map: Page, ieum_server, rentals_demo, screenshots
):
    from apps.rentals.models import Rental, Station, Vehicle

    page = offline_map
    bonghwang = Station.objects.get(code="bonghwang-stn")
    suro = Station.objects.get(code="suro-stn")
    museum = Station.objects.get(code="museum-stn")

    page.goto("/")
    page.locator("a.tile[data-service=bikes]").click()
    expect(page).to_have_url(re.compile(r"/services/bikes$"))
    expect(page.locator(".leaflet-container")).to_be_visible()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text(
        "© OpenStreetMap contributors"
    )
    # one count marker per station, one circle per niche spot
    expect(page.locator(".marker-count")).to_have_count(Station.objects.count())
    expect(page.locator("path.leaflet-interactive")).to_have_count(6)
    # no tiles: a chip in the corner says so, and covers none of the markers
    chip = page.get_by_test_id("map-unavailable")
    expect(chip).to_have_text("지도 배경 없음(오프라인)")
    box = chip.bounding_box()
    for marker in page.locator(".marker-count").all():
        spot = marker.bounding_box()
        assert box and spot
        assert (
            spot["x"] + spot["width"] <= box["x"]
            or spot["x"] >= box["x"] + box["width"]
            or spot["y"] + spot["height"] <= box["y"]
            or spot["y"] >= box["y"] + box["height"]
        ), "the offline chip covers a station marker"
    item = page.locator(f"[data-testid=station][data-code={bonghwang.code}]")
    expect(item.get_by_test_id("bikes-available")).to_have_text("자전거 5대")
    expect(item.get_by_test_id("docks-available")).to_have_text("빈 거치대 7")
    expect(page.get_by_test_id("spot-list")).to_contain_text("주차 2/6")
    page.screenshot(path=screenshots / "rentals-map.png", full_page=True)

    item.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/services/bikes/stations/{bonghwang.id}$"))
    expect(page.get_by_test_id("station-name")).to_have_text("봉황역")
    expect(page.get_by_test_id("vehicle")).to_have_count(5)
    first = page.locator("[data-testid=vehicle][data-code=TG-0001]")
    expect(first).to_contain_text("배터리")
    expect(first).to_contain_text("km")
    expect(page.get_by_test_id("price-summary")).to_contain_text("500원")

    # riding needs a login, which comes back here
    _log_in_from_here(page, ieum_server, "010-5555-0401")
    expect(page.get_by_test_id("unlock-form")).to_be_visible()

    page.locator("#vehicle-code").fill("tg-0001")
    page.select_option("#return-place", f"station:{suro.id}")
    page.get_by_test_id("unlock").click()
    expect(page).to_have_url(re.compile(r"/services/bikes/ride/[0-9a-f-]{36}$"))
    expect(page.get_by_test_id("rental-status")).to_have_text("이용 중")
    expect(page.get_by_test_id("ride-timer")).to_have_text(re.compile(r"^0:0\d$"))
    expect(page.get_by_test_id("running-price")).to_have_text("500원")
    expect(page.get_by_test_id("return-place-current")).to_contain_text("수로왕릉역")
    rental = Rental.objects.get(vehicle__code="TG-0001")
    assert rental.status == Rental.Status.ACTIVE and rental.return_station_id == suro.id
    # the timer runs
    expect(page.get_by_test_id("ride-timer")).not_to_have_text("0:00")
    expect(page.get_by_test_id("ride-timer")).to_have_text(re.compile(r"^0:\d\d$"))

    # the return place changes during the ride
    page.select_option("#return-place", f"station:{museum.id}")
    page.get_by_test_id("change-return").click()
    expect(page.get_by_test_id("return-place-current")).to_contain_text("박물관역")
    expect(page.get_by_test_id("notice")).to_be_visible()
    page.screenshot(path=screenshots / "rentals-ride.png", full_page=True)

    _end_ride(page)
    expect(page).to_have_url(re.compile(rf"/services/bikes/rentals/{rental.id}$"))
    receipt = page.get_by_test_id("receipt")
    expect(receipt.get_by_test_id("receipt-total")).to_have_text("500원")
    expect(receipt.get_by_test_id("receipt-place")).to_have_text("박물관역")
    expect(receipt.get_by_test_id("payment-status")).to_have_text("결제 완료")
    rental.refresh_from_db()
    assert rental.status == Rental.Status.ENDED and rental.end_station_id == museum.id
    assert rental.order_id is not None
    expect(receipt.get_by_test_id("order-id")).to_have_text(str(rental.order_id))
    assert Vehicle.objects.get(code="TG-0001").station_id == museum.id
    page.screenshot(path=screenshots / "rentals-receipt.png", full_page=True)

    receipt.get_by_test_id("history-link").click()
    expect(page).to_have_url(re.compile(r"/services/bikes/history$"))
    ride = page.get_by_test_id("ride")
    expect(ride).to_have_count(1)
    expect(ride).to_contain_text("TG-0001")
    expect(ride).to_contain_text("반납 완료")
    expect(ride).to_contain_text("500원")
    page.screenshot(path=screenshots / "rentals-history.png", full_page=True)

    # and the receipt reached the notification inbox
    expect(page.get_by_test_id("unread-badge")).to_be_visible()
    page.get_by_test_id("bell").click()
    expect(page.get_by_test_id("inbox")).to_contain_text("타고가야 이용 영수증")


def test_a_refused_return_says_why_in_the_language_on_screen(
    offline_map: Page, ieum_server, rentals_demo, screenshots
):
    from apps.rentals.models import NicheSpot, Rental, Station

    page = offline_map
    spot = NicheSpot.objects.get(code="kaya-univ-bikes")
    museum = Station.objects.get(code="museum-stn")
    page.context.grant_permissions(["geolocation"], origin=ieum_server.url)
    page.context.set_geolocation({"latitude": museum.lat, "longitude": museum.lon})

    page.goto(f"/services/bikes/stations/{museum.id}")
    _log_in_from_here(page, ieum_server, "010-5555-0402")

    # reserve first: the hold counts down, then unlock it from there
    page.locator("[data-testid=vehicle]").first.get_by_test_id("reserve").click()
    expect(page).to_have_url(re.compile(r"/services/bikes/ride/[0-9a-f-]{36}$"))
    expect(page.get_by_test_id("rental-status")).to_have_text("예약 중")
    expect(page.get_by_test_id("hold-countdown")).to_contain_text(re.compile(r"[89]:\d\d"))
    page.get_by_test_id("unlock-reserved").click()
    expect(page.get_by_test_id("rental-status")).to_have_text("이용 중")

    # a niche spot as the return place, but the rider is far from it
    page.select_option("#return-place", f"spot:{spot.id}")
    page.get_by_test_id("change-return").click()
    expect(page.get_by_test_id("return-place-current")).to_contain_text("가야대역 자전거 주차장")
    expect(page.get_by_test_id("return-photo")).to_have_attribute("accept", "image/*")
    expect(page.get_by_test_id("return-photo")).to_have_attribute("capture", "environment")
    _end_ride(page)
    error = page.get_by_test_id("error")
    expect(error).to_have_attribute("data-code", "rentals.not_at_return_place")
    message = error.locator("p").first.inner_text()
    assert HANGUL.search(message) and "m" in message, message
    expect(error.get_by_test_id("suggestions").locator("li").first).to_be_visible()
    page.screenshot(path=screenshots / "rentals-refused-far.png", full_page=True)

    # at the spot, but without a photo
    page.context.set_geolocation({"latitude": spot.lat, "longitude": spot.lon})
    _end_ride(page)
    expect(error).to_have_attribute("data-code", "rentals.photo_required")
    korean = error.locator("p").first.inner_text()
    assert HANGUL.search(korean), korean
    page.screenshot(path=screenshots / "rentals-refused-photo.png", full_page=True)

    page.get_by_test_id("language-switch").click()
    expect(page.get_by_test_id("rental-status")).to_have_text("Riding")
    _end_ride(page)
    expect(error).to_have_attribute("data-code", "rentals.photo_required")
    page.wait_for_load_state("networkidle")
    expect(error).to_have_attribute("data-code", "rentals.photo_required")
    message = error.locator("p").first.inner_text()
    # the device's English wins over the account's Korean (X-Ieum-Language)
    assert not HANGUL.search(message) and "photo" in message.lower(), message
    rental = Rental.objects.get(user__phone="+821055550402")
    assert rental.status == Rental.Status.ACTIVE  # a refusal changes nothing

    # with the photo the ride ends at the spot
    page.get_by_test_id("return-photo").set_input_files(
        {"name": "parked.png", "mimeType": "image/png", "buffer": _png()}
    )
    preview = page.get_by_test_id("photo-preview")
    expect(preview).to_be_visible()
    assert preview.get_attribute("src").startswith("blob:")
    _end_ride(page)
    expect(page.get_by_test_id("receipt")).to_contain_text("Ride receipt")
    expect(page.get_by_test_id("receipt-place")).to_have_text(
        "Kaya University Station bicycle parking"
    )
    rental.refresh_from_db()
    assert rental.status == Rental.Status.ENDED and rental.end_spot_id == spot.id
    assert rental.return_photo and rental.photo_review == Rental.PhotoReview.PENDING


def test_the_map_counts_change_live_when_someone_else_unlocks(
    offline_map: Page, ieum_server, rentals_demo, screenshots
):
    from rest_framework_simplejwt.tokens import RefreshToken

    from apps.accounts.tests.factories import UserFactory
    from apps.rentals import selectors
    from apps.rentals.models import Station

    page = offline_map
    bonghwang = Station.objects.get(code="bonghwang-stn")
    showing_four = sum(1 for s in selectors.station_list() if s.num_bikes_available == 4)
    page.goto("/services/bikes")
    expect(page.get_by_test_id("map-live")).to_have_class(re.compile(r"\bopen\b"))
    item = page.locator(f"[data-testid=station][data-code={bonghwang.code}]")
    expect(item.get_by_test_id("bikes-available")).to_have_text("자전거 5대")
    page.evaluate("window.__sameDocument = true")

    rider = UserFactory()
    token = RefreshToken.for_user(rider).access_token
    request = urllib.request.Request(
        f"{ieum_server.url}/api/v1/rentals/rentals/unlock/",
        data=json.dumps({"code": "TG-0002"}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201

    expect(item.get_by_test_id("bikes-available")).to_have_text("자전거 4대")
    expect(item.get_by_test_id("docks-available")).to_have_text("빈 거치대 8")
    # and on the map: one more marker says 4
    expect(page.locator(".marker-count", has_text=re.compile(r"^4$"))).to_have_count(
        showing_four + 1
    )
    assert page.evaluate("window.__sameDocument") is True  # pushed, not reloaded
    page.screenshot(path=screenshots / "rentals-live.png", full_page=True)
    page.get_by_test_id("map").screenshot(path=screenshots / "rentals-map-live.png")
