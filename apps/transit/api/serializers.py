from rest_framework import serializers

from apps.core.api.fields import IsoDateTimeField, LatLonField
from apps.transit.models import Route, Stop

from .fare_serializers import FareOutput

# --- input --------------------------------------------------------------------------------------


class TripPlanInput(serializers.Serializer):
    from_ = LatLonField(required=False, help_text="Origin as `lat,lon`.")
    to = LatLonField(required=False, help_text="Destination as `lat,lon`.")
    from_stop = serializers.CharField(
        required=False, max_length=100, help_text="Origin GTFS stop_id."
    )
    to_stop = serializers.CharField(
        required=False, max_length=100, help_text="Destination GTFS stop_id."
    )
    from_place = serializers.UUIDField(
        required=False,
        help_text="The tourism place at `from` (its id): names the trip's start on the plan, "
        "the ticket and the receipt in both languages. A point at a known place is found "
        "without it.",
    )
    to_place = serializers.UUIDField(
        required=False,
        help_text="The tourism place at `to` (its id), e.g. 수로왕릉: names the trip's end on "
        "the plan, the ticket and the receipt in both languages.",
    )
    feed = serializers.CharField(
        required=False, max_length=100, help_text="Feed name (default feed if omitted)."
    )
    depart_at = IsoDateTimeField(
        required=False, help_text="Leave at (ISO 8601 with offset). Default: now."
    )
    arrive_by = IsoDateTimeField(required=False, help_text="Arrive by (ISO 8601 with offset).")
    max_transfers = serializers.IntegerField(required=False, min_value=0, max_value=10)
    max_walk_m = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2000,
        help_text=(
            "Longest walk; 0 = no walking at all: change only at the same stop, "
            "and give from_stop and to_stop (a point is refused)."
        ),
    )
    min_transfer_s = serializers.IntegerField(
        required=False, min_value=0, max_value=1800, help_text="Slack when changing vehicles."
    )
    rider_category = serializers.CharField(
        required=False,
        max_length=50,
        help_text="Rider category for fares (adult, youth, child, senior).",
    )
    park_and_ride = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Also offer driving from `from` to a parking lot by a light-rail station "
        "with free spaces expected at arrival, then walking to the station (opt-in).",
    )
    park_until = IsoDateTimeField(
        required=False,
        help_text="With `park_and_ride`: when the driver comes back for the car; the lot's "
        "fee for the stay is estimated up to then (settled on exit, not in the ticket).",
    )

    def get_fields(self):
        # `from` is a Python keyword: the attribute is `from_`, the parameter `from`
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields

    def validate(self, attrs):
        from django.utils.translation import gettext as _t

        errors = {}
        if ("from" in attrs) == ("from_stop" in attrs):
            errors["from"] = [_t("Give either from (lat,lon) or from_stop.")]
        if ("to" in attrs) == ("to_stop" in attrs):
            errors["to"] = [_t("Give either to (lat,lon) or to_stop.")]
        if "depart_at" in attrs and "arrive_by" in attrs:
            errors["arrive_by"] = [_t("Give depart_at or arrive_by, not both.")]
        start = attrs.get("depart_at") or attrs.get("arrive_by")
        until = attrs.get("park_until")
        if until is not None and start is not None and bool(until.tzinfo) == bool(start.tzinfo):
            if until <= start:
                errors["park_until"] = [_t("The return time must be after the trip starts.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class FeedInput(serializers.Serializer):
    feed = serializers.CharField(
        required=False, max_length=100, help_text="Feed name (default feed if omitted)."
    )


class StopListInput(FeedInput):
    near = LatLonField(required=False, help_text="`lat,lon`: stops near this point, nearest first.")
    radius_m = serializers.IntegerField(required=False, default=500, min_value=1, max_value=5000)
    q = serializers.CharField(
        required=False, max_length=100, help_text="Search by name, code or stop_id."
    )
    limit = serializers.IntegerField(required=False, default=50, min_value=1, max_value=500)


class StopDetailInput(FeedInput):
    at = IsoDateTimeField(required=False, help_text="Departures from this time (default: now).")
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=50)


# --- output -------------------------------------------------------------------------------------


class GeometryOutput(serializers.Serializer):
    type = serializers.CharField()
    coordinates = serializers.ListField(child=serializers.JSONField())


class TransitPlaceOutput(serializers.Serializer):
    id = serializers.CharField(allow_null=True, help_text="GTFS stop_id (null for a point).")
    name = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()


class IntermediateStopOutput(TransitPlaceOutput):
    arrival = serializers.DateTimeField()
    departure = serializers.DateTimeField()


class RouteBriefOutput(serializers.Serializer):
    id = serializers.CharField()
    short_name = serializers.CharField()
    long_name = serializers.CharField()
    color = serializers.CharField()
    text_color = serializers.CharField()
    agency = serializers.CharField()


class LegOutput(serializers.Serializer):
    mode = serializers.CharField(
        help_text="bus, rail, tram, subway, ferry, walk (or another app's mode)."
    )
    route = RouteBriefOutput(allow_null=True)
    trip_id = serializers.CharField(allow_null=True)
    headsign = serializers.CharField(allow_blank=True)
    from_ = TransitPlaceOutput()
    to = TransitPlaceOutput()
    departure = serializers.DateTimeField()
    arrival = serializers.DateTimeField()
    duration_s = serializers.IntegerField()
    distance_m = serializers.IntegerField()
    intermediate_stops = IntermediateStopOutput(many=True)
    geometry = GeometryOutput(help_text="GeoJSON LineString (lon, lat).")
    details = serializers.DictField(
        required=False,
        help_text="Only on legs of another mode: e.g. a Tagogaya e-bike leg has operator, "
        "from_station, to_station (code, name_ko, name_en), ride_minutes and fare; a "
        "park-and-ride leg has lot, drive_s, drive_m, walk_m, free_spaces_expected, park_until, "
        "fee_estimate_krw (null without park_until) and settled_on_exit; a last leg on an "
        "e-scooter has pm_spots: the PM niche spots with room near the destination (id, code, "
        "name_ko, name_en, kind, lat, lon, distance_m, capacity, free).",
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = fields.pop("from_")
        return fields


class ItineraryOutput(serializers.Serializer):
    departure = serializers.DateTimeField()
    arrival = serializers.DateTimeField()
    duration_s = serializers.IntegerField()
    transfers = serializers.IntegerField()
    walk_m = serializers.IntegerField()
    legs = LegOutput(many=True)
    fare = FareOutput(
        allow_null=True, help_text="Fare breakdown; null when the feed has no fare rules."
    )


class FeedBriefOutput(serializers.Serializer):
    name = serializers.CharField()
    version = serializers.CharField()


class TripPlanOutput(serializers.Serializer):
    feed = FeedBriefOutput()
    itineraries = ItineraryOutput(many=True)


class StopOutput(serializers.ModelSerializer):
    id = serializers.CharField(source="stop_id")
    parent_station = serializers.SerializerMethodField()

    class Meta:
        model = Stop
        fields = [
            "id",
            "code",
            "name",
            "lat",
            "lon",
            "location_type",
            "parent_station",
            "platform_code",
            "wheelchair_boarding",
        ]

    def get_parent_station(self, stop) -> str | None:
        return stop.parent.stop_id if stop.parent_id else None


class StopNearOutput(StopOutput):
    # Only a search around a point has distances; the same list without one leaves it out.
    distance_m = serializers.FloatField(
        required=False, help_text="Metres from the given point; only when `near` was given."
    )

    class Meta(StopOutput.Meta):
        fields = [*StopOutput.Meta.fields, "distance_m"]


class DepartureOutput(serializers.Serializer):
    trip_id = serializers.CharField()
    stop_id = serializers.CharField(help_text="The platform it leaves from.")
    route = RouteBriefOutput()
    mode = serializers.CharField()
    headsign = serializers.CharField(allow_blank=True)
    scheduled = serializers.DateTimeField()
    predicted = serializers.DateTimeField(allow_null=True, help_text="Live prediction when known.")


class StopDetailOutput(StopOutput):
    departures = DepartureOutput(many=True)

    class Meta(StopOutput.Meta):
        fields = [*StopOutput.Meta.fields, "departures"]


class RouteOutput(serializers.ModelSerializer):
    id = serializers.CharField(source="route_id")
    agency = serializers.CharField(source="agency.name", allow_null=True, default=None)
    mode = serializers.SerializerMethodField()

    class Meta:
        model = Route
        fields = [
            "id",
            "short_name",
            "long_name",
            "desc",
            "route_type",
            "mode",
            "color",
            "text_color",
            "url",
            "agency",
        ]

    def get_mode(self, route) -> str:
        from apps.transit.planner.timetable import route_mode

        return route_mode(route.route_type)


class RouteDetailOutput(RouteOutput):
    geometry = GeometryOutput(help_text="GeoJSON MultiLineString of the route's shapes.")
    stops = TransitPlaceOutput(many=True)

    class Meta(RouteOutput.Meta):
        fields = [*RouteOutput.Meta.fields, "geometry", "stops"]
