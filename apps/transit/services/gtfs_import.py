"""Import a GTFS Schedule feed (zip or folder) as a new version of a named feed.

Two phases. First every file is read and checked (structure, values, references between files);
each problem names its file and line. If there is any problem nothing is written. Then, in one
transaction, the new Feed's rows are bulk-inserted beside the live version, the new version is
flipped live and the old one deleted — a reader sees either the old feed or the new one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from django.db import connection, models, transaction
from tqdm import tqdm

from apps.transit import models as m
from apps.transit.errors import GtfsImportError

BATCH = 2000
MAX_PROBLEMS = 200
REQUIRED_FILES = ["agency.txt", "stops.txt", "routes.txt", "trips.txt", "stop_times.txt"]
REQUIRED_COLUMNS = {
    "agency.txt": ["agency_name", "agency_url", "agency_timezone"],
    "stops.txt": ["stop_id"],
    "routes.txt": ["route_id", "route_type"],
    "trips.txt": ["route_id", "service_id", "trip_id"],
    "stop_times.txt": ["trip_id", "stop_id", "stop_sequence"],
    "calendar.txt": [
        "service_id",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "start_date",
        "end_date",
    ],
    "calendar_dates.txt": ["service_id", "date", "exception_type"],
    "shapes.txt": ["shape_id", "shape_pt_lat", "shape_pt_lon", "shape_pt_sequence"],
    "frequencies.txt": ["trip_id", "start_time", "end_time", "headway_secs"],
    "transfers.txt": ["from_stop_id", "to_stop_id", "transfer_type"],
    "feed_info.txt": ["feed_publisher_name", "feed_publisher_url", "feed_lang"],
    "fare_attributes.txt": ["fare_id", "price", "currency_type", "payment_method", "transfers"],
    "fare_rules.txt": ["fare_id"],
    "translations.txt": ["table_name", "field_name", "language", "translation"],
    "rider_categories.txt": ["rider_category_id", "rider_category_name"],
    "fare_media.txt": ["fare_media_id", "fare_media_type"],
    "fare_products.txt": ["fare_product_id", "amount", "currency"],
    "fare_leg_rules.txt": ["fare_product_id"],
    "fare_transfer_rules.txt": ["fare_transfer_type"],
    "networks.txt": ["network_id"],
    "route_networks.txt": ["network_id", "route_id"],
    "areas.txt": ["area_id"],
    "stop_areas.txt": ["area_id", "stop_id"],
    "timeframes.txt": ["timeframe_group_id", "service_id"],
}
# translations.txt: which (table, field) we keep in ko/en, and the model field it fills
TRANSLATABLE = {
    ("stops", "stop_name"): "name",
    ("routes", "route_short_name"): "short_name",
    ("routes", "route_long_name"): "long_name",
    ("trips", "trip_headsign"): "headsign",
}
LANGS = ("ko", "en")


@dataclass(frozen=True)
class GtfsProblem:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.message}"
            if self.line
            else f"{self.file}: {self.message}"
        )


class _Invalid(Exception):
    """Too many problems to go on."""


def parse_gtfs_time(*, value: str) -> int:
    """'25:10:00' → 90600 (GTFS seconds; hours may pass 24)."""
    parts = value.strip().split(":")
    if len(parts) != 3:
        raise ValueError(value)
    h, mi, s = (int(p) for p in parts)
    if h < 0 or not 0 <= mi < 60 or not 0 <= s < 60:
        raise ValueError(value)
    return h * 3600 + mi * 60 + s


def _parse_date(value: str) -> date:
    value = value.strip()
    if len(value) != 8 or not value.isdigit():
        raise ValueError(value)
    return date(int(value[:4]), int(value[4:6]), int(value[6:]))


class _Source:
    """A feed as a zip or a folder of .txt files."""

    def __init__(self, path: Path):
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.names: dict[str, str] = {}
        if path.is_dir():
            self.names = {p.name: str(p) for p in path.iterdir() if p.suffix == ".txt"}
        elif zipfile.is_zipfile(path):
            self.zip = zipfile.ZipFile(path)
            for info in self.zip.infolist():
                base = info.filename.rsplit("/", 1)[-1]
                if base.endswith(".txt") and not info.is_dir():
                    self.names.setdefault(base, info.filename)
        else:
            raise FileNotFoundError(path)

    def has(self, name: str) -> bool:
        return name in self.names

    def read_bytes(self, name: str) -> bytes:
        if self.zip is not None:
            return self.zip.read(self.names[name])
        return Path(self.names[name]).read_bytes()

    def digest(self) -> str:
        h = hashlib.sha1()
        for name in sorted(self.names):
            h.update(name.encode())
            h.update(self.read_bytes(name))
        return h.hexdigest()[:12]

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


class _Reader:
    def __init__(self, source: _Source, progress: bool):
        self.source = source
        self.progress = progress
        self.problems: list[GtfsProblem] = []

    def problem(self, file: str, line: int | None, message: str) -> None:
        self.problems.append(GtfsProblem(file, line, message))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _Invalid

    def rows(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, row) for each data row; header checked against REQUIRED_COLUMNS."""
        if not self.source.has(name):
            return
        raw = self.source.read_bytes(name)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.problem(name, None, "not UTF-8 text")
            return
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None:
            self.problem(name, 1, "empty file (no header)")
            return
        header = [h.strip() for h in header]
        missing = [c for c in REQUIRED_COLUMNS.get(name, []) if c not in header]
        if missing:
            self.problem(name, 1, f"missing column(s): {', '.join(missing)}")
            return
        width = len(header)
        rows: Iterator = reader
        if self.progress and name in ("stop_times.txt", "shapes.txt"):
            rows = tqdm(reader, desc=f"reading {name}", unit=" rows", leave=False)
        for values in rows:
            if not values or (len(values) == 1 and not values[0].strip()):
                continue
            if len(values) != width:
                self.problem(name, reader.line_num, f"{len(values)} values, header has {width}")
                continue
            yield reader.line_num, {k: v.strip() for k, v in zip(header, values, strict=True)}


def _int(value: str, default: int | None = None) -> int | None:
    return int(value) if value != "" else default


class _Feed:
    """Everything read from the files, checked, ready to write."""

    def __init__(self, reader: _Reader):
        self.r = reader
        self.agencies: dict[str, dict] = {}
        self.stops: dict[str, dict] = {}
        self.routes: dict[str, dict] = {}
        self.services: set[str] = set()
        self.calendars: list[dict] = []
        self.calendar_dates: list[dict] = []
        self.shapes: dict[str, list] = {}
        self.trips: dict[str, dict] = {}
        self.stop_times: dict[str, list] = defaultdict(list)
        self.frequencies: list[dict] = []
        self.transfers: list[dict] = []
        self.feed_info: dict | None = None
        self.fare_attributes: dict[str, dict] = {}
        self.fare_rules: list[dict] = []
        self.v2: dict[str, list[dict]] = {}
        self.timezone = ""
        self.lang = ""

    # --- reading and checking, file by file ---------------------------------------------------
    def read(self) -> None:
        r = self.r
        for name in REQUIRED_FILES:
            if not r.source.has(name):
                r.problem(name, None, "required file is missing")
        if not r.source.has("calendar.txt") and not r.source.has("calendar_dates.txt"):
            r.problem("calendar.txt", None, "calendar.txt or calendar_dates.txt is required")
        if r.problems:
            return
        self._agency()
        self._feed_info()
        self._stops()
        self._routes()
        self._calendars()
        self._shapes()
        self._trips()
        self._stop_times()
        self._frequencies()
        self._transfers()
        self._fares_v1()
        self._fares_v2()
        self._translations()

    def _agency(self) -> None:
        rows = list(self.r.rows("agency.txt"))
        if not rows:
            self.r.problem("agency.txt", None, "no agency")
            return
        for line, row in rows:
            agency_id = row.get("agency_id", "")
            if not agency_id and len(rows) > 1:
                self.r.problem(
                    "agency.txt", line, "agency_id is required when there are several agencies"
                )
            if agency_id in self.agencies:
                self.r.problem("agency.txt", line, f"duplicate agency_id {agency_id!r}")
            self.agencies[agency_id] = {
                "agency_id": agency_id,
                "name": row["agency_name"],
                "url": row["agency_url"],
                "timezone": row["agency_timezone"],
                "lang": row.get("agency_lang", "").lower(),
                "phone": row.get("agency_phone", ""),
                "fare_url": row.get("agency_fare_url", ""),
                "email": row.get("agency_email", ""),
            }
        first = next(iter(self.agencies.values()))
        self.timezone = first["timezone"]
        self.lang = first["lang"]
        try:
            import zoneinfo

            zoneinfo.ZoneInfo(self.timezone)
        except Exception:
            self.r.problem("agency.txt", rows[0][0], f"unknown time zone {self.timezone!r}")

    def _feed_info(self) -> None:
        for line, row in self.r.rows("feed_info.txt"):
            try:
                start = _parse_date(row["feed_start_date"]) if row.get("feed_start_date") else None
                end = _parse_date(row["feed_end_date"]) if row.get("feed_end_date") else None
            except ValueError:
                self.r.problem("feed_info.txt", line, "dates must be YYYYMMDD")
                continue
            self.feed_info = {
                "publisher_name": row["feed_publisher_name"],
                "publisher_url": row["feed_publisher_url"],
                "lang": row["feed_lang"].lower(),
                "default_lang": row.get("default_lang", "").lower(),
                "start_date": start,
                "end_date": end,
                "version": row.get("feed_version", ""),
                "contact_email": row.get("feed_contact_email", ""),
                "contact_url": row.get("feed_contact_url", ""),
            }
            lang = self.feed_info["default_lang"] or self.feed_info["lang"]
            if lang in LANGS:
                self.lang = lang

    def _stops(self) -> None:
        parents: list[tuple[int, str, str]] = []
        for line, row in self.r.rows("stops.txt"):
            stop_id = row["stop_id"]
            if not stop_id:
                self.r.problem("stops.txt", line, "stop_id is empty")
                continue
            if stop_id in self.stops:
                self.r.problem("stops.txt", line, f"duplicate stop_id {stop_id!r}")
                continue
            try:
                location_type = _int(row.get("location_type", ""), 0)
                lat = float(row["stop_lat"]) if row.get("stop_lat") else None
                lon = float(row["stop_lon"]) if row.get("stop_lon") else None
            except ValueError:
                self.r.problem(
                    "stops.txt", line, "location_type, stop_lat and stop_lon must be numbers"
                )
                continue
            if location_type not in (0, 1, 2, 3, 4):
                self.r.problem("stops.txt", line, f"location_type {location_type} is not 0–4")
                continue
            if location_type in (0, 1, 2) and (lat is None or lon is None):
                self.r.problem("stops.txt", line, "stop_lat and stop_lon are required")
                continue
            if (lat is None) != (lon is None):
                self.r.problem("stops.txt", line, "stop_lat and stop_lon go together")
                continue
            if (
                lat is not None
                and lon is not None
                and not (-90 <= lat <= 90 and -180 <= lon <= 180)
            ):
                self.r.problem("stops.txt", line, "stop_lat/stop_lon out of range")
                continue
            if row.get("parent_station"):
                parents.append((line, stop_id, row["parent_station"]))
            self.stops[stop_id] = {
                "stop_id": stop_id,
                "code": row.get("stop_code", ""),
                "name": row.get("stop_name", ""),
                "desc": row.get("stop_desc", ""),
                "lat": lat,
                "lon": lon,
                "zone_id": row.get("zone_id", ""),
                "url": row.get("stop_url", ""),
                "location_type": location_type,
                "parent_station": row.get("parent_station", ""),
                "platform_code": row.get("platform_code", ""),
                "wheelchair_boarding": _int(row.get("wheelchair_boarding", ""), 0) or 0,
                "line": line,
            }
        for line, stop_id, parent in parents:
            if parent not in self.stops:
                self.r.problem("stops.txt", line, f"parent_station {parent!r} is not a stop_id")
            elif parent == stop_id:
                self.r.problem("stops.txt", line, "a stop cannot be its own parent_station")

    def _routes(self) -> None:
        for line, row in self.r.rows("routes.txt"):
            route_id = row["route_id"]
            if route_id in self.routes:
                self.r.problem("routes.txt", line, f"duplicate route_id {route_id!r}")
                continue
            agency_id = row.get("agency_id", "")
            if agency_id not in self.agencies:
                if agency_id or len(self.agencies) > 1:
                    self.r.problem(
                        "routes.txt", line, f"agency_id {agency_id!r} is not in agency.txt"
                    )
                    continue
                agency_id = next(iter(self.agencies))
            try:
                route_type = int(row["route_type"])
                sort_order = _int(row.get("route_sort_order", ""))
            except ValueError:
                self.r.problem("routes.txt", line, "route_type must be a number")
                continue
            if not row.get("route_short_name") and not row.get("route_long_name"):
                self.r.problem(
                    "routes.txt", line, "route_short_name or route_long_name is required"
                )
            self.routes[route_id] = {
                "route_id": route_id,
                "agency_id": agency_id,
                "short_name": row.get("route_short_name", ""),
                "long_name": row.get("route_long_name", ""),
                "desc": row.get("route_desc", ""),
                "route_type": route_type,
                "url": row.get("route_url", ""),
                "color": row.get("route_color", "")[:6],
                "text_color": row.get("route_text_color", "")[:6],
                "sort_order": sort_order,
            }

    def _calendars(self) -> None:
        days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        for line, row in self.r.rows("calendar.txt"):
            try:
                item: dict[str, Any] = {d: row[d] == "1" for d in days}
                if any(row[d] not in ("0", "1") for d in days):
                    raise ValueError
                item.update(
                    service_id=row["service_id"],
                    start_date=_parse_date(row["start_date"]),
                    end_date=_parse_date(row["end_date"]),
                )
            except ValueError:
                self.r.problem("calendar.txt", line, "weekdays must be 0/1 and dates YYYYMMDD")
                continue
            if row["service_id"] in self.services:
                self.r.problem("calendar.txt", line, f"duplicate service_id {row['service_id']!r}")
                continue
            self.services.add(row["service_id"])
            self.calendars.append(item)
        seen = set()
        for line, row in self.r.rows("calendar_dates.txt"):
            try:
                day = _parse_date(row["date"])
                kind = int(row["exception_type"])
                if kind not in (1, 2):
                    raise ValueError
            except ValueError:
                self.r.problem(
                    "calendar_dates.txt", line, "date must be YYYYMMDD and exception_type 1 or 2"
                )
                continue
            key = (row["service_id"], day)
            if key in seen:
                self.r.problem("calendar_dates.txt", line, "duplicate service_id and date")
                continue
            seen.add(key)
            self.services.add(row["service_id"])
            self.calendar_dates.append(
                {"service_id": row["service_id"], "date": day, "exception_type": kind}
            )

    def _shapes(self) -> None:
        points: dict[str, list] = defaultdict(list)
        for line, row in self.r.rows("shapes.txt"):
            try:
                dist = row.get("shape_dist_traveled", "")
                points[row["shape_id"]].append(
                    (
                        int(float(row["shape_pt_sequence"])),
                        float(row["shape_pt_lat"]),
                        float(row["shape_pt_lon"]),
                        float(dist) if dist else None,
                    )
                )
            except ValueError:
                self.r.problem(
                    "shapes.txt",
                    line,
                    "shape_pt_lat, shape_pt_lon and shape_pt_sequence must be numbers",
                )
        for shape_id, pts in points.items():
            pts.sort()
            self.shapes[shape_id] = pts

    def _trips(self) -> None:
        for line, row in self.r.rows("trips.txt"):
            trip_id = row["trip_id"]
            if trip_id in self.trips:
                self.r.problem("trips.txt", line, f"duplicate trip_id {trip_id!r}")
                continue
            if row["route_id"] not in self.routes:
                self.r.problem(
                    "trips.txt", line, f"route_id {row['route_id']!r} is not in routes.txt"
                )
                continue
            if row["service_id"] not in self.services:
                self.r.problem(
                    "trips.txt",
                    line,
                    f"service_id {row['service_id']!r} is not in calendar.txt or calendar_dates.txt",
                )
                continue
            shape_id = row.get("shape_id", "")
            if shape_id and shape_id not in self.shapes:
                self.r.problem("trips.txt", line, f"shape_id {shape_id!r} is not in shapes.txt")
                continue
            try:
                direction = _int(row.get("direction_id", ""))
                wheelchair = _int(row.get("wheelchair_accessible", ""), 0)
                bikes = _int(row.get("bikes_allowed", ""), 0)
            except ValueError:
                self.r.problem(
                    "trips.txt",
                    line,
                    "direction_id, wheelchair_accessible and bikes_allowed must be numbers",
                )
                continue
            self.trips[trip_id] = {
                "trip_id": trip_id,
                "route_id": row["route_id"],
                "service_id": row["service_id"],
                "headsign": row.get("trip_headsign", ""),
                "short_name": row.get("trip_short_name", ""),
                "direction_id": direction,
                "block_id": row.get("block_id", ""),
                "shape_id": shape_id,
                "wheelchair_accessible": wheelchair,
                "bikes_allowed": bikes,
                "is_frequency_template": False,
                "frequency_template_id": "",
            }

    def _stop_times(self) -> None:
        file = "stop_times.txt"
        stop_times = self.stop_times
        trips, stops = self.trips, self.stops
        for line, row in self.r.rows(file):
            trip_id = row["trip_id"]
            if trip_id not in trips:
                self.r.problem(file, line, f"trip_id {trip_id!r} is not in trips.txt")
                continue
            if row["stop_id"] not in stops:
                self.r.problem(file, line, f"stop_id {row['stop_id']!r} is not in stops.txt")
                continue
            try:
                arr = row.get("arrival_time", "")
                dep = row.get("departure_time", "")
                arrival = parse_gtfs_time(value=arr) if arr else None
                departure = parse_gtfs_time(value=dep) if dep else None
                seq = int(row["stop_sequence"])
                pickup = _int(row.get("pickup_type", ""), 0)
                drop_off = _int(row.get("drop_off_type", ""), 0)
                dist = row.get("shape_dist_traveled", "")
                dist_f = float(dist) if dist else None
                timepoint = _int(row.get("timepoint", ""), 1)
            except ValueError:
                self.r.problem(
                    file,
                    line,
                    "times must be HH:MM:SS and stop_sequence, pickup/drop_off types numbers",
                )
                continue
            if arrival is None:
                arrival = departure
            if departure is None:
                departure = arrival
            if arrival is not None and departure is not None and departure < arrival:
                self.r.problem(file, line, "departure_time is before arrival_time")
                continue
            stop_times[trip_id].append(
                [
                    seq,
                    row["stop_id"],
                    arrival,
                    departure,
                    row.get("stop_headsign", ""),
                    pickup,
                    drop_off,
                    dist_f,
                    timepoint,
                    line,
                ]
            )
        for trip_id, rows in stop_times.items():
            rows.sort(key=lambda r: r[0])
            self._check_trip_times(trip_id, rows)
        for trip_id in trips:
            if trip_id not in stop_times:
                self.r.problem("trips.txt", None, f"trip {trip_id!r} has no stop_times")

    def _check_trip_times(self, trip_id: str, rows: list) -> None:
        file = "stop_times.txt"
        for a, b in zip(rows, rows[1:], strict=False):
            if a[0] == b[0]:
                self.r.problem(file, b[9], f"stop_sequence {b[0]} repeats in trip {trip_id!r}")
                return
        if len(rows) < 2:
            self.r.problem(file, rows[0][9], f"trip {trip_id!r} has fewer than two stops")
            return
        if rows[0][2] is None or rows[-1][2] is None:
            bad = rows[0] if rows[0][2] is None else rows[-1]
            self.r.problem(file, bad[9], "the first and last stop of a trip need times")
            return
        # Interpolate stops without times (allowed between timepoints), evenly by stop count.
        last_timed = 0
        for i in range(1, len(rows)):
            if rows[i][2] is None:
                continue
            gap = i - last_timed
            if gap > 1:
                t0, t1 = rows[last_timed][3], rows[i][2]
                for j in range(1, gap):
                    t = t0 + (t1 - t0) * j // gap
                    rows[last_timed + j][2] = rows[last_timed + j][3] = t
            last_timed = i
        previous = rows[0][3]
        for row in rows[1:]:
            if row[2] < previous:
                self.r.problem(file, row[9], f"times go backwards in trip {trip_id!r}")
                return
            previous = row[3]

    def _frequencies(self) -> None:
        for line, row in self.r.rows("frequencies.txt"):
            if row["trip_id"] not in self.trips:
                self.r.problem(
                    "frequencies.txt", line, f"trip_id {row['trip_id']!r} is not in trips.txt"
                )
                continue
            try:
                item: dict[str, Any] = {
                    "trip_id": row["trip_id"],
                    "start_time": parse_gtfs_time(value=row["start_time"]),
                    "end_time": parse_gtfs_time(value=row["end_time"]),
                    "headway_secs": int(row["headway_secs"]),
                    "exact_times": _int(row.get("exact_times", ""), 0),
                }
            except ValueError:
                self.r.problem(
                    "frequencies.txt", line, "times must be HH:MM:SS and headway_secs a number"
                )
                continue
            if item["headway_secs"] <= 0 or item["end_time"] <= item["start_time"]:
                self.r.problem(
                    "frequencies.txt",
                    line,
                    "headway_secs must be positive and end_time after start_time",
                )
                continue
            self.frequencies.append(item)
            self.trips[row["trip_id"]]["is_frequency_template"] = True

    def _transfers(self) -> None:
        for line, row in self.r.rows("transfers.txt"):
            from_stop, to_stop = row["from_stop_id"], row["to_stop_id"]
            missing = [s for s in (from_stop, to_stop) if s not in self.stops]
            if missing:
                self.r.problem("transfers.txt", line, f"stop_id {missing[0]!r} is not in stops.txt")
                continue
            try:
                kind = _int(row["transfer_type"], 0)
                min_time = _int(row.get("min_transfer_time", ""))
            except ValueError:
                self.r.problem(
                    "transfers.txt", line, "transfer_type and min_transfer_time must be numbers"
                )
                continue
            if kind not in (0, 1, 2, 3, 4, 5):
                self.r.problem("transfers.txt", line, f"transfer_type {kind} is not 0–5")
                continue
            if kind == 2 and min_time is None:
                self.r.problem("transfers.txt", line, "transfer_type 2 needs min_transfer_time")
                continue
            for key, table in (
                ("from_route_id", self.routes),
                ("to_route_id", self.routes),
                ("from_trip_id", self.trips),
                ("to_trip_id", self.trips),
            ):
                if row.get(key) and row[key] not in table:
                    self.r.problem("transfers.txt", line, f"{key} {row[key]!r} does not exist")
            self.transfers.append(
                {
                    "from_stop": from_stop,
                    "to_stop": to_stop,
                    "from_route_id": row.get("from_route_id", ""),
                    "to_route_id": row.get("to_route_id", ""),
                    "from_trip_id": row.get("from_trip_id", ""),
                    "to_trip_id": row.get("to_trip_id", ""),
                    "transfer_type": kind if kind in (0, 1, 2, 3) else 0,
                    "min_transfer_time": min_time,
                }
            )

    def _fares_v1(self) -> None:
        for line, row in self.r.rows("fare_attributes.txt"):
            try:
                price = Decimal(row["price"])
                method = int(row["payment_method"])
                transfers = _int(row["transfers"])
                duration = _int(row.get("transfer_duration", ""))
            except (InvalidOperation, ValueError):
                self.r.problem(
                    "fare_attributes.txt", line, "price, payment_method, transfers must be numbers"
                )
                continue
            self.fare_attributes[row["fare_id"]] = {
                "fare_id": row["fare_id"],
                "price": price,
                "currency_type": row["currency_type"],
                "payment_method": method,
                "transfers": transfers,
                "agency_id": row.get("agency_id", ""),
                "transfer_duration": duration,
            }
        zones = {s["zone_id"] for s in self.stops.values() if s["zone_id"]}
        for line, row in self.r.rows("fare_rules.txt"):
            if row["fare_id"] not in self.fare_attributes:
                self.r.problem(
                    "fare_rules.txt",
                    line,
                    f"fare_id {row['fare_id']!r} is not in fare_attributes.txt",
                )
                continue
            if row.get("route_id") and row["route_id"] not in self.routes:
                self.r.problem(
                    "fare_rules.txt", line, f"route_id {row['route_id']!r} is not in routes.txt"
                )
                continue
            for key in ("origin_id", "destination_id", "contains_id"):
                if row.get(key) and row[key] not in zones:
                    self.r.problem(
                        "fare_rules.txt", line, f"{key} {row[key]!r} is not a zone_id of stops.txt"
                    )
            self.fare_rules.append(
                {
                    "fare_id": row["fare_id"],
                    "route_id": row.get("route_id", ""),
                    "origin_id": row.get("origin_id", ""),
                    "destination_id": row.get("destination_id", ""),
                    "contains_id": row.get("contains_id", ""),
                }
            )

    def _fares_v2(self) -> None:
        def num(value: str | None, kind: Callable[[str], Any] = int) -> Any:
            return kind(value) if value not in ("", None) else None

        specs: dict[str, tuple[type, Any]] = {
            "rider_categories.txt": (
                m.RiderCategory,
                lambda r: {
                    "rider_category_id": r["rider_category_id"],
                    "name": r["rider_category_name"],
                    "is_default": r.get("is_default_fare_category", "") == "1",
                    "eligibility_url": r.get("eligibility_url", ""),
                },
            ),
            "fare_media.txt": (
                m.FareMedia,
                lambda r: {
                    "fare_media_id": r["fare_media_id"],
                    "name": r.get("fare_media_name", ""),
                    "fare_media_type": int(r["fare_media_type"]),
                },
            ),
            "fare_products.txt": (
                m.FareProduct,
                lambda r: {
                    "fare_product_id": r["fare_product_id"],
                    "name": r.get("fare_product_name", ""),
                    "rider_category_id": r.get("rider_category_id", ""),
                    "fare_media_id": r.get("fare_media_id", ""),
                    "amount": Decimal(r["amount"]),
                    "currency": r["currency"],
                },
            ),
            "networks.txt": (
                m.Network,
                lambda r: {"network_id": r["network_id"], "name": r.get("network_name", "")},
            ),
            "route_networks.txt": (
                m.RouteNetwork,
                lambda r: {"network_id": r["network_id"], "route_id": r["route_id"]},
            ),
            "areas.txt": (
                m.Area,
                lambda r: {"area_id": r["area_id"], "name": r.get("area_name", "")},
            ),
            "stop_areas.txt": (
                m.StopArea,
                lambda r: {"area_id": r["area_id"], "stop_id": r["stop_id"]},
            ),
            "timeframes.txt": (
                m.Timeframe,
                lambda r: {
                    "timeframe_group_id": r["timeframe_group_id"],
                    "start_time": parse_gtfs_time(value=r["start_time"])
                    if r.get("start_time")
                    else None,
                    "end_time": parse_gtfs_time(value=r["end_time"]) if r.get("end_time") else None,
                    "service_id": r["service_id"],
                },
            ),
            "fare_leg_rules.txt": (
                m.FareLegRule,
                lambda r: {
                    "leg_group_id": r.get("leg_group_id", ""),
                    "network_id": r.get("network_id", ""),
                    "from_area_id": r.get("from_area_id", ""),
                    "to_area_id": r.get("to_area_id", ""),
                    "from_timeframe_group_id": r.get("from_timeframe_group_id", ""),
                    "to_timeframe_group_id": r.get("to_timeframe_group_id", ""),
                    "fare_product_id": r["fare_product_id"],
                    "rule_priority": num(r.get("rule_priority")),
                    "min_distance": num(r.get("min_distance"), float),
                    "max_distance": num(r.get("max_distance"), float),
                    "distance_type": num(r.get("distance_type")),
                },
            ),
            "fare_transfer_rules.txt": (
                m.FareTransferRule,
                lambda r: {
                    "from_leg_group_id": r.get("from_leg_group_id", ""),
                    "to_leg_group_id": r.get("to_leg_group_id", ""),
                    "transfer_count": num(r.get("transfer_count")),
                    "duration_limit": num(r.get("duration_limit")),
                    "duration_limit_type": num(r.get("duration_limit_type")),
                    "fare_transfer_type": int(r["fare_transfer_type"]),
                    "fare_product_id": r.get("fare_product_id", ""),
                },
            ),
        }
        for name, (model, build) in specs.items():
            items = []
            for line, row in self.r.rows(name):
                try:
                    items.append(build(row))
                except (ValueError, InvalidOperation):
                    self.r.problem(name, line, "a number or time is not valid")
            if items:
                self.v2[model.__name__] = items
        for item in self.v2.get("RouteNetwork", []):
            if item["route_id"] not in self.routes:
                self.r.problem(
                    "route_networks.txt",
                    None,
                    f"route_id {item['route_id']!r} is not in routes.txt",
                )
        for item in self.v2.get("StopArea", []):
            if item["stop_id"] not in self.stops:
                self.r.problem(
                    "stop_areas.txt", None, f"stop_id {item['stop_id']!r} is not in stops.txt"
                )

    def _translations(self) -> None:
        tables = {"stops": self.stops, "routes": self.routes, "trips": self.trips}
        by_value: dict[tuple[str, str], list[tuple[str, str, str, str]]] = defaultdict(list)
        for line, row in self.r.rows("translations.txt"):
            table, field = row["table_name"], row["field_name"]
            lang = row["language"].lower().split("-")[0]
            target = TRANSLATABLE.get((table, field))
            if target is None or lang not in LANGS:
                continue
            record_id = row.get("record_id", "")
            if record_id:
                record = tables[table].get(record_id)
                if record is None:
                    self.r.problem(
                        "translations.txt", line, f"record_id {record_id!r} is not in {table}.txt"
                    )
                    continue
                record.setdefault("i18n", {})[f"{target}_{lang}"] = row["translation"]
            elif row.get("field_value"):
                by_value[(table, field)].append(
                    (row["field_value"], target, lang, row["translation"])
                )
        # rows without record_id translate every record whose field has that value
        for (table, _field), items in by_value.items():
            for value, target, lang, text in items:
                for record in tables[table].values():
                    if record.get(target) == value:
                        record.setdefault("i18n", {}).setdefault(f"{target}_{lang}", text)


def _i18n(record: dict[str, Any], fields: tuple[str, ...], lang: str) -> dict[str, Any]:
    """Values for the ko/en columns: translations.txt first, the feed's own text for its language."""
    own = lang if lang in LANGS else "en"
    out = {}
    given = record.get("i18n", {})
    for field in fields:
        out[field] = record[field]
        for code in LANGS:
            out[f"{field}_{code}"] = given.get(
                f"{field}_{code}", record[field] if code == own else ""
            )
    return out


_Row = TypeVar("_Row", bound=models.Model)


def _bulk(model: type[_Row], objects: list[_Row], progress: bool, label: str) -> list[_Row]:
    created: list[_Row] = []
    chunks = range(0, len(objects), BATCH)
    if progress and len(objects) > BATCH:
        chunks = tqdm(chunks, desc=f"writing {label}", unit=" batches", leave=False)
    for i in chunks:
        created.extend(model._default_manager.bulk_create(objects[i : i + BATCH]))
    return created


def _column(model: type[models.Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field) or not field.column:  # a relation's reverse side
        raise ValueError(f"{model.__name__}.{name} has no column")
    return field.column


def _raw_insert(
    model: type[models.Model], fields: list[str], rows: list[tuple[Any, ...]], progress: bool
) -> None:
    """INSERT with executemany: stop_times are most of a feed, and Django's bulk_create spends
    most of an import compiling SQL for them."""
    opts = model._meta
    columns = ", ".join(connection.ops.quote_name(_column(model, f)) for f in fields)
    sql = (
        f"INSERT INTO {connection.ops.quote_name(opts.db_table)} ({columns}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    chunks = range(0, len(rows), BATCH * 5)
    if progress:
        chunks = tqdm(chunks, desc=f"writing {opts.model_name}", unit=" batches", leave=False)
    with connection.cursor() as cursor:
        for i in chunks:
            cursor.executemany(sql, rows[i : i + BATCH * 5])


def feed_import(*, path: str | Path, name: str | None = None, progress: bool = False) -> m.Feed:
    """Import the feed at ``path`` as the live version of ``name`` (default: the file's stem).

    Raises GtfsImportError listing every problem (file and line) when the feed is not valid; then
    nothing changes and the previous version stays live.
    """
    path = Path(path)
    if not path.exists():
        raise GtfsImportError([GtfsProblem(str(path), None, "no such file or folder")])
    try:
        source = _Source(path)
    except FileNotFoundError:
        raise GtfsImportError(
            [GtfsProblem(str(path), None, "not a zip file or a folder")]
        ) from None
    try:
        reader = _Reader(source, progress)
        data = _Feed(reader)
        try:
            data.read()
        except _Invalid:
            pass
        if reader.problems:
            raise GtfsImportError(reader.problems)
        version = (data.feed_info or {}).get("version") or source.digest()
        name = name or path.name.removesuffix(".zip")
        return _write(data, name=name, version=version, source=str(path), progress=progress)
    finally:
        source.close()


@transaction.atomic
def _write(data: _Feed, *, name: str, version: str, source: str, progress: bool) -> m.Feed:
    feed = m.Feed.objects.create(
        name=name,
        version=version,
        is_live=False,
        timezone=data.timezone,
        default_lang=data.lang,
        source=source[-300:],
    )
    lang = data.lang
    agencies = {
        key: obj
        for key, obj in zip(
            data.agencies,
            _bulk(
                m.Agency,
                [m.Agency(feed=feed, **a) for a in data.agencies.values()],
                progress,
                "agency",
            ),
            strict=True,
        )
    }
    if data.feed_info:
        m.FeedInfo.objects.create(feed=feed, **data.feed_info)

    stop_objs = [
        m.Stop(
            feed=feed,
            **_i18n(s, ("name",), lang),
            **{
                k: s[k]
                for k in (
                    "stop_id",
                    "code",
                    "desc",
                    "lat",
                    "lon",
                    "zone_id",
                    "url",
                    "location_type",
                    "platform_code",
                    "wheelchair_boarding",
                )
            },
        )
        for s in data.stops.values()
    ]
    stops = {s.stop_id: s for s in _bulk(m.Stop, stop_objs, progress, "stops")}
    children = []
    for s in data.stops.values():
        if s["parent_station"]:
            child = stops[s["stop_id"]]
            child.parent = stops[s["parent_station"]]
            children.append(child)
    if children:
        m.Stop.objects.bulk_update(children, ["parent"], batch_size=BATCH)

    route_objs = [
        m.Route(
            feed=feed,
            agency=agencies[r["agency_id"]],
            **_i18n(r, ("short_name", "long_name"), lang),
            **{
                k: r[k]
                for k in (
                    "route_id",
                    "desc",
                    "route_type",
                    "url",
                    "color",
                    "text_color",
                    "sort_order",
                )
            },
        )
        for r in data.routes.values()
    ]
    routes = {r.route_id: r for r in _bulk(m.Route, route_objs, progress, "routes")}

    _bulk(m.Calendar, [m.Calendar(feed=feed, **c) for c in data.calendars], progress, "calendar")
    _bulk(
        m.CalendarDate,
        [m.CalendarDate(feed=feed, **c) for c in data.calendar_dates],
        progress,
        "calendar_dates",
    )
    _bulk(
        m.Shape,
        [
            m.Shape(
                feed=feed,
                shape_id=shape_id,
                points=[[p[1], p[2]] for p in pts],
                distances=[p[3] for p in pts] if all(p[3] is not None for p in pts) else None,
            )
            for shape_id, pts in data.shapes.items()
        ],
        progress,
        "shapes",
    )

    # frequencies.txt: each template trip becomes one real trip per headway
    expanded: list[tuple[dict, list]] = []
    for f in data.frequencies:
        template = data.trips[f["trip_id"]]
        rows = data.stop_times[f["trip_id"]]
        first = rows[0][3]
        start = f["start_time"]
        while start < f["end_time"]:
            shift = start - first
            hh, rest = divmod(start, 3600)
            trip = {
                **template,
                "trip_id": f"{template['trip_id']}@{hh:02d}:{rest // 60:02d}:{rest % 60:02d}",
                "is_frequency_template": False,
                "frequency_template_id": template["trip_id"],
            }
            expanded.append(
                (trip, [[r[0], r[1], r[2] + shift, r[3] + shift, *r[4:]] for r in rows])
            )
            start += f["headway_secs"]

    all_trips = [(t, data.stop_times[t["trip_id"]]) for t in data.trips.values()] + expanded
    trip_objs = [
        m.Trip(
            feed=feed,
            route=routes[t["route_id"]],
            **_i18n(t, ("headsign",), lang),
            **{
                k: t[k]
                for k in (
                    "trip_id",
                    "service_id",
                    "short_name",
                    "direction_id",
                    "block_id",
                    "shape_id",
                    "wheelchair_accessible",
                    "bikes_allowed",
                    "is_frequency_template",
                    "frequency_template_id",
                )
            },
        )
        for t, _rows in all_trips
    ]
    trips = {t.trip_id: t for t in _bulk(m.Trip, trip_objs, progress, "trips")}

    stop_time_rows = [
        (
            feed.id,
            trips[t["trip_id"]].id,
            stops[r[1]].id,
            r[0],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
        )
        for t, rows in all_trips
        for r in rows
    ]
    _raw_insert(
        m.StopTime,
        [
            "feed",
            "trip",
            "stop",
            "stop_sequence",
            "arrival",
            "departure",
            "headsign",
            "pickup_type",
            "drop_off_type",
            "shape_dist_traveled",
            "timepoint",
        ],
        stop_time_rows,
        progress,
    )
    _bulk(
        m.Frequency,
        [
            m.Frequency(
                feed=feed,
                trip=trips[f["trip_id"]],
                **{k: v for k, v in f.items() if k != "trip_id"},
            )
            for f in data.frequencies
        ],
        progress,
        "frequencies",
    )
    _bulk(
        m.Transfer,
        [
            m.Transfer(
                feed=feed,
                from_stop=stops[t["from_stop"]],
                to_stop=stops[t["to_stop"]],
                **{k: v for k, v in t.items() if k not in ("from_stop", "to_stop")},
            )
            for t in data.transfers
        ],
        progress,
        "transfers",
    )
    fares = {
        f.fare_id: f
        for f in _bulk(
            m.FareAttribute,
            [m.FareAttribute(feed=feed, **f) for f in data.fare_attributes.values()],
            progress,
            "fare_attributes",
        )
    }
    _bulk(
        m.FareRule,
        [
            m.FareRule(
                feed=feed,
                fare=fares[r["fare_id"]],
                **{k: v for k, v in r.items() if k != "fare_id"},
            )
            for r in data.fare_rules
        ],
        progress,
        "fare_rules",
    )
    for model_name, items in data.v2.items():
        model = getattr(m, model_name)
        _bulk(model, [model(feed=feed, **item) for item in items], progress, model_name)

    feed.stats = {
        "agencies": len(agencies),
        "stops": len(stops),
        "routes": len(routes),
        "trips": len(trips),
        "stop_times": len(stop_time_rows),
        "frequency_trips": len(expanded),
        "transfers": len(data.transfers),
        "shapes": len(data.shapes),
        "fare_attributes": len(fares),
    }
    _make_live(feed)
    return feed


def _make_live(feed: m.Feed) -> None:
    """Flip the new version live and drop the old ones, inside the import's transaction."""
    old = list(
        m.Feed.objects.select_for_update()
        .filter(name=feed.name)
        .exclude(id=feed.id)
        .values_list("id", flat=True)
    )
    m.Feed.objects.filter(id__in=old).update(is_live=False)
    feed.is_live = True
    feed.save(update_fields=["is_live", "stats"])
    if old:
        feed_delete(feed_ids=old)


def feed_delete(*, feed_ids: list[int]) -> None:
    # Children first, so each delete is one statement rather than Django's cascade collector
    # loading every row.
    with transaction.atomic():
        for model in (
            m.StopTime,
            m.Frequency,
            m.Transfer,
            m.FareRule,
            m.Trip,
            m.Route,
            m.Agency,
            m.Calendar,
            m.CalendarDate,
            m.Shape,
            m.FareAttribute,
            m.RiderCategory,
            m.FareMedia,
            m.FareProduct,
            m.Network,
            m.RouteNetwork,
            m.Area,
            m.StopArea,
            m.Timeframe,
            m.FareLegRule,
            m.FareTransferRule,
        ):
            model.objects.filter(feed_id__in=feed_ids)._raw_delete(model.objects.db)
        m.Stop.objects.filter(feed_id__in=feed_ids).update(parent=None)
        m.Stop.objects.filter(feed_id__in=feed_ids)._raw_delete(m.Stop.objects.db)
        m.FeedInfo.objects.filter(feed_id__in=feed_ids).delete()
        m.Feed.objects.filter(id__in=feed_ids).delete()
