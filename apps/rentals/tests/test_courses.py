"""Gaya heritage tour courses: the seeded courses, the public API, the course admin."""

import csv
import io
import uuid

import pytest
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.rentals import facade, seed, services
from apps.rentals.models import TourCourse, TourCourseStop, Vehicle

from .factories import StationFactory, VehicleFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/rentals"


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _course(code="test-course", *, active=True) -> TourCourse:
    """Station A (2 bikes, 1 in maintenance) → a heritage site → station B (no bikes)."""
    a = StationFactory(name_ko="봉황역", name_en="Bonghwang Station", lat=35.2273, lon=128.8742)
    b = StationFactory(
        name_ko="수로왕릉", name_en="Royal Tomb", lat=35.2349, lon=128.8772, capacity=4
    )
    VehicleFactory.create_batch(2, station=a)
    VehicleFactory(station=a, status=Vehicle.Status.MAINTENANCE)
    course = TourCourse.objects.create(
        code=code,
        name_ko="가야 왕도 코스",
        name_en="Gaya royal capital course",
        description_ko="설명",
        description_en="About",
        is_active=active,
    )
    TourCourseStop.objects.create(
        course=course, position=1, station=a, note_ko="출발", note_en="Start"
    )
    TourCourseStop.objects.create(
        course=course,
        position=2,
        name_ko="봉황동 유적",
        name_en="Bonghwang-dong Site",
        lat=35.2312,
        lon=128.8733,
        note_ko="유적",
        note_en="Site",
    )
    TourCourseStop.objects.create(
        course=course, position=3, station=b, note_ko="반납", note_en="End"
    )
    return services.tour_course_recompute(course_id=course.id)


def test_distance_and_riding_time_follow_the_stops():
    course = _course()
    # 봉황역 → 봉황동 유적 ≈ 440 m, → 수로왕릉 ≈ 530 m in a straight line; streets add 30%
    assert 1150 < course.distance_m < 1400
    assert course.riding_minutes == facade.ebike_ride_minutes(distance_m=course.distance_m) == 5
    course.stops.filter(position=2).delete()
    course = services.tour_course_recompute(course_id=course.id)
    assert 1150 < course.distance_m < 1400  # the site was on the way


def test_seeded_courses_pass_heritage_stations_and_seeding_twice_changes_nothing():
    seed.run(io.StringIO())
    seed.run(io.StringIO())
    courses = TourCourse.objects.order_by("code")
    assert courses.count() == 3
    royal = courses.get(code="gaya-royal-capital")
    stops = list(royal.stops.select_related("station").order_by("position"))
    assert [s.position for s in stops] == list(range(1, len(stops) + 1))
    assert {"bonghwang-stn", "suro-tomb", "daeseong-museum", "national-museum", "queen-tomb"} <= {
        s.station.code for s in stops if s.station
    }
    assert all(s.note_ko and s.note_en for s in stops)
    assert "이음" in royal.source_ko and "Ieum" in royal.source_en
    for course in courses:
        assert course.distance_m > 0
        assert course.riding_minutes == facade.ebike_ride_minutes(distance_m=course.distance_m)
    assert TourCourseStop.objects.count() == 7 + 4 + 6


def test_course_list(api_client, django_assert_num_queries):
    _course("a-course")
    _course("hidden", active=False)
    with django_assert_num_queries(1):
        response = api_client.get(f"{API}/courses/")
    assert response.status_code == 200
    body = response.json()
    assert [c["code"] for c in body] == ["a-course"]
    assert body[0]["name"] == "가야 왕도 코스"
    assert body[0]["num_stops"] == 3 and body[0]["riding_minutes"] == 5


def test_course_detail_with_stops_live_counts_and_line(api_client, django_assert_num_queries):
    course = _course()
    with django_assert_num_queries(2):
        response = api_client.get(f"{API}/courses/{course.id}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Gaya royal capital course"
    first, site, last = body["stops"]
    assert (first["kind"], first["name"], first["note"]) == (
        "station",
        "Bonghwang Station",
        "Start",
    )
    assert first["station"]["num_bikes_available"] == 2  # the one in maintenance is not rentable
    assert first["station"]["num_docks_available"] == 10 - 3
    assert (site["kind"], site["name"], site["station"]) == ("site", "Bonghwang-dong Site", None)
    assert last["station"]["num_bikes_available"] == 0 and last["lat"] == 35.2349
    assert body["line"] == {
        "type": "LineString",
        "coordinates": [[128.8742, 35.2273], [128.8733, 35.2312], [128.8772, 35.2349]],
    }


@pytest.mark.parametrize(
    ("language", "message"),
    [("ko", "탐방 코스를 찾을 수 없습니다."), ("en", "This tour course was not found.")],
)
def test_unknown_or_inactive_course_is_not_found(api_client, language, message):
    hidden = _course(active=False)
    for course_id in (uuid.uuid4(), hidden.id):
        response = api_client.get(f"{API}/courses/{course_id}/", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 404
        assert response.json()["code"] == "rentals.course_not_found"
        assert response.json()["message"] == message


def test_course_admin_saves_stops_and_recomputes(staff_client):
    a = StationFactory(lat=35.2273, lon=128.8742)
    assert staff_client.get("/admin/rentals/tourcourse/").status_code == 200
    response = staff_client.post(
        "/admin/rentals/tourcourse/add/",
        {
            "code": "new-course",
            "name_ko": "새 코스",
            "name_en": "New course",
            "description_ko": "",
            "description_en": "",
            "source_ko": "이음",
            "is_active": "on",
            "stops-TOTAL_FORMS": "2",
            "stops-INITIAL_FORMS": "0",
            "stops-MIN_NUM_FORMS": "0",
            "stops-MAX_NUM_FORMS": "1000",
            "stops-0-position": "1",
            "stops-0-station": str(a.id),
            "stops-1-position": "2",
            "stops-1-name_ko": "구지봉",
            "stops-1-name_en": "Gujibong Peak",
            "stops-1-lat": "35.2452",
            "stops-1-lon": "128.8760",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    course = TourCourse.objects.get(code="new-course")
    assert course.stops.count() == 2 and course.distance_m > 2000
    assert staff_client.get(f"/admin/rentals/tourcourse/{course.id}/change/").status_code == 200


def test_course_admin_refuses_a_stop_without_a_place(staff_client):
    response = staff_client.post(
        "/admin/rentals/tourcourse/add/",
        {
            "code": "bad",
            "name_ko": "나쁜 코스",
            "stops-TOTAL_FORMS": "1",
            "stops-INITIAL_FORMS": "0",
            "stops-MIN_NUM_FORMS": "0",
            "stops-MAX_NUM_FORMS": "1000",
            "stops-0-position": "1",
            "stops-0-name_ko": "어딘가",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert not TourCourse.objects.filter(code="bad").exists()


def test_fleet_map_shows_every_vehicle_and_station(staff_client):
    station = StationFactory(name_ko="봉황역")
    far = StationFactory(name_ko="가야대역", lat=35.2668, lon=128.8649)
    VehicleFactory.create_batch(3, station=station)
    VehicleFactory(station=far, status=Vehicle.Status.MAINTENANCE)
    VehicleFactory(station=None, lat=None, lon=None, code="TG-LOST", status=Vehicle.Status.LOST)
    assert (
        "/admin/rentals/vehicle/map/"
        in staff_client.get("/admin/rentals/vehicle/").content.decode()
    )
    response = staff_client.get("/admin/rentals/vehicle/map/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="vehicle"') == 4  # the one without a position is only in the table
    assert body.count('data-status="maintenance"') == 1
    assert body.count('<g class="station">') == 2
    assert "봉황역" in body and "가야대역" in body and "TG-LOST" in body
    assert 'fill="#f59e0b"' in body  # maintenance colour, shown in the legend too


def test_fleet_map_is_for_staff_only(client):
    client.force_login(UserFactory())
    assert client.get("/admin/rentals/vehicle/map/").status_code == 302


def test_monthly_report_counts_sign_ups(staff_client):
    UserFactory.create_batch(2)  # signed up now
    UserFactory(date_joined=timezone.now() - timezone.timedelta(days=400))
    month = timezone.localdate().strftime("%Y-%m")
    rows = list(
        csv.reader(
            io.StringIO(
                staff_client.get(f"/admin/rentals/rental/report.csv?month={month}").content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert ["summary", "signups", "2"] in rows  # the staff member who downloads it is not one
    page = staff_client.get(f"/admin/rentals/rental/report/?month={month}")
    assert "회원 가입: 2" in page.content.decode()
