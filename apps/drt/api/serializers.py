from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.drt.models import Booking, Campus, DemandSurveyResponse, Hub, RiderClass, Vehicle


@extend_schema_field(
    {"type": "object", "description": "A GeoJSON Polygon or MultiPolygon (lon, lat).",
     "additionalProperties": True}
)  # fmt: skip
class GeoJsonField(serializers.JSONField):
    pass


def _lat():
    return serializers.FloatField(min_value=33.0, max_value=39.0)


def _lon():
    return serializers.FloatField(min_value=124.0, max_value=132.0)


# --- input --------------------------------------------------------------------------------------
class VehicleLiveInput(serializers.Serializer):
    near = serializers.CharField(
        max_length=60,
        required=False,
        help_text=_('Optional point "latitude,longitude": each bus then says its ETA there.'),
    )

    def validate_near(self, value):
        try:
            lat, lon = (float(part) for part in value.split(","))
        except ValueError:
            raise serializers.ValidationError(
                _('Give the point as "latitude,longitude", e.g. 35.2285,128.8894.')
            ) from None
        if not (33 <= lat <= 39 and 124 <= lon <= 132):
            raise serializers.ValidationError(_("This point is not on the map."))
        return (lat, lon)


class RideCheckInput(serializers.Serializer):
    origin_lat = _lat()
    origin_lon = _lon()
    destination_lat = _lat()
    destination_lon = _lon()
    passengers = serializers.IntegerField(min_value=1, max_value=4, default=1)


class BookingCreateInput(RideCheckInput):
    pass


class BookingRateInput(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)


class DriverBookingEventInput(serializers.Serializer):
    event = serializers.ChoiceField(choices=["boarded", "no_show", "alighted"])


class TerminalEventInput(serializers.Serializer):
    booking_id = serializers.UUIDField()
    event = serializers.ChoiceField(choices=["boarded", "no_show", "alighted"])
    at = serializers.DateTimeField(required=False)


class TerminalReportInput(serializers.Serializer):
    lat = _lat()
    lon = _lon()
    at = serializers.DateTimeField(required=False)
    events = TerminalEventInput(many=True, required=False, default=list, max_length=50)


class SurveyResponseCreateInput(serializers.Serializer):
    term = serializers.CharField(max_length=20)
    campus = serializers.SlugRelatedField(
        slug_field="code", queryset=Campus.objects.filter(is_active=True)
    )
    weekday = serializers.ChoiceField(choices=DemandSurveyResponse.Weekday.choices)
    arrive_by = serializers.TimeField()
    origin_lat = _lat()
    origin_lon = _lon()
    wants_drt = serializers.BooleanField(default=True)


# --- output -------------------------------------------------------------------------------------
class HubOutput(serializers.ModelSerializer):
    campus = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    zones = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Hub
        fields = ["id", "code", "name", "lat", "lon", "campus", "zones", "is_main", "is_demo"]


class CampusOutput(serializers.ModelSerializer):
    geofence = GeoJsonField()

    class Meta:
        model = Campus
        fields = ["code", "name", "university", "tier", "lat", "lon", "geofence", "is_demo"]


class VehicleLiveOutput(serializers.ModelSerializer):
    zone = serializers.CharField(source="zone.code")
    plate = serializers.CharField()
    eta_s = serializers.SerializerMethodField(
        help_text=_("Seconds for the bus to drive to the asked point (road model); null without.")
    )
    can_take_call = serializers.SerializerMethodField(
        help_text=_("In service, reporting its position, with a free seat now.")
    )

    class Meta:
        model = Vehicle
        fields = [
            "code",
            "plate",
            "zone",
            "capacity",
            "lat",
            "lon",
            "position_at",
            "can_take_call",
            "eta_s",
        ]

    def get_eta_s(self, obj) -> int | None:
        point = self.context.get("near")
        if point is None or obj.lat is None or obj.lon is None:
            return None
        from apps.core.travel_time import road_leg

        return road_leg((obj.lat, obj.lon), point, kind="bus").seconds

    def get_can_take_call(self, obj) -> bool:
        if not obj.is_active or obj.lat is None:
            return False
        riding = sum(1 for s in obj.plan if s["action"] == "dropoff")
        return riding < obj.capacity


class HubBriefOutput(serializers.ModelSerializer):
    class Meta:
        model = Hub
        fields = ["id", "code", "name", "lat", "lon"]


class RideCheckOutput(serializers.Serializer):
    rider_class = serializers.ChoiceField(choices=RiderClass.choices, allow_null=True)
    eligible = serializers.BooleanField()
    reason_code = serializers.CharField(help_text=_("An ErrorCodeEnum value; empty when eligible."))
    reason = serializers.CharField(help_text=_("Why not, in the request's language."))
    pickup_hub = HubBriefOutput(allow_null=True)
    dropoff_hub = HubBriefOutput(allow_null=True)
    walk_to_pickup_m = serializers.IntegerField()
    walk_from_dropoff_m = serializers.IntegerField()
    pickup_eta = serializers.DateTimeField(allow_null=True)
    dropoff_eta = serializers.DateTimeField(allow_null=True)


class BookingVehicleOutput(serializers.ModelSerializer):
    plate = serializers.CharField()

    class Meta:
        model = Vehicle
        fields = ["code", "plate", "lat", "lon", "position_at"]


class BookingOutput(serializers.ModelSerializer):
    pickup_hub = HubBriefOutput()
    dropoff_hub = HubBriefOutput()
    vehicle = BookingVehicleOutput(allow_null=True)
    reason = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Booking.Status.choices)
    rider_class = serializers.ChoiceField(choices=RiderClass.choices)
    booked_from = serializers.ChoiceField(
        source="source",
        choices=Booking.Source.choices,
        read_only=True,
        help_text=_("app: the DRT screen; trip: bought as a leg of a planned trip."),
    )

    class Meta:
        model = Booking
        fields = [
            "id",
            "status",
            "rider_class",
            "booked_from",
            "passengers",
            "pickup_hub",
            "dropoff_hub",
            "vehicle",
            "earliest_pickup_at",
            "latest_pickup_at",
            "pickup_eta",
            "dropoff_eta",
            "boarded_at",
            "alighted_at",
            "fare_krw",
            "rating",
            "reason_code",
            "reason",
            "created_at",
        ]

    def get_reason(self, obj) -> str:
        from apps.drt.errors import DrtErrorCode, reason_message

        try:
            return reason_message(DrtErrorCode(obj.reason_code)) if obj.reason_code else ""
        except (ValueError, KeyError):
            return ""


class DriverStopOutput(serializers.Serializer):
    booking_id = serializers.UUIDField()
    action = serializers.ChoiceField(choices=["pickup", "dropoff"])
    hub = HubBriefOutput()
    eta = serializers.DateTimeField()
    passengers = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Booking.Status.choices)


class DriverPlanOutput(serializers.Serializer):
    vehicle = VehicleLiveOutput()
    stops = DriverStopOutput(many=True)


class TerminalResultOutput(serializers.Serializer):
    booking_id = serializers.CharField()
    result = serializers.CharField(help_text=_("ok, not_on_plan, illegal_transition, …"))


class TerminalReportOutput(serializers.Serializer):
    vehicle = serializers.CharField()
    results = TerminalResultOutput(many=True)


class SurveyResponseOutput(serializers.ModelSerializer):
    campus = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = DemandSurveyResponse
        fields = ["id", "term", "campus", "weekday", "arrive_by", "wants_drt", "created_at"]


class SurveyCellOutput(serializers.Serializer):
    area = serializers.CharField(help_text=_("A ~1 km grid cell: its centre 'lat,lon'."))
    campus = serializers.CharField()
    weekday = serializers.IntegerField()
    time_slot = serializers.CharField(help_text=_("The half hour to arrive by, e.g. 09:00."))
    responses = serializers.IntegerField()


class ProposedHubOutput(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    responses = serializers.IntegerField()
    nearest_hub = serializers.CharField(allow_null=True)
    nearest_hub_m = serializers.IntegerField(allow_null=True)


class SurveySummaryOutput(serializers.Serializer):
    responses = serializers.IntegerField()
    cells = SurveyCellOutput(many=True)
    proposed_hubs = ProposedHubOutput(many=True)


class BoardOutput(serializers.Serializer):
    vehicles = VehicleLiveOutput(many=True)
    open_requests = BookingOutput(many=True)


class SatisfactionGroupOutput(serializers.Serializer):
    group = serializers.CharField(help_text=_("all, student or citizen"))
    responses = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    counts = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Responses scoring 1, 2, 3, 4, 5.")
    )


class DrtSatisfactionOutput(serializers.Serializer):
    groups = SatisfactionGroupOutput(many=True)
