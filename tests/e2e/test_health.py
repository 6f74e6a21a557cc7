"""The Health Handbook in the web client: add a reading (a refusal explained in Korean), the
dashboard's chart, the FHIR download, the survey, the sharing level, a clinician's share link with
its access-log entry, the symptom guide with its keyword prompt and notice; axe on every screen,
English throughout, and no sideways scrolling at 320 px."""

from __future__ import annotations

import datetime
import io
import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, assert_english, e164, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = "010-5555-1313"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def health_demo(transactional_db):
    from apps.health import seed

    seed.run(io.StringIO())


def _member():
    from apps.accounts.models import User

    return User.objects.get(phone=e164(PHONE))


def _readings(user, code="29463-7", values=(74.0, 73.2)):
    from django.utils import timezone

    from apps.health import services

    for days, value in zip((20, 10), values, strict=True):
        services.measurement_record(
            user=user,
            code=code,
            value=value,
            measured_at=timezone.now() - datetime.timedelta(days=days),
            source="device",
        )


def test_a_member_adds_a_reading_sees_the_trend_and_downloads_the_record(
    page: Page, ieum_server, health_demo, screenshots
):
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, ieum_server, PHONE, back_to="/services/health")
    expect(page.get_by_test_id("no-measurements")).to_be_visible()
    assert_accessible(page, "health dashboard (empty)")

    page.get_by_test_id("health-add").click()
    page.get_by_test_id("add-code").select_option("29463-7")
    page.get_by_test_id("add-value").fill("0.3")
    page.get_by_test_id("add-save").click()
    error = page.get_by_test_id("error")
    expect(error).to_contain_text("체중 값은 1~350 kg 사이여야 합니다")
    assert_accessible(page, "health add (refused)")
    page.get_by_test_id("add-value").fill("72.5")
    page.get_by_test_id("add-save").click()
    expect(page.get_by_test_id("add-saved")).to_be_visible()

    _readings(_member())
    page.goto("/services/health")
    expect(page.locator("[data-testid=latest] li[data-code='29463-7']")).to_contain_text("72.5 kg")
    expect(page.get_by_test_id("trend-chart")).to_be_visible()
    assert page.locator("[data-testid=trend-chart] circle").count() == 3
    assert_accessible(page, "health dashboard")
    page.screenshot(path=screenshots / "health-dashboard.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_test_id("health-export").click()
    bundle = json.loads(open(download.value.path(), encoding="utf-8").read())
    assert bundle["resourceType"] == "Bundle"
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Patient", "Observation", "Consent"} <= kinds


def test_survey_sharing_level_and_a_clinicians_link(
    page: Page, ieum_server, health_demo, screenshots
):
    log_in(page, ieum_server, PHONE, back_to="/services/health/survey")
    expect(page.get_by_test_id("survey-form")).to_be_visible()
    assert_accessible(page, "health survey")
    for fieldset in page.locator("fieldset[data-testid^=question-]").all():
        fieldset.locator("input[type=radio]").last.check()
    page.get_by_test_id("survey-submit").click()
    expect(page.get_by_test_id("survey-result")).to_contain_text("상담을 권해요")
    assert_accessible(page, "health survey result")

    page.goto("/services/health/sharing")
    expect(page.get_by_test_id("consent-level")).to_contain_text("1단계")
    page.get_by_test_id("consent-2").check()
    expect(page.get_by_test_id("consent-level")).to_contain_text("2단계")
    expect(page.get_by_test_id("consent-history").locator("li")).to_have_count(2)
    expect(page.get_by_test_id("access-log-empty")).to_be_visible()
    page.get_by_test_id("profile-sex").select_option("female")
    page.get_by_test_id("profile-area").select_option("4825054000")
    page.get_by_test_id("profile-save").click()
    expect(page.get_by_test_id("health-profile").locator(".notice")).to_be_visible()
    assert_accessible(page, "health sharing")
    from apps.health import sharing

    [row] = [
        r for r in sharing.city_export_rows() if r["pid"] == sharing.pseudonym(user_id=_member().pk)
    ]
    assert row["area_code"] == "4825054000" and row["sex"] == "female" and "phone" in row

    page.goto("/services/health/share")
    page.locator("#share-label").fill("Dr Kim")
    page.get_by_test_id("share-create").click()
    url = page.get_by_test_id("share-url").input_value()
    assert re.search(r"/services/health/shared/[\w-]+$", url)
    assert_accessible(page, "health share")

    clinician = page.context.browser.new_context(base_url=ieum_server.url, locale="ko-KR")
    try:
        other = clinician.new_page()
        other.goto(url)
        expect(other.locator("h1")).to_have_text("건강 요약 (읽기 전용)")
        assert_accessible(other, "health shared summary")
    finally:
        clinician.close()

    page.goto("/services/health/sharing")
    expect(page.get_by_test_id("access-log")).to_contain_text("공유 링크를 받은 의료진")
    expect(page.get_by_test_id("access-log")).to_contain_text("Dr Kim")

    page.goto("/services/health/share")
    page.get_by_test_id("share-revoke").click()
    expect(page.get_by_test_id("share-link").first).to_contain_text("취소됨")


def test_the_symptom_guide_shows_its_notice_and_invites_to_the_survey(
    page: Page, ieum_server, health_demo
):
    log_in(page, ieum_server, PHONE, back_to="/services/health/guide")
    page.get_by_test_id("symptom-back_pain").check()
    page.get_by_test_id("guide-text").fill("요즘 체중 증가로 허리가 아파요")
    page.get_by_test_id("guide-submit").click()
    expect(page.get_by_test_id("guide-notice")).to_contain_text("진단이 아닙니다")
    expect(page.get_by_test_id("departments")).to_contain_text("정형외과")
    expect(page.get_by_test_id("keyword-prompt")).to_be_visible()
    assert_accessible(page, "health guide")

    page.goto("/services/health/card")
    expect(page.get_by_test_id("member-qr")).to_have_attribute("src", re.compile("^data:image/png"))
    assert_accessible(page, "health card")
    page.goto("/services/health/records")
    expect(page.get_by_test_id("records-medications")).to_be_visible()
    documents = page.get_by_test_id("records-documents")
    documents.locator("#document-title").fill("혈액검사 결과")
    documents.get_by_test_id("document-file").set_input_files(
        files=[{"name": "lab.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    documents.get_by_test_id("document-upload").click()
    expect(documents.get_by_role("link", name="혈액검사 결과")).to_be_visible()
    assert_accessible(page, "health records")


def test_health_in_english(page: Page, ieum_server, health_demo):
    page.goto("/")
    page.evaluate("localStorage.setItem('ieum.language', 'en')")
    log_in(page, ieum_server, PHONE, back_to="/services/health")
    _readings(_member(), code="8867-4", values=(64, 70))
    screens = [
        ("/services/health", "[data-testid=trend-chart]"),
        ("/services/health/add", "[data-testid=add-form]"),
        ("/services/health/survey", "[data-testid=survey-form]"),
        ("/services/health/sharing", "[data-testid=consent-levels]"),
        ("/services/health/share", "[data-testid=share-form]"),
        ("/services/health/guide", "[data-testid=guide-form]"),
        ("/services/health/card", "[data-testid=member-qr]"),
        ("/services/health/records", "[data-testid=records-allergies] form"),
    ]
    for path, ready in screens:
        page.goto(path)
        expect(page.locator(ready).first).to_be_visible()
        assert_english(page, path)
    page.goto("/services/health/guide")
    page.get_by_test_id("symptom-fever").check()
    page.get_by_test_id("guide-submit").click()
    expect(page.get_by_test_id("guide-notice")).to_contain_text("not a diagnosis")
    assert_english(page, "guide answer")


@pytest.mark.parametrize("width", [320, 430])
def test_no_health_screen_scrolls_sideways(page: Page, ieum_server, health_demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, ieum_server, PHONE, back_to="/services/health")
    _readings(_member())
    for path, ready in [
        ("/services/health", "[data-testid=trend-chart]"),
        ("/services/health/add", "[data-testid=add-form]"),
        ("/services/health/survey", "[data-testid=survey-form]"),
        ("/services/health/sharing", "[data-testid=consent-levels]"),
        ("/services/health/share", "[data-testid=share-form]"),
        ("/services/health/guide", "[data-testid=guide-form]"),
        ("/services/health/records", "[data-testid=records-allergies] form"),
    ]:
        page.goto(path)
        expect(page.locator(ready).first).to_be_visible()
        scroll = page.evaluate("document.scrollingElement.scrollWidth")
        assert scroll <= width, f"{path} at {width}px scrolls sideways ({scroll}px)"
        small = page.evaluate(
            """() => [...document.querySelectorAll('main button, main .button, main input, main select, main a.back')]
               .filter((el) => el.type !== 'radio' && el.type !== 'checkbox')
               .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.height < 44; })
               .map((el) => `${el.tagName}.${el.className}: ${Math.round(el.getBoundingClientRect().height)}px`)"""
        )
        assert small == [], f"{path}: tap targets under 44 px: {small}"
