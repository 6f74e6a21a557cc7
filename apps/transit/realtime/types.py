"""The normalised live data every source produces. Times are Unix seconds (UTC)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Arrival:
    """A vehicle predicted at a stop (TAGO: one item of getSttnAcctoArvlPrearngeInfoList)."""

    stop_id: str  # GTFS stop_id ("" when the TAGO node is not mapped — then it is dropped)
    route_id: str  # GTFS route_id, "" when the TAGO route is not in our feed
    route_short_name: str  # TAGO routeno / GTFS short name: what the sign on the bus says
    arrival: int  # predicted arrival
    source: str  # "simulator" | "tago"
    trip_id: str = ""
    vehicle_id: str = ""
    vehicle_label: str = ""  # plate number or TAGO vehicle type (저상버스, ...)
    stops_away: int | None = None  # TAGO arrprevstationcnt
    scheduled: int | None = None  # scheduled arrival, when the trip is known
    departure_scheduled: int | None = None
    delay_s: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class VehiclePosition:
    vehicle_id: str
    route_id: str
    lat: float
    lon: float
    timestamp: int
    source: str
    label: str = ""
    trip_id: str = ""
    bearing: float | None = None
    stop_id: str = ""  # the stop it is at or heading to (TAGO: the last node it reported)
    status: str = ""  # "STOPPED_AT" | "IN_TRANSIT_TO" | "" (unknown)
    delay_s: int | None = None
    start_date: str = ""  # service day YYYYMMDD of the trip

    def as_dict(self) -> dict:
        return asdict(self)
