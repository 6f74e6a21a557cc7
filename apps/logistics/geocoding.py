"""Geocoding behind one small interface, geopy-style: ``geocoder().geocode(query)`` returns a
:class:`Location` (``address``, ``latitude``, ``longitude``) or ``None``.

The embedded default, :class:`GazetteerGeocoder`, works offline from ``data/gazetteer.csv``: Gimhae's
읍·면·동 centres, light-rail stations, places and the road names of their addresses (real data, each
row with its source). It finds the longest gazetteer name the address contains, so
"경상남도 김해시 상동면 상동로 123" is placed at 상동면's centre: coarse, but enough to decide the
service area. The city deployment sets ``LOGISTICS_GEOCODER`` to :class:`GeopyGeocoder`, which wraps
any geopy geocoder (``LOGISTICS_GEOPY_GEOCODER``, e.g. ``geopy.geocoders.Nominatim`` with its
``LOGISTICS_GEOPY_OPTIONS``).
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

GAZETTEER = Path(__file__).resolve().parent / "data" / "gazetteer.csv"


@dataclass(frozen=True)
class Location:
    address: str
    latitude: float
    longitude: float


class Geocoder(Protocol):
    def geocode(self, query: str) -> Location | None: ...


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


class GazetteerGeocoder:
    """Offline: the longest gazetteer name contained in the address wins."""

    def __init__(self, path: Path = GAZETTEER) -> None:
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        self.entries = sorted(
            ((_squash(r["name"]), r["name"], float(r["lat"]), float(r["lon"])) for r in rows),
            key=lambda entry: -len(entry[0]),
        )

    def geocode(self, query: str) -> Location | None:
        text = _squash(query)
        if not text:
            return None
        for squashed, name, lat, lon in self.entries:
            if squashed and squashed in text:
                return Location(address=name, latitude=lat, longitude=lon)
        return None


class GeopyGeocoder:
    """Any geopy geocoder (Nominatim, Kakao through a plug-in, ...), limited to Korea."""

    def __init__(self) -> None:
        cls = import_string(
            getattr(settings, "LOGISTICS_GEOPY_GEOCODER", "geopy.geocoders.Nominatim")
        )
        options: dict[str, Any] = {"user_agent": "ieum-gimhae"}
        options.update(getattr(settings, "LOGISTICS_GEOPY_OPTIONS", {}))
        self.backend = cls(**options)

    def geocode(self, query: str) -> Location | None:
        found = self.backend.geocode(query, country_codes="kr")
        if found is None:
            return None
        return Location(address=found.address, latitude=found.latitude, longitude=found.longitude)


@functools.cache
def _geocoder(path: str) -> Geocoder:
    return import_string(path)()


def geocoder() -> Geocoder:
    return _geocoder(
        getattr(settings, "LOGISTICS_GEOCODER", "apps.logistics.geocoding.GazetteerGeocoder")
    )
