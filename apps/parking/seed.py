"""Demo data for `make seed`: a handful of public lots in Gimhae near light-rail stations and heritage
sites, each with sensor-watched spaces. The lots sit a short walk from the stations and sites in
apps/tourism/fixtures/gimhae_places.csv (OpenStreetMap, ODbL; 전국관광지정보표준데이터, data.go.kr);
their exact places, names, capacities, tariffs and sensors are invented for the demo and every lot is
marked ``is_demo``. Lots are added when missing and otherwise left as staff edited them
(apps/core/seeding.py); spaces are only ever added (their state is live data)."""

import zlib
from datetime import time, timedelta

from django.utils import timezone

from apps.core.seeding import seed_row

from .models import (
    OccupancySnapshot,
    ParkingHost,
    ParkingLot,
    ParkingSpace,
    PlaceWindow,
    SharedPlace,
)
from .simulation import simulate

TARIFF = {
    "free": False,
    "base_minutes": 30,
    "base_krw": 500,
    "unit_minutes": 10,
    "unit_krw": 200,
    "daily_max_krw": 6000,
}

# code, name_ko, name_en, lat, lon, kind, spaces (invented)
LOTS = [
    (
        "demo-bonghwang",
        "봉황역 공영주차장",
        "Bonghwang Station Public Parking",
        35.2278,
        128.8748,
        "off_street",
        24,
    ),
    (
        "demo-suro",
        "수로왕릉 공영주차장",
        "Royal Tomb of King Suro Public Parking",
        35.2344,
        128.8780,
        "off_street",
        30,
    ),
    (
        "demo-yeonji",
        "연지공원역 공영주차장",
        "Yeonji Park Station Public Parking",
        35.2501,
        128.8700,
        "park_and_ride",
        20,
    ),
    (
        "demo-buwon",
        "부원역 노상주차장",
        "Buwon Station On-street Parking",
        35.2268,
        128.8843,
        "on_street",
        12,
    ),
    (
        "demo-gaya-theme",
        "가야테마파크 주차장",
        "Gaya Theme Park Parking",
        35.2510,
        128.8930,
        "off_street",
        36,
    ),
]


def run(stdout, *, reset: bool = False) -> None:
    added = 0
    for code, name_ko, name_en, lat, lon, kind, spaces in LOTS:
        lot, _created = seed_row(
            ParkingLot,
            reset=reset,
            code=code,
            defaults={
                "name": name_ko,
                "name_ko": name_ko,
                "name_en": name_en,
                "lat": lat,
                "lon": lon,
                "kind": kind,
                "operator": "김해시 (demo)",
                "capacity": spaces,
                "tariff": {**TARIFF, "free": kind == "park_and_ride"},
                "opening_hours": "24/7",
                "is_demo": True,
                "source": "invented for the demo, near places in gimhae_places.csv",
            },
        )
        existing = set(lot.spaces.values_list("label", flat=True))
        new = [
            ParkingSpace(
                lot=lot,
                label=f"A{n:02d}",
                sensor_id=f"{code}-{n:02d}",
                accessible=n == 1,
                ev_charger=n in (2, 3),
                compact=n == spaces,
                # a plausible start; the simulator (embedded default) moves them from here
                state=ParkingSpace.State.OCCUPIED if n % 3 else ParkingSpace.State.FREE,
            )
            for n in range(1, spaces + 1)
            if f"A{n:02d}" not in existing
        ]
        ParkingSpace.objects.bulk_create(new)
        added += len(new)
        _history(lot, spaces)
    stdout.write(f"parking: {len(LOTS)} demo lots, {added} spaces added")
    _sharing(stdout, reset=reset)


HISTORY_DAYS = 14


def _history(lot: ParkingLot, spaces: int) -> None:
    """Two weeks of simulated occupancy (apps/parking/simulation.py) so the demo lots' forecast
    works from the first run; invented, like the lots. Only for a lot with no history yet."""
    if lot.snapshots.exists():
        return
    now = timezone.localtime()
    start = (now - timedelta(days=HISTORY_DAYS)).replace(
        minute=now.minute - now.minute % 5, second=0, microsecond=0
    )
    kind = "visitor" if lot.code in ("demo-suro", "demo-gaya-theme") else "commuter"
    OccupancySnapshot.objects.bulk_create(
        OccupancySnapshot(lot=lot, at=at, num_free=free, num_occupied=spaces - free, num_unknown=0)
        for at, free in simulate(
            start=start,
            days=HISTORY_DAYS,
            spaces=spaces,
            kind=kind,
            seed=zlib.crc32(lot.code.encode()) % 1000,
        )
        if at < now
    )


# Virtual (time-window) parking: the plan's pilot area around Inje University (Hwalcheon-dong).
# Hosts, places, capacities, prices and hours are invented for the demo (marked is_demo).
HOSTS = [
    ("demo-city", "김해시 (demo)", ParkingHost.Kind.CITY),
    ("demo-church", "활천 새빛교회 (demo)", ParkingHost.Kind.CHURCH),
    ("demo-school", "활천 가람학교 (demo)", ParkingHost.Kind.SCHOOL),
]
WEEKDAYS, WEEKEND, EVERY_DAY = range(5), range(5, 7), range(7)
# host, name_ko, name_en, lat, lon, capacity, unit_krw per 30 min, windows [(days, from, until)]
PLACES = [
    (
        "demo-city",
        "인제대 앞 야간 노상 공유주차",
        "Inje University Road night parking",
        35.2481,
        128.9037,
        8,
        300,
        [(EVERY_DAY, "20:00", "08:00")],
    ),
    (
        "demo-church",
        "새빛교회 주차장 평일 개방",
        "Saebit Church car park (weekdays)",
        35.2468,
        128.9005,
        15,
        400,
        [(WEEKDAYS, "08:00", "19:00")],
    ),
    (
        "demo-school",
        "가람학교 운동장 방과 후 개방",
        "Garam School yard after class",
        35.2502,
        128.9050,
        20,
        300,
        [(WEEKDAYS, "18:00", "07:00"), (WEEKEND, "00:00", "00:00")],
    ),
    (
        "demo-city",
        "봉황역 공영주차장 공유면",
        "Bonghwang Station lot shared spaces",
        35.2279,
        128.8750,
        4,
        500,
        [(EVERY_DAY, "00:00", "00:00")],
    ),
]


def _sharing(stdout, *, reset: bool) -> None:
    hosts = {}
    for key, name, kind in HOSTS:
        host, _ = seed_row(
            ParkingHost, reset=reset, name=name, defaults={"kind": kind, "is_demo": True}
        )
        hosts[key] = host
    lot = ParkingLot.objects.filter(code="demo-bonghwang").first()
    for host_key, name_ko, name_en, lat, lon, capacity, unit_krw, spec in PLACES:
        place, created = seed_row(
            SharedPlace,
            reset=reset,
            name_ko=name_ko,
            defaults={
                "host": hosts[host_key],
                "name": name_ko,
                "name_en": name_en,
                "lat": lat,
                "lon": lon,
                "capacity": capacity,
                "unit_minutes": 30,
                "unit_krw": unit_krw,
                "lot": lot if "봉황" in name_ko else None,
                "is_demo": True,
            },
        )
        if created or not place.windows.exists():
            PlaceWindow.objects.bulk_create(
                PlaceWindow(
                    place=place,
                    weekday=day,
                    start=time.fromisoformat(start),
                    end=time.fromisoformat(end),
                )
                for days, start, end in spec
                for day in days
            )
    stdout.write(f"parking: {len(PLACES)} demo shared places")
