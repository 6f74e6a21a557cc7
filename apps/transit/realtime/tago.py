"""The national TAGO bus API (data.go.kr, 국토교통부 TAGO), normalised to our live data.

- 버스도착정보 ArvlInfoInqireService/getSttnAcctoArvlPrearngeInfoList (cityCode, nodeId):
  arrivals at a stop — routeid, routeno, arrtime (seconds), arrprevstationcnt (stops away),
  vehicletp (저상버스 …). It names no vehicle and no trip.
- 버스위치정보 BusLcInfoInqireService/getRouteAcctoBusLcList (cityCode, routeId): vehicle positions
  on a route — vehicleno, gpslati, gpslong, nodeid (the stop it last reported), nodeord.

Quirks handled here: ``response.body.items.item`` is an object for one result, a list for
several, and ``items`` is "" (or missing) for none; numbers come as numbers or strings; result
code "03" means "no data", other codes than "00" are errors; a bad key is answered in XML
(``OpenAPI_ServiceResponse``) even when JSON was asked for.

TAGO ids are mapped to GTFS ids through :class:`~apps.transit.models.TagoIdMapping` rows, else
a TAGO node id equal to a GTFS ``stop_code`` and a TAGO route number equal to a GTFS route
short name.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q

from apps.transit.models import Feed, Route, Stop, TagoIdMapping

from .types import Arrival, VehiclePosition

logger = logging.getLogger(__name__)

BASE_URL = "https://apis.data.go.kr/1613000"
ARRIVALS_PATH = "ArvlInfoInqireService/getSttnAcctoArvlPrearngeInfoList"
POSITIONS_PATH = "BusLcInfoInqireService/getRouteAcctoBusLcList"
GIMHAE_CITY_CODE = "38070"
NO_DATA = "03"


class TagoError(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(f"TAGO {code}: {message}")
        self.code = code
        self.message = message


def service_key() -> str:
    return getattr(settings, "TAGO_SERVICE_KEY", "") or ""


def parse_items(text: str) -> list[dict]:
    """The ``item`` rows of a TAGO JSON answer, always as a list."""
    stripped = text.lstrip()
    if stripped.startswith("<"):
        code = re.search(r"<returnReasonCode>\s*([^<]*?)\s*<", stripped)
        message = re.search(r"<returnAuthMsg>\s*([^<]*?)\s*<", stripped) or re.search(
            r"<errMsg>\s*([^<]*?)\s*<", stripped
        )
        raise TagoError(
            code.group(1) if code else "xml", message.group(1) if message else "XML answer"
        )
    try:
        payload = json.loads(text)
    except ValueError:
        raise TagoError("invalid", "not JSON") from None
    response = payload.get("response") if isinstance(payload, dict) else None
    if not isinstance(response, dict):
        raise TagoError("invalid", "no response object")
    header = response.get("header") or {}
    code = str(header.get("resultCode", ""))
    if code == NO_DATA:
        return []
    if code != "00":
        raise TagoError(code or "invalid", str(header.get("resultMsg", "")))
    body = response.get("body") or {}
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, dict):  # "" or missing: no rows
        return []
    item = items.get("item")
    if item is None or item == "":
        return []
    if isinstance(item, dict):
        return [item]
    return [i for i in item if isinstance(i, dict)]


def _int(value, default: int | None = None) -> int | None:
    try:
        return int(float(value))
    except (TypeError, ValueError):
        return default


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class TagoArrival:
    node_id: str
    route_id: str
    route_no: str
    arrival_in_s: int
    stops_away: int | None
    vehicle_type: str


@dataclass(frozen=True)
class TagoVehicle:
    vehicle_no: str
    route_id: str
    lat: float
    lon: float
    node_id: str
    node_ord: int | None


def arrivals_parse(text: str) -> list[TagoArrival]:
    out = []
    for item in parse_items(text):
        seconds = _int(item.get("arrtime"))
        if seconds is None:
            continue
        out.append(
            TagoArrival(
                node_id=str(item.get("nodeid", "")),
                route_id=str(item.get("routeid", "")),
                route_no=str(item.get("routeno", "")),
                arrival_in_s=max(0, seconds),
                stops_away=_int(item.get("arrprevstationcnt")),
                vehicle_type=str(item.get("vehicletp", "")),
            )
        )
    return out


def positions_parse(text: str, *, route_id: str = "") -> list[TagoVehicle]:
    out = []
    for item in parse_items(text):
        lat, lon = _float(item.get("gpslati")), _float(item.get("gpslong"))
        if lat is None or lon is None:
            continue
        out.append(
            TagoVehicle(
                vehicle_no=str(item.get("vehicleno", "")),
                route_id=str(item.get("routeid", route_id)),
                lat=lat,
                lon=lon,
                node_id=str(item.get("nodeid", "")),
                node_ord=_int(item.get("nodeord")),
            )
        )
    return out


HttpGet = Callable[..., object]  # requests.get-like: (url, params=, timeout=) → .text


class TagoClient:
    def __init__(
        self,
        *,
        key: str,
        city_code: str = GIMHAE_CITY_CODE,
        http_get: HttpGet | None = None,
        base_url: str = BASE_URL,
        timeout: float = 5.0,
    ):
        if http_get is None:
            import requests

            http_get = requests.get
        self.key = key
        self.city_code = city_code
        self.http_get = http_get
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout

    def _get(self, path: str, **params) -> str:
        query = {
            "serviceKey": self.key,
            "cityCode": self.city_code,
            "_type": "json",
            "numOfRows": 100,
            "pageNo": 1,
            **params,
        }
        response = self.http_get(f"{self.base_url}/{path}", params=query, timeout=self.timeout)
        return response.text

    def stop_arrivals(self, node_id: str) -> list[TagoArrival]:
        return arrivals_parse(self._get(ARRIVALS_PATH, nodeId=node_id))

    def route_positions(self, route_id: str) -> list[TagoVehicle]:
        return positions_parse(self._get(POSITIONS_PATH, routeId=route_id), route_id=route_id)


# --- mapping and one poll ----------------------------------------------------------------------


@dataclass
class TagoMap:
    stops: dict[str, str]  # TAGO node id → GTFS stop_id
    routes: dict[str, str]  # TAGO route id → GTFS route_id (explicit rows)
    route_numbers: dict[str, str]  # route number (short name) → GTFS route_id

    def route_for(self, tago_route_id: str, route_no: str) -> str:
        return self.routes.get(tago_route_id) or self.route_numbers.get(route_no, "")


def tago_map_get(*, feed: Feed) -> TagoMap:
    rows = TagoIdMapping.objects.filter(Q(feed_name="") | Q(feed_name=feed.name)).order_by(
        "feed_name"  # a row for this feed overrides a row for every feed
    )
    stops = dict(Stop.objects.filter(feed=feed).exclude(code="").values_list("code", "stop_id"))
    routes: dict[str, str] = {}
    for row in rows:
        (stops if row.kind == TagoIdMapping.Kind.STOP else routes)[row.tago_id] = row.gtfs_id
    numbers = {}
    for route_id, ko, en in Route.objects.filter(feed=feed).values_list(
        "route_id", "short_name_ko", "short_name_en"
    ):
        for name in (ko, en):
            if name:
                numbers.setdefault(name, route_id)
    return TagoMap(stops=stops, routes=routes, route_numbers=numbers)


@dataclass
class TagoPoll:
    arrivals: list[Arrival]
    vehicles: list[VehiclePosition]
    errors: list[str]


def tago_poll(*, feed: Feed, client: TagoClient, now: int) -> TagoPoll:
    """Ask TAGO for arrivals at every mapped stop, then positions on every route seen or mapped.
    A failing call is logged and skipped: the rest of the city still updates."""
    mapping = tago_map_get(feed=feed)
    poll = TagoPoll(arrivals=[], vehicles=[], errors=[])
    tago_routes = dict(mapping.routes)
    for node_id, stop_id in sorted(mapping.stops.items()):
        try:
            rows = client.stop_arrivals(node_id)
        except Exception as exc:  # TagoError, timeouts, connection errors
            poll.errors.append(f"stop {node_id}: {exc}")
            logger.warning("TAGO arrivals at %s failed: %s", node_id, exc)
            continue
        for row in rows:
            route_id = mapping.route_for(row.route_id, row.route_no)
            if route_id and row.route_id:
                tago_routes.setdefault(row.route_id, route_id)
            poll.arrivals.append(
                Arrival(
                    stop_id=stop_id,
                    route_id=route_id,
                    route_short_name=row.route_no,
                    arrival=now + row.arrival_in_s,
                    source="tago",
                    vehicle_label=row.vehicle_type,
                    stops_away=row.stops_away,
                )
            )
    for tago_route_id, route_id in sorted(tago_routes.items()):
        try:
            rows = client.route_positions(tago_route_id)
        except Exception as exc:
            poll.errors.append(f"route {tago_route_id}: {exc}")
            logger.warning("TAGO positions on %s failed: %s", tago_route_id, exc)
            continue
        for row in rows:
            poll.vehicles.append(
                VehiclePosition(
                    vehicle_id=row.vehicle_no,
                    label=row.vehicle_no,
                    route_id=route_id,
                    lat=row.lat,
                    lon=row.lon,
                    timestamp=now,
                    source="tago",
                    stop_id=mapping.stops.get(row.node_id, ""),
                )
            )
    return poll
