"""GTFS Schedule tables. Every row belongs to a :class:`Feed`, so re-importing a feed builds a new
Feed beside the live one and swaps them in one transaction (see services/gtfs_import.py).

Times in stop_times/frequencies are GTFS seconds: seconds since "noon minus 12 h" of the service
day, so 25:10:00 is 90600 and a trip running past midnight stays on its service day.
GTFS identifiers (stop_id, route_id, ...) are kept as text; database keys are internal and change
on every re-import, so the API speaks GTFS ids.
"""

import uuid
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Feed(models.Model):
    name = models.CharField(_("name"), max_length=100, db_index=True)
    version = models.CharField(_("version"), max_length=100)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    is_live = models.BooleanField(_("live"), default=False)
    timezone = models.CharField(_("time zone"), max_length=64, default="Asia/Seoul")
    default_lang = models.CharField(_("language"), max_length=10, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    stats = models.JSONField(_("row counts"), default=dict, blank=True)
    # The import's findings as the canonical GTFS validator names them: {"strict", "counts":
    # {severity: n}, "notices": [{code, severity, count, examples, ...}]} (services/gtfs_import.py).
    report = models.JSONField(_("validation report"), default=dict, blank=True)
    # Bumped with every staff edit of the rows fares are priced from, so each process's cached
    # fare tables (fares/tables.py) know when to reload without asking the database.
    fares_revision = models.PositiveIntegerField(_("fare data revision"), default=0, editable=False)

    class Meta:
        ordering = ["name", "-imported_at"]
        verbose_name = _("GTFS feed")
        verbose_name_plural = _("GTFS feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["name"], condition=Q(is_live=True), name="transit_feed_one_live_per_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}{' (live)' if self.is_live else ''}"


class FeedRow(models.Model):
    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, verbose_name=_("feed"))

    class Meta:
        abstract = True


class Agency(FeedRow):
    agency_id = models.CharField(_("agency ID"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(_("URL"), max_length=300, blank=True)
    timezone = models.CharField(_("time zone"), max_length=64)
    lang = models.CharField(_("language"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    fare_url = models.URLField(_("fare URL"), max_length=300, blank=True)
    email = models.CharField(_("email"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        constraints = [
            models.UniqueConstraint(fields=["feed", "agency_id"], name="transit_agency_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Stop(FeedRow):
    if TYPE_CHECKING:
        # metres from the asker, set on the stops selectors.stop_list_near returns
        distance_m: float

    class LocationType(models.IntegerChoices):
        STOP = 0, _("Stop or platform")
        STATION = 1, _("Station")
        ENTRANCE = 2, _("Entrance or exit")
        GENERIC_NODE = 3, _("Generic node")
        BOARDING_AREA = 4, _("Boarding area")

    stop_id = models.CharField(_("stop ID"), max_length=100)
    code = models.CharField(_("code"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    desc = models.CharField(_("description"), max_length=300, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    zone_id = models.CharField(_("fare zone"), max_length=100, blank=True)
    url = models.CharField(_("URL"), max_length=300, blank=True)
    location_type = models.PositiveSmallIntegerField(
        _("location type"), choices=LocationType.choices, default=LocationType.STOP
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("parent station"),
    )
    platform_code = models.CharField(_("platform"), max_length=50, blank=True)
    wheelchair_boarding = models.PositiveSmallIntegerField(_("wheelchair boarding"), default=0)

    class Meta:
        ordering = ["feed", "stop_id"]
        verbose_name = _("stop")
        verbose_name_plural = _("stops")
        constraints = [
            models.UniqueConstraint(fields=["feed", "stop_id"], name="transit_stop_unique")
        ]
        indexes = [models.Index(fields=["feed", "lat", "lon"], name="transit_stop_geo")]

    def __str__(self) -> str:
        return f"{self.name} ({self.stop_id})"


class Route(FeedRow):
    route_id = models.CharField(_("route ID"), max_length=100)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("agency")
    )
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    long_name = models.CharField(_("long name"), max_length=300, blank=True)
    desc = models.CharField(_("description"), max_length=300, blank=True)
    route_type = models.PositiveIntegerField(_("route type"), default=3)
    url = models.CharField(_("URL"), max_length=300, blank=True)
    color = models.CharField(_("colour"), max_length=6, blank=True)
    text_color = models.CharField(_("text colour"), max_length=6, blank=True)
    sort_order = models.IntegerField(_("sort order"), null=True, blank=True)

    class Meta:
        ordering = ["feed", "sort_order", "short_name", "route_id"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        constraints = [
            models.UniqueConstraint(fields=["feed", "route_id"], name="transit_route_unique")
        ]

    def __str__(self) -> str:
        return self.short_name or self.long_name or self.route_id


class Calendar(FeedRow):
    service_id = models.CharField(_("service ID"), max_length=100)
    monday = models.BooleanField(_("Monday"))
    tuesday = models.BooleanField(_("Tuesday"))
    wednesday = models.BooleanField(_("Wednesday"))
    thursday = models.BooleanField(_("Thursday"))
    friday = models.BooleanField(_("Friday"))
    saturday = models.BooleanField(_("Saturday"))
    sunday = models.BooleanField(_("Sunday"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))

    class Meta:
        verbose_name = _("service calendar")
        verbose_name_plural = _("service calendars")
        constraints = [
            models.UniqueConstraint(fields=["feed", "service_id"], name="transit_calendar_unique")
        ]

    def __str__(self) -> str:
        return self.service_id


class CalendarDate(FeedRow):
    class ExceptionType(models.IntegerChoices):
        ADDED = 1, _("Service added")
        REMOVED = 2, _("Service removed")

    service_id = models.CharField(_("service ID"), max_length=100)
    date = models.DateField(_("date"))
    exception_type = models.PositiveSmallIntegerField(_("exception"), choices=ExceptionType.choices)

    class Meta:
        verbose_name = _("service exception")
        verbose_name_plural = _("service exceptions")
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "service_id", "date"], name="transit_calendardate_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} {self.date}"


class Shape(FeedRow):
    shape_id = models.CharField(_("shape ID"), max_length=100)
    # [[lat, lon], ...] in shape_pt_sequence order; one row per shape keeps the import fast.
    points = models.JSONField(_("points"), default=list)
    distances = models.JSONField(_("distances travelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("shape")
        verbose_name_plural = _("shapes")
        constraints = [
            models.UniqueConstraint(fields=["feed", "shape_id"], name="transit_shape_unique")
        ]

    def __str__(self) -> str:
        return self.shape_id


class Trip(FeedRow):
    trip_id = models.CharField(_("trip ID"), max_length=150)
    route = models.ForeignKey(Route, on_delete=models.CASCADE, verbose_name=_("route"))
    service_id = models.CharField(_("service ID"), max_length=100)
    headsign = models.CharField(_("headsign"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    direction_id = models.PositiveSmallIntegerField(_("direction"), null=True, blank=True)
    block_id = models.CharField(_("block ID"), max_length=100, blank=True)
    shape_id = models.CharField(_("shape ID"), max_length=100, blank=True)
    wheelchair_accessible = models.PositiveSmallIntegerField(_("wheelchair accessible"), default=0)
    bikes_allowed = models.PositiveSmallIntegerField(_("bikes allowed"), default=0)
    # A trip of frequencies.txt is a template: it is expanded into real trips at import and not
    # run itself.
    is_frequency_template = models.BooleanField(_("frequency template"), default=False)
    frequency_template_id = models.CharField(_("expanded from"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        constraints = [
            models.UniqueConstraint(fields=["feed", "trip_id"], name="transit_trip_unique")
        ]

    def __str__(self) -> str:
        return self.trip_id


class StopTime(FeedRow):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, verbose_name=_("trip"))
    stop = models.ForeignKey(Stop, on_delete=models.CASCADE, verbose_name=_("stop"))
    stop_sequence = models.PositiveIntegerField(_("stop sequence"))
    arrival = models.IntegerField(_("arrival (GTFS seconds)"))
    departure = models.IntegerField(_("departure (GTFS seconds)"))
    headsign = models.CharField(_("headsign"), max_length=200, blank=True)
    pickup_type = models.PositiveSmallIntegerField(_("pickup type"), default=0)
    drop_off_type = models.PositiveSmallIntegerField(_("drop-off type"), default=0)
    shape_dist_traveled = models.FloatField(_("distance travelled"), null=True, blank=True)
    timepoint = models.PositiveSmallIntegerField(_("timepoint"), default=1)

    class Meta:
        ordering = ["trip", "stop_sequence"]
        verbose_name = _("stop time")
        verbose_name_plural = _("stop times")
        indexes = [models.Index(fields=["trip", "stop_sequence"], name="transit_stoptime_seq")]

    def __str__(self) -> str:
        return f"#{self.stop_sequence} @ {self.departure}"


class Frequency(FeedRow):
    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, verbose_name=_("template trip"))
    start_time = models.IntegerField(_("start (GTFS seconds)"))
    end_time = models.IntegerField(_("end (GTFS seconds)"))
    headway_secs = models.PositiveIntegerField(_("headway (s)"))
    exact_times = models.PositiveSmallIntegerField(_("exact times"), default=0)

    class Meta:
        verbose_name = _("frequency")
        verbose_name_plural = _("frequencies")

    def __str__(self) -> str:
        return f"{self.start_time}–{self.end_time} every {self.headway_secs}s"


class Transfer(FeedRow):
    class TransferType(models.IntegerChoices):
        RECOMMENDED = 0, _("Recommended")
        TIMED = 1, _("Timed")
        MIN_TIME = 2, _("Minimum time")
        NOT_POSSIBLE = 3, _("Not possible")
        IN_SEAT = 4, _("In-seat transfer")
        IN_SEAT_NOT_ALLOWED = 5, _("In-seat transfer not allowed")

    from_stop = models.ForeignKey(
        Stop, on_delete=models.CASCADE, related_name="+", verbose_name=_("from stop")
    )
    to_stop = models.ForeignKey(
        Stop, on_delete=models.CASCADE, related_name="+", verbose_name=_("to stop")
    )
    from_route_id = models.CharField(_("from route"), max_length=100, blank=True)
    to_route_id = models.CharField(_("to route"), max_length=100, blank=True)
    from_trip_id = models.CharField(_("from trip"), max_length=150, blank=True)
    to_trip_id = models.CharField(_("to trip"), max_length=150, blank=True)
    transfer_type = models.PositiveSmallIntegerField(
        _("transfer type"), choices=TransferType.choices, default=TransferType.RECOMMENDED
    )
    min_transfer_time = models.PositiveIntegerField(_("minimum time (s)"), null=True, blank=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")

    def __str__(self) -> str:
        return f"{self.from_stop_id} → {self.to_stop_id}"


class FeedInfo(models.Model):
    feed = models.OneToOneField(
        Feed, on_delete=models.CASCADE, related_name="info", verbose_name=_("feed")
    )
    publisher_name = models.CharField(_("publisher"), max_length=300)
    publisher_url = models.CharField(_("publisher URL"), max_length=300, blank=True)
    lang = models.CharField(_("language"), max_length=10, blank=True)
    default_lang = models.CharField(_("default language"), max_length=10, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    version = models.CharField(_("version"), max_length=100, blank=True)
    contact_email = models.CharField(_("contact email"), max_length=200, blank=True)
    contact_url = models.CharField(_("contact URL"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("feed info")
        verbose_name_plural = _("feed info")

    def __str__(self) -> str:
        return self.publisher_name


# --- Fares v1 -----------------------------------------------------------------------------------


class FareAttribute(FeedRow):
    fare_id = models.CharField(_("fare ID"), max_length=100)
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=4)
    currency_type = models.CharField(_("currency"), max_length=3)
    payment_method = models.PositiveSmallIntegerField(_("payment method"), default=0)
    transfers = models.PositiveSmallIntegerField(_("transfers allowed"), null=True, blank=True)
    agency_id = models.CharField(_("agency ID"), max_length=100, blank=True)
    transfer_duration = models.PositiveIntegerField(
        _("transfer duration (s)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("fare (GTFS v1)")
        verbose_name_plural = _("fares (GTFS v1)")
        constraints = [
            models.UniqueConstraint(fields=["feed", "fare_id"], name="transit_fareattr_unique")
        ]

    def __str__(self) -> str:
        return f"{self.fare_id} {self.price} {self.currency_type}"


class FareRule(FeedRow):
    fare = models.ForeignKey(FareAttribute, on_delete=models.CASCADE, verbose_name=_("fare"))
    route_id = models.CharField(_("route ID"), max_length=100, blank=True)
    origin_id = models.CharField(_("origin zone"), max_length=100, blank=True)
    destination_id = models.CharField(_("destination zone"), max_length=100, blank=True)
    contains_id = models.CharField(_("contains zone"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("fare rule (GTFS v1)")
        verbose_name_plural = _("fare rules (GTFS v1)")

    def __str__(self) -> str:
        return f"{self.route_id or '*'} {self.origin_id}→{self.destination_id}"


# --- Fares v2: stored as given (GTFS ids as text); the fare engine reads them -------------------


class RiderCategory(FeedRow):
    rider_category_id = models.CharField(_("rider category ID"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(_("default"), default=False)
    eligibility_url = models.CharField(_("eligibility URL"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("rider category")
        verbose_name_plural = _("rider categories")

    def __str__(self) -> str:
        return self.name


class FareMedia(FeedRow):
    fare_media_id = models.CharField(_("fare media ID"), max_length=100)
    name = models.CharField(_("name"), max_length=200, blank=True)
    fare_media_type = models.PositiveSmallIntegerField(_("media type"), default=0)

    class Meta:
        verbose_name = _("fare media")
        verbose_name_plural = _("fare media")

    def __str__(self) -> str:
        return self.name or self.fare_media_id


class FareProduct(FeedRow):
    fare_product_id = models.CharField(_("fare product ID"), max_length=100)
    name = models.CharField(_("name"), max_length=200, blank=True)
    rider_category_id = models.CharField(_("rider category ID"), max_length=100, blank=True)
    fare_media_id = models.CharField(_("fare media ID"), max_length=100, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=4)
    currency = models.CharField(_("currency"), max_length=3)

    class Meta:
        verbose_name = _("fare product")
        verbose_name_plural = _("fare products")

    def __str__(self) -> str:
        return self.name or self.fare_product_id


class Network(FeedRow):
    network_id = models.CharField(_("network ID"), max_length=100)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")

    def __str__(self) -> str:
        return self.name or self.network_id


class RouteNetwork(FeedRow):
    network_id = models.CharField(_("network ID"), max_length=100)
    route_id = models.CharField(_("route ID"), max_length=100)

    class Meta:
        verbose_name = _("route network")
        verbose_name_plural = _("route networks")

    def __str__(self) -> str:
        return f"{self.route_id} ∈ {self.network_id}"


class Area(FeedRow):
    area_id = models.CharField(_("area ID"), max_length=100)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("fare area")
        verbose_name_plural = _("fare areas")

    def __str__(self) -> str:
        return self.name or self.area_id


class StopArea(FeedRow):
    area_id = models.CharField(_("area ID"), max_length=100)
    stop_id = models.CharField(_("stop ID"), max_length=100)

    class Meta:
        verbose_name = _("stop area")
        verbose_name_plural = _("stop areas")

    def __str__(self) -> str:
        return f"{self.stop_id} ∈ {self.area_id}"


class Timeframe(FeedRow):
    timeframe_group_id = models.CharField(_("timeframe group ID"), max_length=100)
    start_time = models.IntegerField(_("start (GTFS seconds)"), null=True, blank=True)
    end_time = models.IntegerField(_("end (GTFS seconds)"), null=True, blank=True)
    service_id = models.CharField(_("service ID"), max_length=100)

    class Meta:
        verbose_name = _("timeframe")
        verbose_name_plural = _("timeframes")

    def __str__(self) -> str:
        return self.timeframe_group_id


class FareLegRule(FeedRow):
    leg_group_id = models.CharField(_("leg group ID"), max_length=100, blank=True)
    network_id = models.CharField(_("network ID"), max_length=100, blank=True)
    from_area_id = models.CharField(_("from area"), max_length=100, blank=True)
    to_area_id = models.CharField(_("to area"), max_length=100, blank=True)
    from_timeframe_group_id = models.CharField(_("from timeframe"), max_length=100, blank=True)
    to_timeframe_group_id = models.CharField(_("to timeframe"), max_length=100, blank=True)
    fare_product_id = models.CharField(_("fare product ID"), max_length=100)
    rule_priority = models.IntegerField(_("priority"), null=True, blank=True)
    min_distance = models.FloatField(_("minimum distance"), null=True, blank=True)
    max_distance = models.FloatField(_("maximum distance"), null=True, blank=True)
    distance_type = models.PositiveSmallIntegerField(_("distance type"), null=True, blank=True)

    class Meta:
        verbose_name = _("fare leg rule")
        verbose_name_plural = _("fare leg rules")

    def __str__(self) -> str:
        return f"{self.leg_group_id or '-'} → {self.fare_product_id}"


class FareTransferRule(FeedRow):
    from_leg_group_id = models.CharField(_("from leg group"), max_length=100, blank=True)
    to_leg_group_id = models.CharField(_("to leg group"), max_length=100, blank=True)
    transfer_count = models.IntegerField(_("transfer count"), null=True, blank=True)
    duration_limit = models.PositiveIntegerField(_("duration limit (s)"), null=True, blank=True)
    duration_limit_type = models.PositiveSmallIntegerField(
        _("duration limit type"), null=True, blank=True
    )
    fare_transfer_type = models.PositiveSmallIntegerField(_("fare transfer type"))
    fare_product_id = models.CharField(_("fare product ID"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("fare transfer rule")
        verbose_name_plural = _("fare transfer rules")

    def __str__(self) -> str:
        return f"{self.from_leg_group_id or '*'} → {self.to_leg_group_id or '*'}"


# --- Live buses: service alerts, favourite stops, TAGO id mapping -------------------------------
# These rows outlive a re-import (a new Feed replaces every FeedRow), so they name stops, routes
# and trips by their GTFS ids as text, not by foreign keys to feed rows.


class ServiceAlert(models.Model):
    """A service alert authored by staff in ko/en; exported in GTFS-Realtime (alerts.pb)."""

    class Cause(models.IntegerChoices):  # GTFS-Realtime Alert.Cause values
        UNKNOWN_CAUSE = 1, _("Unknown cause")
        OTHER_CAUSE = 2, _("Other cause")
        TECHNICAL_PROBLEM = 3, _("Technical problem")
        STRIKE = 4, _("Strike")
        DEMONSTRATION = 5, _("Demonstration")
        ACCIDENT = 6, _("Accident")
        HOLIDAY = 7, _("Holiday")
        WEATHER = 8, _("Weather")
        MAINTENANCE = 9, _("Maintenance")
        CONSTRUCTION = 10, _("Construction")
        POLICE_ACTIVITY = 11, _("Police activity")
        MEDICAL_EMERGENCY = 12, _("Medical emergency")

    class Effect(models.IntegerChoices):  # GTFS-Realtime Alert.Effect values
        NO_SERVICE = 1, _("No service")
        REDUCED_SERVICE = 2, _("Reduced service")
        SIGNIFICANT_DELAYS = 3, _("Significant delays")
        DETOUR = 4, _("Detour")
        ADDITIONAL_SERVICE = 5, _("Additional service")
        MODIFIED_SERVICE = 6, _("Modified service")
        OTHER_EFFECT = 7, _("Other effect")
        UNKNOWN_EFFECT = 8, _("Unknown effect")
        STOP_MOVED = 9, _("Stop moved")
        NO_EFFECT = 10, _("No effect")
        ACCESSIBILITY_ISSUE = 11, _("Accessibility issue")

    header = models.CharField(_("header"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("URL"), max_length=300, blank=True)
    cause = models.PositiveSmallIntegerField(
        _("cause"), choices=Cause.choices, default=Cause.UNKNOWN_CAUSE
    )
    effect = models.PositiveSmallIntegerField(
        _("effect"), choices=Effect.choices, default=Effect.UNKNOWN_EFFECT
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("service alert")
        verbose_name_plural = _("service alerts")

    def __str__(self) -> str:
        return self.header


class ServiceAlertPeriod(models.Model):
    """When the alert is shown; an alert without periods is active while published (as in
    GTFS-Realtime)."""

    alert = models.ForeignKey(
        ServiceAlert, on_delete=models.CASCADE, related_name="periods", verbose_name=_("alert")
    )
    start = models.DateTimeField(_("start"), null=True, blank=True)
    end = models.DateTimeField(_("end"), null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]
        verbose_name = _("active period")
        verbose_name_plural = _("active periods")

    def __str__(self) -> str:
        return f"{self.start or '…'} – {self.end or '…'}"


class ServiceAlertEntity(models.Model):
    """What the alert is about: a route, a stop, a trip (GTFS ids of the live feed), or a
    combination (route at a stop); all empty = the whole network (the agency)."""

    alert = models.ForeignKey(
        ServiceAlert, on_delete=models.CASCADE, related_name="entities", verbose_name=_("alert")
    )
    route_id = models.CharField(_("route ID"), max_length=100, blank=True)
    stop_id = models.CharField(_("stop ID"), max_length=100, blank=True)
    trip_id = models.CharField(_("trip ID"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("informed entity")
        verbose_name_plural = _("informed entities")

    def __str__(self) -> str:
        parts = [self.route_id, self.stop_id, self.trip_id]
        return " / ".join(p for p in parts if p) or "*"


class FavouriteStop(models.Model):
    if TYPE_CHECKING:
        # the stop in the live feed (None once a re-import dropped it), set by
        # selectors.favourite_list_for_user
        stop: Stop | None

    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="favourite_stops",
        verbose_name=_("user"),
    )
    feed_name = models.CharField(_("feed"), max_length=100)
    stop_id = models.CharField(_("stop ID"), max_length=100)
    # 0 = keep the stop handy but send no arrival notifications
    notify_minutes = models.PositiveSmallIntegerField(_("notify minutes before"), default=3)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("favourite stop")
        verbose_name_plural = _("favourite stops")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "feed_name", "stop_id"], name="transit_favouritestop_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ★ {self.stop_id}"


class FavouriteArrivalNotice(models.Model):
    """An arrival notification already sent, so each vehicle/trip is announced once per favourite
    (the unique key makes a second poller or a repeated tick a no-op)."""

    favourite = models.ForeignKey(
        FavouriteStop,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("favourite stop"),
    )
    key = models.CharField(_("vehicle or trip"), max_length=200)
    route_id = models.CharField(_("route ID"), max_length=100, blank=True)
    arrival_at = models.DateTimeField(_("predicted arrival"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("arrival notice")
        verbose_name_plural = _("arrival notices")
        constraints = [
            models.UniqueConstraint(fields=["favourite", "key"], name="transit_notice_once")
        ]
        indexes = [models.Index(fields=["sent_at"], name="transit_notice_sent")]

    def __str__(self) -> str:
        return f"{self.favourite_id} {self.key}"


class TagoIdMapping(models.Model):
    """TAGO (data.go.kr national bus API) ids ↔ our GTFS ids. Without a row, a TAGO node id is
    matched to a GTFS stop whose stop_code equals it, and a TAGO route to the GTFS route whose
    short name equals its route number (routeno)."""

    class Kind(models.TextChoices):
        STOP = "stop", _("Stop")
        ROUTE = "route", _("Route")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    tago_id = models.CharField(_("TAGO ID"), max_length=50)
    gtfs_id = models.CharField(_("GTFS ID"), max_length=100)
    feed_name = models.CharField(_("feed"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "tago_id"]
        verbose_name = _("TAGO ID mapping")
        verbose_name_plural = _("TAGO ID mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "feed_name", "tago_id"], name="transit_tagomapping_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.tago_id} → {self.gtfs_id}"


# --- Trip tickets: one payment for a whole itinerary (fares/, services/tickets.py) -------------


class TripTicket(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for payment")
        ACTIVE = "active", _("Active")
        USED = "used", _("Used")
        REFUNDED = "refunded", _("Refunded")
        EXPIRED = "expired", _("Expired")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="trip_tickets",
        verbose_name=_("rider"),
    )
    feed_name = models.CharField(_("feed"), max_length=100)
    feed_version = models.CharField(_("feed version"), max_length=100, blank=True)
    rider_category = models.CharField(_("rider category"), max_length=100)
    legs = models.JSONField(_("legs"), default=list)
    total_krw = models.PositiveIntegerField(_("total (KRW)"))
    order_id = models.UUIDField(_("payment order"), null=True, blank=True)
    refund_id = models.UUIDField(_("refund"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=200)
    token_hash = models.CharField(_("itinerary fingerprint"), max_length=64)
    departure_at = models.DateTimeField(_("first departure"))
    arrival_at = models.DateTimeField(_("arrival"))
    valid_from = models.DateTimeField(_("valid from"))
    valid_until = models.DateTimeField(_("valid until"))
    created_at = models.DateTimeField(_("bought at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("trip ticket")
        verbose_name_plural = _("trip tickets")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"], name="transit_tripticket_idempotency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.feed_name} {self.departure_at:%Y-%m-%d %H:%M} {self.total_krw}"

    @property
    def current_status(self) -> str:
        """An active ticket past its validity shows as expired (no job has to flip it)."""
        from django.utils import timezone

        if self.status == self.Status.ACTIVE and timezone.now() > self.valid_until:
            return self.Status.EXPIRED
        return self.status
