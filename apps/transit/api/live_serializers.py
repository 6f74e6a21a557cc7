"""Live buses: serializers for arrivals, vehicles, favourite stops and service alerts."""

from rest_framework import serializers

from apps.transit.models import FavouriteStop, ServiceAlert

from .serializers import FeedInput, StopOutput

# --- live arrivals and vehicles (the same payloads the WebSockets push) -------------------------


class LiveArrivalOutput(serializers.Serializer):
    route_id = serializers.CharField(allow_blank=True, help_text='GTFS route_id ("" if unknown).')
    route_short_name = serializers.CharField(allow_blank=True, help_text="The number on the bus.")
    trip_id = serializers.CharField(allow_null=True)
    stop_id = serializers.CharField(help_text="The platform the vehicle arrives at.")
    vehicle_id = serializers.CharField(allow_null=True)
    vehicle_label = serializers.CharField(allow_blank=True)
    arrival = serializers.DateTimeField(help_text="Predicted arrival.")
    arrival_in_s = serializers.IntegerField(help_text="Seconds from `generated_at`.")
    scheduled = serializers.DateTimeField(allow_null=True)
    delay_s = serializers.IntegerField(allow_null=True)
    stops_away = serializers.IntegerField(allow_null=True)
    source = serializers.ChoiceField(choices=["simulator", "tago"])


class StopArrivalsOutput(serializers.Serializer):
    stop_id = serializers.CharField()
    generated_at = serializers.DateTimeField()
    arrivals = LiveArrivalOutput(many=True)


class LiveVehicleOutput(serializers.Serializer):
    vehicle_id = serializers.CharField()
    label = serializers.CharField(allow_blank=True)
    route_id = serializers.CharField()
    trip_id = serializers.CharField(allow_null=True)
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    bearing = serializers.FloatField(allow_null=True)
    stop_id = serializers.CharField(allow_null=True, help_text="The stop it is at or heading to.")
    status = serializers.ChoiceField(choices=["STOPPED_AT", "IN_TRANSIT_TO"], allow_null=True)
    delay_s = serializers.IntegerField(allow_null=True)
    timestamp = serializers.DateTimeField()
    source = serializers.ChoiceField(choices=["simulator", "tago"])


class RouteVehiclesOutput(serializers.Serializer):
    route_id = serializers.CharField()
    generated_at = serializers.DateTimeField()
    vehicles = LiveVehicleOutput(many=True)


# --- favourite stops --------------------------------------------------------------------------


class FavouriteAddInput(FeedInput):
    stop_id = serializers.CharField(max_length=100)
    notify_minutes = serializers.IntegerField(
        required=False,
        default=3,
        min_value=0,
        max_value=30,
        help_text="Notify this many minutes before a bus arrives (0 = never).",
    )


class FavouriteOutput(serializers.ModelSerializer):
    feed = serializers.CharField(source="feed_name")
    stop = StopOutput(allow_null=True, help_text="Null if the stop left the feed.")

    class Meta:
        model = FavouriteStop
        fields = ["stop_id", "feed", "notify_minutes", "created_at", "stop"]


# --- service alerts -----------------------------------------------------------------------------


class AlertPeriodOutput(serializers.Serializer):
    start = serializers.DateTimeField(allow_null=True)
    end = serializers.DateTimeField(allow_null=True)


class AlertEntityOutput(serializers.Serializer):
    route_id = serializers.CharField(allow_blank=True)
    stop_id = serializers.CharField(allow_blank=True)
    trip_id = serializers.CharField(allow_blank=True)


class AlertOutput(serializers.ModelSerializer):
    cause = serializers.SerializerMethodField()
    effect = serializers.SerializerMethodField()
    cause_label = serializers.CharField(source="get_cause_display")
    effect_label = serializers.CharField(source="get_effect_display")
    active_periods = AlertPeriodOutput(source="periods", many=True)
    informed_entities = AlertEntityOutput(source="entities", many=True)

    class Meta:
        model = ServiceAlert
        fields = [
            "id",
            "header",
            "description",
            "url",
            "cause",
            "cause_label",
            "effect",
            "effect_label",
            "active_periods",
            "informed_entities",
            "updated_at",
        ]

    def get_cause(self, alert) -> str:
        return ServiceAlert.Cause(alert.cause).name

    def get_effect(self, alert) -> str:
        return ServiceAlert.Effect(alert.effect).name
