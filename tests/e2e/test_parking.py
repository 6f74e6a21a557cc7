"""Public parking in the web client: the lots with live free counts, moved by a signed sensor event."""

from __future__ import annotations

import io
import json
import re
import urllib.request
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, assert_english

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def parking_demo(transactional_db):
    """The demo lots and their sensor-watched spaces in the test DB."""
    from apps.parking import seed

    seed.run(io.StringIO())


def _signed_sensor_event(server_url: str, sensor_id: str, state: str) -> dict:
    from apps.core.devices import services as devices
    from apps.core.devices.models import Device
    from apps.core.tests.test_devices import device_client

    device, secret = devices.device_register(
        name="Bonghwang gateway", kind=Device.Kind.PARKING_SENSOR, app_label="parking"
    )
    path = "/api/v1/parking/sensor-events/"
    at = datetime.now(UTC).isoformat()
    body = json.dumps({"events": [{"sensor_id": sensor_id, "state": state, "at": at}]}).encode()
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


def test_free_counts_change_live_after_a_sensor_event(
    page: Page, ieum_server, parking_demo, screenshots
):
    from apps.parking.models import ParkingSpace

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/services/parking")
    lot = page.locator("[data-testid=lot][data-lot-code=demo-bonghwang]")
    # the seed leaves every third space free: 8 of 24
    expect(lot.get_by_test_id("lot-free")).to_have_text("빈자리 8")
    assert_accessible(page, "parking")
    page.evaluate("window.__sameDocument = true")

    space = ParkingSpace.objects.filter(lot__code="demo-bonghwang", state="free").first()
    answer = _signed_sensor_event(ieum_server.url, space.sensor_id, "occupied")
    assert answer["results"][0]["result"] == "changed"

    expect(lot.get_by_test_id("lot-free")).to_have_text("빈자리 7")
    assert page.evaluate("window.__sameDocument") is True  # pushed, not reloaded
    page.screenshot(path=screenshots / "parking-live.png", full_page=True)


def test_parking_in_english(page: Page, ieum_server, parking_demo):
    page.goto("/")
    page.evaluate("localStorage.setItem('ieum.language', 'en')")
    page.goto("/services/parking")
    lot = page.locator("[data-testid=lot][data-lot-code=demo-bonghwang]")
    expect(lot.get_by_test_id("lot-free")).to_have_text(re.compile(r"^8 spaces free$"))
    assert_english(page, "parking")
