"""Geo helpers shared by the map-based apps (WGS84 lat/lon)."""

from geopy.distance import geodesic
from shapely.geometry import Point, shape


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in metres between two (lat, lon) points."""
    return geodesic(a, b).meters


def point_in_geojson(lat: float, lon: float, geometry: dict) -> bool:
    """True when the point lies in a GeoJSON Polygon/MultiPolygon (GeoJSON is lon, lat)."""
    return shape(geometry).covers(Point(lon, lat))
