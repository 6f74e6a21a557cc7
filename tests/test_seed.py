"""`manage.py seed` runs on every `make run`: it adds the demo data that is missing and keeps what
staff changed in admin; `manage.py seed --reset` puts the demo values back."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.accounts.seed import DEMO_STAFF_PASSWORD, DEMO_STAFF_PHONE
from apps.rentals.models import Coupon, GeofenceZone, PricingPlan, Station, TourCourse, Vehicle
from apps.tourism.models import Place
from apps.transit.models import FareProduct, Feed, Stop

pytestmark = pytest.mark.django_db


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


def adult_bus_fare() -> Decimal:
    return FareProduct.objects.get(
        feed__name="gimhae-demo",
        feed__is_live=True,
        fare_product_id="bus",
        rider_category_id="adult",
    ).amount


def staff_edits() -> None:
    """What a city officer might change in admin between two starts of the server."""
    PricingPlan.objects.filter(code="tagogaya-standard").update(base_price_krw=700)
    FareProduct.objects.filter(
        feed__name="gimhae-demo", fare_product_id="bus", rider_category_id="adult"
    ).update(amount=Decimal("1600"))
    Stop.objects.filter(feed__name="gimhae-demo", stop_id="BGL01").update(name_ko="사상역 (환승)")
    station = Station.objects.get(code="suro-tomb")
    station.name_ko = "수로왕릉 정문"
    station.save()
    zoo = Place.objects.get(name_ko="부경동물원")
    zoo.is_open, zoo.phone = True, "055-000-0000"
    zoo.save()
    park = Place.objects.get(name_ko="김해가야테마파크")
    park.name_ko = "가야테마파크"  # renamed, not a new place
    park.save()
    course = TourCourse.objects.get(code="gaya-royal-capital")
    course.name_ko, course.is_active = "가야 왕도 코스 (개편)", False
    course.save()
    course.stops.filter(position=7).delete()
    zone = GeofenceZone.objects.get(name_en="Yulha stream walkway (demo)")
    zone.name_en = "Yulha stream walkway"
    zone.save()
    staff = User.objects.get(phone=DEMO_STAFF_PHONE)
    staff.set_password("a-password-only-the-officer-knows")
    staff.save()


def test_seeding_again_keeps_staff_edits_and_reset_restores_the_demo_values(settings):
    settings.DEBUG = True  # the demo staff account is only made in DEBUG
    seed()
    feed_id = Feed.objects.get(name="gimhae-demo", is_live=True).id
    counts = (Place.objects.count(), Station.objects.count(), Vehicle.objects.count())
    assert adult_bus_fare() == 1500
    staff_edits()

    out = seed()
    assert "already live" in out
    # nothing was put back, nothing was added twice, the unchanged feed was not imported again
    assert Feed.objects.get(name="gimhae-demo", is_live=True).id == feed_id
    assert (Place.objects.count(), Station.objects.count(), Vehicle.objects.count()) == counts
    assert GeofenceZone.objects.count() == 4
    assert PricingPlan.objects.get(code="tagogaya-standard").base_price_krw == 700
    assert adult_bus_fare() == 1600
    assert Stop.objects.get(feed_id=feed_id, stop_id="BGL01").name_ko == "사상역 (환승)"
    assert Station.objects.get(code="suro-tomb").name_ko == "수로왕릉 정문"
    zoo = Place.objects.get(name_ko="부경동물원")
    assert zoo.is_open and zoo.phone == "055-000-0000"
    assert not Place.objects.filter(name_ko="김해가야테마파크").exists()
    course = TourCourse.objects.get(code="gaya-royal-capital")
    assert (course.name_ko, course.is_active, course.stops.count()) == (
        "가야 왕도 코스 (개편)",
        False,
        6,
    )
    assert User.objects.get(phone=DEMO_STAFF_PHONE).check_password(
        "a-password-only-the-officer-knows"
    )

    out = seed("--reset")
    assert "reset" in out
    assert (Place.objects.count(), Station.objects.count(), Vehicle.objects.count()) == counts
    assert GeofenceZone.objects.count() == 4
    assert PricingPlan.objects.get(code="tagogaya-standard").base_price_krw == 500
    assert adult_bus_fare() == 1500
    live = Feed.objects.get(name="gimhae-demo", is_live=True)
    assert Stop.objects.get(feed=live, stop_id="BGL01").name_ko == "사상역"
    assert Station.objects.get(code="suro-tomb").name_ko == "수로왕릉"
    zoo = Place.objects.get(name_ko="부경동물원")
    assert not zoo.is_open and zoo.phone != "055-000-0000"
    assert Place.objects.filter(name_ko="김해가야테마파크").count() == 1
    assert not Place.objects.filter(name_ko="가야테마파크").exists()
    course = TourCourse.objects.get(code="gaya-royal-capital")
    assert (course.name_ko, course.is_active, course.stops.count()) == (
        "가야 왕도 핵심 코스",
        True,
        7,
    )
    assert GeofenceZone.objects.filter(name_en="Yulha stream walkway (demo)").count() == 1
    assert User.objects.get(phone=DEMO_STAFF_PHONE).check_password(DEMO_STAFF_PASSWORD)

    seed()  # and a plain seed after a reset changes nothing
    assert Feed.objects.get(name="gimhae-demo", is_live=True).id == live.id
    assert (Place.objects.count(), Station.objects.count(), Vehicle.objects.count()) == counts


def test_a_deleted_demo_row_comes_back_on_the_next_seed():
    seed()
    Coupon.objects.filter(code="GAYA-HERITAGE-DEMO").delete()
    TourCourse.objects.filter(code="suro-old-town").delete()
    Place.objects.filter(name_ko="연지공원역").delete()
    seed()
    assert Coupon.objects.filter(code="GAYA-HERITAGE-DEMO").exists()
    assert TourCourse.objects.get(code="suro-old-town").stops.count() == 6
    assert Place.objects.filter(name_ko="연지공원역").count() == 1
