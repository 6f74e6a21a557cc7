"""Last-mile parcels: service areas with their GIS table, residents' addresses keyed to their phone,
hubs with locker banks and lockers, parcels and their timeline, the fleet of machines, missions,
machine telemetry/events (shaped after MDS 2.0) and the commands sent to machines.

The resident's address text is stored encrypted and is never shown to hub staff: only the machine
assigned to a mission receives it (``selectors.mission_destination_for_device``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.encryption import EncryptedTextField
from apps.core.models import TimeStampedModel


class DeliveryMode(models.TextChoices):
    LOCKER = "locker", _("Collect from the hub locker")
    DRONE = "drone", _("Drone")
    ROBOT_DOG = "robot_dog", _("Robot dog")
    ROBOT = "robot", _("Four-wheel robot")


class ParcelSize(models.TextChoices):
    S = "s", _("Small")
    M = "m", _("Medium")
    L = "l", _("Large")


SIZE_ORDER = {ParcelSize.S: 0, ParcelSize.M: 1, ParcelSize.L: 2}


class ServiceArea(TimeStampedModel):
    """A delivery area and its row of the GIS matching table: what the ground and the drop points
    allow, from which :mod:`apps.logistics.modes` decides the delivery modes possible there."""

    class Kind(models.TextChoices):
        MOUNTAIN = "mountain", _("Mountain area")
        VEHICLE_BAN_APARTMENT = "vehicle_ban_apartment", _("Apartments without ground vehicles")

    class DroneDrop(models.TextChoices):
        ROOFTOP = "rooftop", _("Rooftop landing pad")
        OPEN_AIRSPACE = "open_airspace", _("Open airspace (no flight restriction)")
        NONE = "none", _("No drone drop point (flight restricted)")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    if TYPE_CHECKING:  # added at runtime by django-modeltranslation (translation.py)
        name_ko: str | None
        name_en: str | None
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    geometry = models.JSONField(
        _("boundary (GeoJSON)"),
        help_text=_('A GeoJSON Polygon or MultiPolygon, longitude first: {"type": "Polygon", ...}'),
    )
    slope_percent = models.FloatField(_("steepest slope (%)"), default=0)
    drone_drop = models.CharField(
        _("drone drop point"), max_length=20, choices=DroneDrop.choices, default=DroneDrop.NONE
    )
    path_width_m = models.FloatField(_("narrowest path width (m)"), default=1.5)
    clearance_height_m = models.FloatField(_("lowest clearance (m)"), default=2.0)
    face_to_face = models.BooleanField(
        _("face-to-face hand-over possible"),
        default=True,
        help_text=_("The four-wheel robot can only hand a parcel over in person."),
    )
    hub = models.ForeignKey(
        "Hub",
        on_delete=models.PROTECT,
        related_name="areas",
        verbose_name=_("hub"),
        null=True,
        blank=True,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return self.name


class Hub(TimeStampedModel):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    if TYPE_CHECKING:
        name_ko: str | None
        name_en: str | None
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")

    def __str__(self) -> str:
        return self.name


class LockerBank(TimeStampedModel):
    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="banks", verbose_name=_("hub")
    )
    code = models.CharField(_("code"), max_length=20)

    class Meta:
        ordering = ["hub", "code"]
        verbose_name = _("locker bank")
        verbose_name_plural = _("locker banks")
        constraints = [
            models.UniqueConstraint(fields=["hub", "code"], name="logistics_bank_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.hub.code} {self.code}"


class Locker(TimeStampedModel):
    class Temperature(models.TextChoices):
        AMBIENT = "ambient", _("Ambient")
        CHILLED = "chilled", _("Chilled")
        FROZEN = "frozen", _("Frozen")

    class Status(models.TextChoices):
        FREE = "free", pgettext_lazy("locker", "Free")
        OCCUPIED = "occupied", pgettext_lazy("locker", "Occupied")
        OUT_OF_SERVICE = "out_of_service", _("Out of service")

    bank = models.ForeignKey(
        LockerBank, on_delete=models.CASCADE, related_name="lockers", verbose_name=_("bank")
    )
    code = models.CharField(_("code"), max_length=20, help_text=_('As printed, e.g. "1-1".'))
    size = models.CharField(_("size"), max_length=2, choices=ParcelSize.choices)
    temperature = models.CharField(
        _("temperature"), max_length=10, choices=Temperature.choices, default=Temperature.AMBIENT
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default="free")

    class Meta:
        ordering = ["bank", "code"]
        verbose_name = _("locker")
        verbose_name_plural = _("lockers")
        constraints = [
            models.UniqueConstraint(fields=["bank", "code"], name="logistics_locker_code_unique")
        ]
        indexes = [models.Index(fields=["status", "temperature", "size"])]

    def __str__(self) -> str:
        return self.code


class DeliveryAddress(TimeStampedModel):
    """A resident's delivery address, keyed to the mobile number their account verified with the
    one-time code. The address text is encrypted; the point and area decide the modes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="delivery_address",
        verbose_name=_("resident"),
    )
    phone = models.CharField(_("mobile phone"), max_length=20, unique=True)
    road_address = EncryptedTextField(_("road-name address"))
    detail = EncryptedTextField(_("detail (building, unit)"), blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="addresses", verbose_name=_("area")
    )
    mode = models.CharField(_("delivery mode"), max_length=20, choices=DeliveryMode.choices)

    class Meta:
        verbose_name = _("delivery address")
        verbose_name_plural = _("delivery addresses")

    def __str__(self) -> str:
        return str(_("Delivery address"))


class Parcel(TimeStampedModel):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General")
        FRESH = "fresh", _("Fresh food (chilled)")
        FROZEN = "frozen", _("Frozen food")
        FRAGILE = "fragile", _("Fragile")
        DOCUMENTS = "documents", _("Documents")

    class Status(models.TextChoices):
        AT_HUB = "at_hub", _("At the hub")
        OUT_FOR_DELIVERY = "out_for_delivery", _("Out for delivery")
        DELIVERED = "delivered", _("Delivered")
        COLLECTED = "collected", _("Collected from the locker")
        HELD = "held", _("Held at the hub")
        RETURNED = "returned", _("Returned to the sender")

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    recipient_phone = models.CharField(_("recipient phone"), max_length=20, db_index=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parcels",
        verbose_name=_("recipient"),
    )
    courier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parcels_brought",
        verbose_name=_("courier"),
    )
    sender = models.CharField(_("sender"), max_length=100, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    size = models.CharField(_("size"), max_length=2, choices=ParcelSize.choices)
    weight_g = models.PositiveIntegerField(_("weight (g)"), default=1000)
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="parcels")
    locker = models.ForeignKey(
        Locker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parcels",
        verbose_name=_("locker"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AT_HUB, db_index=True
    )
    mode = models.CharField(
        _("delivery mode"), max_length=20, choices=DeliveryMode.choices, default="locker"
    )
    area = models.ForeignKey(
        ServiceArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="parcels",
        verbose_name=_("area"),
    )
    pickup_code = models.CharField(_("pick-up code"), max_length=6)
    handover_code = models.CharField(_("hand-over code"), max_length=6)
    attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    arrived_at = models.DateTimeField(_("arrived at the hub"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    # the courier's Idempotency-Key: a retried intake gets the first answer, never a second locker
    intake_key = models.CharField(_("idempotency key"), max_length=200, blank=True)
    intake_fingerprint = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-arrived_at"]
        verbose_name = _("parcel")
        verbose_name_plural = _("parcels")
        constraints = [
            # never two parcels waiting in one locker
            models.UniqueConstraint(
                fields=["locker"],
                condition=models.Q(status__in=["at_hub", "held"]),
                name="logistics_one_parcel_per_locker",
            ),
            models.UniqueConstraint(
                fields=["courier", "intake_key"],
                condition=~models.Q(intake_key=""),
                name="logistics_parcel_intake_once",
            ),
        ]

    def __str__(self) -> str:
        return self.tracking_code


class ParcelEvent(models.Model):
    """One line of a parcel's timeline (what the recipient sees)."""

    class Kind(models.TextChoices):
        ARRIVED_AT_HUB = "arrived_at_hub", _("Arrived at the hub")
        DEPARTED = "departed", _("Left the hub")
        ARRIVING = "arriving", _("Arriving soon")
        DELIVERED = "delivered", _("Delivered")
        COLLECTED = "collected", _("Collected from the locker")
        FAILED = "failed", _("Delivery failed")
        RETRY = "retry", _("Delivery will be tried again")
        HELD = "held", _("Held at the hub for collection")
        RETURNED = "returned", _("Returned to the sender")

    parcel = models.ForeignKey(Parcel, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("parcel event")
        verbose_name_plural = _("parcel events")

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d %H:%M}"


class Machine(TimeStampedModel):
    """A delivery machine of the fleet, with its signed-device identity (core Device)."""

    class Kind(models.TextChoices):
        ROBOT = "robot", _("Four-wheel robot")
        DRONE = "drone", _("Drone")
        ROBOT_DOG = "robot_dog", _("Robot dog")

    class Status(models.TextChoices):
        AVAILABLE = "available", pgettext_lazy("machine", "Available")
        ON_TRIP = "on_trip", _("On a trip")
        PAUSED = "paused", _("Paused")
        CHARGING = "charging", _("Charging")
        NON_OPERATIONAL = "non_operational", _("Out of service")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    device = models.OneToOneField(
        "core.Device",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="logistics_machine",
        verbose_name=_("signed device"),
    )
    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="machines", verbose_name=_("home hub")
    )
    payload_g = models.PositiveIntegerField(_("payload (g)"))
    range_m = models.PositiveIntegerField(_("range (m)"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.AVAILABLE
    )
    battery_percent = models.PositiveSmallIntegerField(_("battery (%)"), default=100)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("machine")
        verbose_name_plural = _("machines")

    def __str__(self) -> str:
        return self.name


class Mission(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        LOADING = "loading", _("Loading")
        DEPARTED = "departed", _("Departed")
        EN_ROUTE = "en_route", _("En route")
        ARRIVED = "arrived", _("Arrived")
        HANDED_OVER = "handed_over", _("Handed over")
        FAILED = "failed", pgettext_lazy("mission", "Failed")
        RETURNED = "returned", _("Returned to the hub")

    machine = models.ForeignKey(
        Machine, on_delete=models.PROTECT, related_name="missions", verbose_name=_("machine")
    )
    parcels = models.ManyToManyField(Parcel, related_name="missions", verbose_name=_("parcels"))
    mode = models.CharField(_("delivery mode"), max_length=20, choices=DeliveryMode.choices)
    hub = models.ForeignKey(Hub, on_delete=models.PROTECT, related_name="missions")
    area = models.ForeignKey(
        ServiceArea, on_delete=models.PROTECT, related_name="missions", null=True, blank=True
    )
    # where to go: copied from the address when planned, given only to the assigned machine
    dest_lat = models.FloatField(_("destination latitude"))
    dest_lon = models.FloatField(_("destination longitude"))
    distance_m = models.PositiveIntegerField(_("distance (m)"), default=0)
    planned_seconds = models.PositiveIntegerField(_("planned travel time (s)"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    departed_at = models.DateTimeField(_("departed at"), null=True, blank=True)
    eta = models.DateTimeField(_("estimated arrival"), null=True, blank=True)
    ended_at = models.DateTimeField(pgettext_lazy("mission", "ended at"), null=True, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mission")
        verbose_name_plural = _("missions")

    def __str__(self) -> str:
        return f"{self.machine.code} {self.created_at:%Y-%m-%d %H:%M}"


class MachineEvent(models.Model):
    """Telemetry and events from a machine, in MDS 2.0 terms (vehicle_state, event_types)."""

    machine = models.ForeignKey(Machine, on_delete=models.CASCADE, related_name="events")
    mission = models.ForeignKey(
        Mission, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    event_id = models.UUIDField(_("event id"))
    event_types = models.JSONField(_("event types"), default=list)
    vehicle_state = models.CharField(_("vehicle state"), max_length=30)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    battery_percent = models.PositiveSmallIntegerField(_("battery (%)"), null=True, blank=True)
    at = models.DateTimeField(_("at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("machine event")
        verbose_name_plural = _("machine events")
        constraints = [
            models.UniqueConstraint(
                fields=["machine", "event_id"], name="logistics_machine_event_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.vehicle_state} {self.at:%Y-%m-%d %H:%M:%S}"


class MachineCommand(TimeStampedModel):
    class Kind(models.TextChoices):
        PAUSE = "pause", _("Pause")
        RESUME = "resume", _("Resume")
        RETURN_TO_HUB = "return_to_hub", _("Return to the hub")

    machine = models.ForeignKey(Machine, on_delete=models.CASCADE, related_name="commands")
    mission = models.ForeignKey(
        Mission, on_delete=models.SET_NULL, null=True, blank=True, related_name="commands"
    )
    kind = models.CharField(_("command"), max_length=20, choices=Kind.choices)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("machine command")
        verbose_name_plural = _("machine commands")
