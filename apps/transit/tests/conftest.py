import textwrap
from pathlib import Path

import pytest

from apps.transit.fares import tables as fare_tables
from apps.transit.planner import delays, timetable
from apps.transit.services.gtfs_import import feed_import

# A tiny network, in Asia/Seoul (no daylight saving). Stops A–E are ~1.1 km apart on a line; F is
# ~200 m from C. Trips on weekdays in 2025, except Monday 3 March (removed); Saturday 1 March added.
#   S  slow bus   A 08:00 → B 08:30 → C 09:00
#   X  express    A 08:20 → C 08:40            (waiting for it beats the slow bus)
#   Y  bus        C 08:45 → D 09:00, C 09:15 → D 09:30
#   L  long bus   A 08:00 → … → D 09:30         (no transfer, later)
#   W  bus        F 08:50 → E 09:05             (reached by walking C → F)
#   N  night bus  A 24:30 → B 25:10             (service day before, after midnight)
FILES = {
    "agency.txt": """
        agency_name,agency_url,agency_timezone,agency_lang
        Demo Transit,https://example.org,Asia/Seoul,en
    """,
    "stops.txt": """
        stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station
        A,Alpha,35.2000,128.8000,0,
        B,Bravo,35.2100,128.8000,0,
        C,Charlie,35.2200,128.8000,0,
        D,Delta,35.2300,128.8000,0,
        E,Echo,35.2400,128.8000,0,
        F,Foxtrot,35.2200,128.8022,0,
    """,
    "routes.txt": """
        route_id,route_short_name,route_long_name,route_type
        S,1,Slow,3
        X,X,Express,2
        Y,2,Charlie-Delta,3
        L,3,Long,3
        W,4,Foxtrot-Echo,3
        N,N1,Night,3
    """,
    "calendar.txt": """
        service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date
        WK,1,1,1,1,1,0,0,20250101,20251231
    """,
    "calendar_dates.txt": """
        service_id,date,exception_type
        WK,20250303,2
        WK,20250301,1
    """,
    "trips.txt": """
        route_id,service_id,trip_id,trip_headsign
        S,WK,S1,Charlie
        X,WK,X1,Charlie
        Y,WK,Y1,Delta
        Y,WK,Y2,Delta
        L,WK,L1,Delta
        W,WK,W1,Echo
        N,WK,N1,Bravo
    """,
    "stop_times.txt": """
        trip_id,arrival_time,departure_time,stop_id,stop_sequence
        S1,08:00:00,08:00:00,A,1
        S1,08:30:00,08:30:00,B,2
        S1,09:00:00,09:00:00,C,3
        X1,08:20:00,08:20:00,A,1
        X1,08:40:00,08:40:00,C,2
        Y1,08:45:00,08:45:00,C,1
        Y1,09:00:00,09:00:00,D,2
        Y2,09:15:00,09:15:00,C,1
        Y2,09:30:00,09:30:00,D,2
        L1,08:00:00,08:00:00,A,1
        L1,08:40:00,08:40:00,B,2
        L1,09:10:00,09:10:00,C,3
        L1,09:30:00,09:30:00,D,4
        W1,08:50:00,08:50:00,F,1
        W1,09:05:00,09:05:00,E,2
        N1,24:30:00,24:30:00,A,1
        N1,25:10:00,25:10:00,B,2
    """,
}


def write_feed(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if text is None:
            continue
        (folder / name).write_text(textwrap.dedent(text).strip() + "\n", encoding="utf-8")
    return folder


@pytest.fixture(autouse=True)
def _fresh_planner_caches():
    timetable.clear_cache()
    fare_tables.clear_cache()
    delays.clear()
    yield
    timetable.clear_cache()
    fare_tables.clear_cache()
    delays.clear()


@pytest.fixture
def make_feed(tmp_path, db):
    """make_feed(name="demo", **{"file.txt": text or None}) → imported Feed (files override FILES)."""
    counter = {"n": 0}

    def make(name: str = "demo", **overrides):
        counter["n"] += 1
        files = {**FILES, **overrides}
        folder = write_feed(tmp_path / f"{name}-{counter['n']}", files)
        return feed_import(path=folder, name=name)

    return make


@pytest.fixture
def demo_feed(make_feed):
    return make_feed()
