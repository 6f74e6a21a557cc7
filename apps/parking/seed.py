"""Demo data for `make seed`: a handful of public lots in Gimhae near light-rail stations and heritage
sites, each with sensor-watched spaces. The lots sit a short walk from the stations and sites in
apps/tourism/fixtures/gimhae_places.csv (OpenStreetMap, ODbL; 전국관광지정보표준데이터, data.go.kr);
their exact places, names, capacities, tariffs and sensors are invented for the demo and every lot is
marked ``is_demo``. Lots are added when missing and otherwise left as staff edited them
(apps/core/seeding.py); spaces are only ever added (their state is live data)."""

from apps.core.seeding import seed_row

from .models import ParkingLot, ParkingSpace

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
    stdout.write(f"parking: {len(LOTS)} demo lots, {added} spaces added")
