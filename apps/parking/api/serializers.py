from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.parking.models import (
    ParkingLot,
    ParkingSpace,
    PlaceException,
    PlaceWindow,
    Reservation,
    ReservationCharge,
    SharedPlace,
    Vehicle,
)


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


# --- forecast -----------------------------------------------------------------------------------
class ForecastPointOutput(serializers.Serializer):
    minutes = serializers.IntegerField(help_text=_("How far ahead: 15, 30 or 60."))
    at = serializers.DateTimeField()
    num_free = serializers.IntegerField(help_text=_("Spaces expected free then."))


class LotDetailWithForecastOutput(LotDetailOutput):
    forecast = serializers.SerializerMethodField(
        help_text=_(
            "Free spaces expected in 15, 30 and 60 minutes, from the lot's history by weekday and "
            "time of day; empty until there are 3 days of history."
        )
    )

    class Meta(LotDetailOutput.Meta):
        fields = [*LotDetailOutput.Meta.fields, "forecast"]

    @extend_schema_field(ForecastPointOutput(many=True))
    def get_forecast(self, lot):
        from apps.parking import selectors

        return ForecastPointOutput(selectors.lot_forecast(lot=lot), many=True).data


# --- shared places, vehicles, reservations ------------------------------------------------------
class PlaceWindowOutput(serializers.ModelSerializer):
    start = serializers.TimeField(format="%H:%M")
    end = serializers.TimeField(format="%H:%M", help_text=_("At or before start: the next day."))

    class Meta:
        model = PlaceWindow
        fields = ["weekday", "start", "end"]
        read_only_fields = fields


class PlaceExceptionOutput(serializers.ModelSerializer):
    start = serializers.TimeField(format="%H:%M", allow_null=True)
    end = serializers.TimeField(format="%H:%M", allow_null=True)

    class Meta:
        model = PlaceException
        fields = ["date", "closed", "start", "end", "note"]
        read_only_fields = fields


class RefundStepOutput(serializers.Serializer):
    minutes_before_start = serializers.IntegerField()
    percent = serializers.IntegerField()


class SharedPlaceOutput(serializers.ModelSerializer):
    host_kind = serializers.CharField(source="host.kind")
    windows = PlaceWindowOutput(many=True, read_only=True)
    refund_rule = RefundStepOutput(many=True)

    class Meta:
        model = SharedPlace
        fields = [
            "id",
            "name",
            "address",
            "lat",
            "lon",
            "host_kind",
            "capacity",
            "unit_minutes",
            "unit_krw",
            "refund_rule",
            "windows",
            "is_demo",
        ]
        read_only_fields = fields


class SharedPlaceSearchOutput(SharedPlaceOutput):
    distance_m = serializers.IntegerField()
    free_slots = serializers.IntegerField(
        help_text=_("Spaces free for the whole time asked (0: closed or full for part of it).")
    )
    price_krw = serializers.IntegerField(help_text=_("The price of the time asked."))

    class Meta(SharedPlaceOutput.Meta):
        fields = [*SharedPlaceOutput.Meta.fields, "distance_m", "free_slots", "price_krw"]
        read_only_fields = fields


class HostPlaceOutput(SharedPlaceOutput):
    exceptions = PlaceExceptionOutput(many=True, read_only=True)

    class Meta(SharedPlaceOutput.Meta):
        fields = [*SharedPlaceOutput.Meta.fields, "exceptions", "is_active"]
        read_only_fields = fields


class ParkingVehicleOutput(serializers.ModelSerializer):
    class Meta:
        model = Vehicle
        fields = ["id", "plate", "nickname", "created_at"]
        read_only_fields = fields


class ParkingReservationChargeOutput(serializers.ModelSerializer):
    class Meta:
        model = ReservationCharge
        fields = ["id", "kind", "amount_krw", "refunded_krw", "status", "order_id", "paid_at"]
        read_only_fields = fields


class ParkingReservationPlaceOutput(serializers.ModelSerializer):
    class Meta:
        model = SharedPlace
        fields = ["id", "name", "address", "lat", "lon"]
        read_only_fields = fields


class ParkingReservationOutput(serializers.ModelSerializer):
    place = ParkingReservationPlaceOutput()
    charges = ParkingReservationChargeOutput(many=True, read_only=True)
    refund_if_cancelled_krw = serializers.SerializerMethodField(
        help_text=_("What cancelling now would give back, by the place's refund rule.")
    )

    class Meta:
        model = Reservation
        fields = [
            "id",
            "place",
            "plate",
            "start_at",
            "end_at",
            "status",
            "price_krw",
            "refunded_krw",
            "refund_if_cancelled_krw",
            "charges",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField())
    def get_refund_if_cancelled_krw(self, reservation) -> int:
        from apps.parking import selectors

        return selectors.reservation_refund_krw(reservation=reservation)


class PlaceSearchInput(LotNearInput):
    start = serializers.DateTimeField(help_text=_("From (ISO 8601, e.g. 2026-12-01T22:00+09:00)."))
    end = serializers.DateTimeField(help_text=_("Until (ISO 8601)."))
    radius = serializers.IntegerField(
        min_value=50, max_value=20000, default=3000, help_text=_("Metres.")
    )

    def validate(self, attrs):
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": [_("The end must be after the start.")]})
        if attrs["end"] - attrs["start"] > timedelta(hours=24):
            raise serializers.ValidationError(
                {"end": [_("A booking can be at most 24 hours long.")]}
            )
        return attrs


class ParkingVehicleCreateInput(serializers.Serializer):
    plate = serializers.CharField(
        max_length=20, help_text=_('A Korean plate, e.g. "12가3456", "123가4567", "서울12가3456".')
    )
    nickname = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)


class ParkingReservationCreateInput(serializers.Serializer):
    place_id = serializers.UUIDField()
    vehicle_id = serializers.UUIDField()
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()


class ParkingReservationExtendInput(serializers.Serializer):
    end_at = serializers.DateTimeField(help_text=_("The new end, later than the current one."))


class PlaceWindowInput(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=0, max_value=6, help_text=_("0 = Monday."))
    start = serializers.TimeField()
    end = serializers.TimeField(help_text=_("At or before start: the next day (22:00–07:00)."))


class HostReservationOutput(serializers.ModelSerializer):
    """A booking at the host's place: when and its state, not who (the driver stays private)."""

    place = ParkingReservationPlaceOutput()

    class Meta:
        model = Reservation
        fields = ["id", "place", "start_at", "end_at", "status", "price_krw", "refunded_krw"]
        read_only_fields = fields


class HostLedgerMonthOutput(serializers.Serializer):
    month = serializers.CharField(help_text=_("YYYY-MM (Asia/Seoul)."))
    bookings = serializers.IntegerField()
    paid_krw = serializers.IntegerField()
    refunded_krw = serializers.IntegerField()
    commission_krw = serializers.IntegerField()
    payable_krw = serializers.IntegerField(help_text=_("What the city owes the host."))


class HostPlaceCreateInput(serializers.Serializer):
    name_ko = serializers.CharField(max_length=100)
    name_en = serializers.CharField(max_length=100, required=False, default="", allow_blank=True)
    address = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lon = serializers.FloatField(min_value=-180, max_value=180)
    capacity = serializers.IntegerField(min_value=1, max_value=500)
    unit_minutes = serializers.IntegerField(min_value=10, max_value=240, default=30)
    unit_krw = serializers.IntegerField(min_value=0, max_value=100_000, default=500)
    windows = PlaceWindowInput(many=True, allow_empty=False, max_length=50)


class HostPlaceExceptionInput(serializers.Serializer):
    date = serializers.DateField()
    closed = serializers.BooleanField(default=True)
    start = serializers.TimeField(required=False, allow_null=True, default=None)
    end = serializers.TimeField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)

    def validate(self, attrs):
        if (attrs["start"] is None) != (attrs["end"] is None):
            raise serializers.ValidationError({"end": [_("Give both times or neither.")]})
        return attrs


# --- enforcement --------------------------------------------------------------------------------
class EnforcementCheckInput(LotNearInput):
    plate = serializers.CharField(max_length=20)
    radius = serializers.IntegerField(
        min_value=10, max_value=500, default=100, help_text=_("Metres around the point.")
    )


class EnforcementAreaInput(serializers.Serializer):
    bbox = serializers.CharField(
        required=False,
        max_length=100,
        help_text=_("south,west,north,east in degrees; or give near and radius."),
    )
    near = serializers.CharField(required=False, max_length=60)
    radius = serializers.IntegerField(min_value=10, max_value=5000, default=300)

    def validate(self, attrs):
        if attrs.get("bbox"):
            try:
                south, west, north, east = (float(p) for p in attrs["bbox"].split(","))
            except ValueError:
                raise serializers.ValidationError(
                    {"bbox": [_("Give the box as south,west,north,east.")]}
                ) from None
            if not (south < north and west < east) or north - south > 0.2 or east - west > 0.2:
                raise serializers.ValidationError(
                    {"bbox": [_("The box must be at most 0.2 degrees on each side.")]}
                )
            attrs["box"] = (south, west, north, east)
        elif attrs.get("near"):
            attrs["point"] = LotNearInput().validate_near(attrs["near"])
        else:
            raise serializers.ValidationError({"bbox": [_("Give bbox, or near and radius.")]})
        return attrs


class EnforcementReservationOutput(serializers.Serializer):
    reservation_id = serializers.UUIDField(source="id")
    plate = serializers.CharField()
    place_id = serializers.UUIDField()
    place_name = serializers.CharField(source="place.name")
    lat = serializers.FloatField(source="place.lat")
    lon = serializers.FloatField(source="place.lon")
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()


class EnforcementSessionOutput(serializers.Serializer):
    operator = serializers.CharField(source="device.name")
    session_id = serializers.CharField()
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField(allow_null=True)


class EnforcementCheckOutput(serializers.Serializer):
    plate = serializers.CharField()
    at = serializers.DateTimeField()
    exempt = serializers.BooleanField(
        help_text=_("True: parked through the service here now; do not fine.")
    )
    reservations = EnforcementReservationOutput(many=True)
    operator_sessions = EnforcementSessionOutput(many=True)


class EnforcementAreaOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    reservations = EnforcementReservationOutput(many=True)


# --- parking-sharing operators ------------------------------------------------------------------
class ExchangeLotOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    total = serializers.IntegerField()
    free = serializers.IntegerField()
    state = serializers.ChoiceField(choices=["open", "nodata"])


class ExchangePlaceOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    capacity = serializers.IntegerField()
    open_now = serializers.BooleanField()
    free_now = serializers.IntegerField(help_text=_("Spaces not booked now (0 when closed)."))
    windows = PlaceWindowOutput(many=True)


class ExchangeAvailabilityOutput(serializers.Serializer):
    at = serializers.DateTimeField()
    lots = ExchangeLotOutput(many=True)
    places = ExchangePlaceOutput(many=True)


class ExchangeSessionInput(serializers.Serializer):
    session_id = serializers.CharField(max_length=100)
    lot_code = serializers.CharField(max_length=40, required=False, default="", allow_blank=True)
    place_id = serializers.UUIDField(required=False, allow_null=True, default=None)
    plate_hash = serializers.RegexField(
        r"^[0-9a-f]{64}$",
        required=False,
        default="",
        allow_blank=True,
        help_text=_("SHA-256 (lower-case hex) of the plate without spaces, e.g. of 12가3456."),
    )
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if not attrs["lot_code"] and not attrs["place_id"]:
            raise serializers.ValidationError({"lot_code": [_("Give lot_code or place_id.")]})
        if attrs["end_at"] is not None and attrs["end_at"] <= attrs["start_at"]:
            raise serializers.ValidationError({"end_at": [_("The end must be after the start.")]})
        return attrs


class ExchangeUsageInput(serializers.Serializer):
    sessions = ExchangeSessionInput(many=True, allow_empty=False, max_length=500)


class ExchangeUsageResultOutput(serializers.Serializer):
    session_id = serializers.CharField()
    result = serializers.ChoiceField(choices=["created", "unchanged", "updated", "unknown_place"])


class ExchangeUsageOutput(serializers.Serializer):
    results = ExchangeUsageResultOutput(many=True)
