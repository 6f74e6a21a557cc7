"""Writes: reserve, unlock, change the return place, end, charge, and the periodic jobs.

Locks are always taken in the same order — rider, rental, station/spot, vehicle — so two requests
never wait on each other in a circle. A vehicle changes hands by compare-and-swap on its status
(``filter(id=…, status=old).update(status=new)``): however many phones press "unlock" at the same
moment, exactly one update matches.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone

from apps.core.events import send_now
from apps.core.files import IMAGE_KINDS, private_file_validate
from apps.core.geo import point_in_geojson

from . import integrations, pricing, selectors
from .errors import RentalError
from .models import (
    Coupon,
    CouponRedemption,
    FreeRideDay,
    GeofenceZone,
    NicheSpot,
    PricingPlan,
    Rental,
    Station,
    TourCourse,
    Vehicle,
)

if TYPE_CHECKING:
    from django.core.files import File

    from apps.accounts.models import User

    from .selectors import CountedSpot, CountedStation

logger = logging.getLogger(__name__)

STATIONS_GROUP = "rentals.stations"
MAX_OPEN_RENTALS = 2  # the city plan: 1 person : 2 bikes
RESERVATION_HOLD = timedelta(minutes=10)
SPOT_RADIUS_M = 30  # a painted spot is a few metres across; GPS adds the rest
STATION_RADIUS_M = 150


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


# --- rider ----------------------------------------------------------------------------------


def rider_profile(*, user: User) -> tuple[str, str]:
    """(rider category, age band) from the accounts facade."""
    from apps.accounts import facade as accounts

    info = accounts.user_get(user_id=user.pk)
    if info is None:
        return "general", ""
    age = info.age
    band = ""
    if age is not None:
        band = "under20" if age < 20 else ("60plus" if age >= 60 else f"{age // 10 * 10}s")
    if info.is_verified_student:
        return "student", band
    if age is not None and age >= 65:
        return "senior", band
    return "general", band


def _lock_rider(user: User) -> None:
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()


def _check_limit(user: User) -> None:
    if (
        Rental.objects.filter(user=user, status__in=Rental.OPEN_STATUSES).count()
        >= MAX_OPEN_RENTALS
    ):
        raise RentalError.too_many_rentals(limit=MAX_OPEN_RENTALS)


# --- live counts --------------------------------------------------------------------------------


def _publish_place(*, station_id: UUID | None = None, spot_id: UUID | None = None) -> None:
    """After commit, push the place's fresh counts to everyone watching the map."""

    def send() -> None:
        if station_id:
            send_now(
                STATIONS_GROUP, "station.status", selectors.station_counts(station_id=station_id)
            )
        if spot_id:
            send_now(STATIONS_GROUP, "spot.status", selectors.spot_counts(spot_id=spot_id))

    if station_id or spot_id:
        transaction.on_commit(send)


# --- vehicles and reservations ------------------------------------------------------------------


def vehicle_code_parse(*, code: str) -> str:
    """A QR code carries ``https://…/r/<code>`` or ``ieum:rentals:<code>``; riders type the code."""
    code = (code or "").strip()
    for sep in ("/r/", "rentals:"):
        if sep in code:
            code = code.rsplit(sep, 1)[1]
    return code.strip("/ ").upper()


def _vehicle_by_code(code: str) -> Vehicle:
    vehicle = (
        Vehicle.objects.select_related("vehicle_type")
        .filter(code=vehicle_code_parse(code=code))
        .first()
    )
    if vehicle is None:
        raise RentalError.vehicle_not_found()
    return vehicle


def _expire(rental: Rental, now: datetime) -> None:
    """A reservation past its hold: the rental expires and the vehicle is rentable again."""
    updated = Rental.objects.filter(id=rental.id, status=Rental.Status.RESERVED).update(
        status=Rental.Status.EXPIRED, updated_at=now
    )
    if updated:
        Vehicle.objects.filter(id=rental.vehicle_id, status=Vehicle.Status.RESERVED).update(
            status=Vehicle.Status.AVAILABLE
        )
        vehicle = Vehicle.objects.only("station_id", "spot_id").get(id=rental.vehicle_id)
        _publish_place(station_id=vehicle.station_id, spot_id=vehicle.spot_id)


def _expire_stale_for(*, user: User | None = None, vehicle: Vehicle | None = None) -> None:
    now = timezone.now()
    qs = Rental.objects.select_for_update().filter(
        status=Rental.Status.RESERVED, reserved_until__lte=now
    )
    if user is not None:
        qs = qs.filter(user=user)
    if vehicle is not None:
        qs = qs.filter(vehicle=vehicle)
    for rental in qs.order_by("id"):
        _expire(rental, now)


@transaction.atomic
def rental_reserve(*, user: User, vehicle_code: str) -> Rental:
    """Hold a vehicle for 10 minutes."""
    _lock_rider(user)
    vehicle = _vehicle_by_code(vehicle_code)
    _expire_stale_for(user=user)
    _expire_stale_for(vehicle=vehicle)
    _check_limit(user)
    if not Vehicle.objects.filter(id=vehicle.id, status=Vehicle.Status.AVAILABLE).update(
        status=Vehicle.Status.RESERVED
    ):
        raise RentalError.vehicle_unavailable()
    vehicle.refresh_from_db()
    if vehicle.station is not None and not vehicle.station.is_renting:
        raise RentalError.vehicle_unavailable()
    category, band = rider_profile(user=user)
    now = timezone.now()
    rental = Rental.objects.create(
        user=user,
        vehicle=vehicle,
        pricing_plan_id=vehicle.vehicle_type.pricing_plan_id,
        status=Rental.Status.RESERVED,
        rider_category=category,
        rider_age_band=band,
        reserved_at=now,
        reserved_until=now + RESERVATION_HOLD,
        start_station_id=vehicle.station_id,
        start_spot_id=vehicle.spot_id,
    )
    _publish_place(station_id=vehicle.station_id, spot_id=vehicle.spot_id)
    return rental


@transaction.atomic
def rental_cancel(*, user: User, rental_id: UUID) -> Rental:
    _lock_rider(user)
    rental = selectors.rental_get_for_user(user=user, rental_id=rental_id, lock=True)
    if rental.status != Rental.Status.RESERVED:
        raise RentalError.wrong_state()
    rental.status = Rental.Status.CANCELLED
    rental.save(update_fields=["status", "updated_at"])
    Vehicle.objects.filter(id=rental.vehicle_id, status=Vehicle.Status.RESERVED).update(
        status=Vehicle.Status.AVAILABLE
    )
    _publish_place(station_id=rental.start_station_id, spot_id=rental.start_spot_id)
    return rental


# --- return place ------------------------------------------------------------------------------


def _return_station(station_id: UUID) -> CountedStation:
    station = selectors.station_list().filter(id=station_id).first()
    if station is None:
        raise RentalError.station_not_found()
    if not station.is_returning:
        raise RentalError.station_not_returning(
            suggestions=selectors.return_suggestions(lat=station.lat, lon=station.lon, spots=False)
        )
    return station


def _return_spot(spot_id: UUID) -> CountedSpot:
    spot = selectors.spot_list().filter(id=spot_id).first()
    if spot is None:
        raise RentalError.spot_not_found()
    return spot


def _validate_return_target(
    station_id: UUID | None, spot_id: UUID | None
) -> tuple[CountedStation | None, CountedSpot | None]:
    if station_id and spot_id:
        raise RentalError.return_target_conflict()
    station = _return_station(station_id) if station_id else None
    spot = _return_spot(spot_id) if spot_id else None
    if station is not None and station.num_docks_available <= 0:
        raise RentalError.station_full(
            suggestions=selectors.return_suggestions(lat=station.lat, lon=station.lon, spots=False)
        )
    if spot is not None and spot.occupancy >= spot.capacity:
        raise RentalError.spot_full(
            suggestions=selectors.return_suggestions(lat=spot.lat, lon=spot.lon)
        )
    return station, spot


@transaction.atomic
def rental_change_return(
    *, user: User, rental_id: UUID, station_id: UUID | None = None, spot_id: UUID | None = None
) -> Rental:
    """Choose or change where the ride will end (the plan: changeable during the ride)."""
    rental = selectors.rental_get_for_user(user=user, rental_id=rental_id, lock=True)
    if rental.status not in Rental.OPEN_STATUSES:
        raise RentalError.wrong_state()
    station, spot = _validate_return_target(station_id, spot_id)
    if rental.return_station_id or rental.return_spot_id:
        rental.return_changed_at = timezone.now()
    rental.return_station = station
    rental.return_spot = spot
    rental.save(update_fields=["return_station", "return_spot", "return_changed_at", "updated_at"])
    return rental


# --- coupons ------------------------------------------------------------------------------------


def _coupon_for(*, user: User, code: str) -> Coupon:
    now = timezone.now()
    coupon = (
        Coupon.objects.select_for_update().filter(code__iexact=code.strip(), is_active=True).first()
    )
    if (
        coupon is None
        or (coupon.valid_from and coupon.valid_from > now)
        or (coupon.valid_until and coupon.valid_until < now)
    ):
        raise RentalError.coupon_invalid()
    if CouponRedemption.objects.filter(coupon=coupon, user=user).exists():
        raise RentalError.coupon_used()
    if coupon.max_redemptions is not None and coupon.redeemed_count >= coupon.max_redemptions:
        raise RentalError.coupon_used()
    return coupon


def _coupon_redeem(*, coupon: Coupon, user: User, rental: Rental) -> None:
    qs = Coupon.objects.filter(id=coupon.id)
    if coupon.max_redemptions is not None:
        qs = qs.filter(redeemed_count__lt=coupon.max_redemptions)
    if not qs.update(redeemed_count=F("redeemed_count") + 1):
        raise RentalError.coupon_used()
    CouponRedemption.objects.create(coupon=coupon, user=user, rental=rental)


# --- unlock ------------------------------------------------------------------------------------


@transaction.atomic
def rental_unlock(
    *,
    user: User,
    code: str,
    return_station_id: UUID | None = None,
    return_spot_id: UUID | None = None,
    coupon_code: str = "",
) -> Rental:
    """Unlock a vehicle by its QR or printed code: the rider's own reservation, or any available
    vehicle. The return place may be chosen now (the plan asks riders to) and changed later."""
    _lock_rider(user)
    vehicle = _vehicle_by_code(code)
    _expire_stale_for(vehicle=vehicle)
    _expire_stale_for(user=user)
    station, spot = _validate_return_target(return_station_id, return_spot_id)
    coupon = _coupon_for(user=user, code=coupon_code) if coupon_code else None

    now = timezone.now()
    reservation = (
        Rental.objects.select_for_update()
        .filter(vehicle=vehicle, status=Rental.Status.RESERVED)
        .first()
    )
    if reservation is not None and reservation.user_id != user.pk:
        raise RentalError.vehicle_reserved_by_other()

    if reservation is not None:
        if not Vehicle.objects.filter(id=vehicle.id, status=Vehicle.Status.RESERVED).update(
            status=Vehicle.Status.IN_USE, station=None, spot=None, last_reported=now
        ):
            raise RentalError.vehicle_unavailable()
        rental = reservation
    else:
        _check_limit(user)
        if not Vehicle.objects.filter(id=vehicle.id, status=Vehicle.Status.AVAILABLE).update(
            status=Vehicle.Status.IN_USE, station=None, spot=None, last_reported=now
        ):
            raise RentalError.vehicle_unavailable()
        if (
            vehicle.station_id
            and not Station.objects.filter(id=vehicle.station_id, is_renting=True).exists()
        ):
            raise RentalError.vehicle_unavailable()
        category, band = rider_profile(user=user)
        rental = Rental(
            user=user,
            vehicle=vehicle,
            pricing_plan_id=vehicle.vehicle_type.pricing_plan_id,
            rider_category=category,
            rider_age_band=band,
            start_station_id=vehicle.station_id,
            start_spot_id=vehicle.spot_id,
        )
    rental.status = Rental.Status.ACTIVE
    rental.started_at = now
    if station or spot:
        rental.return_station = station
        rental.return_spot = spot
    rental.coupon = coupon
    rental.save()
    if coupon is not None:
        _coupon_redeem(coupon=coupon, user=user, rental=rental)
    _publish_place(station_id=vehicle.station_id, spot_id=vehicle.spot_id)
    return rental


# --- end ---------------------------------------------------------------------------------------


def _check_zones(*, lat: float, lon: float, at_place: bool) -> None:
    for zone in GeofenceZone.objects.filter(is_active=True).order_by("kind", "id"):
        if zone.kind == GeofenceZone.Kind.SLOW:
            continue
        if zone.kind == GeofenceZone.Kind.PARKING_ONLY and at_place:
            continue
        try:
            inside = point_in_geojson(lat, lon, zone.geometry)
        except Exception:  # a broken polygon in admin must not block every return
            logger.exception("rentals: zone %s has an invalid geometry", zone.id)
            continue
        if inside:
            raise RentalError.zone_forbids_parking(
                zone=zone.name,
                kind=zone.kind,
                suggestions=selectors.return_suggestions(lat=lat, lon=lon),
            )


def _spot_contains(spot: NicheSpot, lat: float, lon: float) -> tuple[bool, int]:
    d = round(selectors.distance_m(lat1=lat, lon1=lon, lat2=spot.lat, lon2=spot.lon))
    if spot.area:
        try:
            if point_in_geojson(lat, lon, spot.area):
                return True, 0
        except Exception:
            logger.exception("rentals: spot %s has an invalid area", spot.id)
    return d <= SPOT_RADIUS_M, d


def _price(rental: Rental, *, ended_at: datetime) -> pricing.PriceBreakdown:
    plan: PricingPlan = rental.pricing_plan
    started_at = rental.started_at
    if started_at is None:  # never unlocked: there is no ride to price
        raise RentalError.wrong_state()
    started_local = timezone.localtime(started_at)
    day = started_local.date()
    free_day = FreeRideDay.objects.filter(date=day).first()
    paid_today = 0
    if plan.daily_cap_krw is not None:
        start = started_local.replace(hour=0, minute=0, second=0, microsecond=0)
        paid_today = (
            Rental.objects.filter(
                user_id=rental.user_id,
                status=Rental.Status.ENDED,
                pricing_plan=plan,
                started_at__gte=start,
                started_at__lt=start + timedelta(days=1),
            )
            .exclude(id=rental.id)
            .aggregate(total=Sum("amount_krw"))["total"]
            or 0
        )
    coupon = rental.coupon
    return pricing.quote(
        base_price_krw=plan.base_price_krw,
        segments=plan.segments,
        minutes=pricing.ride_minutes(started_at, ended_at),
        ride_cap_krw=plan.ride_cap_krw,
        daily_cap_krw=plan.daily_cap_krw,
        discounts=plan.discounts,
        rider_category=rental.rider_category,
        coupon_kind=coupon.kind if coupon else None,
        coupon_value=coupon.value if coupon else 0,
        paid_today_krw=paid_today,
        free_day=free_day.name if free_day else "",
    )


def _free_day_names(rental: Rental) -> dict[str, str]:
    """The free ride day's name in both languages for the stored breakdown (it is read later, in
    the reader's language: RentalOutput)."""
    if rental.started_at is None:
        return {}
    day = FreeRideDay.objects.filter(date=timezone.localtime(rental.started_at).date()).first()
    if day is None:
        return {}
    ko = day.name_ko or day.name_en or ""  # type: ignore[attr-defined]
    return {"free_day_ko": ko, "free_day_en": day.name_en or ko}  # type: ignore[attr-defined]


def rental_end(
    *,
    user: User,
    rental_id: UUID,
    lat: float | None = None,
    lon: float | None = None,
    station_id: UUID | None = None,
    spot_id: UUID | None = None,
    photo: File | None = None,
) -> Rental:
    """End the ride where the rules allow, price it, then charge (outside the ride's transaction:
    the charge is idempotent by the rental id, and a retry job picks up a failed one)."""
    # the photo is checked before anything is locked or written
    photo_ext = (
        private_file_validate(photo, kinds=IMAGE_KINDS, max_bytes=settings.RENTALS_PHOTO_MAX_BYTES)
        if photo is not None
        else None
    )
    with transaction.atomic():
        rental = _end_locked(
            user=user,
            rental_id=rental_id,
            lat=lat,
            lon=lon,
            station_id=station_id,
            spot_id=spot_id,
            photo=photo,
            photo_ext=photo_ext,
        )
    if rental.payment_status == Rental.PaymentStatus.PENDING:
        rental = rental_charge(rental_id=rental.id)
    return rental


def _end_locked(
    *,
    user: User,
    rental_id: UUID,
    lat: float | None,
    lon: float | None,
    station_id: UUID | None,
    spot_id: UUID | None,
    photo: File | None,
    photo_ext: str | None,
) -> Rental:
    _lock_rider(user)
    rental = selectors.rental_get_for_user(user=user, rental_id=rental_id, lock=True)
    if rental.status == Rental.Status.ENDED:
        return rental  # a retried request: the ride is already over
    if rental.status != Rental.Status.ACTIVE:
        raise RentalError.wrong_state()
    if station_id and spot_id:
        raise RentalError.return_target_conflict()
    if not station_id and not spot_id:
        station_id, spot_id = rental.return_station_id, rental.return_spot_id
    vehicle = Vehicle.objects.select_related("vehicle_type").get(id=rental.vehicle_id)

    station = spot = None
    if station_id:
        station = Station.objects.select_for_update().filter(id=station_id).first()
        if station is None:
            raise RentalError.station_not_found()
        counted = selectors.station_get(station_id=station.id)

        def suggestions(station: Station = station) -> list[dict[str, Any]]:
            return selectors.return_suggestions(lat=station.lat, lon=station.lon, spots=False)

        if not station.is_installed or not station.is_returning:
            raise RentalError.station_not_returning(suggestions=suggestions())
        if lat is not None and lon is not None:
            d = round(selectors.distance_m(lat1=lat, lon1=lon, lat2=station.lat, lon2=station.lon))
            if d > STATION_RADIUS_M:
                raise RentalError.not_at_place(distance_m=d, suggestions=suggestions())
        if counted.num_docks_available <= 0:
            raise RentalError.station_full(suggestions=suggestions())
        end_lat, end_lon = station.lat, station.lon
    else:
        if lat is None or lon is None:
            raise RentalError.location_required()
        if spot_id:
            spot = NicheSpot.objects.select_for_update().filter(id=spot_id, is_active=True).first()
            if spot is None:
                raise RentalError.spot_not_found()
            inside, d = _spot_contains(spot, lat, lon)
            if not inside:
                raise RentalError.not_at_place(
                    distance_m=d, suggestions=selectors.return_suggestions(lat=lat, lon=lon)
                )
            counted_spot = selectors.spot_get(spot_id=spot.id)
            if counted_spot.occupancy >= counted_spot.capacity:
                raise RentalError.spot_full(
                    suggestions=selectors.return_suggestions(lat=lat, lon=lon)
                )
        else:
            if not vehicle.vehicle_type.free_floating:
                raise RentalError.return_place_required(
                    suggestions=selectors.return_suggestions(lat=lat, lon=lon)
                )
            _check_zones(lat=lat, lon=lon, at_place=False)
        if photo is None:
            raise RentalError.photo_required()
        end_lat, end_lon = lat, lon

    now = timezone.now()
    breakdown = _price(rental, ended_at=now)
    rental.status = Rental.Status.ENDED
    rental.ended_at = now
    rental.end_station = station
    rental.end_spot = spot
    rental.end_lat, rental.end_lon = end_lat, end_lon
    rental.minutes = breakdown.minutes
    rental.amount_krw = breakdown.total_krw
    rental.price_breakdown = breakdown.as_dict() | _free_day_names(rental)
    rental.payment_status = (
        Rental.PaymentStatus.PENDING if breakdown.total_krw > 0 else Rental.PaymentStatus.FREE
    )
    if photo is not None:
        photo.seek(0)
        # stored under a random name; only the checked extension is kept
        rental.return_photo.save(f"photo.{photo_ext}", ContentFile(photo.read()), save=False)
        rental.photo_review = Rental.PhotoReview.PENDING
    rental.save()

    # the vehicle is parked: a new public id so the open-data feed cannot link its trips
    Vehicle.objects.filter(id=vehicle.id, status=Vehicle.Status.IN_USE).update(
        status=Vehicle.Status.AVAILABLE,
        station=station,
        spot=spot,
        lat=end_lat,
        lon=end_lon,
        public_id=uuid.uuid4(),
        last_reported=now,
    )
    _publish_place(station_id=station.id if station else None, spot_id=spot.id if spot else None)
    if rental.payment_status == Rental.PaymentStatus.FREE:
        transaction.on_commit(lambda: _send_receipt(rental.id))
    return rental


# --- payment and receipt -----------------------------------------------------------------------


def rental_charge(*, rental_id: UUID) -> Rental:
    """Charge an ended ride once. Safe to call again: the payment key is the rental's."""
    rental = Rental.objects.select_related("vehicle", "user").get(id=rental_id)
    if rental.payment_status not in (Rental.PaymentStatus.PENDING, Rental.PaymentStatus.FAILED):
        return rental
    label_ko = f"타고가야 이용 {rental.minutes}분 ({rental.vehicle.code})"
    label_en = f"Tagogaya ride, {rental.minutes} min ({rental.vehicle.code})"
    try:
        outcome = integrations.charge(
            user_id=rental.user_id,
            rental_id=rental.id,
            amount_krw=rental.amount_krw or 0,  # set when the ride ended
            label_ko=label_ko,
            label_en=label_en,
        )
    except Exception:
        # the ride stays ended; the retry job charges it later with the same key
        logger.exception("rentals: charging rental %s failed", rental.id)
        Rental.objects.filter(id=rental.id, payment_status=Rental.PaymentStatus.PENDING).update(
            payment_status=Rental.PaymentStatus.FAILED
        )
        rental.refresh_from_db()
        return rental
    new_status = Rental.PaymentStatus.PAID if outcome.paid else Rental.PaymentStatus.PENDING
    changed = Rental.objects.filter(
        id=rental.id,
        payment_status__in=(Rental.PaymentStatus.PENDING, Rental.PaymentStatus.FAILED),
    ).update(payment_status=new_status, order_id=outcome.order_id)
    rental.refresh_from_db()
    if changed and new_status == Rental.PaymentStatus.PAID:
        _send_receipt(rental.id)
    return rental


def _send_receipt(rental_id: UUID) -> None:
    rental = Rental.objects.select_related("vehicle", "user", "end_station", "end_spot").get(
        id=rental_id
    )
    amount = rental.amount_krw or 0
    place = rental.end_station or rental.end_spot
    place_ko = getattr(place, "name_ko", "") or "" if place else ""
    place_en = getattr(place, "name_en", "") or place_ko if place else ""
    integrations.notify(
        user=rental.user,
        title_ko="타고가야 이용 영수증",
        title_en="Tagogaya ride receipt",
        body_ko=f"{rental.minutes}분 이용, {amount:,}원 결제"
        + (f" · {place_ko} 반납" if place_ko else ""),
        body_en=f"{rental.minutes} min ride, KRW {amount:,} paid"
        + (f" · returned at {place_en}" if place_en else ""),
        data={
            "rental_id": str(rental.id),
            "amount_krw": amount,
            "minutes": rental.minutes,
            "order_id": str(rental.order_id) if rental.order_id else None,
        },
    )


# --- periodic jobs -------------------------------------------------------------------------------


def rental_expire_reservations() -> int:
    now = timezone.now()
    count = 0
    ids = list(
        Rental.objects.filter(status=Rental.Status.RESERVED, reserved_until__lte=now).values_list(
            "id", flat=True
        )
    )
    for rental_id in ids:
        with transaction.atomic():
            rental = (
                Rental.objects.select_for_update()
                .filter(id=rental_id, status=Rental.Status.RESERVED)
                .first()
            )
            if rental is not None:
                _expire(rental, now)
                count += 1
    return count


def rental_alert_open_rides() -> int:
    """A ride open longer than the limit: tell the rider and the transport department, once."""
    limit = timedelta(minutes=_setting("RENTALS_OPEN_RIDE_ALERT_MINUTES", 180))
    now = timezone.now()
    candidates = Rental.objects.filter(
        status=Rental.Status.ACTIVE, started_at__lte=now - limit, open_alert_sent_at__isnull=True
    ).select_related("user", "vehicle")
    staff = list(
        get_user_model()
        .objects.filter(is_active=True, is_staff=True, groups__name="transport")
        .distinct()
    )
    sent = 0
    for rental in candidates:
        if not Rental.objects.filter(id=rental.id, open_alert_sent_at__isnull=True).update(
            open_alert_sent_at=now
        ):
            continue  # another worker sent it
        if rental.started_at is None:  # excluded by the query; an active ride has started
            continue
        hours = int((now - rental.started_at).total_seconds() // 3600)
        integrations.notify(
            user=rental.user,
            title_ko="타고가야 이용이 아직 끝나지 않았어요",
            title_en="Your Tagogaya ride is still open",
            body_ko=f"{rental.vehicle.code} 이용이 {hours}시간째 계속되고 있어요. 반납을 잊지 않으셨나요?",
            body_en=f"Your ride on {rental.vehicle.code} has been open for {hours} h. "
            "Did you forget to return it?",
            data={"rental_id": str(rental.id), "alert": "ride_left_open"},
        )
        for member in staff:
            integrations.notify(
                user=member,
                title_ko="장시간 미반납 대여",
                title_en="Ride left open",
                body_ko=f"{rental.vehicle.code}: {hours}시간째 반납되지 않았습니다.",
                body_en=f"{rental.vehicle.code} has not been returned for {hours} h.",
                data={"rental_id": str(rental.id), "alert": "ride_left_open"},
            )
        sent += 1
    return sent


def rental_charge_pending() -> int:
    ids = list(
        Rental.objects.filter(
            status=Rental.Status.ENDED,
            payment_status__in=(Rental.PaymentStatus.PENDING, Rental.PaymentStatus.FAILED),
        ).values_list("id", flat=True)[:200]
    )
    for rental_id in ids:
        rental_charge(rental_id=rental_id)
    return len(ids)


# --- staff --------------------------------------------------------------------------------------


@transaction.atomic
def rental_photo_review(*, rental_id: UUID, reviewer: User | None, approved: bool) -> Rental:
    rental = Rental.objects.select_for_update().get(id=rental_id)
    rental.photo_review = Rental.PhotoReview.APPROVED if approved else Rental.PhotoReview.REJECTED
    rental.photo_reviewed_by = reviewer
    rental.save(update_fields=["photo_review", "photo_reviewed_by", "updated_at"])
    return rental


# --- heritage tour courses ---------------------------------------------------------------------

# Streets are not straight lines: a typical urban detour factor between stops a few hundred
# metres apart in the old town (straight-line distance x 1.3).
COURSE_DETOUR_FACTOR = 1.3


@transaction.atomic
def tour_course_recompute(*, course_id: UUID) -> TourCourse:
    """Distance and riding time from the stops, at the planner's e-bike speed (time spent at the
    sites is not included)."""
    from .facade import ebike_ride_minutes

    course = TourCourse.objects.select_for_update().get(id=course_id)
    points: list[tuple[float, float]] = []
    for stop in course.stops.select_related("station").order_by("position"):
        lat, lon = stop.point
        if lat is not None and lon is not None:
            points.append((lat, lon))
    straight = sum(
        selectors.distance_m(lat1=a[0], lon1=a[1], lat2=b[0], lon2=b[1])
        for a, b in zip(points, points[1:], strict=False)
    )
    course.distance_m = round(straight * COURSE_DETOUR_FACTOR)
    course.riding_minutes = (
        ebike_ride_minutes(distance_m=course.distance_m) if course.distance_m else 0
    )
    course.save(update_fields=["distance_m", "riding_minutes", "updated_at"])
    return course
