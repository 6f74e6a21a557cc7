"""The campus demand-responsive bus (DRT, issue 11; the city plan's E1).

Campuses carry a geofence (a rider heading inside one is a student); service zones say which phase
and rider class a bus serves; hubs are the virtual stops a bus calls at; vehicles carry their
capacity, zone, driver terminal (a signed core Device) and current plan; bookings move through a
state machine (services.booking_transition) and every move is kept as a BookingEvent.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel


class RiderClass(models.TextChoices):
    STUDENT = "student", _("Global University student (lifelong learners included)")
    CITIZEN = "citizen", _("General citizen")


class Campus(TimeStampedModel):
    class University(models.TextChoices):
        INJE = "inje", _("Inje University")
        GAYA = "gaya", _("Gaya University")
        GIMHAE_COLLEGE = "gimhae_college", _("Gimhae College")

    class Tier(models.TextChoices):
        HUB = "hub", _("Hub campus")
        BASE = "base", _("Base campus")
        FIELD = "field", _("Field campus")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    if TYPE_CHECKING:
        name_ko: str | None
        name_en: str | None
    university = models.CharField(_("university"), max_length=20, choices=University.choices)
    tier = models.CharField(_("tier"), max_length=10, choices=Tier.choices)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    geofence = models.JSONField(
        _("geofence"), help_text=_("A GeoJSON Polygon or MultiPolygon (lon, lat) of the campus.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("campus")
        verbose_name_plural = _("campuses")

    def __str__(self) -> str:
        return self.name


class ServiceZone(TimeStampedModel):
    """What a set of buses serves in one phase of the plan, and for which rider classes: they call
    at the zone's hubs. ``geofence`` is the area the zone covers; a transport-poor zone's area is
    where general citizens ride from."""

    class Phase(models.IntegerChoices):
        CAMPUSES = 1, _("Phase 1: hub and base campuses")
        FIELD = 2, _("Phase 2: field campuses and base campuses")
        OUTSKIRTS = 3, _("Phase 3: transport-poor outskirts and base campuses")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    if TYPE_CHECKING:
        name_ko: str | None
        name_en: str | None
    phase = models.PositiveSmallIntegerField(_("phase"), choices=Phase.choices)
    serves_students = models.BooleanField(_("serves students"), default=True)
    serves_citizens = models.BooleanField(_("serves general citizens"), default=False)
    geofence = models.JSONField(
        _("service area"), help_text=_("GeoJSON Polygon or MultiPolygon (lon, lat) of the area.")
    )
    is_transport_poor = models.BooleanField(
        _("transport-poor area"),
        default=False,
        help_text=_("Riders from here to a main hub (e.g. City Hall) ride as general citizens."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["phase", "code"]
        verbose_name = _("service zone")
        verbose_name_plural = _("service zones")

    def __str__(self) -> str:
        return self.name


class Hub(TimeStampedModel):
    """A virtual stop: a kerbside place where buses pick up and set down."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    if TYPE_CHECKING:
        name_ko: str | None
        name_en: str | None
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    zones = models.ManyToManyField(
        ServiceZone, related_name="hubs", blank=True, verbose_name=_("zones")
    )
    campus = models.ForeignKey(
        Campus,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hubs",
        verbose_name=_("campus"),
    )
    is_main = models.BooleanField(
        _("main city hub"),
        default=False,
        help_text=_("A main hub such as City Hall: general citizens ride here from the outskirts."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("hub")
        verbose_name_plural = _("hubs")

    def __str__(self) -> str:
        return self.name


class Vehicle(TimeStampedModel):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    plate = models.CharField(_("plate"), max_length=20, blank=True)
    capacity = models.PositiveSmallIntegerField(_("seats"), default=15)
    zone = models.ForeignKey(
        ServiceZone, on_delete=models.PROTECT, related_name="vehicles", verbose_name=_("zone")
    )
    terminal = models.OneToOneField(
        "core.Device",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="drt_vehicle",
        verbose_name=_("driver terminal"),
        limit_choices_to={"kind": "drt_terminal"},
    )
    is_active = models.BooleanField(_("in service"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    position_at = models.DateTimeField(_("position at"), null=True, blank=True)
    # the current plan, written by dispatch: [{"booking_id", "action": "pickup"|"dropoff",
    # "hub_id", "eta"}] in driving order
    plan = models.JSONField(_("plan"), default=list, blank=True)
    plan_updated_at = models.DateTimeField(_("plan updated at"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("vehicle")
        verbose_name_plural = _("vehicles")

    def __str__(self) -> str:
        return self.plate or self.code


class Booking(TimeStampedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        ASSIGNED = "assigned", _("Bus assigned")
        ARRIVING = "arriving", _("Bus arriving")
        ON_BOARD = "on_board", _("On board")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("No-show")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        APP = "app", _("DRT screen")
        TRIP = "trip", _("Trip planner")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="drt_bookings",
        verbose_name=_("rider"),
    )
    rider_class = models.CharField(_("rider class"), max_length=10, choices=RiderClass.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default="app")
    passengers = models.PositiveSmallIntegerField(_("passengers"), default=1)
    # the rider's own points are personal data: rounded to ~10 m and erased with the account
    origin_lat = models.FloatField(_("origin latitude"), null=True, blank=True)
    origin_lon = models.FloatField(_("origin longitude"), null=True, blank=True)
    destination_lat = models.FloatField(_("destination latitude"), null=True, blank=True)
    destination_lon = models.FloatField(_("destination longitude"), null=True, blank=True)
    pickup_hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="+", verbose_name=_("boarding hub")
    )
    dropoff_hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="+", verbose_name=_("alighting hub")
    )
    zone = models.ForeignKey(
        ServiceZone, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("zone")
    )
    vehicle = models.ForeignKey(
        Vehicle,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
        verbose_name=_("vehicle"),
    )
    earliest_pickup_at = models.DateTimeField(_("earliest pickup"))
    latest_pickup_at = models.DateTimeField(_("latest pickup"))
    max_ride_s = models.PositiveIntegerField(_("longest ride (s)"))
    direct_s = models.PositiveIntegerField(_("direct ride (s)"), default=0)
    pickup_eta = models.DateTimeField(_("pickup ETA"), null=True, blank=True)
    dropoff_eta = models.DateTimeField(_("drop-off ETA"), null=True, blank=True)
    boarded_at = models.DateTimeField(_("boarded at"), null=True, blank=True)
    alighted_at = models.DateTimeField(_("alighted at"), null=True, blank=True)
    arrival_notified_at = models.DateTimeField(_("arrival told at"), null=True, blank=True)
    reason_code = models.CharField(_("reason"), max_length=40, blank=True)
    fare_krw = models.PositiveIntegerField(_("fare (KRW)"), default=0)
    trip_ref = models.CharField(_("trip ticket"), max_length=64, blank=True)
    # the satisfaction survey (the plan's KPI): 1–5 after a completed ride
    rating = models.PositiveSmallIntegerField(_("satisfaction (1–5)"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [models.Index(fields=["status", "vehicle"])]

    def __str__(self) -> str:
        return f"{self.pickup_hub} → {self.dropoff_hub} ({self.status})"


class BookingEvent(models.Model):
    """One transition of a booking: from, to, who and when."""

    class Actor(models.TextChoices):
        RIDER = "rider", _("Rider")
        DRIVER = "driver", _("Driver")
        TERMINAL = "terminal", _("Driver terminal")
        DISPATCH = "dispatch", _("Dispatch")
        STAFF = "staff", _("Staff")

    id = models.BigAutoField(primary_key=True)
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="events", verbose_name=_("booking")
    )
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12)
    actor = models.CharField(_("actor"), max_length=10, choices=Actor.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_device = models.ForeignKey(
        "core.Device",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("device"),
    )
    at = models.DateTimeField(_("at"), db_index=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("booking event")
        verbose_name_plural = _("booking events")

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class DemandSurveyResponse(TimeStampedModel):
    """The DRT demand survey taken at course registration (plan E1 §10): where a learner would
    ride from, to which campus, on which weekday and at what time."""

    class Weekday(models.IntegerChoices):
        MON = 0, _("Monday")
        TUE = 1, _("Tuesday")
        WED = 2, _("Wednesday")
        THU = 3, _("Thursday")
        FRI = 4, _("Friday")
        SAT = 5, _("Saturday")
        SUN = 6, _("Sunday")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="drt_survey_responses",
        verbose_name=_("respondent"),
    )
    term = models.CharField(_("term"), max_length=20)
    campus = models.ForeignKey(
        Campus, on_delete=models.PROTECT, related_name="+", verbose_name=_("campus")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    arrive_by = models.TimeField(_("arrive by"))
    # rounded to ~100 m: an area, not an address
    origin_lat = models.FloatField(_("origin latitude"))
    origin_lon = models.FloatField(_("origin longitude"))
    wants_drt = models.BooleanField(_("would ride DRT"), default=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demand survey response")
        verbose_name_plural = _("demand survey responses")

    def __str__(self) -> str:
        return f"{self.term} {self.campus} {self.get_weekday_display()} {self.arrive_by}"
