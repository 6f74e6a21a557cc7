from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.logistics import selectors
from apps.logistics.models import (
    DeliveryMode,
    Hub,
    Locker,
    Machine,
    MachineCommand,
    Mission,
    Parcel,
    ParcelEvent,
    ParcelSize,
    ServiceArea,
)
from apps.logistics.services import EVENT_TYPES, VEHICLE_STATES


# --- output -------------------------------------------------------------------------------------
class AreaBriefOutput(serializers.ModelSerializer):
    class Meta:
        model = ServiceArea
        fields = ["code", "name", "kind"]


class ParcelHubBriefOutput(serializers.ModelSerializer):
    class Meta:
        model = Hub
        fields = ["id", "code", "name", "lat", "lon"]


class ParcelHubOutput(ParcelHubBriefOutput):
    free_lockers = serializers.IntegerField()
    lockers = serializers.IntegerField()

    class Meta(ParcelHubBriefOutput.Meta):
        fields = [*ParcelHubBriefOutput.Meta.fields, "free_lockers", "lockers"]


class ModeOptionOutput(serializers.Serializer):
    mode = serializers.ChoiceField(choices=DeliveryMode.choices)
    possible = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    drop_point = serializers.CharField(help_text=_("Where the parcel is received (if possible)."))


class AddressCheckOutput(serializers.Serializer):
    matched = serializers.CharField(help_text=_("The place the geocoder matched."))
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    area = AreaBriefOutput()
    hub = ParcelHubBriefOutput(source="area.hub", allow_null=True)
    options = ModeOptionOutput(many=True)


class AddressOutput(serializers.Serializer):
    phone = serializers.CharField(
        help_text=_("The verified mobile number the address is keyed to.")
    )
    road_address = serializers.CharField()
    detail = serializers.CharField()
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    area = AreaBriefOutput()
    hub = ParcelHubBriefOutput(source="area.hub", allow_null=True)
    mode = serializers.ChoiceField(choices=DeliveryMode.choices)
    options = ModeOptionOutput(many=True)
    updated_at = serializers.DateTimeField()


class ParcelEventOutput(serializers.ModelSerializer):
    label = serializers.CharField(source="get_kind_display")

    class Meta:
        model = ParcelEvent
        fields = ["kind", "label", "at"]


class ParcelOutput(serializers.ModelSerializer):
    hub = ParcelHubBriefOutput()
    status_label = serializers.CharField(source="get_status_display")

    class Meta:
        model = Parcel
        fields = [
            "id",
            "tracking_code",
            "sender",
            "kind",
            "size",
            "status",
            "status_label",
            "mode",
            "hub",
            "arrived_at",
            "finished_at",
        ]


class PositionOutput(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    at = serializers.DateTimeField(allow_null=True)
    machine_kind = serializers.ChoiceField(choices=Machine.Kind.choices)


class ParcelDetailOutput(ParcelOutput):
    timeline = ParcelEventOutput(many=True, source="events")
    locker_code = serializers.SerializerMethodField()
    pickup_code = serializers.SerializerMethodField(
        help_text=_("Shown while the parcel waits in a locker for collection.")
    )
    handover_code = serializers.SerializerMethodField(
        help_text=_("Shown while a four-wheel robot brings it (face-to-face hand-over).")
    )
    eta = serializers.SerializerMethodField()
    position = serializers.SerializerMethodField()

    class Meta(ParcelOutput.Meta):
        fields = [
            *ParcelOutput.Meta.fields,
            "timeline",
            "locker_code",
            "pickup_code",
            "handover_code",
            "eta",
            "position",
        ]

    def get_locker_code(self, parcel) -> str | None:
        return parcel.locker.code if parcel.locker_id else None

    def get_pickup_code(self, parcel) -> str | None:
        waiting = parcel.status in (Parcel.Status.AT_HUB, Parcel.Status.HELD) and parcel.locker_id
        return parcel.pickup_code if waiting else None

    def get_handover_code(self, parcel) -> str | None:
        live = parcel.status in (Parcel.Status.AT_HUB, Parcel.Status.OUT_FOR_DELIVERY)
        return parcel.handover_code if live and parcel.mode == DeliveryMode.ROBOT else None

    def get_eta(self, parcel) -> str | None:
        mission = selectors.parcel_mission(parcel=parcel)
        if mission is None or mission.status not in ("departed", "en_route", "arrived"):
            return None
        return mission.eta.isoformat() if mission.eta else None

    @staticmethod
    def _position(parcel):
        return selectors.parcel_position(parcel=parcel)

    @extend_schema_field(PositionOutput(allow_null=True))
    def get_position(self, parcel):
        position = self._position(parcel)
        return PositionOutput(position).data if position else None


class ParcelPublicOutput(serializers.ModelSerializer):
    """What the SMS tracking link shows without a login: no codes, no address."""

    hub = ParcelHubBriefOutput()
    status_label = serializers.CharField(source="get_status_display")
    timeline = ParcelEventOutput(many=True, source="events")

    class Meta:
        model = Parcel
        fields = ["tracking_code", "status", "status_label", "mode", "hub", "timeline"]


class ParcelIntakeOutput(serializers.ModelSerializer):
    locker_code = serializers.CharField(source="locker.code")
    recipient_phone = serializers.SerializerMethodField(help_text=_("Masked: 010-****-1234."))
    hub = ParcelHubBriefOutput()

    class Meta:
        model = Parcel
        fields = ["id", "tracking_code", "hub", "locker_code", "recipient_phone", "status", "mode"]

    def get_recipient_phone(self, parcel) -> str:
        return selectors.phone_masked(parcel.recipient_phone)


class StaffMissionBriefOutput(serializers.ModelSerializer):
    machine = serializers.CharField(source="machine.code")

    class Meta:
        model = Mission
        fields = ["id", "machine", "status", "mode", "eta"]


class StaffParcelOutput(serializers.ModelSerializer):
    """Hub staff's view: the locker and the mode, the number masked, never the address."""

    hub = serializers.CharField(source="hub.code")
    locker_code = serializers.SerializerMethodField()
    recipient_phone = serializers.SerializerMethodField(help_text=_("Masked: 010-****-1234."))
    mission = serializers.SerializerMethodField()

    class Meta:
        model = Parcel
        fields = [
            "id",
            "tracking_code",
            "hub",
            "locker_code",
            "recipient_phone",
            "kind",
            "size",
            "weight_g",
            "status",
            "mode",
            "attempts",
            "arrived_at",
            "mission",
        ]

    def get_locker_code(self, parcel) -> str | None:
        return parcel.locker.code if parcel.locker_id else None

    def get_recipient_phone(self, parcel) -> str:
        return selectors.phone_masked(parcel.recipient_phone) if parcel.recipient_phone else ""

    @extend_schema_field(StaffMissionBriefOutput(allow_null=True))
    def get_mission(self, parcel):
        missions = sorted(parcel.missions.all(), key=lambda m: m.created_at, reverse=True)
        return StaffMissionBriefOutput(missions[0]).data if missions else None


class StaffLockerOutput(serializers.ModelSerializer):
    hub = serializers.CharField(source="bank.hub.code")
    tracking_code = serializers.SerializerMethodField()

    class Meta:
        model = Locker
        fields = ["id", "hub", "code", "size", "temperature", "status", "tracking_code"]

    def get_tracking_code(self, locker) -> str | None:
        waiting = [p for p in locker.parcels.all() if p.status in ("at_hub", "held")]
        return waiting[0].tracking_code if waiting else None


class MachineOutput(serializers.ModelSerializer):
    hub = serializers.CharField(source="hub.code")

    class Meta:
        model = Machine
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "hub",
            "status",
            "battery_percent",
            "payload_g",
            "range_m",
            "lat",
            "lon",
            "last_seen_at",
        ]


class StaffMissionOutput(serializers.ModelSerializer):
    machine = serializers.CharField(source="machine.code")

    class Meta:
        model = Mission
        fields = ["id", "machine", "status", "mode", "distance_m", "departed_at", "eta", "ended_at"]


class MachineCommandOutput(serializers.ModelSerializer):
    machine = serializers.CharField(source="machine.code")

    class Meta:
        model = MachineCommand
        fields = ["id", "machine", "kind", "created_at", "acknowledged_at"]


class MachineEventResultOutput(serializers.Serializer):
    event_id = serializers.UUIDField()
    result = serializers.ChoiceField(choices=["recorded", "applied", "duplicate"])


class MachineEventBatchOutput(serializers.Serializer):
    results = MachineEventResultOutput(many=True)


class MachineMissionParcelOutput(serializers.ModelSerializer):
    class Meta:
        model = Parcel
        fields = ["tracking_code", "kind", "size", "weight_g"]


class MachineDestinationOutput(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    road_address = serializers.CharField()
    detail = serializers.CharField()


class MachineCommandBriefOutput(serializers.ModelSerializer):
    class Meta:
        model = MachineCommand
        fields = ["id", "kind", "created_at"]


class MachineMissionOutput(serializers.Serializer):
    id = serializers.UUIDField(source="mission.id")
    status = serializers.ChoiceField(source="mission.status", choices=Mission.Status.choices)
    mode = serializers.ChoiceField(source="mission.mode", choices=DeliveryMode.choices)
    destination = serializers.SerializerMethodField()
    parcels = MachineMissionParcelOutput(many=True)
    commands = MachineCommandBriefOutput(many=True)

    @extend_schema_field(MachineDestinationOutput)
    def get_destination(self, obj):
        return MachineDestinationOutput(
            {key: obj[key] for key in ("lat", "lon", "road_address", "detail")}
        ).data


# --- input --------------------------------------------------------------------------------------
class AddressCheckInput(serializers.Serializer):
    road_address = serializers.CharField(
        max_length=200, help_text=_("Road-name address, e.g. 김해시 상동면 상동로 123.")
    )
    detail = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class AddressRegisterInput(AddressCheckInput):
    mode = serializers.ChoiceField(choices=DeliveryMode.choices)


class ParcelIntakeInput(serializers.Serializer):
    hub = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=Parcel.Kind.choices)
    size = serializers.ChoiceField(choices=ParcelSize.choices)
    weight_g = serializers.IntegerField(min_value=1, max_value=100_000, default=1000)
    recipient_phone = serializers.CharField(max_length=20)
    sender = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ParcelCollectInput(serializers.Serializer):
    tracking_code = serializers.CharField(max_length=16)
    pickup_code = serializers.CharField(max_length=6)


class MachineCommandInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MachineCommand.Kind.choices)


class MachineLocationInput(serializers.Serializer):
    lat = serializers.FloatField(min_value=-90, max_value=90)
    lng = serializers.FloatField(min_value=-180, max_value=180)


class MachineEventInput(serializers.Serializer):
    """One MDS 2.0-style vehicle event (delivery robots): ``event_types`` with the
    ``vehicle_state`` after it, where and when."""

    event_id = serializers.UUIDField(help_text=_("The machine's id for this event (applied once)."))
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=[(t, t) for t in EVENT_TYPES]),
        allow_empty=False,
        max_length=5,
    )
    vehicle_state = serializers.ChoiceField(choices=[(s, s) for s in VEHICLE_STATES])
    timestamp = serializers.DateTimeField()
    location = MachineLocationInput(required=False)
    battery_percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    handover_code = serializers.CharField(
        max_length=6,
        required=False,
        help_text=_("With order_drop_off by a four-wheel robot: the code the recipient entered."),
    )


class MachineEventBatchInput(serializers.Serializer):
    events = MachineEventInput(many=True, allow_empty=False, max_length=100)
