"""Gaya heritage tour courses in the web client: from the Tagogaya map to the course list, one
course on the map with its stops (live bike counts at stations), and the same in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_rentals import offline_map, rentals_demo  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_open_a_heritage_course_from_the_bikes_map(offline_map: Page, ieum_server, rentals_demo):  # noqa: F811
    from apps.rentals.models import Station, TourCourse, Vehicle

    page = offline_map
    course = TourCourse.objects.get(code="gaya-royal-capital")
    bonghwang = Station.objects.get(code="bonghwang-stn")
    bikes_at_bonghwang = Vehicle.objects.filter(
        station=bonghwang, status=Vehicle.Status.AVAILABLE
    ).count()

    page.goto("/services/bikes")
    page.get_by_test_id("courses-link").click()
    expect(page).to_have_url(re.compile(r"/services/bikes/courses$"))
    courses = page.get_by_test_id("course")
    expect(courses).to_have_count(3)
    royal = page.locator('[data-testid=course][data-code="gaya-royal-capital"]')
    expect(royal).to_contain_text("가야 왕도 핵심 코스")
    expect(royal.get_by_test_id("course-minutes")).to_contain_text(f"{course.riding_minutes}분")

    royal.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/services/bikes/courses/{course.id}$"))
    expect(page.get_by_test_id("course-title")).to_have_text("가야 왕도 핵심 코스")
    expect(page.locator(".leaflet-container")).to_be_visible()
    # one numbered marker per stop and the route drawn as a line
    expect(page.locator(".marker-count")).to_have_count(7)
    expect(page.locator("path.leaflet-interactive").first).to_be_visible()
    stops = page.get_by_test_id("course-stop")
    expect(stops).to_have_count(7)
    expect(stops.first).to_contain_text("봉황역")
    expect(stops.first.get_by_test_id("stop-bikes")).to_contain_text(str(bikes_at_bonghwang))
    expect(stops.nth(1)).to_have_attribute("data-kind", "site")
    expect(stops.nth(1)).to_contain_text("봉황동 유적")
    expect(page.get_by_test_id("course-source")).to_contain_text("이음")

    # a station stop links to the station, where the ride starts
    stops.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/services/bikes/stations/{bonghwang.id}$"))
    page.go_back()
    expect(page.get_by_test_id("course-stop")).to_have_count(7)

    page.get_by_test_id("language-switch").click()
    expect(page.get_by_test_id("course-title")).to_have_text("Gaya royal capital course")
    expect(page.get_by_test_id("course-stop").nth(1)).to_contain_text("Bonghwang-dong Site")
