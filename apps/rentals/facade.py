"""What other apps may ask rentals (the transit planner's e-bike legs, privacy export/erase).
Plain functions returning frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from apps.core.search import SearchHit

from . import pricing, selectors
from .models import PricingPlan, Rental, VehicleType

if TYPE_CHECKING:
    from apps.accounts.models import User

# A realistic e-bike speed in town, with stops at crossings (pedal-assist is limited to 25 km/h).
EBIKE_SPEED_KPH = 15.0


@dataclass(frozen=True)
class StationAvailability:
    id: UUID
    code: str
    name_ko: str
    name_en: str
    lat: float
    lon: float
    distance_m: int
    num_bikes_available: int
    num_docks_available: int
    pricing_plan_code: str


@dataclass(frozen=True)
class RidePrice:
    pricing_plan_code: str
    minutes: int
    rider_category: str
    total_krw: int
    base_krw: int
    time_krw: int
    rider_discount_krw: int


def _near(
    *, lat: float, lon: float, radius_m: float, need: str, limit: int
) -> list[StationAvailability]:
    qs = (
        selectors.station_list().filter(is_renting=True)
        if need == "bikes"
        else selectors.station_list()
    )
    if need == "docks":
        qs = qs.filter(is_returning=True)
    plan = (
        VehicleType.objects.filter(form_factor=VehicleType.FormFactor.BICYCLE)
        .select_related("pricing_plan")
        .order_by("code")
        .first()
    )
    found = []
    for s in qs:
        count = s.num_bikes_available if need == "bikes" else s.num_docks_available
        if count <= 0:
            continue
        d = selectors.distance_m(lat1=lat, lon1=lon, lat2=s.lat, lon2=s.lon)
        if d <= radius_m:
            found.append(
                StationAvailability(
                    id=s.id,
                    code=s.code,
                    name_ko=s.name_ko or s.name,
                    name_en=s.name_en or s.name_ko or s.name,
                    lat=s.lat,
                    lon=s.lon,
                    distance_m=round(d),
                    num_bikes_available=s.num_bikes_available,
                    num_docks_available=max(0, s.num_docks_available),
                    pricing_plan_code=plan.pricing_plan.code if plan else "",
                )
            )
    found.sort(key=lambda a: a.distance_m)
    return found[:limit]


def stations_with_available_bikes_near(
    *, lat: float, lon: float, radius_m: float = 500, limit: int = 5
) -> list[StationAvailability]:
    return _near(lat=lat, lon=lon, radius_m=radius_m, need="bikes", limit=limit)


def stations_with_free_docks_near(
    *, lat: float, lon: float, radius_m: float = 500, limit: int = 5
) -> list[StationAvailability]:
    return _near(lat=lat, lon=lon, radius_m=radius_m, need="docks", limit=limit)


@dataclass(frozen=True)
class NicheSpotNear:
    """A PM niche parking spot (틈새 주차장) near a point, with room left for a scooter."""

    id: UUID
    code: str
    name_ko: str
    name_en: str
    kind: str
    lat: float
    lon: float
    distance_m: int
    capacity: int
    free: int


def niche_spots_near(
    *, lat: float, lon: float, radius_m: float = 500, limit: int = 3
) -> list[NicheSpotNear]:
    """Active niche spots within ``radius_m``, nearest first, where a PM can still be parked
    (capacity left after our vehicles and the other operators' reported ones)."""
    found = []
    for s in selectors.spot_list():
        free = s.capacity - s.occupancy
        if free <= 0:
            continue
        d = selectors.distance_m(lat1=lat, lon1=lon, lat2=s.lat, lon2=s.lon)
        if d <= radius_m:
            found.append(
                NicheSpotNear(
                    id=s.id,
                    code=s.code,
                    name_ko=s.name_ko or s.name,
                    name_en=s.name_en or s.name_ko or s.name,
                    kind=s.kind,
                    lat=s.lat,
                    lon=s.lon,
                    distance_m=round(d),
                    capacity=s.capacity,
                    free=free,
                )
            )
    found.sort(key=lambda spot: spot.distance_m)
    return found[:limit]


def ebike_ride_minutes(*, distance_m: float) -> int:
    """Riding time for the planner, at EBIKE_SPEED_KPH (at least a minute)."""
    return max(1, round(distance_m / (EBIKE_SPEED_KPH * 1000 / 60)))


def ride_price_krw(
    *,
    plan_code: str | None = None,
    minutes: int = 0,
    rider_category: str = "general",
    vehicle_type_code: str | None = None,
) -> RidePrice | None:
    """The plan's price for a ride of ``minutes`` (no coupons, caps per day or free days: those
    depend on the rider's history and are applied when the ride ends)."""
    plan = None
    if plan_code:
        plan = PricingPlan.objects.filter(code=plan_code, is_active=True).first()
    elif vehicle_type_code:
        vt = (
            VehicleType.objects.select_related("pricing_plan")
            .filter(code=vehicle_type_code)
            .first()
        )
        plan = vt.pricing_plan if vt else None
    else:
        vt = (
            VehicleType.objects.select_related("pricing_plan")
            .filter(form_factor=VehicleType.FormFactor.BICYCLE)
            .order_by("code")
            .first()
        )
        plan = vt.pricing_plan if vt else None
    if plan is None:
        return None
    b = pricing.quote(
        base_price_krw=plan.base_price_krw,
        segments=plan.segments,
        minutes=max(1, minutes),
        ride_cap_krw=plan.ride_cap_krw,
        discounts=plan.discounts,
        rider_category=rider_category,
    )
    return RidePrice(
        pricing_plan_code=plan.code,
        minutes=b.minutes,
        rider_category=rider_category,
        total_krw=b.total_krw,
        base_krw=b.base_krw,
        time_krw=b.time_krw,
        rider_discount_krw=b.rider_discount_krw,
    )


# --- PIPA right of access and erasure (registered in RentalsConfig.ready()) -----------------------
# Positional: core.privacy calls every app's pair as export(user) / erase(user).


def user_data_export(user: User) -> dict[str, Any]:
    rentals = Rental.objects.filter(user=user).select_related("vehicle").order_by("created_at")
    return {
        "rentals": [
            {
                "id": str(r.id),
                "vehicle": r.vehicle.code,
                "status": r.status,
                "started_at": r.started_at.isoformat() if r.started_at else None,
                "ended_at": r.ended_at.isoformat() if r.ended_at else None,
                "start_station": str(r.start_station_id) if r.start_station_id else None,
                "end_station": str(r.end_station_id) if r.end_station_id else None,
                "end_lat": r.end_lat,
                "end_lon": r.end_lon,
                "minutes": r.minutes,
                "amount_krw": r.amount_krw,
                "payment_status": r.payment_status,
                "return_photo": r.return_photo.name or None,
            }
            for r in rentals
        ]
    }


def user_data_erase(user: User) -> None:
    """Rides are payment records (kept 5 years); their locations and photos go now."""
    for rental in Rental.objects.filter(user=user).exclude(return_photo=""):
        rental.return_photo.delete(save=False)
    Rental.objects.filter(user=user).update(end_lat=None, end_lon=None, return_photo="")


def search(query: str, language: str) -> list[SearchHit]:
    """Tagogaya stations whose Korean or English name contains the query (spaces ignored), for
    the home screen's search box: a name that starts with it first."""
    from django.db.models import Q
    from django.utils.translation import ngettext, override

    needle = "".join(query.split()).casefold()
    if not needle:
        return []
    words = query.split()
    rough = Q()
    for word in words:
        rough &= Q(name_ko__icontains=word) | Q(name_en__icontains=word)
    hits = []
    stations = selectors.station_list().filter(rough | Q(name_ko__icontains=needle))[:50]
    with override(language):
        for station in stations:
            names = [
                n
                for n in (
                    station.name_en if language == "en" else station.name_ko,
                    station.name_ko,
                    station.name_en,
                )
                if n
            ]
            squashed = ["".join(n.split()).casefold() for n in names]
            if not any(needle in n for n in squashed):
                continue
            count = station.num_bikes_available
            hits.append(
                SearchHit(
                    service="bikes",
                    kind="station",
                    title=names[0],
                    subtitle=ngettext(
                        "Tagogaya · %(count)d bike available",
                        "Tagogaya · %(count)d bikes available",
                        count,
                    )
                    % {"count": count},
                    path=f"/services/bikes/stations/{station.id}",
                    score=1.0 if any(n.startswith(needle) for n in squashed) else 0.7,
                )
            )
    return hits[:10]
