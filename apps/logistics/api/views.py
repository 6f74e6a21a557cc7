from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from apps.core.api.schema import errors, idempotency_key_parameter
from apps.core.api.views import DeviceApi, PublicApi, RoleApi, UserApi
from apps.core.idempotency import idempotency_key_clean
from apps.core.roles import Role
from apps.logistics import modes, selectors, services

from . import serializers as s

TAG = ["logistics"]
MACHINE_KINDS = ("delivery_robot", "drone")


def _address_data(address):
    return {
        "phone": address.phone,
        "road_address": address.road_address,
        "detail": address.detail,
        "lat": address.lat,
        "lon": address.lon,
        "area": address.area,
        "mode": address.mode,
        "options": modes.options_for_area(area=address.area),
        "updated_at": address.updated_at,
    }


# --- residents ----------------------------------------------------------------------------------
class AddressCheckView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="Check an address: in the service area? which delivery options, and why (stores nothing)",
        request=s.AddressCheckInput,
        responses={200: s.AddressCheckOutput, **errors(400, 401, 403, 422)},
    )
    def post(self, request):
        data = s.AddressCheckInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.location_consent_check(user=request.user)
        check = services.address_check(**data.validated_data)
        return Response(s.AddressCheckOutput(check).data)


class AddressDetailView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="My delivery address and the options possible there",
        responses={200: s.AddressOutput, **errors(401, 403, 404)},
    )
    def get(self, request):
        address = selectors.address_get_for_user(user=request.user)
        return Response(s.AddressOutput(_address_data(address)).data)

    @extend_schema(
        tags=TAG,
        summary="Register or update my delivery address (keyed to my verified number) and the "
        "chosen option; outside the service area nothing is stored",
        request=s.AddressRegisterInput,
        responses={200: s.AddressOutput, **errors(400, 401, 403, 422)},
    )
    def put(self, request):
        data = s.AddressRegisterInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.address_register(user=request.user, **data.validated_data)
        address = selectors.address_get_for_user(user=request.user)
        return Response(s.AddressOutput(_address_data(address)).data)

    @extend_schema(
        tags=TAG,
        summary="Delete my delivery address",
        responses={204: None, **errors(401, 403, 404)},
    )
    def delete(self, request):
        services.address_delete(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ParcelListView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="My parcels, newest first",
        responses={200: s.ParcelOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        parcels = selectors.parcel_list_for_user(user=request.user)[:100]
        return Response(s.ParcelOutput(parcels, many=True).data)


class ParcelDetailView(UserApi):
    @extend_schema(
        tags=TAG,
        summary="One of my parcels: timeline, live position, ETA, pick-up or hand-over code",
        responses={200: s.ParcelDetailOutput, **errors(401, 403, 404)},
    )
    def get(self, request, parcel_id):
        parcel = selectors.parcel_get_for_user(user=request.user, parcel_id=parcel_id)
        return Response(s.ParcelDetailOutput(parcel).data)


class ParcelTrackView(PublicApi):
    @extend_schema(
        tags=TAG,
        summary="Track a parcel by the code in its SMS link (no login; no codes, no address)",
        responses={200: s.ParcelPublicOutput, **errors(404)},
    )
    def get(self, request, tracking_code):
        parcel = selectors.parcel_get_by_tracking_code(tracking_code=tracking_code)
        return Response(s.ParcelPublicOutput(parcel).data)


# --- couriers -----------------------------------------------------------------------------------
class HubListView(RoleApi):
    role = Role.COURIER

    @extend_schema(
        tags=TAG,
        summary="Hubs with their free lockers (couriers)",
        responses={200: s.ParcelHubOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        return Response(s.ParcelHubOutput(selectors.hub_list(), many=True).data)


class ParcelIntakeView(RoleApi):
    role = Role.COURIER

    @extend_schema(
        tags=TAG,
        summary="Store a parcel: a free suitable locker is assigned atomically and the recipient "
        "is told (courier)",
        parameters=[idempotency_key_parameter(max_length=200)],
        request=s.ParcelIntakeInput,
        responses={201: s.ParcelIntakeOutput, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request):
        key = idempotency_key_clean(raw=request.headers.get("Idempotency-Key"), max_length=200)
        data = s.ParcelIntakeInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        parcel = services.parcel_intake(
            courier=request.user, hub_id=values.pop("hub"), idempotency_key=key, **values
        )
        return Response(s.ParcelIntakeOutput(parcel).data, status=status.HTTP_201_CREATED)


# --- hub staff ----------------------------------------------------------------------------------
class StaffParcelListView(RoleApi):
    role = Role.HUB_STAFF

    @extend_schema(
        tags=TAG,
        summary="Parcels at my hubs: locker, mode, masked number, never the address (hub staff)",
        responses={200: s.StaffParcelOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        parcels = selectors.staff_parcel_list(user=request.user)[:200]
        return Response(s.StaffParcelOutput(parcels, many=True).data)


class StaffLockerListView(RoleApi):
    role = Role.HUB_STAFF

    @extend_schema(
        tags=TAG,
        summary="Lockers at my hubs (hub staff)",
        responses={200: s.StaffLockerOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        lockers = selectors.staff_locker_list(user=request.user)
        return Response(s.StaffLockerOutput(lockers, many=True).data)


class StaffMachineListView(RoleApi):
    role = Role.HUB_STAFF

    @extend_schema(
        tags=TAG,
        summary="Machines of my hubs (hub staff)",
        responses={200: s.MachineOutput(many=True), **errors(401, 403)},
    )
    def get(self, request):
        machines = selectors.staff_machine_list(user=request.user)
        return Response(s.MachineOutput(machines, many=True).data)


class StaffMissionLoadView(RoleApi):
    role = Role.HUB_STAFF

    @extend_schema(
        tags=TAG,
        summary="The parcel is being loaded onto the machine (planned → loading; hub staff)",
        request=None,
        responses={200: s.StaffMissionOutput, **errors(401, 403, 404, 409)},
    )
    def post(self, request, mission_id):
        mission = selectors.staff_mission_get(user=request.user, mission_id=mission_id)
        mission = services.mission_advance(mission_id=mission.id, to="loading")
        return Response(s.StaffMissionOutput(mission).data)


class StaffMachineCommandView(RoleApi):
    role = Role.HUB_STAFF

    @extend_schema(
        tags=TAG,
        summary="Send a machine a command (pause, resume, return to the hub); logged",
        request=s.MachineCommandInput,
        responses={201: s.MachineCommandOutput, **errors(400, 401, 403, 404)},
    )
    def post(self, request, machine_id):
        machine = selectors.staff_machine_get(user=request.user, machine_id=machine_id)
        data = s.MachineCommandInput(data=request.data)
        data.is_valid(raise_exception=True)
        command = services.machine_command_issue(
            user=request.user, machine_id=machine.id, kind=data.validated_data["kind"]
        )
        return Response(s.MachineCommandOutput(command).data, status=status.HTTP_201_CREATED)


class StaffParcelCollectView(RoleApi):
    role = Role.HUB_STAFF

    @extend_schema(
        tags=TAG,
        summary="Hand a parcel over at the locker against its pick-up code (hub staff)",
        request=s.ParcelCollectInput,
        responses={200: s.StaffParcelOutput, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request):
        data = s.ParcelCollectInput(data=request.data)
        data.is_valid(raise_exception=True)
        hubs = list(selectors.staff_hubs(user=request.user).values_list("id", flat=True))
        parcel = services.parcel_collect(hub_ids=hubs, **data.validated_data)
        return Response(s.StaffParcelOutput(parcel).data)


# --- machines (signed device requests) -----------------------------------------------------------
class MachineEventBatchView(DeviceApi):
    """Telemetry and events from delivery robots and drones, shaped after MDS 2.0."""

    device_kinds = MACHINE_KINDS

    @extend_schema(
        tags=TAG,
        summary="Machine telemetry and events, MDS 2.0 vehicle states and event types (signed)",
        request=s.MachineEventBatchInput,
        responses={200: s.MachineEventBatchOutput, **errors(400, 401, 403, 404, 409)},
    )
    def post(self, request):
        data = s.MachineEventBatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        results = services.machine_events_record(
            device=request.auth, events=data.validated_data["events"]
        )
        return Response(s.MachineEventBatchOutput({"results": results}).data)


class MachineMissionView(DeviceApi):
    """The machine's current mission with the destination: the only place the address is given."""

    device_kinds = MACHINE_KINDS

    @extend_schema(
        tags=TAG,
        summary="My current mission, its destination and pending commands (signed machine)",
        responses={200: s.MachineMissionOutput, **errors(401, 403, 404)},
    )
    def get(self, request):
        machine = services.machine_for_device(device=request.auth)
        destination = selectors.mission_destination_for_device(machine=machine)
        commands = services.machine_commands_pending(machine=machine)
        payload = {
            "mission": destination.mission,
            "lat": destination.lat,
            "lon": destination.lon,
            "road_address": destination.road_address,
            "detail": destination.detail,
            "parcels": destination.parcels,
            "commands": commands,
        }
        return Response(s.MachineMissionOutput(payload).data)
