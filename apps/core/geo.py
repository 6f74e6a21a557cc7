"""Geo helpers shared by the map-based apps (WGS84 lat/lon)."""

import math

from geopy.distance import geodesic
from shapely.geometry import Point, shape


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in metres between two (lat, lon) points."""
    return geodesic(a, b).meters


EARTH_RADIUS_M = 6_371_008.8


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres on a sphere: within 0.5 % of ``distance_m`` and about 50×
    faster, for hot loops (the trip planner's footpaths, nearest-station searches)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def point_in_geojson(lat: float, lon: float, geometry: dict) -> bool:
    """True when the point lies in a GeoJSON Polygon/MultiPolygon (GeoJSON is lon, lat)."""
    return shape(geometry).covers(Point(lon, lat))
