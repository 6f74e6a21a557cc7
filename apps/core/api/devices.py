"""Endpoints machines call, signed with their device key (docs/devices.md)."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from apps.core.api.parsers import JSONParser
from apps.core.api.schema import errors
from apps.core.api.serializers import ErrorOutput
from apps.core.api.views import DeviceApi
from apps.core.devices import services
from apps.core.devices.errors import DeviceErrorCode
from apps.core.devices.models import Device

TAG = ["devices"]

_REFUSED = OpenApiResponse(
    ErrorOutput,
    description="Refused signed request. `code` is one of "
    + ", ".join(
        f"`{code.value}`"
        for code in DeviceErrorCode
        if code not in (DeviceErrorCode.KIND_NOT_ALLOWED, DeviceErrorCode.UNAVAILABLE)
    )
    + "; `devices.timestamp_stale` carries `extra.server_time` (unix seconds).",
)


class DeviceHeartbeatInput(serializers.Serializer):
    battery_percent = serializers.IntegerField(min_value=0, max_value=100, required=False)
    firmware = serializers.CharField(max_length=64, required=False)
    status = serializers.DictField(
        required=False, help_text="Anything else the device reports (error flags, sensors, …)."
    )


class DeviceHeartbeatOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=Device.Kind.choices)
    last_seen_at = serializers.DateTimeField()
    server_time = serializers.IntegerField(help_text="Unix seconds; keep the device clock near it.")


class DeviceHeartbeatView(DeviceApi):
    parser_classes = [JSONParser]  # the signature covers the exact JSON bytes
    device_kinds: tuple[str, ...] = ()  # every kind of device

    @extend_schema(
        tags=TAG,
        summary="A device reports it is alive, with its status",
        description="Signed with the device's key (see `docs/devices.md`). Stores the time and "
        "the status; answers the server time so the device can keep its clock in the window.",
        request=DeviceHeartbeatInput,
        responses={
            200: DeviceHeartbeatOutput,
            **errors(400, 429),
            403: OpenApiResponse(
                ErrorOutput, description="`devices.kind_not_allowed`: not for this device."
            ),
            401: _REFUSED,
            503: OpenApiResponse(ErrorOutput, description="`devices.unavailable`: try again."),
        },
    )
    def post(self, request):
        data = DeviceHeartbeatInput(data=request.data)
        data.is_valid(raise_exception=True)
        device = services.device_heartbeat(device=request.auth, status=dict(data.validated_data))
        return Response(
            DeviceHeartbeatOutput(
                {
                    "id": device.id,
                    "name": device.name,
                    "kind": device.kind,
                    "last_seen_at": device.last_seen_at,
                    "server_time": int(timezone.now().timestamp()),
                }
            ).data
        )
