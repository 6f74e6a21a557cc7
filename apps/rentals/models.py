"""Tagogaya e-bikes and PM e-scooters: operators, stations, niche parking spots, vehicles,
geofences, pricing plans as data, coupons, free-ride days and rentals.

Live counts (bikes available, free docks, spot occupancy) are not stored: they are counted from
the vehicles, so a crashed request can never leave a counter wrong.
"""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.files import PrivateFileField
from apps.core.models import TimeStampedModel
from apps.core.money import KrwField


class Operator(TimeStampedModel):
    class Kind(models.TextChoices):
        PUBLIC = "public", _("Public (Tagogaya)")
        PRIVATE = "private", _("Private PM operator")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PUBLIC)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    url = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("operator")
        verbose_name_plural = _("operators")

    def __str__(self) -> str:
        return self.name


class PricingPlan(TimeStampedModel):
    """A tariff as data: a base price covering the first segment, then per-minute segments.

    ``segments`` is a list of ``{"start": min, "interval": min, "rate": KRW, "end": min|null}``
    (GBFS ``per_min_pricing``): once a ride is longer than ``start`` minutes, ``rate`` is charged
    for every started ``interval`` up to ``end``. ``discounts`` maps a rider category (student,
    senior, disabled) to a percentage off.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    base_price_krw = KrwField(_("base price (KRW)"), default=0)
    segments = models.JSONField(_("per-minute segments"), default=list, blank=True)
    ride_cap_krw = KrwField(_("cap per ride (KRW)"), null=True, blank=True)
    daily_cap_krw = KrwField(_("cap per rider and day (KRW)"), null=True, blank=True)
    discounts = models.JSONField(_("rider discounts (%)"), default=dict, blank=True)
    is_demo = models.BooleanField(
        _("demo values"),
        default=False,
        help_text=_("Parts of this tariff are invented for the demo."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("pricing plan")
        verbose_name_plural = _("pricing plans")

    def __str__(self) -> str:
        return self.name


class VehicleType(TimeStampedModel):
    class FormFactor(models.TextChoices):
        BICYCLE = "bicycle", _("Bicycle")
        SCOOTER = "scooter_standing", _("Standing scooter")

    class Propulsion(models.TextChoices):
        ELECTRIC_ASSIST = "electric_assist", _("Electric assist")
        ELECTRIC = "electric", _("Electric")
        HUMAN = "human", _("Human")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="vehicle_types", verbose_name=_("operator")
    )
    form_factor = models.CharField(_("form factor"), max_length=20, choices=FormFactor.choices)
    propulsion = models.CharField(_("propulsion"), max_length=20, choices=Propulsion.choices)
    max_range_m = models.PositiveIntegerField(_("range on a full battery (m)"), default=0)
    max_speed_kph = models.PositiveSmallIntegerField(_("top speed (km/h)"), default=25)
    pricing_plan = models.ForeignKey(
        PricingPlan,
        on_delete=models.PROTECT,
        related_name="vehicle_types",
        verbose_name=_("pricing plan"),
    )
    # Tagogaya bikes go back to a station or a niche spot; PM scooters may also be left anywhere
    # a geofence allows (free-floating).
    free_floating = models.BooleanField(
        _("may be returned outside stations and spots"), default=False
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("vehicle type")
        verbose_name_plural = _("vehicle types")

    def __str__(self) -> str:
        return self.name


class Station(TimeStampedModel):
    """A docked Tagogaya station (거치형)."""

    operator = models.ForeignKey(
        Operator, on_delete=models.PROTECT, related_name="stations", verbose_name=_("operator")
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    if TYPE_CHECKING:  # added at runtime by django-modeltranslation (translation.py)
        name_ko: str | None
        name_en: str | None
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    capacity = models.PositiveSmallIntegerField(_("docks"), default=10)
    # rebalancing targets: the city moves bikes when a station falls outside them
    min_bikes = models.PositiveSmallIntegerField(_("too few bikes below"), default=2)
    max_bikes = models.PositiveSmallIntegerField(_("too many bikes above"), default=8)
    is_installed = models.BooleanField(_("installed"), default=True)
    is_renting = models.BooleanField(_("renting"), default=True)
    is_returning = models.BooleanField(_("accepting returns"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source of the location"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("station")
        verbose_name_plural = _("stations")

    def __str__(self) -> str:
        return self.name


class NicheSpot(TimeStampedModel):
    """A painted PM niche parking spot (틈새 주차장) at a bus stop, community centre or public lot."""

    class Kind(models.TextChoices):
        BUS_STOP = "bus_stop", _("Bus stop")
        ADMIN_CENTRE = "admin_centre", _("Community centre")
        PUBLIC_LOT = "public_lot", _("Public parking lot")
        CONVENIENCE_STORE = "convenience_store", _("Convenience store")
        BIKE_PARKING = "bike_parking", _("Bicycle parking")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    if TYPE_CHECKING:  # added at runtime by django-modeltranslation (translation.py)
        name_ko: str | None
        name_en: str | None
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    stage = models.PositiveSmallIntegerField(_("pilot stage"), default=1)
    district = models.CharField(_("district"), max_length=40, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    area = models.JSONField(_("painted area (GeoJSON polygon)"), null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=4)
    # PMs of private operators parked here, as their feeds report (ours are counted from vehicles)
    other_operators_occupancy = models.PositiveSmallIntegerField(
        _("occupied by other operators"), default=0
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("niche parking spot")
        verbose_name_plural = _("niche parking spots")

    def __str__(self) -> str:
        return self.name


class Vehicle(TimeStampedModel):
    if TYPE_CHECKING:
        # metres from the asker, set on the vehicles selectors.vehicle_list_near returns
        distance_m: int

    class Status(models.TextChoices):
        AVAILABLE = "available", _("Available")
        RESERVED = "reserved", _("Reserved")
        IN_USE = "in_use", _("In use")
        MAINTENANCE = "maintenance", _("Maintenance")
        LOST = "lost", _("Lost")

    code = models.CharField(
        _("vehicle code"),
        max_length=20,
        unique=True,
        help_text=_("Printed on the vehicle and in its QR code."),
    )
    vehicle_type = models.ForeignKey(
        VehicleType,
        on_delete=models.PROTECT,
        related_name="vehicles",
        verbose_name=_("vehicle type"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AVAILABLE, db_index=True
    )
    battery_percent = models.PositiveSmallIntegerField(_("battery (%)"), default=100)
    station = models.ForeignKey(
        Station,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vehicles",
        verbose_name=_("docked at"),
    )
    spot = models.ForeignKey(
        NicheSpot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="vehicles",
        verbose_name=_("parked at spot"),
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    # GBFS vehicle_id: a fresh random id after every trip so open data cannot follow a vehicle
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    last_reported = models.DateTimeField(_("last reported"), auto_now_add=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")

    def __str__(self) -> str:
        return self.code

    @property
    def range_m(self) -> int:
        return self.vehicle_type.max_range_m * self.battery_percent // 100


class GeofenceZone(TimeStampedModel):
    class Kind(models.TextChoices):
        NO_RIDE = "no_ride", _("No riding")
        SLOW = "slow", _("Slow zone")
        NO_PARKING = "no_parking", _("No parking")
        PARKING_ONLY = "parking_only", _("Parking at stations and spots only")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    geometry = models.JSONField(_("area (GeoJSON Polygon or MultiPolygon)"))
    max_speed_kph = models.PositiveSmallIntegerField(_("speed limit (km/h)"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("geofencing zone")
        verbose_name_plural = _("geofencing zones")

    def __str__(self) -> str:
        return self.name


class Coupon(TimeStampedModel):
    """A coupon code: single-use (one rider, once) or a campaign code (many riders, once each)."""

    class Kind(models.TextChoices):
        PERCENT = "percent", _("Percent off")
        AMOUNT = "amount", _("Amount off (KRW)")
        FREE_MINUTES = "free_minutes", _("Free minutes")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.PositiveIntegerField(_("value"))
    max_redemptions = models.PositiveIntegerField(
        _("redemptions allowed"),
        null=True,
        blank=True,
        help_text=_("1 for a single-use code; empty for no limit."),
    )
    redeemed_count = models.PositiveIntegerField(_("redeemed"), default=0, editable=False)
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("coupon")
        verbose_name_plural = _("coupons")

    def __str__(self) -> str:
        return self.code


class FreeRideDay(TimeStampedModel):
    """Rides started on this day (Korean time) are free, e.g. 자전거의 날 (Bicycle Day, 22 April)."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("free-ride day")
        verbose_name_plural = _("free-ride days")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Rental(TimeStampedModel):
    class Status(models.TextChoices):
        RESERVED = "reserved", _("Reserved")
        ACTIVE = "active", _("Riding")
        ENDED = "ended", _("Ended")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Reservation expired")

    class PaymentStatus(models.TextChoices):
        NOT_DUE = "not_due", _("Not due")
        FREE = "free", _("Free")
        PENDING = "pending", _("Waiting for payment")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Payment failed")

    class PhotoReview(models.TextChoices):
        NOT_NEEDED = "not_needed", _("Not needed")
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    OPEN_STATUSES = (Status.RESERVED, Status.ACTIVE)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="rentals",
        verbose_name=_("rider"),
    )
    vehicle = models.ForeignKey(
        Vehicle, on_delete=models.PROTECT, related_name="rentals", verbose_name=_("vehicle")
    )
    pricing_plan = models.ForeignKey(
        PricingPlan,
        on_delete=models.PROTECT,
        related_name="rentals",
        verbose_name=_("pricing plan"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    rider_category = models.CharField(_("rider category"), max_length=20, default="general")
    # kept on the ride (not looked up later) so the monthly report survives account deletion
    rider_age_band = models.CharField(_("age band"), max_length=10, blank=True)
    reserved_at = models.DateTimeField(_("reserved at"), null=True, blank=True)
    reserved_until = models.DateTimeField(_("held until"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True, db_index=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    start_station = models.ForeignKey(
        Station,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("start station"),
    )
    start_spot = models.ForeignKey(
        NicheSpot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("start spot"),
    )
    return_station = models.ForeignKey(
        Station,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("chosen return station"),
    )
    return_spot = models.ForeignKey(
        NicheSpot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("chosen return spot"),
    )
    return_changed_at = models.DateTimeField(_("return place changed at"), null=True, blank=True)
    end_station = models.ForeignKey(
        Station,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("end station"),
    )
    end_spot = models.ForeignKey(
        NicheSpot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("end spot"),
    )
    end_lat = models.FloatField(_("end latitude"), null=True, blank=True)
    end_lon = models.FloatField(_("end longitude"), null=True, blank=True)
    return_photo = PrivateFileField(_("return photo"), prefix="rentals/returns", blank=True)
    photo_review = models.CharField(
        _("photo review"),
        max_length=12,
        choices=PhotoReview.choices,
        default=PhotoReview.NOT_NEEDED,
        db_index=True,
    )
    photo_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("photo reviewed by"),
    )
    coupon = models.ForeignKey(
        Coupon,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rentals",
        verbose_name=_("coupon"),
    )
    minutes = models.PositiveIntegerField(_("minutes"), null=True, blank=True)
    amount_krw = KrwField(_("amount (KRW)"), null=True, blank=True)
    price_breakdown = models.JSONField(_("price breakdown"), default=dict, blank=True)
    payment_status = models.CharField(
        _("payment"),
        max_length=10,
        choices=PaymentStatus.choices,
        default=PaymentStatus.NOT_DUE,
        db_index=True,
    )
    order_id = models.UUIDField(_("payment order"), null=True, blank=True)
    open_alert_sent_at = models.DateTimeField(_("left-open alert sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "status"], name="rentals_rental_user_status")]
        verbose_name = _("rental")
        verbose_name_plural = _("rentals")

    def __str__(self) -> str:
        return f"{self.vehicle_id and self.vehicle.code} · {self.get_status_display()}"


class CouponRedemption(models.Model):
    id = models.BigAutoField(primary_key=True)
    coupon = models.ForeignKey(
        Coupon, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("coupon")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("rider"),
    )
    rental = models.OneToOneField(
        Rental, on_delete=models.CASCADE, related_name="coupon_redemption", verbose_name=_("rental")
    )
    redeemed_at = models.DateTimeField(_("redeemed at"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coupon", "user"], name="rentals_coupon_once_per_rider")
        ]
        verbose_name = _("coupon redemption")
        verbose_name_plural = _("coupon redemptions")

    def __str__(self) -> str:
        return f"{self.coupon} · {self.user}"


class TourCourse(TimeStampedModel):
    """A Gaya heritage trail course (가야 역사 문화 탐방 코스, T1): stops in riding order.

    ``distance_m`` and ``riding_minutes`` are worked out from the stops by
    ``services.tour_course_recompute`` (never typed in), so they always match the stops.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("source of the course text"),
        max_length=200,
        blank=True,
        help_text=_("Who wrote the course, e.g. the city's tourism office or Ieum."),
    )
    distance_m = models.PositiveIntegerField(_("distance (m)"), default=0, editable=False)
    riding_minutes = models.PositiveIntegerField(_("riding time (min)"), default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("heritage tour course")
        verbose_name_plural = _("heritage tour courses")

    def __str__(self) -> str:
        return self.name


class TourCourseStop(models.Model):
    """One stop of a course: a Tagogaya station (bikes can be picked up or left there) or a
    heritage site without a station."""

    id = models.BigAutoField(primary_key=True)
    course = models.ForeignKey(
        TourCourse, on_delete=models.CASCADE, related_name="stops", verbose_name=_("course")
    )
    position = models.PositiveSmallIntegerField(_("order"))
    station = models.ForeignKey(
        Station,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tour_stops",
        verbose_name=_("Tagogaya station"),
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("Empty: the station's name.")
    )
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["course", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["course", "position"], name="rentals_tour_stop_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(station__isnull=False)
                | models.Q(lat__isnull=False, lon__isnull=False),
                name="rentals_tour_stop_has_place",
            ),
        ]
        verbose_name = _("course stop")
        verbose_name_plural = _("course stops")

    def __str__(self) -> str:
        return f"{self.position}. {self.display_name}"

    @property
    def display_name(self) -> str:
        return self.name or (self.station.name if self.station_id else "")

    @property
    def kind(self) -> str:
        return "station" if self.station_id else "site"

    @property
    def point(self) -> tuple[float | None, float | None]:
        """A station stop is where its station is (moving a station moves the stop)."""
        if self.lat is not None and self.lon is not None:
            return self.lat, self.lon
        if self.station_id:
            return self.station.lat, self.station.lon
        return None, None
