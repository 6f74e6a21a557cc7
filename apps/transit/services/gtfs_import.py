"""Import a GTFS Schedule feed (zip or folder) as a new version of a named feed.

Two phases. First every file is read and checked (structure, values, references between files).
Each finding is a notice classified like MobilityData's canonical GTFS validator — a notice code,
a severity, ``file:line: message`` — see NOTICES. Errors leave the timetable undefined (a missing
required file or field, a time that does not parse, stop_times naming unknown trips or stops,
duplicate keys): then nothing is written. Warnings are repaired (a missing shape → geometry from
the stops, a trip with fewer than two timed stops → dropped, …) and the import goes on, unless it
is strict. Then, in one transaction, the new Feed's rows are bulk-inserted beside the live
version, the new version is flipped live with its report and the old one deleted — a reader sees
either the old feed or the new one.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from django.db import connection, models, transaction
from tqdm import tqdm

from apps.transit import models as m
from apps.transit.errors import GtfsImportError

BATCH = 2000
MAX_PROBLEMS = 200  # fatal findings listed before the import gives up reading
EXAMPLES = 5  # examples kept in the report per notice code
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
# Values a row cannot do without (an empty one is `missing_required_field`): the keys that tie the
# timetable together. Descriptive required fields (agency_name, …) are checked where they are read.
REQUIRED_VALUES = {
    "stops.txt": ["stop_id"],
    "routes.txt": ["route_id", "route_type"],
    "trips.txt": ["route_id", "service_id", "trip_id"],
    "stop_times.txt": ["trip_id", "stop_id", "stop_sequence"],
    "calendar.txt": REQUIRED_COLUMNS["calendar.txt"],
    "calendar_dates.txt": REQUIRED_COLUMNS["calendar_dates.txt"],
    "frequencies.txt": REQUIRED_COLUMNS["frequencies.txt"],
    "shapes.txt": REQUIRED_COLUMNS["shapes.txt"],
    "transfers.txt": ["from_stop_id", "to_stop_id"],
    "translations.txt": REQUIRED_COLUMNS["translations.txt"],
}
# Files whose rows the timetable does not depend on: a broken row (or a broken header) there is a
# warning and the row (or file) is left out, where in the other files it is an error.
REPAIRABLE_FILES = {"shapes.txt", "transfers.txt", "translations.txt", "feed_info.txt"}
TIMETABLE_FILES = {*REQUIRED_FILES, "calendar.txt", "calendar_dates.txt"}
# Every column of every file of the GTFS Schedule reference, as the canonical validator's table
# schemas list them (main/src/main/java/org/mobilitydata/gtfsvalidator/table/Gtfs*Schema.java), plus
# the distance fields of fare_leg_rules.txt we import. Anything else is `unknown_column`, any other
# file `unknown_file`.
_KNOWN_COLUMN_NAMES = {
    "agency.txt": "agency_id agency_name agency_url agency_timezone agency_lang agency_phone "
    "agency_fare_url agency_email cemv_support",
    "areas.txt": "area_id area_name",
    "attributions.txt": "attribution_id agency_id route_id trip_id organization_name is_producer "
    "is_operator is_authority attribution_url attribution_email attribution_phone",
    "booking_rules.txt": "booking_rule_id booking_type prior_notice_duration_min "
    "prior_notice_duration_max prior_notice_start_day prior_notice_start_time "
    "prior_notice_last_day prior_notice_last_time prior_notice_service_id message pickup_message "
    "drop_off_message phone_number info_url booking_url",
    "calendar.txt": "service_id monday tuesday wednesday thursday friday saturday sunday "
    "start_date end_date",
    "calendar_dates.txt": "service_id date exception_type",
    "fare_attributes.txt": "fare_id price currency_type payment_method transfers agency_id "
    "transfer_duration",
    "fare_leg_join_rules.txt": "from_network_id to_network_id from_stop_id to_stop_id",
    "fare_leg_rules.txt": "leg_group_id network_id from_area_id to_area_id "
    "from_timeframe_group_id to_timeframe_group_id fare_product_id rule_priority min_distance "
    "max_distance distance_type",
    "fare_media.txt": "fare_media_id fare_media_name fare_media_type",
    "fare_products.txt": "fare_product_id fare_product_name amount currency fare_media_id "
    "rider_category_id",
    "fare_rules.txt": "fare_id route_id origin_id destination_id contains_id",
    "fare_transfer_rules.txt": "from_leg_group_id to_leg_group_id duration_limit "
    "duration_limit_type fare_transfer_type transfer_count fare_product_id",
    "feed_info.txt": "feed_publisher_name feed_publisher_url feed_lang default_lang "
    "feed_start_date feed_end_date feed_version feed_contact_email feed_contact_url",
    "frequencies.txt": "trip_id start_time end_time headway_secs exact_times",
    "levels.txt": "level_id level_index level_name",
    "location_group_stops.txt": "location_group_id stop_id",
    "location_groups.txt": "location_group_id location_group_name",
    "networks.txt": "network_id network_name",
    "pathways.txt": "pathway_id from_stop_id to_stop_id pathway_mode is_bidirectional length "
    "traversal_time stair_count max_slope min_width signposted_as reversed_signposted_as",
    "rider_categories.txt": "rider_category_id rider_category_name is_default_fare_category "
    "eligibility_url",
    "route_networks.txt": "route_id network_id",
    "routes.txt": "route_id agency_id route_short_name route_long_name route_desc route_type "
    "route_url route_color route_text_color route_sort_order continuous_pickup "
    "continuous_drop_off network_id cemv_support",
    "shapes.txt": "shape_id shape_pt_lat shape_pt_lon shape_pt_sequence shape_dist_traveled",
    "stop_areas.txt": "area_id stop_id",
    "stops.txt": "stop_id stop_code stop_name tts_stop_name stop_desc stop_lat stop_lon zone_id "
    "stop_url location_type parent_station stop_timezone wheelchair_boarding level_id "
    "platform_code stop_access",
    "stop_times.txt": "trip_id arrival_time departure_time stop_id location_group_id location_id "
    "stop_sequence stop_headsign start_pickup_drop_off_window end_pickup_drop_off_window "
    "pickup_type drop_off_type continuous_pickup continuous_drop_off shape_dist_traveled "
    "timepoint pickup_booking_rule_id drop_off_booking_rule_id",
    "timeframes.txt": "timeframe_group_id start_time end_time service_id",
    "transfers.txt": "from_stop_id to_stop_id transfer_type min_transfer_time from_trip_id "
    "to_trip_id from_route_id to_route_id",
    "translations.txt": "table_name field_name language translation record_id record_sub_id "
    "field_value",
    "trips.txt": "trip_id route_id service_id trip_headsign trip_short_name direction_id block_id "
    "shape_id wheelchair_accessible bikes_allowed cars_allowed safe_duration_factor "
    "safe_duration_offset",
}
KNOWN_COLUMNS: dict[str, frozenset[str]] = {
    name: frozenset(cols.split()) for name, cols in _KNOWN_COLUMN_NAMES.items()
}
KNOWN_FILES = frozenset(KNOWN_COLUMNS) | {"locations.geojson"}
# translations.txt: which (table, field) we keep in ko/en, and the model field it fills
TRANSLATABLE = {
    ("agency", "agency_name"): "name",
    ("stops", "stop_name"): "name",
    ("routes", "route_short_name"): "short_name",
    ("routes", "route_long_name"): "long_name",
    ("trips", "trip_headsign"): "headsign",
}
LANGS = ("ko", "en")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# The notice codes we emit, named as MobilityData's canonical GTFS validator names them (its notice
# classes, e.g. core/.../notice/ForeignKeyViolationNotice.java and main/.../validator/
# TripUsabilityValidator.java; the list is at https://gtfs-validator.mobilitydata.org/rules.html),
# with the validator's own severity. Ours may be milder: the validator judges the feed, we judge
# whether a timetable can be imported. Where the spec leaves room to repair (a shape_id with no
# shape, a trip without two timed stops) the finding is a warning and the import repairs it.
NOTICES: dict[str, tuple[Severity, str]] = {
    "csv_parsing_failed": (Severity.ERROR, "The file could not be read as UTF-8 CSV."),
    "duplicate_key": (Severity.ERROR, "Two rows have the same key (ID, or ID and sequence)."),
    "duplicated_column": (Severity.ERROR, "The header names a column twice."),
    "empty_file": (Severity.ERROR, "A file has no header, or a required file has no rows."),
    "empty_row": (Severity.WARNING, "A row has no values; it is skipped."),
    "foreign_key_violation": (
        Severity.ERROR,
        "A value refers to an ID that is not in the file it should come from.",
    ),
    "invalid_currency_amount": (Severity.ERROR, "A price or amount is not a number."),
    "invalid_date": (Severity.ERROR, "A date is not YYYYMMDD."),
    "invalid_float": (Severity.ERROR, "A decimal number does not parse."),
    "invalid_integer": (Severity.ERROR, "A whole number does not parse."),
    "invalid_row_length": (Severity.ERROR, "A row has more or fewer values than the header."),
    "invalid_time": (Severity.ERROR, "A time is not H:MM:SS or HH:MM:SS."),
    "invalid_timezone": (Severity.ERROR, "A time zone is not a valid TZ database name."),
    "missing_calendar_and_calendar_date_files": (
        Severity.ERROR,
        "Neither calendar.txt nor calendar_dates.txt is present.",
    ),
    "missing_required_column": (Severity.ERROR, "A required column is missing from the header."),
    "missing_required_field": (Severity.ERROR, "A required value is empty."),
    "missing_required_file": (Severity.ERROR, "A required file is missing."),
    "missing_trip_edge": (
        Severity.ERROR,
        "The first or last stop_time of a trip has no times; the untimed edge is dropped.",
    ),
    "number_out_of_range": (Severity.ERROR, "A number is outside its allowed range."),
    "route_both_short_and_long_name_missing": (
        Severity.ERROR,
        "A route has neither route_short_name nor route_long_name.",
    ),
    "start_and_end_range_out_of_order": (
        Severity.ERROR,
        "An end time is not after its start time.",
    ),
    "stop_time_with_arrival_before_previous_departure_time": (
        Severity.ERROR,
        "A trip's times go backwards.",
    ),
    "stop_time_with_only_arrival_or_departure_time": (
        Severity.ERROR,
        "A stop_time has only one of arrival_time and departure_time; it is used for both.",
    ),
    "stop_without_location": (Severity.ERROR, "A stop, station or entrance has no coordinates."),
    "translation_foreign_key_violation": (
        Severity.ERROR,
        "A translation names a record that does not exist; it is ignored.",
    ),
    "unexpected_enum_value": (Severity.WARNING, "A value is not one the spec allows."),
    "unknown_column": (Severity.INFO, "A column is not in the GTFS reference; it is ignored."),
    "unknown_file": (Severity.INFO, "A file is not in the GTFS reference; it is ignored."),
    "unusable_trip": (
        Severity.WARNING,
        "A trip has fewer than two timed stops; it is dropped.",
    ),
    "unused_trip": (Severity.WARNING, "A trip has no stop_times; it is dropped."),
    "wrong_parent_location_type": (
        Severity.ERROR,
        "A stop's parent_station is not a station it can belong to.",
    ),
}
_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class GtfsProblem:
    """One finding: where, what, and how bad (a notice of the canonical validator)."""

    file: str
    line: int | None
    message: str
    code: str = ""
    severity: Severity = Severity.ERROR

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
        self.others: list[str] = []  # files that are not .txt tables
        if path.is_dir():
            for p in sorted(path.iterdir()):
                if p.suffix == ".txt":
                    self.names[p.name] = str(p)
                elif p.is_file() and not p.name.startswith("."):
                    self.others.append(p.name)
        elif zipfile.is_zipfile(path):
            self.zip = zipfile.ZipFile(path)
            for info in self.zip.infolist():
                base = info.filename.rsplit("/", 1)[-1]
                if info.is_dir() or not base:
                    continue
                if base.endswith(".txt"):
                    self.names.setdefault(base, info.filename)
                elif not base.startswith(".") and not info.filename.startswith("__MACOSX/"):
                    self.others.append(base)
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
    """Reads the files and collects the findings: every one is counted per (code, severity) with
    its first few examples; the fatal ones (errors, and warnings when strict) are also listed."""

    def __init__(self, source: _Source, progress: bool, strict: bool = False):
        self.source = source
        self.progress = progress
        self.strict = strict
        self.problems: list[GtfsProblem] = []  # the fatal findings
        self.counts: Counter[tuple[str, Severity]] = Counter()
        self.examples: dict[tuple[str, Severity], list[str]] = defaultdict(list)
        self.broken: set[str] = set()  # files that could not be read at all

    def notice(
        self, code: str, severity: Severity, file: str, line: int | None, message: str
    ) -> None:
        key = (code, severity)
        self.counts[key] += 1
        fatal = severity == Severity.ERROR or (self.strict and severity == Severity.WARNING)
        if len(self.examples[key]) >= EXAMPLES and not fatal:
            return
        problem = GtfsProblem(file, line, message, code, severity)
        if len(self.examples[key]) < EXAMPLES:
            self.examples[key].append(str(problem))
        if fatal:
            self.problems.append(problem)
            if len(self.problems) >= MAX_PROBLEMS:
                raise _Invalid

    def error(self, code: str, file: str, line: int | None, message: str) -> None:
        self.notice(code, Severity.ERROR, file, line, message)

    def warning(self, code: str, file: str, line: int | None, message: str) -> None:
        self.notice(code, Severity.WARNING, file, line, message)

    def info(self, code: str, file: str, line: int | None, message: str) -> None:
        self.notice(code, Severity.INFO, file, line, message)

    def row_problem(self, code: str, file: str, line: int | None, message: str) -> None:
        """A row that cannot be used: an error, or a warning where the row can be left out."""
        severity = Severity.WARNING if file in REPAIRABLE_FILES else Severity.ERROR
        self.notice(code, severity, file, line, message)

    @property
    def has_errors(self) -> bool:
        return any(severity == Severity.ERROR for _code, severity in self.counts)

    def report(self) -> dict:
        """The import's findings, as kept on the Feed and shown in admin."""
        keys = sorted(self.counts, key=lambda k: (_SEVERITY_ORDER[k[1]], k[0]))
        totals = {str(s): 0 for s in Severity}
        for (_code, severity), count in self.counts.items():
            totals[str(severity)] += count
        return {
            "strict": self.strict,
            "counts": totals,
            "notices": [
                {
                    "code": code,
                    "severity": str(severity),
                    "validator_severity": str(NOTICES[code][0]) if code in NOTICES else "",
                    "description": NOTICES[code][1] if code in NOTICES else "",
                    "count": self.counts[(code, severity)],
                    "examples": self.examples[(code, severity)],
                }
                for code, severity in keys
            ],
        }

    def rows(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, row) for each usable data row of a file, its structure checked."""
        if not self.source.has(name):
            return
        raw = self.source.read_bytes(name)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.broken.add(name)
            self.row_problem("csv_parsing_failed", name, None, "not UTF-8 text")
            return
        reader = csv.reader(io.StringIO(text, newline=""))
        header = next(reader, None)
        if header is None or not any(h.strip() for h in header):
            # An empty optional file is common in exports and harmless: the file is left out.
            if name in REQUIRED_FILES:
                self.broken.add(name)
                self.error("empty_file", name, None, "empty file (no header)")
            else:
                self.warning("empty_file", name, None, "empty file (no header); file ignored")
            return
        header = [h.strip() for h in header]
        missing = [c for c in REQUIRED_COLUMNS.get(name, []) if c not in header]
        if missing:
            self.broken.add(name)
            self.row_problem(
                "missing_required_column", name, 1, f"missing column(s): {', '.join(missing)}"
            )
            return
        repeated = sorted({h for h in header if h and header.count(h) > 1})
        if repeated:
            self.broken.add(name)
            self.row_problem(
                "duplicated_column", name, 1, f"column(s) named twice: {', '.join(repeated)}"
            )
            return
        for column in header:
            if column not in KNOWN_COLUMNS.get(name, header):
                self.info("unknown_column", name, 1, f"column {column!r} ignored")
        required = [c for c in REQUIRED_VALUES.get(name, []) if c in header]
        width = len(header)
        rows: Iterator = reader
        if self.progress and name in ("stop_times.txt", "shapes.txt"):
            rows = tqdm(reader, desc=f"reading {name}", unit=" rows", leave=False)
        for values in rows:
            if not values or (len(values) == 1 and not values[0].strip()):
                self.warning("empty_row", name, reader.line_num, "empty row skipped")
                continue
            if len(values) != width:
                self.row_problem(
                    "invalid_row_length",
                    name,
                    reader.line_num,
                    f"{len(values)} values, header has {width}",
                )
                continue
            row = {k: v.strip() for k, v in zip(header, values, strict=True)}
            empty = [c for c in required if not row[c]]
            if empty:
                self.row_problem(
                    "missing_required_field",
                    name,
                    reader.line_num,
                    f"{', '.join(empty)} is empty",
                )
                continue
            yield reader.line_num, row


def _int(value: str, default: int | None = None) -> int | None:
    return int(value) if value != "" else default


class _Feed:
    """Everything read from the files, checked and repaired, ready to write."""

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
        self.dropped_trips: set[str] = set()  # repaired away; references to them are not errors
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
                r.error("missing_required_file", name, None, "required file is missing")
        if not r.source.has("calendar.txt") and not r.source.has("calendar_dates.txt"):
            r.error(
                "missing_calendar_and_calendar_date_files",
                "calendar.txt",
                None,
                "calendar.txt or calendar_dates.txt is required",
            )
        if r.problems:
            return
        for name in sorted(set(r.source.names) | set(r.source.others)):
            if name not in KNOWN_FILES:
                r.info("unknown_file", name, None, "not a GTFS file; ignored")
        steps = [
            self._agency,
            self._feed_info,
            self._stops,
            self._routes,
            self._calendars,
            self._shapes,
            self._trips,
            self._stop_times,
            self._frequencies,
            self._transfers,
            self._fares_v1,
            self._fares_v2,
            self._translations,
        ]
        for step in steps:
            step()
            if r.broken & TIMETABLE_FILES:
                return  # the files after it would only repeat that problem row by row

    def _agency(self) -> None:
        rows = list(self.r.rows("agency.txt"))
        if not rows:
            if "agency.txt" not in self.r.broken:
                self.r.broken.add("agency.txt")
                self.r.error("empty_file", "agency.txt", None, "no agency")
            return
        for line, row in rows:
            agency_id = row.get("agency_id", "")
            if not agency_id and len(rows) > 1:
                self.r.error(
                    "missing_required_field",
                    "agency.txt",
                    line,
                    "agency_id is required when there are several agencies",
                )
            if agency_id in self.agencies:
                self.r.error(
                    "duplicate_key", "agency.txt", line, f"duplicate agency_id {agency_id!r}"
                )
            empty = [f for f in ("agency_name", "agency_url") if not row[f]]
            if empty:
                self.r.warning(
                    "missing_required_field", "agency.txt", line, f"{', '.join(empty)} is empty"
                )
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
            self.r.error(
                "invalid_timezone", "agency.txt", rows[0][0], f"unknown time zone {self.timezone!r}"
            )

    def _feed_info(self) -> None:
        for line, row in self.r.rows("feed_info.txt"):
            try:
                start = _parse_date(row["feed_start_date"]) if row.get("feed_start_date") else None
                end = _parse_date(row["feed_end_date"]) if row.get("feed_end_date") else None
            except ValueError:
                self.r.warning(
                    "invalid_date", "feed_info.txt", line, "dates must be YYYYMMDD; dates ignored"
                )
                start = end = None
            empty = [
                f for f in ("feed_publisher_name", "feed_publisher_url", "feed_lang") if not row[f]
            ]
            if empty:
                self.r.warning(
                    "missing_required_field", "feed_info.txt", line, f"{', '.join(empty)} is empty"
                )
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
        file = "stops.txt"
        parents: list[tuple[int, str, str]] = []
        for line, row in self.r.rows(file):
            stop_id = row["stop_id"]
            if stop_id in self.stops:
                self.r.error("duplicate_key", file, line, f"duplicate stop_id {stop_id!r}")
                continue
            try:
                location_type = _int(row.get("location_type", ""), 0)
            except ValueError:
                self.r.error("invalid_integer", file, line, "location_type must be a number")
                continue
            try:
                lat = float(row["stop_lat"]) if row.get("stop_lat") else None
                lon = float(row["stop_lon"]) if row.get("stop_lon") else None
            except ValueError:
                self.r.error("invalid_float", file, line, "stop_lat and stop_lon must be numbers")
                continue
            if location_type not in (0, 1, 2, 3, 4):
                # An unknown kind of location cannot be placed in the network.
                self.r.error(
                    "unexpected_enum_value", file, line, f"location_type {location_type} is not 0–4"
                )
                continue
            if location_type in (0, 1, 2) and (lat is None or lon is None):
                self.r.error(
                    "stop_without_location", file, line, "stop_lat and stop_lon are required"
                )
                continue
            if (lat is None) != (lon is None):
                self.r.error(
                    "stop_without_location", file, line, "stop_lat and stop_lon go together"
                )
                continue
            if (
                lat is not None
                and lon is not None
                and not (-90 <= lat <= 90 and -180 <= lon <= 180)
            ):
                self.r.error("number_out_of_range", file, line, "stop_lat/stop_lon out of range")
                continue
            try:
                wheelchair = _int(row.get("wheelchair_boarding", ""), 0) or 0
            except ValueError:
                self.r.warning(
                    "invalid_integer", file, line, "wheelchair_boarding is not a number; 0 used"
                )
                wheelchair = 0
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
                "wheelchair_boarding": wheelchair,
                "line": line,
            }
        for line, stop_id, parent in parents:
            if parent not in self.stops:
                self.r.error(
                    "foreign_key_violation",
                    file,
                    line,
                    f"parent_station {parent!r} is not a stop_id",
                )
            elif parent == stop_id:
                self.r.error(
                    "wrong_parent_location_type",
                    file,
                    line,
                    "a stop cannot be its own parent_station",
                )

    def _routes(self) -> None:
        file = "routes.txt"
        for line, row in self.r.rows(file):
            route_id = row["route_id"]
            if route_id in self.routes:
                self.r.error("duplicate_key", file, line, f"duplicate route_id {route_id!r}")
                continue
            agency_id = row.get("agency_id", "")
            if agency_id not in self.agencies:
                if agency_id:
                    self.r.error(
                        "foreign_key_violation",
                        file,
                        line,
                        f"agency_id {agency_id!r} is not in agency.txt",
                    )
                    continue
                if len(self.agencies) > 1:
                    self.r.error(
                        "missing_required_field",
                        file,
                        line,
                        "agency_id is required when there are several agencies",
                    )
                    continue
                agency_id = next(iter(self.agencies))
            try:
                route_type = int(row["route_type"])
                sort_order = _int(row.get("route_sort_order", ""))
            except ValueError:
                self.r.error(
                    "invalid_integer", file, line, "route_type and route_sort_order must be numbers"
                )
                continue
            if not row.get("route_short_name") and not row.get("route_long_name"):
                self.r.warning(
                    "route_both_short_and_long_name_missing",
                    file,
                    line,
                    f"route {route_id!r} has neither route_short_name nor route_long_name",
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
            if any(row[d] not in ("0", "1") for d in days):
                self.r.error(
                    "unexpected_enum_value", "calendar.txt", line, "weekdays must be 0 or 1"
                )
                continue
            try:
                item: dict[str, Any] = {d: row[d] == "1" for d in days}
                item.update(
                    service_id=row["service_id"],
                    start_date=_parse_date(row["start_date"]),
                    end_date=_parse_date(row["end_date"]),
                )
            except ValueError:
                self.r.error(
                    "invalid_date", "calendar.txt", line, "start_date and end_date must be YYYYMMDD"
                )
                continue
            if row["service_id"] in self.services:
                self.r.error(
                    "duplicate_key",
                    "calendar.txt",
                    line,
                    f"duplicate service_id {row['service_id']!r}",
                )
                continue
            self.services.add(row["service_id"])
            self.calendars.append(item)
        seen = set()
        for line, row in self.r.rows("calendar_dates.txt"):
            try:
                day = _parse_date(row["date"])
            except ValueError:
                self.r.error("invalid_date", "calendar_dates.txt", line, "date must be YYYYMMDD")
                continue
            if row["exception_type"] not in ("1", "2"):
                self.r.error(
                    "unexpected_enum_value",
                    "calendar_dates.txt",
                    line,
                    "exception_type must be 1 or 2",
                )
                continue
            key = (row["service_id"], day)
            if key in seen:
                self.r.error(
                    "duplicate_key", "calendar_dates.txt", line, "duplicate service_id and date"
                )
                continue
            seen.add(key)
            self.services.add(row["service_id"])
            self.calendar_dates.append(
                {
                    "service_id": row["service_id"],
                    "date": day,
                    "exception_type": int(row["exception_type"]),
                }
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
                # A shape is drawing, not timetable: the point is left out.
                self.r.warning(
                    "invalid_float",
                    "shapes.txt",
                    line,
                    "shape_pt_lat, shape_pt_lon and shape_pt_sequence must be numbers; "
                    "point ignored",
                )
        for shape_id, pts in points.items():
            pts.sort()
            self.shapes[shape_id] = pts

    def _trips(self) -> None:
        file = "trips.txt"
        for line, row in self.r.rows(file):
            trip_id = row["trip_id"]
            if trip_id in self.trips:
                self.r.error("duplicate_key", file, line, f"duplicate trip_id {trip_id!r}")
                continue
            if row["route_id"] not in self.routes:
                self.r.error(
                    "foreign_key_violation",
                    file,
                    line,
                    f"route_id {row['route_id']!r} is not in routes.txt",
                )
                continue
            if row["service_id"] not in self.services:
                self.r.error(
                    "foreign_key_violation",
                    file,
                    line,
                    f"service_id {row['service_id']!r} is not in calendar.txt or calendar_dates.txt",
                )
                continue
            shape_id = row.get("shape_id", "")
            if shape_id and shape_id not in self.shapes:
                # The spec makes shapes optional: without one, the trip is drawn stop to stop
                # (route_geometry and the planner's legs fall back to the stops).
                self.r.warning(
                    "foreign_key_violation",
                    file,
                    line,
                    f"shape_id {shape_id!r} is not in shapes.txt; geometry from the stops",
                )
                shape_id = ""
            numbers = {}
            for field, default in (
                ("direction_id", None),
                ("wheelchair_accessible", 0),
                ("bikes_allowed", 0),
            ):
                try:
                    numbers[field] = _int(row.get(field, ""), default)
                except ValueError:
                    self.r.warning(
                        "invalid_integer", file, line, f"{field} is not a number; ignored"
                    )
                    numbers[field] = default
            self.trips[trip_id] = {
                "trip_id": trip_id,
                "route_id": row["route_id"],
                "service_id": row["service_id"],
                "headsign": row.get("trip_headsign", ""),
                "short_name": row.get("trip_short_name", ""),
                "direction_id": numbers["direction_id"],
                "block_id": row.get("block_id", ""),
                "shape_id": shape_id,
                "wheelchair_accessible": numbers["wheelchair_accessible"],
                "bikes_allowed": numbers["bikes_allowed"],
                "is_frequency_template": False,
                "frequency_template_id": "",
                "line": line,
            }

    def _stop_times(self) -> None:
        file = "stop_times.txt"
        stop_times = self.stop_times
        trips, stops = self.trips, self.stops
        r = self.r
        for line, row in r.rows(file):
            trip_id = row["trip_id"]
            if trip_id not in trips:
                r.error(
                    "foreign_key_violation", file, line, f"trip_id {trip_id!r} is not in trips.txt"
                )
                continue
            if row["stop_id"] not in stops:
                r.error(
                    "foreign_key_violation",
                    file,
                    line,
                    f"stop_id {row['stop_id']!r} is not in stops.txt",
                )
                continue
            try:
                arr = row.get("arrival_time", "")
                dep = row.get("departure_time", "")
                arrival = parse_gtfs_time(value=arr) if arr else None
                departure = parse_gtfs_time(value=dep) if dep else None
            except ValueError:
                r.error("invalid_time", file, line, "times must be HH:MM:SS")
                continue
            try:
                seq = int(row["stop_sequence"])
                pickup = _int(row.get("pickup_type", ""), 0)
                drop_off = _int(row.get("drop_off_type", ""), 0)
                timepoint = _int(row.get("timepoint", ""), 1)
            except ValueError:
                r.error(
                    "invalid_integer",
                    file,
                    line,
                    "stop_sequence, pickup_type, drop_off_type and timepoint must be numbers",
                )
                continue
            dist = row.get("shape_dist_traveled", "")
            try:
                dist_f = float(dist) if dist else None
            except ValueError:
                r.warning(
                    "invalid_float", file, line, "shape_dist_traveled is not a number; ignored"
                )
                dist_f = None
            if (arrival is None) != (departure is None):
                # The spec wants both or neither; one time is the stop's time either way.
                r.warning(
                    "stop_time_with_only_arrival_or_departure_time",
                    file,
                    line,
                    f"only {'arrival_time' if departure is None else 'departure_time'} is given; "
                    "used for both",
                )
                if arrival is None:
                    arrival = departure
                else:
                    departure = arrival
            if arrival is not None and departure is not None and departure < arrival:
                r.error(
                    "start_and_end_range_out_of_order",
                    file,
                    line,
                    "departure_time is before arrival_time",
                )
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
        for trip_id, rows in list(stop_times.items()):
            rows.sort(key=lambda r: r[0])
            self._check_trip_times(trip_id, rows)
        for trip_id, trip in list(trips.items()):
            if trip_id not in stop_times:
                r.warning(
                    "unused_trip",
                    "trips.txt",
                    trip["line"],
                    f"trip {trip_id!r} has no stop_times; dropped",
                )
                self._drop_trip(trip_id)

    def _drop_trip(self, trip_id: str) -> None:
        del self.trips[trip_id]
        self.stop_times.pop(trip_id, None)
        self.dropped_trips.add(trip_id)

    def _check_trip_times(self, trip_id: str, rows: list) -> None:
        """Checks one trip's stop_times (sorted by stop_sequence) and repairs what the spec lets
        us: untimed first/last stops are dropped, untimed stops between are interpolated."""
        file = "stop_times.txt"
        for a, b in zip(rows, rows[1:], strict=False):
            if a[0] == b[0]:
                self.r.error(
                    "duplicate_key", file, b[9], f"stop_sequence {b[0]} repeats in trip {trip_id!r}"
                )
                return
        # The first and last stops must have times (the spec: "required for the first and last
        # stop in a trip"); a rider cannot board or alight at an unknown time, so those rows go.
        head = 0
        while head < len(rows) and rows[head][2] is None:
            head += 1
        if head:
            self.r.warning(
                "missing_trip_edge",
                file,
                rows[0][9],
                f"first stop of trip {trip_id!r} has no times; {head} untimed stop_time(s) dropped",
            )
        tail = len(rows)
        while tail > head and rows[tail - 1][2] is None:
            tail -= 1
        if tail < len(rows) and tail > head:
            self.r.warning(
                "missing_trip_edge",
                file,
                rows[-1][9],
                f"last stop of trip {trip_id!r} has no times; "
                f"{len(rows) - tail} untimed stop_time(s) dropped",
            )
        if head or tail < len(rows):
            rows[:] = rows[head:tail]
        if len(rows) < 2:
            trip = self.trips[trip_id]
            self.r.warning(
                "unusable_trip",
                "trips.txt",
                trip["line"],
                f"trip {trip_id!r} has fewer than two timed stops; dropped",
            )
            self._drop_trip(trip_id)
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
                self.r.error(
                    "stop_time_with_arrival_before_previous_departure_time",
                    file,
                    row[9],
                    f"times go backwards in trip {trip_id!r}",
                )
                return
            previous = row[3]

    def _frequencies(self) -> None:
        file = "frequencies.txt"
        for line, row in self.r.rows(file):
            if row["trip_id"] in self.dropped_trips:
                continue  # the trip's own notice says why it is gone
            if row["trip_id"] not in self.trips:
                self.r.error(
                    "foreign_key_violation",
                    file,
                    line,
                    f"trip_id {row['trip_id']!r} is not in trips.txt",
                )
                continue
            try:
                start, end = (
                    parse_gtfs_time(value=row["start_time"]),
                    parse_gtfs_time(value=row["end_time"]),
                )
            except ValueError:
                self.r.error("invalid_time", file, line, "start_time and end_time must be HH:MM:SS")
                continue
            try:
                headway = int(row["headway_secs"])
                exact = _int(row.get("exact_times", ""), 0)
            except ValueError:
                self.r.error(
                    "invalid_integer", file, line, "headway_secs and exact_times must be numbers"
                )
                continue
            if headway <= 0:
                self.r.error("number_out_of_range", file, line, "headway_secs must be positive")
                continue
            if end <= start:
                self.r.error(
                    "start_and_end_range_out_of_order",
                    file,
                    line,
                    "end_time must be after start_time",
                )
                continue
            self.frequencies.append(
                {
                    "trip_id": row["trip_id"],
                    "start_time": start,
                    "end_time": end,
                    "headway_secs": headway,
                    "exact_times": exact,
                }
            )
            self.trips[row["trip_id"]]["is_frequency_template"] = True

    def _transfers(self) -> None:
        # Transfers only refine the planner's walking rules: a bad row is left out (a warning).
        file = "transfers.txt"
        for line, row in self.r.rows(file):
            from_stop, to_stop = row["from_stop_id"], row["to_stop_id"]
            missing = [s for s in (from_stop, to_stop) if s not in self.stops]
            if missing:
                self.r.warning(
                    "foreign_key_violation",
                    file,
                    line,
                    f"stop_id {missing[0]!r} is not in stops.txt; transfer ignored",
                )
                continue
            try:
                kind = _int(row["transfer_type"], 0)
                min_time = _int(row.get("min_transfer_time", ""))
            except ValueError:
                self.r.warning(
                    "invalid_integer",
                    file,
                    line,
                    "transfer_type and min_transfer_time must be numbers; transfer ignored",
                )
                continue
            if kind not in (0, 1, 2, 3, 4, 5):
                self.r.warning(
                    "unexpected_enum_value",
                    file,
                    line,
                    f"transfer_type {kind} is not 0–5; transfer ignored",
                )
                continue
            if kind == 2 and min_time is None:
                self.r.warning(
                    "missing_required_field",
                    file,
                    line,
                    "transfer_type 2 needs min_transfer_time; transfer ignored",
                )
                continue
            bad = [
                key
                for key, known in (
                    ("from_route_id", self.routes),
                    ("to_route_id", self.routes),
                    ("from_trip_id", self.trips.keys() | self.dropped_trips),
                    ("to_trip_id", self.trips.keys() | self.dropped_trips),
                )
                if row.get(key) and row[key] not in known
            ]
            if bad:
                self.r.warning(
                    "foreign_key_violation",
                    file,
                    line,
                    f"{bad[0]} {row[bad[0]]!r} does not exist; transfer ignored",
                )
                continue
            self.transfers.append(
                {
                    "from_stop": from_stop,
                    "to_stop": to_stop,
                    "from_route_id": row.get("from_route_id", ""),
                    "to_route_id": row.get("to_route_id", ""),
                    "from_trip_id": row.get("from_trip_id", ""),
                    "to_trip_id": row.get("to_trip_id", ""),
                    "transfer_type": kind,
                    "min_transfer_time": min_time,
                }
            )

    # Fares stay strict: leaving out a broken fare row would quietly change what a rider pays.
    def _fares_v1(self) -> None:
        for line, row in self.r.rows("fare_attributes.txt"):
            try:
                price = Decimal(row["price"])
            except InvalidOperation:
                self.r.error(
                    "invalid_currency_amount", "fare_attributes.txt", line, "price must be a number"
                )
                continue
            try:
                method = int(row["payment_method"])
                transfers = _int(row["transfers"])
                duration = _int(row.get("transfer_duration", ""))
            except ValueError:
                self.r.error(
                    "invalid_integer",
                    "fare_attributes.txt",
                    line,
                    "payment_method, transfers and transfer_duration must be numbers",
                )
                continue
            if row["fare_id"] in self.fare_attributes:
                self.r.error(
                    "duplicate_key",
                    "fare_attributes.txt",
                    line,
                    f"duplicate fare_id {row['fare_id']!r}",
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
                self.r.error(
                    "foreign_key_violation",
                    "fare_rules.txt",
                    line,
                    f"fare_id {row['fare_id']!r} is not in fare_attributes.txt",
                )
                continue
            if row.get("route_id") and row["route_id"] not in self.routes:
                self.r.error(
                    "foreign_key_violation",
                    "fare_rules.txt",
                    line,
                    f"route_id {row['route_id']!r} is not in routes.txt",
                )
                continue
            for key in ("origin_id", "destination_id", "contains_id"):
                if row.get(key) and row[key] not in zones:
                    self.r.error(
                        "foreign_key_violation",
                        "fare_rules.txt",
                        line,
                        f"{key} {row[key]!r} is not a zone_id of stops.txt",
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
                except InvalidOperation:
                    self.r.error("invalid_currency_amount", name, line, "amount must be a number")
                except ValueError:
                    # int() of an integer field or parse_gtfs_time() of a timeframe
                    self.r.error("invalid_integer", name, line, "a number or time is not valid")
            if items:
                self.v2[model.__name__] = items
        for item in self.v2.get("RouteNetwork", []):
            if item["route_id"] not in self.routes:
                self.r.error(
                    "foreign_key_violation",
                    "route_networks.txt",
                    None,
                    f"route_id {item['route_id']!r} is not in routes.txt",
                )
        for item in self.v2.get("StopArea", []):
            if item["stop_id"] not in self.stops:
                self.r.error(
                    "foreign_key_violation",
                    "stop_areas.txt",
                    None,
                    f"stop_id {item['stop_id']!r} is not in stops.txt",
                )

    def _translations(self) -> None:
        tables = {
            "agency": self.agencies,
            "stops": self.stops,
            "routes": self.routes,
            "trips": self.trips,
        }
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
                    if table == "trips" and record_id in self.dropped_trips:
                        continue
                    # A name that cannot land is only a missing translation.
                    self.r.warning(
                        "translation_foreign_key_violation",
                        "translations.txt",
                        line,
                        f"record_id {record_id!r} is not in {table}.txt; translation ignored",
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


def _i18n(record: dict, fields: tuple[str, ...], lang: str) -> dict:
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


def feed_import(
    *, path: str | Path, name: str | None = None, progress: bool = False, strict: bool = False
) -> m.Feed:
    """Import the feed at ``path`` as the live version of ``name`` (default: the file's stem).

    Findings are classified like the canonical GTFS validator (``Feed.report``). Raises
    GtfsImportError listing the errors (file and line) — and, when ``strict``, the warnings too —
    when the feed cannot be imported; then nothing changes and the previous version stays live.
    """
    path = Path(path)
    if not path.exists():
        raise GtfsImportError(
            [GtfsProblem(str(path), None, "no such file or folder", "missing_required_file")]
        )
    try:
        source = _Source(path)
    except FileNotFoundError:
        raise GtfsImportError(
            [GtfsProblem(str(path), None, "not a zip file or a folder", "csv_parsing_failed")]
        ) from None
    try:
        reader = _Reader(source, progress, strict=strict)
        data = _Feed(reader)
        try:
            data.read()
        except _Invalid:
            pass
        if reader.problems:
            raise GtfsImportError(
                reader.problems, report=reader.report(), strict=strict and not reader.has_errors
            )
        version = (data.feed_info or {}).get("version") or source.digest()
        name = name or path.name.removesuffix(".zip")
        return _write(
            data,
            name=name,
            version=version,
            source=str(path),
            progress=progress,
            report=reader.report(),
        )
    finally:
        source.close()


@transaction.atomic
def _write(
    data: _Feed, *, name: str, version: str, source: str, progress: bool, report: dict
) -> m.Feed:
    feed = m.Feed.objects.create(
        name=name,
        version=version,
        is_live=False,
        timezone=data.timezone,
        default_lang=data.lang,
        source=source[-300:],
        report=report,
    )
    lang = data.lang
    agencies = {
        key: obj
        for key, obj in zip(
            data.agencies,
            _bulk(
                m.Agency,
                [
                    m.Agency(
                        feed=feed,
                        **_i18n(a, ("name",), lang),
                        **{k: v for k, v in a.items() if k not in ("name", "i18n")},
                    )
                    for a in data.agencies.values()
                ],
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
        "dropped_trips": len(data.dropped_trips),
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
