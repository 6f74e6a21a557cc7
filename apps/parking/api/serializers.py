from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.parking.models import ParkingLot, ParkingSpace


@extend_schema_field(
    {
        "type": "object",
        "description": "base_minutes, base_krw, unit_minutes, unit_krw, daily_max_krw (any may be "
        "missing); free: true for a free lot",
        "additionalProperties": True,
    }
)
class TariffField(serializers.JSONField):
    pass


# --- output -------------------------------------------------------------------------------------
class LotOutput(serializers.ModelSerializer):
    num_free = serializers.IntegerField(help_text=_("Spaces a sensor reports free now."))
    num_occupied = serializers.IntegerField()
    num_unknown = serializers.IntegerField(help_text=_("Spaces whose sensor is silent."))
    num_spaces = serializers.IntegerField(help_text=_("Spaces watched by a sensor."))
    tariff = TariffField()

    class Meta:
        model = ParkingLot
        fields = [
            "id",
            "code",
            "name",
            "address",
            "lat",
            "lon",
            "kind",
            "operator",
            "capacity",
            "tariff",
            "opening_hours",
            "num_free",
            "num_occupied",
            "num_unknown",
            "num_spaces",
            "is_demo",
        ]


class LotNearOutput(LotOutput):
    distance_m = serializers.IntegerField()

    class Meta(LotOutput.Meta):
        fields = [*LotOutput.Meta.fields, "distance_m"]


class LotSpaceOutput(serializers.ModelSerializer):
    class Meta:
        model = ParkingSpace
        fields = ["label", "state", "state_changed_at", "ev_charger", "accessible", "compact"]


class LotDetailOutput(LotOutput):
    spaces = LotSpaceOutput(many=True, read_only=True)

    class Meta(LotOutput.Meta):
        fields = [*LotOutput.Meta.fields, "spaces"]


class SensorEventResultOutput(serializers.Serializer):
    sensor_id = serializers.CharField()
    result = serializers.ChoiceField(
        choices=["changed", "unchanged", "stale", "unknown_sensor", "future"],
        help_text=_(
            "changed/unchanged: applied; stale: not newer than the last event applied (ignored); "
            "unknown_sensor: no space has this sensor; future: dated ahead of the server clock."
        ),
    )


class SensorEventBatchOutput(serializers.Serializer):
    results = SensorEventResultOutput(many=True)


# ParkAPI (ParkenDD) v1 city feed — see docs/parking.md
class ParkApiCoordsOutput(serializers.Serializer):
    lat = serializers.FloatField()
    lng = serializers.FloatField()


class ParkApiLotOutput(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    address = serializers.CharField()
    coords = ParkApiCoordsOutput()
    lot_type = serializers.CharField()
    region = serializers.CharField()
    total = serializers.IntegerField()
    free = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["open", "closed", "nodata", "unknown"])
    forecast = serializers.BooleanField()


class ParkApiFeedOutput(serializers.Serializer):
    last_updated = serializers.CharField()
    last_downloaded = serializers.CharField()
    data_source = serializers.CharField()
    lots = ParkApiLotOutput(many=True)


# --- input --------------------------------------------------------------------------------------
class LotNearInput(serializers.Serializer):
    near = serializers.CharField(
        max_length=60, help_text=_('The point as "latitude,longitude", e.g. 35.2285,128.8894.')
    )
    radius = serializers.IntegerField(
        min_value=50, max_value=10000, default=1000, help_text=_("Metres.")
    )

    def validate_near(self, value):
        try:
            lat, lon = (float(part) for part in value.split(","))
        except ValueError:
            raise serializers.ValidationError(
                _('Give the point as "latitude,longitude", e.g. 35.2285,128.8894.')
            ) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise serializers.ValidationError(_("This point is not on the map."))
        return (lat, lon)


class SensorEventInput(serializers.Serializer):
    sensor_id = serializers.CharField(max_length=64)
    state = serializers.ChoiceField(choices=["occupied", "free"])
    at = serializers.DateTimeField(help_text=_("When the sensor saw the change (ISO 8601)."))


class SensorEventBatchInput(serializers.Serializer):
    events = SensorEventInput(many=True, allow_empty=False, max_length=500)
