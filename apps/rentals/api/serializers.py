from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.files import private_file_url
from apps.rentals.models import GeofenceZone, NicheSpot, Rental, Station, Vehicle


def _kind_field(choices):
    """A place/zone kind as an inline enum (a shared "Kind" component would collide by name)."""

    @extend_schema_field({"type": "string", "enum": [value for value, _label in choices]})
    class KindField(serializers.CharField):
        pass

    return KindField(read_only=True)


# --- output -------------------------------------------------------------------------------------
class StationOutput(serializers.ModelSerializer):
    num_bikes_available = serializers.IntegerField()
    num_docks_available = serializers.SerializerMethodField()

    class Meta:
        model = Station
        fields = [
            "id",
            "code",
            "name",
            "address",
            "lat",
            "lon",
            "capacity",
            "num_bikes_available",
            "num_docks_available",
            "is_renting",
            "is_returning",
            "is_demo",
        ]

    def get_num_docks_available(self, obj) -> int:
        return max(0, obj.num_docks_available)


class SpotOutput(serializers.ModelSerializer):
    kind = _kind_field(NicheSpot.Kind.choices)
    occupancy = serializers.IntegerField()
    free = serializers.SerializerMethodField()
    num_vehicles_available = serializers.IntegerField()

    class Meta:
        model = NicheSpot
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "district",
            "lat",
            "lon",
            "area",
            "capacity",
            "occupancy",
            "free",
            "num_vehicles_available",
            "is_demo",
        ]

    def get_free(self, obj) -> int:
        return max(0, obj.capacity - obj.occupancy)


class ZoneOutput(serializers.ModelSerializer):
    kind = _kind_field(GeofenceZone.Kind.choices)

    class Meta:
        model = GeofenceZone
        fields = ["id", "name", "kind", "geometry", "max_speed_kph", "is_demo"]


class CourseOutput(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    source = serializers.CharField()
    distance_m = serializers.IntegerField()
    riding_minutes = serializers.IntegerField(help_text="At a realistic e-bike speed, no stops.")
    num_stops = serializers.IntegerField()


class StationBriefOutput(serializers.Serializer):
    id = serializers.UUIDField()
    code = serializers.CharField()
    num_bikes_available = serializers.IntegerField()
    num_docks_available = serializers.IntegerField()
    is_renting = serializers.BooleanField()
    is_returning = serializers.BooleanField()


class CourseStopOutput(serializers.Serializer):
    position = serializers.IntegerField()
    kind = serializers.ChoiceField(
        choices=["station", "site"],
        help_text="A Tagogaya station (live counts in `station`) or a heritage site.",
    )
    name = serializers.CharField(source="display_name")
    note = serializers.CharField()
    lat = serializers.SerializerMethodField()
    lon = serializers.SerializerMethodField()
    station = serializers.SerializerMethodField()

    def get_lat(self, stop) -> float:
        return stop.point[0]

    def get_lon(self, stop) -> float:
        return stop.point[1]

    @extend_schema_field(StationBriefOutput(allow_null=True))
    def get_station(self, stop):
        if not stop.station_id:
            return None
        st = stop.station
        return StationBriefOutput(
            {
                "id": st.id,
                "code": st.code,
                "num_bikes_available": stop.num_bikes_available,
                "num_docks_available": max(0, st.capacity - stop.num_docked),
                "is_renting": st.is_renting and st.is_installed,
                "is_returning": st.is_returning and st.is_installed,
            }
        ).data


@extend_schema_field(
    {
        "type": "object",
        "description": "GeoJSON LineString through the stops in order (lon, lat).",
        "properties": {
            "type": {"type": "string", "enum": ["LineString"]},
            "coordinates": {
                "type": "array",
                "items": {"type": "array", "items": {"type": "number"}, "minItems": 2},
            },
        },
        "required": ["type", "coordinates"],
    }
)
class _LineStringField(serializers.Field):
    def to_representation(self, course):
        return {
            "type": "LineString",
            "coordinates": [
                [stop.point[1], stop.point[0]]
                for stop in course.ordered_stops
                if stop.point[0] is not None
            ],
        }


class CourseDetailOutput(CourseOutput):
    stops = CourseStopOutput(many=True, source="ordered_stops")
    line = _LineStringField(source="*")


class VehicleTypeBriefOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    form_factor = serializers.CharField()
    free_floating = serializers.BooleanField()


class VehicleOutput(serializers.ModelSerializer):
    vehicle_type = VehicleTypeBriefOutput()
    range_m = serializers.IntegerField()
    lat = serializers.SerializerMethodField()
    lon = serializers.SerializerMethodField()
    distance_m = serializers.IntegerField()

    class Meta:
        model = Vehicle
        fields = [
            "code",
            "vehicle_type",
            "battery_percent",
            "range_m",
            "station",
            "spot",
            "lat",
            "lon",
            "distance_m",
        ]

    def get_lat(self, obj) -> float | None:
        return obj.station.lat if obj.station_id else (obj.spot.lat if obj.spot_id else obj.lat)

    def get_lon(self, obj) -> float | None:
        return obj.station.lon if obj.station_id else (obj.spot.lon if obj.spot_id else obj.lon)


class RentalPlaceBriefOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()


class RentalOutput(serializers.ModelSerializer):
    vehicle_code = serializers.CharField(source="vehicle.code")
    vehicle_type = serializers.CharField(source="vehicle.vehicle_type.code")
    start_station = RentalPlaceBriefOutput(allow_null=True)
    start_spot = RentalPlaceBriefOutput(allow_null=True)
    return_station = RentalPlaceBriefOutput(allow_null=True)
    return_spot = RentalPlaceBriefOutput(allow_null=True)
    end_station = RentalPlaceBriefOutput(allow_null=True)
    end_spot = RentalPlaceBriefOutput(allow_null=True)
    coupon_code = serializers.CharField(source="coupon.code", allow_null=True, default=None)
    has_return_photo = serializers.SerializerMethodField()
    return_photo_url = serializers.SerializerMethodField(
        help_text="A link to the return photo that works for a few minutes, or null."
    )

    class Meta:
        model = Rental
        fields = [
            "id",
            "status",
            "vehicle_code",
            "vehicle_type",
            "reserved_until",
            "started_at",
            "ended_at",
            "start_station",
            "start_spot",
            "return_station",
            "return_spot",
            "return_changed_at",
            "end_station",
            "end_spot",
            "end_lat",
            "end_lon",
            "minutes",
            "amount_krw",
            "price_breakdown",
            "payment_status",
            "order_id",
            "coupon_code",
            "has_return_photo",
            "return_photo_url",
            "photo_review",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        breakdown = data.get("price_breakdown")
        if isinstance(breakdown, dict) and "free_day_ko" in breakdown:
            # stored in both languages; shown in the reader's
            english = (get_language() or "ko").startswith("en")
            ko, en = breakdown.pop("free_day_ko"), breakdown.pop("free_day_en", "")
            breakdown["free_day"] = (en or ko) if english else (ko or en)
        return data

    def get_has_return_photo(self, obj) -> bool:
        return bool(obj.return_photo)

    def get_return_photo_url(self, obj) -> str | None:
        # only the rider's own rentals reach this serializer (rentals.selectors)
        return private_file_url(field_file=obj.return_photo)


class RentalQuoteOutput(serializers.Serializer):
    pricing_plan = serializers.CharField()
    minutes = serializers.IntegerField()
    rider_category = serializers.CharField()
    base_krw = serializers.IntegerField()
    time_krw = serializers.IntegerField()
    cap_reduction_krw = serializers.IntegerField()
    rider_discount_krw = serializers.IntegerField()
    coupon_krw = serializers.IntegerField()
    free_day = serializers.CharField()
    total_krw = serializers.IntegerField()


# --- input --------------------------------------------------------------------------------------
class VehicleNearInput(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    radius_m = serializers.IntegerField(min_value=10, max_value=5000, default=500)


class RentalReserveInput(serializers.Serializer):
    vehicle_code = serializers.CharField(max_length=200)


class RentalUnlockInput(serializers.Serializer):
    code = serializers.CharField(
        max_length=200, help_text=_("The QR code's text or the printed vehicle code.")
    )
    return_station_id = serializers.UUIDField(required=False, allow_null=True)
    return_spot_id = serializers.UUIDField(required=False, allow_null=True)
    coupon_code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class RentalReturnPlaceInput(serializers.Serializer):
    station_id = serializers.UUIDField(required=False, allow_null=True)
    spot_id = serializers.UUIDField(required=False, allow_null=True)


class RentalEndInput(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    lon = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)
    station_id = serializers.UUIDField(required=False, allow_null=True)
    spot_id = serializers.UUIDField(required=False, allow_null=True)
    photo = serializers.FileField(
        required=False, allow_null=True, help_text=_("JPEG, PNG or WebP, up to 5 MB.")
    )


class RentalEndJsonInput(RentalEndInput):
    """The same without the photo: JSON cannot carry a file (send multipart to attach one)."""

    photo = None


class RentalQuoteInput(serializers.Serializer):
    vehicle_type = serializers.CharField(max_length=40, required=False, default="tagogaya-ebike")
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)
    coupon_code = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
