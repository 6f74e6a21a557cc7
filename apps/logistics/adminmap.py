"""The admin's map of service areas, hubs and machines: a plain SVG drawn on the server (no tiles,
no script), so it works offline and in every admin page."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .models import Hub, Machine, ServiceArea

WIDTH = 640


@dataclass(frozen=True)
class Shape:
    label: str
    points: str  # SVG polygon points


@dataclass(frozen=True)
class Dot:
    label: str
    x: float
    y: float
    kind: str


@dataclass(frozen=True)
class AdminMap:
    width: int
    height: int
    areas: list[Shape]
    hubs: list[Dot]
    machines: list[Dot]


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry.get("type") == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def admin_map() -> AdminMap | None:
    areas = list(ServiceArea.objects.all())
    hubs = list(Hub.objects.all())
    machines = list(Machine.objects.exclude(lat__isnull=True).exclude(lon__isnull=True))
    points = [(p[1], p[0]) for a in areas for ring in _rings(a.geometry) for p in ring]
    points += [(h.lat, h.lon) for h in hubs]
    if not points:
        return None
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    pad = 0.01
    south, north = min(lats) - pad, max(lats) + pad
    west, east = min(lons) - pad, max(lons) + pad
    squash = math.cos(math.radians((south + north) / 2))
    height = round(WIDTH * (north - south) / ((east - west) * squash))

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (
            round((lon - west) / (east - west) * WIDTH, 1),
            round((north - lat) / (north - south) * height, 1),
        )

    shapes = [
        Shape(
            a.name,
            " ".join(f"{x},{y}" for x, y in (xy(p[1], p[0]) for p in ring)),
        )
        for a in areas
        for ring in _rings(a.geometry)
    ]
    return AdminMap(
        width=WIDTH,
        height=height,
        areas=shapes,
        hubs=[Dot(h.name, *xy(h.lat, h.lon), "hub") for h in hubs],
        machines=[
            Dot(f"{m.name} ({m.get_status_display()})", *xy(m.lat or 0, m.lon or 0), m.kind)
            for m in machines
        ],
    )
