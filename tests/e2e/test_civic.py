"""Civil requests in the web client: a resident files a request with a photo from the form
(prefilled from the chat's link), sees it in "my requests" with its history, and sees the staff's
change; the screens pass axe and read in English."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, assert_english, sign_up_here

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SURO = {"latitude": 35.2336, "longitude": 128.8772}


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
def civic_categories(transactional_db):
    from apps.chat.civic import seed

    demo = seed.DEMO_REQUESTS
    seed.DEMO_REQUESTS = []
    try:
        seed.run(io.StringIO())
    finally:
        seed.DEMO_REQUESTS = demo


def _fits_a_small_phone(page: Page, screen: str) -> None:
    """At 320 px nothing scrolls sideways and every control is at least 44 px tall."""
    page.set_viewport_size({"width": 320, "height": 800})
    scroll = page.evaluate("document.scrollingElement.scrollWidth")
    assert scroll <= 320, f"{screen} scrolls sideways ({scroll}px)"
    small = page.evaluate(
        """() => [...document.querySelectorAll('main button, main .button, main input, main select')]
           .filter((el) => !el.closest('.leaflet-container') && el.type !== 'checkbox')
           .filter((el) => { const r = el.getBoundingClientRect(); return r.height > 0 && r.height < 44; })
           .map((el) => `${el.tagName}.${el.className}: ${Math.round(el.getBoundingClientRect().height)}px`)"""
    )
    assert not small, f"{screen}: tap targets under 44 px: {small}"
    page.set_viewport_size({"width": 375, "height": 800})


def _log_in_from_here(page: Page, server, local_phone: str) -> None:
    here = page.url
    page.get_by_test_id("login-needed").get_by_role("link").click()
    sign_up_here(page, server, local_phone)
    expect(page).to_have_url(here)


def test_file_a_request_with_a_photo_and_follow_it(
    page: Page, ieum_server, civic_categories, screenshots
):
    from apps.chat.civic import services
    from apps.chat.civic.models import CivilRequest

    page.context.grant_permissions(["geolocation"], origin=ieum_server.url)
    page.context.set_geolocation(SURO)
    page.set_viewport_size({"width": 375, "height": 800})
    # the chat's link: the kind and the text filled in, kept through the login detour
    page.goto("/services/chat/requests/new?category=pm_parking&text=킥보드가 점자블록 위에 있어요")
    _log_in_from_here(page, ieum_server, "010-7777-0311")

    expect(page.get_by_test_id("request-category")).to_have_value("pm_parking")
    expect(page.get_by_test_id("request-text")).to_have_value("킥보드가 점자블록 위에 있어요")
    page.locator("[data-question=blocking]").select_option("tactile")
    page.get_by_test_id("use-my-location").click()
    expect(page.get_by_test_id("point")).to_contain_text("35.23360")
    page.get_by_test_id("request-address").fill("수로왕릉 앞")
    assert_accessible(page, "civic-form")
    _fits_a_small_phone(page, "civic-form")

    # the photo is required for this kind: the server's translated refusal, nothing filed
    page.get_by_test_id("submit-request").click()
    error = page.locator(".error")
    expect(error).to_have_attribute("data-code", "civic.photo_required")
    assert CivilRequest.objects.count() == 0

    page.get_by_test_id("request-photo-input").set_input_files(
        {"name": "scooter.png", "mimeType": "image/png", "buffer": _png()}
    )
    expect(page.get_by_test_id("photo-preview")).to_be_visible()
    page.screenshot(path=screenshots / "civic-form.png", full_page=True)
    page.get_by_test_id("submit-request").click()

    expect(page).to_have_url(re.compile(r"/services/chat/requests/[0-9a-f-]{36}\?filed=1$"))
    expect(page.get_by_test_id("filed-notice")).to_be_visible()
    civil_request = CivilRequest.objects.get()
    assert civil_request.photo and civil_request.channel == "chat"
    assert civil_request.attributes == {"blocking": "tactile"}
    assert abs(civil_request.lat - SURO["latitude"]) < 1e-5
    expect(page.get_by_test_id("request-status")).to_have_text("접수")
    expect(page.get_by_test_id("request-photo")).to_be_visible()
    expect(page.get_by_test_id("request-answers")).to_contain_text("점자블록")
    assert_accessible(page, "civic-detail")

    page.get_by_role("link", name="내 민원").first.click()
    expect(page).to_have_url(re.compile(r"/services/chat/requests$"))
    expect(page.get_by_test_id("civil-request")).to_have_count(1)
    assert_accessible(page, "civic-list")
    _fits_a_small_phone(page, "civic-list")

    # staff move it on: the history shows it (the unread bell is checked by the shell's tests)
    services.civil_request_update(
        actor=None,
        civil_request_id=civil_request.id,
        status="in_progress",
        note="운영사에 이동 요청",
    )
    page.get_by_test_id("civil-request").get_by_role("link").click()
    expect(page.get_by_test_id("request-status")).to_have_text("처리 중")
    expect(page.get_by_test_id("request-history").locator("li")).to_have_count(2)
    expect(page.get_by_test_id("request-history")).to_contain_text("운영사에 이동 요청")
    page.screenshot(path=screenshots / "civic-detail.png", full_page=True)

    # offline: the request and the list as last seen, saying so
    detail_url = page.url
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")
    page.context.set_offline(True)
    page.goto(detail_url)
    expect(page.get_by_test_id("offline-banner")).to_be_visible()
    expect(page.get_by_test_id("stale")).to_be_visible()
    expect(page.get_by_test_id("request-status")).to_have_text("처리 중")
    page.goto("/services/chat/requests")
    expect(page.get_by_test_id("stale")).to_be_visible()
    expect(page.get_by_test_id("civil-request")).to_have_count(1)
    page.context.set_offline(False)


def test_civil_requests_in_english(page: Page, ieum_server, civic_categories):
    from apps.chat.civic.models import CivilRequest

    page.goto("/")
    page.evaluate("localStorage.setItem('ieum.language', 'en')")
    page.goto("/services/chat/requests/new?category=road_damage")
    _log_in_from_here(page, ieum_server, "010-7777-0312")
    expect(page.get_by_test_id("request-category")).to_have_value("road_damage")
    expect(page.get_by_test_id("category-info")).to_contain_text("Road Division")
    assert_english(page, "civic-form")
    page.get_by_test_id("request-address").fill("Naeoe-dong main road")
    page.get_by_test_id("request-text").fill("A pothole in the second lane")
    page.get_by_test_id("submit-request").click()
    expect(page).to_have_url(re.compile(r"/services/chat/requests/[0-9a-f-]{36}\?filed=1$"))
    expect(page.get_by_test_id("request-status")).to_have_text("Received")
    assert CivilRequest.objects.get().address == "Naeoe-dong main road"
    assert_english(page, "civic-detail")
    assert_accessible(page, "civic-detail-en")
    page.goto("/services/chat/requests")
    expect(page.get_by_test_id("civil-request")).to_have_count(1)
    assert_english(page, "civic-list")
