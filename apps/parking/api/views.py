from datetime import UTC

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from apps.core.api.schema import errors
from apps.core.api.views import DeviceApi, OpenDataApi
from apps.parking import selectors, services

from . import serializers as s

TAG = ["parking"]


class LotListView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Public parking lots with live free counts (map)",
        responses={200: s.LotOutput(many=True)},
    )
    def get(self, request):
        return Response(s.LotOutput(selectors.lot_list(), many=True).data)


class LotNearView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="Parking lots near a point, nearest first, with live free counts",
        parameters=[s.LotNearInput],
        responses={200: s.LotNearOutput(many=True), **errors(400)},
    )
    def get(self, request):
        data = s.LotNearInput(data=request.query_params)
        data.is_valid(raise_exception=True)
        lat, lon = data.validated_data["near"]
        lots = selectors.lot_list_near(lat=lat, lon=lon, radius_m=data.validated_data["radius"])
        return Response(s.LotNearOutput(lots, many=True).data)


class LotDetailView(OpenDataApi):
    @extend_schema(
        tags=TAG,
        summary="One parking lot with live counts and its spaces",
        responses={200: s.LotDetailOutput, **errors(404)},
    )
    def get(self, request, lot_id):
        return Response(s.LotDetailOutput(selectors.lot_get(lot_id=lot_id)).data)


PARKAPI_LOT_TYPES = {
    "off_street": "lot",
    "on_street": "street",
    "attached": "garage",
    "park_and_ride": "lot",
}


def _parkapi_time(value) -> str:
    # ParkAPI v1 writes UTC without an offset ("2015-06-15T12:31:00")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


class LotFeedView(OpenDataApi):
    """Live availability for parking-sharing and navigation apps, no login, in ParkAPI's (ParkenDD)
    v1 city JSON (docs/parking.md)."""

    @extend_schema(
        tags=TAG,
        summary="Open-data availability feed in ParkAPI (ParkenDD) v1 JSON",
        responses={200: s.ParkApiFeedOutput},
    )
    def get(self, request):
        lots = list(selectors.lot_list())
        now = timezone.now()
        updated = selectors.lot_last_event_at() or now
        feed = {
            "last_updated": _parkapi_time(updated),
            "last_downloaded": _parkapi_time(now),
            "data_source": request.build_absolute_uri(request.path),
            "lots": [
                {
                    "id": lot.code,
                    "name": lot.name,
                    "address": lot.address or "",
                    "coords": {"lat": lot.lat, "lng": lot.lon},
                    "lot_type": PARKAPI_LOT_TYPES.get(lot.kind, "lot"),
                    "region": "",
                    "total": lot.num_spaces or lot.capacity,
                    "free": lot.num_free,
                    # no sensors, or every sensor silent: say so rather than "0 free"
                    "state": "open" if lot.num_spaces > lot.num_unknown else "nodata",
                    "forecast": False,
                }
                for lot in lots
            ],
        }
        return Response(s.ParkApiFeedOutput(feed).data)


class SensorEventBatchView(DeviceApi):
    """Occupancy sensors post what they saw, in batches (a gateway may hold many sensors)."""

    device_kinds = ("parking_sensor",)

    @extend_schema(
        tags=TAG,
        summary="Sensor events: a space became occupied or free (signed device request)",
        request=s.SensorEventBatchInput,
        responses={200: s.SensorEventBatchOutput, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = s.SensorEventBatchInput(data=request.data)
        data.is_valid(raise_exception=True)
        results = services.sensor_events_apply(events=data.validated_data["events"])
        return Response(s.SensorEventBatchOutput({"results": results}).data)
