"""Public parking lots and their spaces, each watched by one occupancy sensor.

Live counts (free, occupied, unknown) are not stored on the lot: they are counted from the spaces,
so a lost or repeated sensor message can never leave a counter wrong.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.encryption import EncryptedTextField
from apps.core.models import TimeStampedModel


class ParkingLot(TimeStampedModel):
    class Kind(models.TextChoices):
        OFF_STREET = "off_street", _("Off-street")
        ON_STREET = "on_street", _("On-street")
        ATTACHED = "attached", _("Attached to a building")
        PARK_AND_RIDE = "park_and_ride", _("Park and ride")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("The national parking-lot management number (주차장관리번호) where known."),
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    if TYPE_CHECKING:  # added at runtime by django-modeltranslation (translation.py)
        name_ko: str | None
        name_en: str | None
        address_ko: str | None
        address_en: str | None
        # metres from the asker, set on the lots selectors.lot_list_near returns
        distance_m: int
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OFF_STREET)
    operator = models.CharField(_("operator"), max_length=100, blank=True)
    capacity = models.PositiveIntegerField(
        _("spaces"), default=0, help_text=_("Parking spaces as published; sensors may cover fewer.")
    )
    # {"base_minutes": 30, "base_krw": 500, "unit_minutes": 10, "unit_krw": 200,
    #  "daily_max_krw": 6000, "free": false} — the national standard data's fee columns
    tariff = models.JSONField(_("tariff"), default=dict, blank=True)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=200,
        blank=True,
        help_text=_('OpenStreetMap syntax, e.g. "Mo-Fr 09:00-18:00; Sa 09:00-13:00" or "24/7".'),
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("parking lot")
        verbose_name_plural = _("parking lots")

    def __str__(self) -> str:
        return self.name


class ParkingSpace(TimeStampedModel):
    class State(models.TextChoices):
        FREE = "free", _("Free")
        OCCUPIED = "occupied", _("Occupied")
        UNKNOWN = "unknown", _("Unknown (sensor silent)")

    lot = models.ForeignKey(
        ParkingLot, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("lot")
    )
    label = models.CharField(_("label"), max_length=20)
    sensor_id = models.CharField(_("sensor id"), max_length=64, unique=True, null=True, blank=True)
    ev_charger = models.BooleanField(_("EV charger"), default=False)
    accessible = models.BooleanField(_("for disabled drivers"), default=False)
    compact = models.BooleanField(_("compact cars"), default=False)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.UNKNOWN
    )
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    # time of the newest sensor event applied (the sensor's clock): older events are ignored
    last_event_at = models.DateTimeField(_("last sensor event at"), null=True, blank=True)
    # set when the silent-sensor job marked the space unknown and told staff; cleared by an event
    silent_alert_sent_at = models.DateTimeField(_("silence reported at"), null=True, blank=True)

    class Meta:
        ordering = ["lot", "label"]
        verbose_name = _("parking space")
        verbose_name_plural = _("parking spaces")
        constraints = [
            models.UniqueConstraint(fields=["lot", "label"], name="parking_space_label_unique")
        ]
        indexes = [models.Index(fields=["lot", "state"])]

    def __str__(self) -> str:
        return f"{self.lot.code} {self.label}"


class OccupancySnapshot(models.Model):
    """A lot's counts at one moment (every 5 minutes, on the 5-minute grid): the forecast's history."""

    id = models.BigAutoField(primary_key=True)
    lot = models.ForeignKey(
        ParkingLot, on_delete=models.CASCADE, related_name="snapshots", verbose_name=_("lot")
    )
    at = models.DateTimeField(_("at"))
    num_free = models.PositiveIntegerField(_("free"))
    num_occupied = models.PositiveIntegerField(_("occupied"))
    num_unknown = models.PositiveIntegerField(_("unknown"))

    class Meta:
        ordering = ["lot", "at"]
        verbose_name = _("occupancy snapshot")
        verbose_name_plural = _("occupancy snapshots")
        constraints = [
            models.UniqueConstraint(fields=["lot", "at"], name="parking_snapshot_lot_at_unique")
        ]

    def __str__(self) -> str:
        return f"{self.lot_id} {self.at:%Y-%m-%d %H:%M} {self.num_free}"


# --- parking sharing and virtual (time-window) parking ------------------------------------------


class ParkingHost(TimeStampedModel):
    """Whoever lends places: the city itself, a school, a church, a private owner. The city owes
    each host its share of what drivers paid (the payout ledger, apps.parking.payouts)."""

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        SCHOOL = "school", _("School")
        CHURCH = "church", _("Church")
        PRIVATE = "private", _("Private owner")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parking_host",
        verbose_name=_("person managing it"),
        help_text=_("Holds the parking host role and lists the places in the app."),
    )
    payout_account = EncryptedTextField(
        _("payout account"), blank=True, help_text=_("Bank and account number for settlements.")
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("parking host")
        verbose_name_plural = _("parking hosts")

    def __str__(self) -> str:
        return self.name


def default_refund_rule() -> list[dict[str, int]]:
    return [dict(step) for step in settings.PARKING_SHARING_REFUND_RULE]


class SharedPlace(TimeStampedModel):
    """A place lent for parking at set hours: a school yard after class, a church car park on
    weekdays, a wide road at night. ``capacity`` cars at a time."""

    host = models.ForeignKey(
        ParkingHost, on_delete=models.PROTECT, related_name="places", verbose_name=_("host")
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    if TYPE_CHECKING:
        name_ko: str | None
        name_en: str | None
        address_ko: str | None
        address_en: str | None
        # set on the places selectors.place_search returns
        distance_m: int
        free_slots: int
        price_krw: int
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    lot = models.ForeignKey(
        ParkingLot,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="shared_places",
        verbose_name=_("public lot"),
        help_text=_("When the place is part of a public lot."),
    )
    capacity = models.PositiveSmallIntegerField(_("cars at a time"), default=1)
    unit_minutes = models.PositiveSmallIntegerField(_("price unit (minutes)"), default=30)
    unit_krw = models.PositiveIntegerField(_("price per unit (KRW)"), default=500)
    # [{"minutes_before_start": 60, "percent": 100}, {"minutes_before_start": 0, "percent": 50}]:
    # cancelled at least that long before the start, that share of the price comes back
    refund_rule = models.JSONField(_("refund rule"), default=default_refund_rule, blank=True)
    is_active = models.BooleanField(_("listed"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("shared parking place")
        verbose_name_plural = _("shared parking places")

    def __str__(self) -> str:
        return self.name


class PlaceWindow(models.Model):
    """A weekly opening: ``end`` at or before ``start`` runs past midnight (22:00–07:00)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    id = models.BigAutoField(primary_key=True)
    place = models.ForeignKey(
        SharedPlace, on_delete=models.CASCADE, related_name="windows", verbose_name=_("place")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"), help_text=_("At or before the start: the next day."))

    class Meta:
        ordering = ["place", "weekday", "start"]
        verbose_name = _("weekly opening")
        verbose_name_plural = _("weekly openings")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class PlaceException(models.Model):
    """A dated change: closed (all day, or for the times given) or an extra opening."""

    id = models.BigAutoField(primary_key=True)
    place = models.ForeignKey(
        SharedPlace, on_delete=models.CASCADE, related_name="exceptions", verbose_name=_("place")
    )
    date = models.DateField(_("date"))
    closed = models.BooleanField(
        _("closed"), default=True, help_text=_("Unticked: an extra opening on that date.")
    )
    start = models.TimeField(_("from"), null=True, blank=True)
    end = models.TimeField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["place", "date"]
        verbose_name = _("dated exception")
        verbose_name_plural = _("dated exceptions")

    def __str__(self) -> str:
        return f"{self.date} {'closed' if self.closed else 'open'}"


class Vehicle(TimeStampedModel):
    """A driver's registered car, by its Korean plate (normalised, no spaces)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="parking_vehicles",
        verbose_name=_("driver"),
    )
    plate = models.CharField(_("plate"), max_length=20)
    nickname = models.CharField(_("nickname"), max_length=40, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")
        constraints = [
            models.UniqueConstraint(fields=["user", "plate"], name="parking_vehicle_plate_unique")
        ]

    def __str__(self) -> str:
        return self.plate


class Reservation(TimeStampedModel):
    """A slot at a shared place for one car from ``start_at`` to ``end_at``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Not paid in time")

    # null once the driver's data is erased; the paid row stays (anonymised) for the accounts
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="parking_reservations",
        verbose_name=_("driver"),
    )
    vehicle = models.ForeignKey(
        Vehicle,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reservations",
        verbose_name=_("vehicle"),
    )
    plate = models.CharField(_("plate"), max_length=20, blank=True)
    place = models.ForeignKey(
        SharedPlace, on_delete=models.PROTECT, related_name="reservations", verbose_name=_("place")
    )
    start_at = models.DateTimeField(_("from"))
    end_at = models.DateTimeField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    price_krw = models.PositiveIntegerField(_("price (KRW)"), default=0)
    refunded_krw = models.PositiveIntegerField(_("refunded (KRW)"), default=0)
    idempotency_key = models.CharField(_("idempotency key"), max_length=255)
    fingerprint = models.CharField(max_length=64)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-start_at"]
        verbose_name = _("reservation")
        verbose_name_plural = _("reservations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"], name="parking_reservation_key_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end_at__gt=models.F("start_at")),
                name="parking_reservation_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["place", "status", "start_at", "end_at"])]

    def __str__(self) -> str:
        return f"{self.place} {self.start_at:%Y-%m-%d %H:%M}"


class ReservationCharge(TimeStampedModel):
    """One payment for a reservation: the booking itself or an extension."""

    class Kind(models.TextChoices):
        BOOKING = "booking", _("Booking")
        EXTENSION = "extension", _("Extension")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        PAID = "paid", _("Paid")
        CANCELLED = "cancelled", _("Not paid")

    reservation = models.ForeignKey(
        Reservation, on_delete=models.CASCADE, related_name="charges", verbose_name=_("reservation")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    amount_krw = models.PositiveIntegerField(_("amount (KRW)"))
    refunded_krw = models.PositiveIntegerField(_("refunded (KRW)"), default=0)
    order_id = models.UUIDField(_("payment order"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=255)
    fingerprint = models.CharField(max_length=64, blank=True)
    # an extension moves the end; unpaid in time, the end goes back here
    previous_end_at = models.DateTimeField(null=True, blank=True)
    new_end_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("reservation payment")
        verbose_name_plural = _("reservation payments")
        constraints = [
            models.UniqueConstraint(
                fields=["reservation", "idempotency_key"], name="parking_charge_key_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount_krw}"


class OperatorSession(TimeStampedModel):
    """A parking session a private parking-sharing operator reported (their usage, in)."""

    device = models.ForeignKey(
        "core.Device", on_delete=models.CASCADE, related_name="+", verbose_name=_("operator")
    )
    session_id = models.CharField(_("their session id"), max_length=100)
    lot = models.ForeignKey(
        ParkingLot, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place = models.ForeignKey(
        SharedPlace, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    plate_hash = models.CharField(_("plate hash"), max_length=64, blank=True, db_index=True)
    start_at = models.DateTimeField(_("from"))
    end_at = models.DateTimeField(_("until"), null=True, blank=True)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["-start_at"]
        verbose_name = _("operator session")
        verbose_name_plural = _("operator sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["device", "session_id"], name="parking_operator_session_unique"
            )
        ]

    def __str__(self) -> str:
        return self.session_id
