"""Reserve, unlock, change the return place, end: rules a rider notices."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.core.errors import ApplicationError
from apps.core.files import private_storage
from apps.rentals import services
from apps.rentals.models import (
    CouponRedemption,
    FreeRideDay,
    GeofenceZone,
    Rental,
    Vehicle,
)

from .conftest import JPEG, PNG, WEBP
from .factories import (
    CouponFactory,
    GeofenceZoneFactory,
    NicheSpotFactory,
    ScooterFactory,
    StationFactory,
    VehicleFactory,
)

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")


def photo(content=JPEG, name="p.jpg"):
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def start_ride(user, vehicle, *, minutes_ago=0, **kwargs) -> Rental:
    rental = services.rental_unlock(user=user, code=vehicle.code, **kwargs)
    if minutes_ago:
        Rental.objects.filter(id=rental.id).update(
            started_at=timezone.now() - timedelta(minutes=minutes_ago)
        )
    return rental


def code_of(call) -> str:
    with pytest.raises(ApplicationError) as exc:
        call()
    return exc.value.code


def test_reserve_holds_the_vehicle_for_ten_minutes(user):
    vehicle = VehicleFactory()
    rental = services.rental_reserve(user=user, vehicle_code=vehicle.code)
    vehicle.refresh_from_db()
    assert vehicle.status == Vehicle.Status.RESERVED
    assert rental.reserved_until - rental.reserved_at == timedelta(minutes=10)


def test_someone_elses_reservation_blocks_unlock_until_it_expires(user):
    from apps.accounts.tests.factories import UserFactory

    other = UserFactory()
    vehicle = VehicleFactory()
    rental = services.rental_reserve(user=other, vehicle_code=vehicle.code)
    assert (
        code_of(lambda: services.rental_unlock(user=user, code=vehicle.code))
        == "rentals.vehicle_reserved"
    )

    Rental.objects.filter(id=rental.id).update(reserved_until=timezone.now() - timedelta(seconds=1))
    ride = services.rental_unlock(user=user, code=vehicle.code)
    assert ride.status == Rental.Status.ACTIVE
    rental.refresh_from_db()
    assert rental.status == Rental.Status.EXPIRED


def test_expired_reservations_are_released_by_the_periodic_job(user):
    vehicle = VehicleFactory()
    rental = services.rental_reserve(user=user, vehicle_code=vehicle.code)
    Rental.objects.filter(id=rental.id).update(reserved_until=timezone.now() - timedelta(seconds=1))
    assert services.rental_expire_reservations() == 1
    assert services.rental_expire_reservations() == 0  # safe to run twice
    vehicle.refresh_from_db()
    assert vehicle.status == Vehicle.Status.AVAILABLE


def test_unlock_own_reservation_by_qr_code(user):
    vehicle = VehicleFactory(code="TG-0042")
    services.rental_reserve(user=user, vehicle_code="TG-0042")
    rental = services.rental_unlock(user=user, code="https://ieum.gimhae.go.kr/r/tg-0042")
    vehicle.refresh_from_db()
    assert rental.status == Rental.Status.ACTIVE
    assert vehicle.status == Vehicle.Status.IN_USE
    assert vehicle.station is None
    assert Rental.objects.count() == 1


def test_at_most_two_rentals_per_rider(user):
    bikes = VehicleFactory.create_batch(3)
    services.rental_unlock(user=user, code=bikes[0].code)
    services.rental_reserve(user=user, vehicle_code=bikes[1].code)
    assert (
        code_of(lambda: services.rental_unlock(user=user, code=bikes[2].code))
        == "rentals.too_many_rentals"
    )
    assert (
        code_of(lambda: services.rental_reserve(user=user, vehicle_code=bikes[2].code))
        == "rentals.too_many_rentals"
    )
    bikes[2].refresh_from_db()
    assert bikes[2].status == Vehicle.Status.AVAILABLE  # a refusal changes nothing


def test_a_vehicle_in_use_cannot_be_unlocked_again(user):
    from apps.accounts.tests.factories import UserFactory

    vehicle = VehicleFactory()
    services.rental_unlock(user=UserFactory(), code=vehicle.code)
    assert (
        code_of(lambda: services.rental_unlock(user=user, code=vehicle.code))
        == "rentals.vehicle_unavailable"
    )


def test_docked_return_at_the_chosen_station_is_charged_once(user, notifications):
    vehicle = VehicleFactory()
    home = StationFactory()
    rental = start_ride(user, vehicle, return_station_id=home.id)
    Rental.objects.filter(id=rental.id).update(started_at=timezone.now() - timedelta(minutes=35))

    ended = services.rental_end(user=user, rental_id=rental.id)
    assert ended.status == Rental.Status.ENDED
    assert ended.amount_krw == 700
    assert ended.payment_status == Rental.PaymentStatus.PAID
    assert ended.end_station == home
    vehicle.refresh_from_db()
    assert vehicle.station == home and vehicle.status == Vehicle.Status.AVAILABLE
    assert [n["title_en"] for n in notifications] == ["Tagogaya ride receipt"]

    # a retried request (the phone lost the answer) neither charges nor notifies again
    again = services.rental_end(user=user, rental_id=rental.id)
    assert again.order_id == ended.order_id
    assert len(notifications) == 1

    from apps.payments.models import Order

    orders = Order.objects.filter(reference=str(rental.id))
    assert orders.count() == 1
    assert orders.get().total_krw == 700


def test_vehicle_public_id_rotates_after_every_trip(user):
    vehicle = VehicleFactory()
    before = vehicle.public_id
    rental = start_ride(user, vehicle)
    services.rental_end(user=user, rental_id=rental.id, station_id=vehicle.station_id)
    vehicle.refresh_from_db()
    assert vehicle.public_id != before


def test_payment_failure_keeps_the_ride_ended_and_the_retry_charges_with_the_same_key(
    user, payments, notifications
):
    vehicle = VehicleFactory()
    rental = start_ride(user, vehicle, minutes_ago=5)
    payments.fail = True
    ended = services.rental_end(user=user, rental_id=rental.id, station_id=vehicle.station_id)
    assert ended.status == Rental.Status.ENDED
    assert ended.payment_status == Rental.PaymentStatus.FAILED

    payments.fail = False
    assert services.rental_charge_pending() == 1
    assert services.rental_charge_pending() == 0
    ended.refresh_from_db()
    assert ended.payment_status == Rental.PaymentStatus.PAID
    assert {c["key"] for c in payments.calls} == {f"rentals.rental.{rental.id}.charge"}
    assert len(notifications) == 1


def test_full_station_refuses_the_return_and_suggests_another(user):
    full = StationFactory(capacity=1, name_en="Full")
    VehicleFactory(station=full)
    roomy = StationFactory(name_en="Roomy", lat=35.2280, lon=128.8750)
    vehicle = VehicleFactory(station=StationFactory(lat=35.30, lon=128.70))
    rental = start_ride(user, vehicle)
    with pytest.raises(ApplicationError) as exc:
        services.rental_end(user=user, rental_id=rental.id, station_id=full.id)
    assert exc.value.code == "rentals.station_full"
    assert exc.value.extra["suggestions"][0]["id"] == str(roomy.id)
    assert Rental.objects.get(id=rental.id).status == Rental.Status.ACTIVE


def test_change_return_place_during_the_ride(user):
    vehicle = VehicleFactory()
    first, second = StationFactory(), StationFactory()
    rental = start_ride(user, vehicle, return_station_id=first.id)
    changed = services.rental_change_return(user=user, rental_id=rental.id, station_id=second.id)
    assert changed.return_station == second
    assert changed.return_changed_at is not None
    ended = services.rental_end(user=user, rental_id=rental.id)
    assert ended.end_station == second


def test_someone_elses_rental_is_not_found(user):
    from apps.accounts.tests.factories import UserFactory

    rental = start_ride(UserFactory(), VehicleFactory())
    assert (
        code_of(lambda: services.rental_end(user=user, rental_id=rental.id))
        == "rentals.rental_not_found"
    )


def test_bike_needs_a_station_or_spot(user):
    rental = start_ride(user, VehicleFactory())
    err = code_of(
        lambda: services.rental_end(
            user=user, rental_id=rental.id, lat=35.2, lon=128.85, photo=photo()
        )
    )
    assert err == "rentals.return_place_required"


def test_niche_spot_return_needs_a_photo_and_to_be_at_the_spot(user):
    spot = NicheSpotFactory()
    rental = start_ride(user, VehicleFactory(), return_spot_id=spot.id)
    assert code_of(
        lambda: services.rental_end(user=user, rental_id=rental.id, lat=spot.lat, lon=spot.lon)
    ) == ("rentals.photo_required")
    assert code_of(
        lambda: services.rental_end(
            user=user, rental_id=rental.id, lat=spot.lat + 0.01, lon=spot.lon, photo=photo()
        )
    ) == ("rentals.not_at_return_place")
    ended = services.rental_end(
        user=user, rental_id=rental.id, lat=spot.lat, lon=spot.lon, photo=photo()
    )
    assert ended.end_spot == spot
    assert ended.photo_review == Rental.PhotoReview.PENDING
    # a random name in the private storage: neither the upload's name nor the rental id
    name = ended.return_photo.name
    assert re.fullmatch(r"rentals/returns/[0-9a-f]{32}\.jpg", name), name
    assert private_storage.exists(name) and str(rental.id) not in name


def test_full_niche_spot_refuses(user):
    spot = NicheSpotFactory(capacity=1, other_operators_occupancy=1)
    rental = start_ride(user, VehicleFactory())
    err = code_of(
        lambda: services.rental_end(
            user=user,
            rental_id=rental.id,
            spot_id=spot.id,
            lat=spot.lat,
            lon=spot.lon,
            photo=photo(),
        )
    )
    assert err == "rentals.spot_full"


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"GIF89a" + b"\x00" * 40, "p.jpg", "files.invalid_type"),
        # a PDF is a private file kind, but not a photo
        (b"%PDF-1.7 not an image", "p.png", "files.invalid_type"),
        (PNG, "p.png", None),
        (WEBP, "p.webp", None),
    ],
)
def test_photo_type_is_read_from_the_content(user, content, name, code):
    scooter = ScooterFactory()
    rental = start_ride(user, scooter)
    call = lambda: services.rental_end(  # noqa: E731
        user=user, rental_id=rental.id, lat=35.25, lon=128.87, photo=photo(content, name)
    )
    if code:
        assert code_of(call) == code
        assert Rental.objects.get(id=rental.id).status == Rental.Status.ACTIVE
    else:
        assert call().status == Rental.Status.ENDED


def test_photo_size_limit(user, settings):
    settings.RENTALS_PHOTO_MAX_BYTES = 1024 * 1024
    rental = start_ride(user, ScooterFactory())
    big = photo(JPEG + b"\x00" * (1024 * 1024))
    assert code_of(
        lambda: services.rental_end(
            user=user, rental_id=rental.id, lat=35.25, lon=128.87, photo=big
        )
    ) == ("files.too_large")


def test_geofenced_return_is_refused_with_a_reason_and_places_to_go(user):
    zone = GeofenceZoneFactory(kind=GeofenceZone.Kind.NO_PARKING)
    spot = NicheSpotFactory(lat=35.2101, lon=128.8101)
    rental = start_ride(user, ScooterFactory())
    with pytest.raises(ApplicationError) as exc:
        services.rental_end(user=user, rental_id=rental.id, lat=35.19, lon=128.81, photo=photo())
    assert exc.value.code == "rentals.return_not_allowed_here"
    assert zone.name_ko in exc.value.message
    assert exc.value.extra["suggestions"][0]["id"] == str(spot.id)
    # outside the zone the same scooter may be left
    ended = services.rental_end(
        user=user, rental_id=rental.id, lat=35.25, lon=128.87, photo=photo()
    )
    assert ended.status == Rental.Status.ENDED


def test_parking_only_zone_allows_a_niche_spot_inside_it(user):
    GeofenceZoneFactory(kind=GeofenceZone.Kind.PARKING_ONLY)
    spot = NicheSpotFactory(lat=35.19, lon=128.81)
    rental = start_ride(user, ScooterFactory())
    err = code_of(
        lambda: services.rental_end(
            user=user, rental_id=rental.id, lat=35.191, lon=128.811, photo=photo()
        )
    )
    assert err == "rentals.return_not_allowed_here"
    ended = services.rental_end(
        user=user, rental_id=rental.id, spot_id=spot.id, lat=35.19, lon=128.81, photo=photo()
    )
    assert ended.end_spot == spot


def test_single_use_coupon(user):
    from apps.accounts.tests.factories import UserFactory

    coupon = CouponFactory(max_redemptions=1)
    rental = start_ride(user, VehicleFactory(), coupon_code=coupon.code.lower(), minutes_ago=39)
    ended = services.rental_end(user=user, rental_id=rental.id, station_id=StationFactory().id)
    assert ended.amount_krw == 350  # 700 − 50 %
    assert CouponRedemption.objects.filter(coupon=coupon).count() == 1
    err = code_of(
        lambda: services.rental_unlock(
            user=UserFactory(), code=VehicleFactory().code, coupon_code=coupon.code
        )
    )
    assert err == "rentals.coupon_used"


def test_campaign_coupon_once_per_rider(user):
    from apps.accounts.tests.factories import UserFactory

    coupon = CouponFactory(max_redemptions=None)
    start_ride(user, VehicleFactory(), coupon_code=coupon.code)
    start_ride(UserFactory(), VehicleFactory(), coupon_code=coupon.code)
    assert code_of(
        lambda: services.rental_unlock(
            user=user, code=VehicleFactory().code, coupon_code=coupon.code
        )
    ) == ("rentals.coupon_used")
    assert code_of(
        lambda: services.rental_unlock(
            user=UserFactory(), code=VehicleFactory().code, coupon_code="NOPE"
        )
    ) == ("rentals.coupon_invalid")


def test_free_ride_day_counts_the_korean_date_the_ride_started(user):
    FreeRideDay.objects.create(date="2026-04-22", name_ko="자전거의 날", name_en="Bicycle Day")
    vehicle = VehicleFactory()
    # 23:50 on 21 April in Korea, ending after midnight on the free day: not free
    rental = start_ride(user, vehicle)
    Rental.objects.filter(id=rental.id).update(
        started_at=timezone.datetime(2026, 4, 21, 23, 50, tzinfo=SEOUL)
    )
    ended = services.rental_end(user=user, rental_id=rental.id, station_id=vehicle.station_id)
    assert ended.amount_krw > 0

    other = VehicleFactory()
    rental = start_ride(user, other)
    # 00:05 on 22 April in Korea is still 21 April in UTC: free
    Rental.objects.filter(id=rental.id).update(
        started_at=timezone.datetime(2026, 4, 22, 0, 5, tzinfo=SEOUL), status=Rental.Status.ACTIVE
    )
    ended = services.rental_end(user=user, rental_id=rental.id, station_id=other.station_id)
    assert ended.amount_krw == 0
    assert ended.payment_status == Rental.PaymentStatus.FREE


def test_daily_cap_resets_at_korean_midnight(user):
    vehicle = VehicleFactory()
    plan = vehicle.vehicle_type.pricing_plan
    plan.daily_cap_krw = 1000
    plan.ride_cap_krw = None
    plan.save()

    def ride(started):
        rental = start_ride(user, vehicle)
        Rental.objects.filter(id=rental.id).update(started_at=started)
        return services.rental_end(user=user, rental_id=rental.id, station_id=vehicle.station_id)

    day = timezone.now().astimezone(SEOUL).replace(
        hour=0, minute=10, second=0, microsecond=0
    ) - timedelta(days=1)
    assert ride(day).amount_krw == 1000  # capped from 23 hours of riding
    assert ride(day + timedelta(hours=1)).amount_krw == 0  # cap reached that day
    assert ride(day + timedelta(days=1) - timedelta(hours=1)).amount_krw == 0  # 23:10 same day


def test_ride_left_open_alerts_rider_and_transport_staff_once(user, notifications):
    from django.contrib.auth.models import Group

    from apps.accounts.tests.factories import UserFactory

    staff = UserFactory(is_staff=True)
    staff.groups.add(Group.objects.get_or_create(name="transport")[0])
    start_ride(user, VehicleFactory(), minutes_ago=200)
    start_ride(UserFactory(), VehicleFactory(), minutes_ago=20)
    assert services.rental_alert_open_rides() == 1
    assert services.rental_alert_open_rides() == 0
    assert {n["user"] for n in notifications} == {user, staff}


def test_students_get_the_plan_discount(user):
    from apps.accounts.models import StudentVerification, University

    uni = University.objects.create(name="인제대학교", email_domains=["inje.ac.kr"])
    StudentVerification.objects.create(
        user=user, university=uni, status=StudentVerification.Status.VERIFIED
    )
    vehicle = VehicleFactory()
    rental = start_ride(user, vehicle, minutes_ago=35)
    assert rental.rider_category == "student"
    ended = services.rental_end(user=user, rental_id=rental.id, station_id=vehicle.station_id)
    assert ended.amount_krw == 560
