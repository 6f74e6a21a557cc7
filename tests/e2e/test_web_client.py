"""The installable web client, end to end: a phone-sized chromium against the real ASGI server."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HANGUL = re.compile(r"[가-힣]")


def _e164(local: str) -> str:
    return "+82" + local.replace("-", "")[1:]


def _request_code(page: Page, server, local_phone: str) -> str:
    offset = server.log_size()
    page.locator("#phone").fill(local_phone)
    page.locator("form button[type=submit]").click()
    expect(page.locator("#code")).to_be_visible()
    return server.sms_code(_e164(local_phone), after=offset)


def _sign_up(page: Page, server, local_phone: str, name: str) -> None:
    page.goto("/login")
    code = _request_code(page, server, local_phone)
    page.locator("input[name=consent][value=terms]").check()
    page.locator("input[name=consent][value=privacy]").check()
    page.locator("input[name=consent][value=location]").check()
    page.locator("#name").fill(name)
    page.locator("#code").fill(code)
    page.locator("form button[type=submit]").click()
    expect(page.get_by_test_id("greeting")).to_contain_text(name)


def test_sign_up_with_a_one_time_code_and_see_yourself_on_home(
    page: Page, ieum_server, screenshots
):
    from apps.accounts.models import User, UserConsent

    page.goto("/")
    expect(page.locator("header")).to_contain_text("이음")
    expect(page.locator(".tiles a.tile")).to_have_count(9)
    page.get_by_test_id("login").click()
    expect(page).to_have_url(re.compile(r"/login$"))

    code = _request_code(page, ieum_server, "010-5555-0101")
    # a new number: the consent documents are shown, required ones must be ticked
    expect(page.locator("input[name=consent]")).to_have_count(4)
    expect(page.get_by_test_id("countdown")).to_contain_text(re.compile(r"[23]:\d\d"))
    page.locator("#code").fill(code)
    page.locator("form button[type=submit]").click()
    expect(page.get_by_test_id("error")).to_have_attribute("data-code", "accounts.consent_required")

    page.locator("input[name=consent][value=terms]").check()
    page.locator("input[name=consent][value=privacy]").check()
    page.locator("input[name=consent][value=location]").check()
    page.locator("#name").fill("김이음")
    page.locator("form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_test_id("greeting")).to_contain_text("김이음")
    expect(page.get_by_test_id("my-phone")).to_have_text("010-5555-0101")
    expect(page.get_by_test_id("bell")).to_be_visible()
    expect(page.get_by_test_id("bell")).to_be_visible()

    user = User.objects.get(phone="+821055550101")
    assert user.display_name == "김이음"
    assert user.preferred_language == "ko"
    agreed = set(UserConsent.objects.filter(user=user).values_list("document__kind", flat=True))
    assert agreed == {"terms", "privacy", "location"}
    assert any(c["name"] == "sessionid" for c in page.context.cookies())
    page.screenshot(path=screenshots / "signup-home.png", full_page=True)

    # a service tile leads to its coming-soon page; a reload keeps the session
    page.locator("a.tile[data-service=welfare]").click()
    expect(page).to_have_url(re.compile(r"/services/welfare$"))
    expect(page.locator("main")).to_contain_text("준비 중")
    page.reload()
    expect(page.get_by_test_id("bell")).to_be_visible()

    # logging out is in settings (the header keeps to language, settings, notifications)
    page.get_by_test_id("settings-link").click()
    page.get_by_test_id("settings-logout").click()
    expect(page.get_by_test_id("login")).to_be_visible()
    expect(page.get_by_test_id("greeting")).to_have_count(0)
    page.screenshot(path=screenshots / "signup.png", full_page=True)


def test_language_switch_changes_the_ui_and_api_messages(page: Page, ieum_server, screenshots):
    from apps.accounts.models import User

    page.goto("/login")
    expect(page.locator("form button[type=submit]")).to_have_text("인증번호 받기")
    code = _request_code(page, ieum_server, "010-5555-0202")
    page.locator("input[name=agree-all]").check()
    wrong = "000000" if code != "000000" else "111111"
    page.locator("#code").fill(wrong)
    page.locator("form button[type=submit]").click()
    error = page.get_by_test_id("error")
    expect(error).to_have_attribute("data-code", "accounts.otp_invalid")
    korean = error.locator("p").first.inner_text()
    assert HANGUL.search(korean), korean

    page.get_by_test_id("language-switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("form button[type=submit]")).to_have_text("Verify")
    expect(page.get_by_test_id("language-switch")).to_have_text("한국어")
    expect(page.locator("legend")).to_have_text("Agreements")
    # what was typed and ticked survives the switch
    expect(page.locator("#code")).to_have_value(wrong)
    expect(page.locator("input[name=consent][value=terms]")).to_be_checked()

    page.locator("form button[type=submit]").click()
    expect(error.locator("p").first).not_to_have_text(korean)
    english = error.locator("p").first.inner_text()
    assert not HANGUL.search(english) and "code" in english.lower(), english
    expect(error).to_contain_text("tries left")

    page.locator("#code").fill(code)
    page.locator("form button[type=submit]").click()
    expect(page.get_by_test_id("greeting")).to_contain_text("Hello")
    user = User.objects.get(phone="+821055550202")
    assert user.preferred_language == "en"  # signed up in the language on screen

    page.reload()  # remembered on this device
    expect(page.get_by_test_id("greeting")).to_contain_text("Hello")
    expect(page.locator(".tiles")).to_contain_text("Trip planner")

    # logged in, the switch changes this device's screens only: the account's language (the one
    # pushes and texts are written in) stays until the person changes it in settings
    page.get_by_test_id("language-switch").click()
    expect(page.locator(".tiles")).to_contain_text("길찾기")
    page.wait_for_load_state("networkidle")
    assert User.objects.get(pk=user.pk).preferred_language == "en"
    page.get_by_test_id("settings-link").click()
    expect(page.get_by_test_id("message-language-en")).to_be_checked()
    expect(page.get_by_test_id("screen-language-ko")).to_be_checked()
    page.get_by_test_id("message-language-ko").check()
    expect(page.get_by_test_id("settings-status")).to_contain_text("저장했어요")
    _wait_for(lambda: User.objects.get(pk=user.pk).preferred_language == "ko")
    page.get_by_test_id("language-switch").click()
    expect(page.locator("h1")).to_have_text("Settings")
    page.wait_for_load_state("networkidle")
    assert User.objects.get(pk=user.pk).preferred_language == "ko"
    page.screenshot(path=screenshots / "language.png", full_page=True)


def test_a_notification_arrives_live_in_the_open_inbox(page: Page, ieum_server, screenshots):
    from rest_framework_simplejwt.tokens import RefreshToken

    from apps.accounts.models import User
    from apps.accounts.tests.factories import UserFactory

    _sign_up(page, ieum_server, "010-5555-0303", "박가야")
    user = User.objects.get(phone="+821055550303")
    page.get_by_test_id("bell").click()
    expect(page).to_have_url(re.compile(r"/notifications$"))
    expect(page.get_by_test_id("inbox")).to_contain_text("아직 받은 알림이 없어요")
    expect(page.locator(".live-status.open")).to_be_visible()  # the socket is subscribed
    expect(page.get_by_test_id("unread-badge")).to_have_count(0)
    page.evaluate("window.__sameDocument = true")

    staff = UserFactory(is_staff=True)
    token = RefreshToken.for_user(staff).access_token
    request = urllib.request.Request(
        f"{ieum_server.url}/api/v1/notifications/announcements/",
        data=json.dumps(
            {
                "user_ids": [str(user.id)],
                "title_ko": "김해시 공지",
                "title_en": "Notice from Gimhae",
                "body_ko": "내일 가야문화축제가 열립니다.",
                "body_en": "The Gaya Culture Festival opens tomorrow.",
            }
        ).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 201

    first = page.get_by_test_id("notification").first
    expect(first).to_contain_text("김해시 공지")
    expect(first).to_contain_text("가야문화축제")
    expect(page.get_by_test_id("unread-badge")).to_have_text("1")
    expect(page.get_by_test_id("bell")).to_have_attribute("aria-label", re.compile("1"))
    assert page.evaluate("window.__sameDocument") is True  # no reload happened
    page.screenshot(path=screenshots / "live.png", full_page=True)

    first.get_by_role("button").click()  # mark as read
    expect(page.get_by_test_id("unread-badge")).to_have_count(0)
    expect(first).not_to_have_class(re.compile(r"\bunread\b"))
    page.screenshot(path=screenshots / "live-read.png", full_page=True)


def _wait_for(condition, timeout: float = 10) -> None:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("condition not met in time")
