"""GBFS 3.0 files, built from the live data (https://github.com/MobilityData/gbfs, v3.0).

Niche parking spots are published as virtual stations (``is_virtual_station`` with their painted
``station_area``) so private PM operators can show them and their free space on their maps (T2).
Vehicles in a ride are never published, and a vehicle's id changes after every trip.
"""

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from apps.rentals import selectors
from apps.rentals.models import (
    GeofenceZone,
    NicheSpot,
    PricingPlan,
    Station,
    Vehicle,
    VehicleType,
)

VERSION = "3.0"
LANGUAGES = ["ko", "en"]

FEEDS = {
    # name: ttl in seconds
    "system_information": 3600,
    "vehicle_types": 3600,
    "station_information": 3600,
    "station_status": 30,
    "vehicle_status": 30,
    "system_pricing_plans": 3600,
    "geofencing_zones": 3600,
}


def _rfc3339(dt=None) -> str:
    return (
        (dt or timezone.now())
        .astimezone(timezone.get_current_timezone())
        .replace(microsecond=0)
        .isoformat()
    )


def envelope(data: dict, ttl: int) -> dict:
    return {"last_updated": _rfc3339(), "ttl": ttl, "version": VERSION, "data": data}


def localized(obj, field: str) -> list[dict]:
    ko = getattr(obj, f"{field}_ko", None) or getattr(obj, field, "") or ""
    en = getattr(obj, f"{field}_en", None) or ko
    return [{"text": ko, "language": "ko"}, {"text": en, "language": "en"}]


def text(ko: str, en: str) -> list[dict]:
    return [{"text": ko, "language": "ko"}, {"text": en, "language": "en"}]


def multipolygon(geometry: dict) -> dict:
    if geometry.get("type") == "Polygon":
        return {"type": "MultiPolygon", "coordinates": [geometry["coordinates"]]}
    return geometry


def gbfs(feed_url) -> dict:
    """``feed_url(name)`` gives the absolute URL of a file."""
    feeds = [{"name": "gbfs", "url": feed_url("gbfs")}]
    feeds += [{"name": name, "url": feed_url(name)} for name in FEEDS]
    return envelope({"feeds": feeds}, 300)


def system_information() -> dict:
    data = {
        "system_id": getattr(settings, "RENTALS_GBFS_SYSTEM_ID", "kr-gimhae-tagogaya"),
        "languages": LANGUAGES,
        "name": text("타고가야", "Tagogaya"),
        "short_name": text("타고가야", "Tagogaya"),
        "operator": text(
            "김해시 (타고가야) · 민간 PM 사업자", "Gimhae City (Tagogaya) and private PM operators"
        ),
        "url": "https://www.gimhae.go.kr",
        "phone_number": "+82553303114",
        "opening_hours": "24/7",
        "feed_contact_email": getattr(
            settings, "RENTALS_GBFS_CONTACT_EMAIL", "opendata@gimhae.go.kr"
        ),
        "timezone": "Asia/Seoul",
        "license_url": "https://www.kogl.or.kr/info/licenseType1.do",
        "attribution_organization_name": text("김해시", "Gimhae City"),
    }
    return envelope(data, FEEDS["system_information"])


def vehicle_types() -> dict:
    items = []
    for vt in VehicleType.objects.select_related("pricing_plan").order_by("code"):
        item = {
            "vehicle_type_id": vt.code,
            "form_factor": vt.form_factor,
            "propulsion_type": vt.propulsion,
            "name": localized(vt, "name"),
            "rider_capacity": 1,
            "max_permitted_speed": vt.max_speed_kph,
            "return_constraint": "hybrid" if vt.free_floating else "any_station",
            "default_pricing_plan_id": vt.pricing_plan.code,
            "pricing_plan_ids": [vt.pricing_plan.code],
        }
        if vt.propulsion != VehicleType.Propulsion.HUMAN:
            item["max_range_meters"] = vt.max_range_m
        items.append(item)
    return envelope({"vehicle_types": items}, FEEDS["vehicle_types"])


def station_information() -> dict:
    stations = [
        {
            "station_id": str(s.id),
            "name": localized(s, "name"),
            "short_name": text(s.code, s.code),
            "lat": s.lat,
            "lon": s.lon,
            **({"address": s.address_ko or s.address} if (s.address_ko or s.address) else {}),
            "capacity": s.capacity,
            "is_virtual_station": False,
            "rental_methods": ["key"],
        }
        for s in Station.objects.filter(is_installed=True).order_by("code")
    ]
    for spot in NicheSpot.objects.filter(is_active=True).order_by("code"):
        item = {
            "station_id": str(spot.id),
            "name": localized(spot, "name"),
            "short_name": text(spot.code, spot.code),
            "lat": spot.lat,
            "lon": spot.lon,
            "capacity": spot.capacity,
            "is_virtual_station": True,
            "parking_type": "parking_lot"
            if spot.kind == NicheSpot.Kind.PUBLIC_LOT
            else "sidewalk_parking",
        }
        if spot.area:
            item["station_area"] = multipolygon(spot.area)
        stations.append(item)
    return envelope({"stations": stations}, FEEDS["station_information"])


def station_status() -> dict:
    type_counts = _type_counts()
    out = []
    for s in selectors.station_list():
        out.append(
            {
                "station_id": str(s.id),
                "num_vehicles_available": s.num_bikes_available,
                "vehicle_types_available": type_counts.get(("station", s.id), []),
                "num_vehicles_disabled": _disabled(s),
                "num_docks_available": max(0, s.num_docks_available),
                "is_installed": s.is_installed,
                "is_renting": s.is_renting,
                "is_returning": s.is_returning,
                "last_reported": _rfc3339(s.updated_at),
            }
        )
    for spot in selectors.spot_list():
        out.append(
            {
                "station_id": str(spot.id),
                "num_vehicles_available": spot.num_vehicles_available,
                "vehicle_types_available": type_counts.get(("spot", spot.id), []),
                "num_docks_available": max(0, spot.capacity - spot.occupancy),
                "is_installed": True,
                "is_renting": True,
                "is_returning": spot.occupancy < spot.capacity,
                "last_reported": _rfc3339(spot.updated_at),
            }
        )
    return envelope({"stations": out}, FEEDS["station_status"])


def _disabled(station) -> int:
    return max(0, station.num_docked - station.num_bikes_available)


def _type_counts() -> dict:
    """{("station"|"spot", id): [{"vehicle_type_id", "count"}]} in two grouped queries."""
    counts: dict = {}
    all_types = list(VehicleType.objects.order_by("code").values_list("code", flat=True))
    for kind, field in (("station", "station_id"), ("spot", "spot_id")):
        rows = (
            Vehicle.objects.filter(**{f"{field}__isnull": False})
            .values(field, "vehicle_type__code")
            .annotate(n=Count("id", filter=Q(status=Vehicle.Status.AVAILABLE)))
        )
        per_place: dict = {}
        for row in rows:
            per_place.setdefault(row[field], {})[row["vehicle_type__code"]] = row["n"]
        for place_id, by_type in per_place.items():
            counts[(kind, place_id)] = [
                {"vehicle_type_id": code, "count": by_type.get(code, 0)}
                for code in all_types
                if code in by_type
            ]
    return counts


def vehicle_status() -> dict:
    vehicles = (
        Vehicle.objects.filter(
            status__in=[
                Vehicle.Status.AVAILABLE,
                Vehicle.Status.RESERVED,
                Vehicle.Status.MAINTENANCE,
            ]
        )
        .select_related("vehicle_type", "vehicle_type__pricing_plan", "station", "spot")
        .order_by("public_id")
    )
    out = []
    for v in vehicles:
        lat, lon = selectors.vehicle_position(vehicle=v)
        item = {
            "vehicle_id": str(v.public_id),
            "is_reserved": v.status == Vehicle.Status.RESERVED,
            "is_disabled": v.status == Vehicle.Status.MAINTENANCE,
            "vehicle_type_id": v.vehicle_type.code,
            "last_reported": _rfc3339(v.last_reported),
            "current_range_meters": v.range_m,
            "current_fuel_percent": round(v.battery_percent / 100, 2),
            "pricing_plan_id": v.vehicle_type.pricing_plan.code,
        }
        if v.station_id:
            item["station_id"] = str(v.station_id)
        elif v.spot_id:
            item["station_id"] = str(v.spot_id)
        if lat is not None:
            item["lat"], item["lon"] = lat, lon
        elif not v.station_id:
            continue  # a vehicle without a known place is not published
        out.append(item)
    return envelope({"vehicles": out}, FEEDS["vehicle_status"])


def system_pricing_plans() -> dict:
    plans = []
    for p in PricingPlan.objects.filter(is_active=True).order_by("code"):
        item = {
            "plan_id": p.code,
            "name": localized(p, "name"),
            "currency": "KRW",
            "price": p.base_price_krw,
            "is_taxable": False,
            "description": localized(p, "description"),
        }
        segments = []
        for seg in p.segments:
            entry = {
                "start": int(seg["start"]),
                "rate": int(seg["rate"]),
                "interval": int(seg.get("interval", 1)),
            }
            if seg.get("end") is not None:
                entry["end"] = int(seg["end"])
            segments.append(entry)
        if segments:
            item["per_min_pricing"] = segments
        plans.append(item)
    return envelope({"plans": plans}, FEEDS["system_pricing_plans"])


RULES = {
    GeofenceZone.Kind.NO_RIDE: {
        "ride_start_allowed": False,
        "ride_end_allowed": False,
        "ride_through_allowed": False,
    },
    GeofenceZone.Kind.SLOW: {
        "ride_start_allowed": True,
        "ride_end_allowed": True,
        "ride_through_allowed": True,
    },
    GeofenceZone.Kind.NO_PARKING: {
        "ride_start_allowed": True,
        "ride_end_allowed": False,
        "ride_through_allowed": True,
    },
    GeofenceZone.Kind.PARKING_ONLY: {
        "ride_start_allowed": True,
        "ride_end_allowed": True,
        "ride_through_allowed": True,
        "station_parking": True,
    },
}


def geofencing_zones() -> dict:
    features = []
    for zone in GeofenceZone.objects.filter(is_active=True).order_by("kind", "name"):
        rule = dict(RULES[zone.kind])
        if zone.max_speed_kph:
            rule["maximum_speed_kph"] = zone.max_speed_kph
        features.append(
            {
                "type": "Feature",
                "geometry": multipolygon(zone.geometry),
                "properties": {"name": localized(zone, "name"), "rules": [rule]},
            }
        )
    docked = list(
        VehicleType.objects.filter(free_floating=False)
        .order_by("code")
        .values_list("code", flat=True)
    )
    floating = list(
        VehicleType.objects.filter(free_floating=True)
        .order_by("code")
        .values_list("code", flat=True)
    )
    global_rules = []
    if docked:
        global_rules.append(
            {
                "vehicle_type_ids": docked,
                "ride_start_allowed": True,
                "ride_end_allowed": True,
                "ride_through_allowed": True,
                "station_parking": True,
            }
        )
    if floating:
        global_rules.append(
            {
                "vehicle_type_ids": floating,
                "ride_start_allowed": True,
                "ride_end_allowed": True,
                "ride_through_allowed": True,
                "station_parking": False,
            }
        )
    if not global_rules:
        global_rules.append(
            {"ride_start_allowed": True, "ride_end_allowed": True, "ride_through_allowed": True}
        )
    return envelope(
        {
            "geofencing_zones": {"type": "FeatureCollection", "features": features},
            "global_rules": global_rules,
        },
        FEEDS["geofencing_zones"],
    )


BUILDERS = {
    "system_information": system_information,
    "vehicle_types": vehicle_types,
    "station_information": station_information,
    "station_status": station_status,
    "vehicle_status": vehicle_status,
    "system_pricing_plans": system_pricing_plans,
    "geofencing_zones": geofencing_zones,
}
