"""GTFS-Realtime export (open data, no login): trip updates, vehicle positions and service alerts
of the default live feed, as protobuf (``application/x-protobuf``) or, with ``?format=json``, as
JSON for debugging. Built with gtfs-realtime-bindings."""

from __future__ import annotations

import time

from django.http import HttpResponse
from django.views.decorators.http import require_GET
from google.protobuf import json_format
from google.transit import gtfs_realtime_pb2 as rt

from apps.core.open_data import open_data_throttled
from apps.transit import selectors
from apps.transit.errors import TransitError
from apps.transit.models import ServiceAlert
from apps.transit.selectors import feed_get_live

from . import predictions

LANGUAGES = ("ko", "en")


def _message(now: int) -> rt.FeedMessage:
    message = rt.FeedMessage()
    message.header.gtfs_realtime_version = "2.0"
    message.header.incrementality = rt.FeedHeader.FULL_DATASET
    message.header.timestamp = now
    return message


def _live(now: int) -> dict:
    try:
        feed = feed_get_live()
    except TransitError:
        return {"generated_at": None, "arrivals": [], "vehicles": []}
    return predictions.live_all_get(feed_id=feed.id)


def trip_updates_build(*, now: int | None = None) -> rt.FeedMessage:
    """One TripUpdate per trip with predictions (the simulator's). TAGO predictions name no trip,
    so they are not in this feed (they are in the API and the WebSockets)."""
    now = now or int(time.time())
    live = _live(now)
    message = _message(live["generated_at"] or now)
    trips: dict[str, list[dict]] = {}
    for a in live["arrivals"]:
        if a["trip_id"]:
            trips.setdefault(a["trip_id"], []).append(a)
    vehicles = {v["trip_id"]: v for v in live["vehicles"] if v["trip_id"]}
    for trip_id, items in sorted(trips.items()):
        items.sort(key=lambda a: a["arrival"])
        entity = message.entity.add()
        entity.id = f"tu-{trip_id}"
        update = entity.trip_update
        update.trip.trip_id = trip_id
        update.trip.route_id = items[0]["route_id"]
        vehicle = vehicles.get(trip_id)
        if vehicle is not None:
            update.trip.start_date = vehicle["start_date"]
            update.vehicle.id = vehicle["vehicle_id"]
            update.vehicle.label = vehicle["label"]
        update.timestamp = live["generated_at"] or now
        if items[0]["delay_s"] is not None:
            update.delay = items[0]["delay_s"]
        for a in items:
            stu = update.stop_time_update.add()
            stu.stop_id = a["stop_id"]
            stu.arrival.time = a["arrival"]
            if a["delay_s"] is not None:
                stu.arrival.delay = a["delay_s"]
                if a["departure_scheduled"] is not None:
                    stu.departure.time = a["departure_scheduled"] + a["delay_s"]
                    stu.departure.delay = a["delay_s"]
    return message


def vehicle_positions_build(*, now: int | None = None) -> rt.FeedMessage:
    now = now or int(time.time())
    live = _live(now)
    message = _message(live["generated_at"] or now)
    for v in sorted(live["vehicles"], key=lambda v: v["vehicle_id"]):
        entity = message.entity.add()
        entity.id = f"vp-{v['vehicle_id']}"
        position = entity.vehicle
        if v["trip_id"]:
            position.trip.trip_id = v["trip_id"]
            position.trip.start_date = v["start_date"]
        position.trip.route_id = v["route_id"]
        position.vehicle.id = v["vehicle_id"]
        position.vehicle.label = v["label"]
        position.position.latitude = v["lat"]
        position.position.longitude = v["lon"]
        if v["bearing"] is not None:
            position.position.bearing = v["bearing"]
        if v["stop_id"]:
            position.stop_id = v["stop_id"]
        if v["status"]:
            position.current_status = rt.VehiclePosition.VehicleStopStatus.Value(v["status"])
        position.timestamp = v["timestamp"]
    return message


def _translated(target: rt.TranslatedString, alert: ServiceAlert, field: str) -> None:
    for lang in LANGUAGES:
        text = getattr(alert, f"{field}_{lang}", "") or ""
        if text:
            translation = target.translation.add()
            translation.text = text
            translation.language = lang


def alerts_build(*, now: int | None = None) -> rt.FeedMessage:
    now = now or int(time.time())
    message = _message(now)
    for alert in selectors.alert_list_active():
        entity = message.entity.add()
        entity.id = f"alert-{alert.id}"
        out = entity.alert
        for period in alert.periods.all():
            p = out.active_period.add()
            if period.start:
                p.start = int(period.start.timestamp())
            if period.end:
                p.end = int(period.end.timestamp())
        entities = list(alert.entities.all())
        for e in entities:
            selector = out.informed_entity.add()
            if e.route_id:
                selector.route_id = e.route_id
            if e.stop_id:
                selector.stop_id = e.stop_id
            if e.trip_id:
                selector.trip.trip_id = e.trip_id
            if not (e.route_id or e.stop_id or e.trip_id):
                selector.agency_id = ""
        if not entities:  # the spec wants at least one: the whole network
            out.informed_entity.add().agency_id = ""
        out.cause = alert.cause
        out.effect = alert.effect
        _translated(out.header_text, alert, "header")
        _translated(out.description_text, alert, "description")
        _translated(out.url, alert, "url")
    return message


def _respond(request, message: rt.FeedMessage) -> HttpResponse:
    if request.GET.get("format") == "json":
        body = json_format.MessageToJson(message, ensure_ascii=False)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        response = HttpResponse(message.SerializeToString(), content_type="application/x-protobuf")
    response["Cache-Control"] = "public, max-age=15"
    response["Access-Control-Allow-Origin"] = "*"  # open data
    return response


@require_GET
@open_data_throttled
def trip_updates(request):
    return _respond(request, trip_updates_build())


@require_GET
@open_data_throttled
def vehicle_positions(request):
    return _respond(request, vehicle_positions_build())


@require_GET
@open_data_throttled
def service_alerts(request):
    return _respond(request, alerts_build())
