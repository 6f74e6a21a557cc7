"""Demo data for `manage.py seed`: the three Global University campuses, four service zones (the
plan's three phases), hubs and the plan's 7 buses.

Real: the campuses (Inje University, Gaya University, Gimhae College: the plan's phase-1 campuses),
the light-rail stations used as hubs — coordinates from apps/drt/data/gimhae_places.csv, copied from
the Busan–Gimhae light-rail station list (OpenStreetMap, ODbL: © OpenStreetMap contributors) and the
admin-dong centre points of Gimhae's 읍·면·동 (KMA forecast-grid table). Invented for the demo
(``is_demo``, and labelled "demo" in ``source``): the campus centres and geofences (approximate, drawn
around each campus — survey them before use), the campus tiers (the plan names the tiers but does
not say which campus is which), the field campus, the hubs at campus gates and outskirts village
centres, zone areas, the buses, their plates and seats (the plan buys 7 buses: 2 + 3 + 2).
"""

from __future__ import annotations

from apps.core.seeding import seed_row

from .models import Campus, Hub, ServiceZone, Vehicle

LRT = "Busan–Gimhae LRT station, OpenStreetMap (ODbL), apps/drt/data/gimhae_places.csv"
DONG = "admin-dong centre (KMA grid table), apps/drt/data/gimhae_places.csv; hub place is demo"
DEMO = "demo: invented near the campus (approximate)"


def _box(lat: float, lon: float, dlat: float, dlon: float) -> dict:
    ring = [
        [lon - dlon, lat - dlat],
        [lon + dlon, lat - dlat],
        [lon + dlon, lat + dlat],
        [lon - dlon, lat + dlat],
        [lon - dlon, lat - dlat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


# code, name_ko, name_en, university, tier, lat, lon (approximate centres, demo geofences)
CAMPUSES = [
    (
        "inje",
        "인제대학교 김해캠퍼스",
        "Inje University (Gimhae campus)",
        "inje",
        "hub",
        35.2478,
        128.9031,
    ),
    (
        "gaya",
        "가야대학교 김해캠퍼스",
        "Gaya University (Gimhae campus)",
        "gaya",
        "base",
        35.2690,
        128.8695,
    ),
    (
        "gimhae-college",
        "김해대학교",
        "Gimhae College",
        "gimhae_college",
        "base",
        35.2462,
        128.9160,
    ),
    # a field campus (invented for the demo): industry placements in the Juchon industrial area
    (
        "field-juchon",
        "현장캠퍼스 주촌 (데모)",
        "Field campus Juchon (demo)",
        "inje",
        "field",
        35.2180,
        128.8420,
    ),
]

# code, name_ko, name_en, lat, lon, kind, campus code, zones, source
# kind: "campus" (gate), "lrt", "main" (a main city hub), "outskirts"
HUBS = [
    (
        "inje-gate",
        "인제대 정문",
        "Inje Univ. main gate",
        35.2466,
        128.9027,
        "campus",
        "inje",
        ["p1", "p2", "p3w", "p3e"],
        DEMO,
    ),
    (
        "gaya-gate",
        "가야대 정문",
        "Gaya Univ. main gate",
        35.2679,
        128.8690,
        "campus",
        "gaya",
        ["p1", "p2", "p3w", "p3e"],
        DEMO,
    ),
    (
        "gimhae-college-gate",
        "김해대학교 정문",
        "Gimhae College main gate",
        35.2452,
        128.9150,
        "campus",
        "gimhae-college",
        ["p1", "p2", "p3w", "p3e"],
        DEMO,
    ),
    (
        "field-juchon-gate",
        "현장캠퍼스 주촌 (데모)",
        "Field campus Juchon (demo)",
        35.2180,
        128.8420,
        "campus",
        "field-juchon",
        ["p2"],
        DEMO,
    ),
    (
        "lrt-inje",
        "인제대역",
        "Inje University Station",
        35.2280839,
        128.9017389,
        "lrt",
        "",
        ["p1", "p2"],
        LRT,
    ),
    (
        "lrt-gimhae-college",
        "김해대학역",
        "Gimhae College Station",
        35.2289708,
        128.9155829,
        "lrt",
        "",
        ["p1"],
        LRT,
    ),
    (
        "city-hall",
        "김해시청 (시청역)",
        "Gimhae City Hall (station)",
        35.2270816,
        128.8903236,
        "main",
        "",
        ["p1", "p2", "p3w", "p3e"],
        LRT,
    ),
    (
        "lrt-bonghwang",
        "봉황역",
        "Bonghwang Station",
        35.2273473,
        128.8742271,
        "lrt",
        "",
        ["p1", "p2"],
        LRT,
    ),
    (
        "lrt-yeonji",
        "연지공원역",
        "Yeonji Park Station",
        35.2496585,
        128.8692064,
        "lrt",
        "",
        ["p1"],
        LRT,
    ),
    (
        "lrt-gaya",
        "가야대역",
        "Kaya University Station",
        35.2668303,
        128.8649474,
        "lrt",
        "",
        ["p1"],
        LRT,
    ),
    (
        "jillye",
        "진례면 행정복지센터 앞 (데모)",
        "Jillye-myeon centre (demo)",
        35.2459556,
        128.7499889,
        "outskirts",
        "",
        ["p3w"],
        DONG,
    ),
    (
        "juchon",
        "주촌면 행정복지센터 앞 (데모)",
        "Juchon-myeon centre (demo)",
        35.2327083,
        128.8329083,
        "outskirts",
        "",
        ["p2", "p3w"],
        DONG,
    ),
    (
        "hallim",
        "한림면 행정복지센터 앞 (데모)",
        "Hallim-myeon centre (demo)",
        35.3175056,
        128.8045083,
        "outskirts",
        "",
        ["p3w"],
        DONG,
    ),
    (
        "daedong",
        "대동면 행정복지센터 앞 (데모)",
        "Daedong-myeon centre (demo)",
        35.2391972,
        128.982475,
        "outskirts",
        "",
        ["p3e"],
        DONG,
    ),
    (
        "sangdong",
        "상동면 행정복지센터 앞 (데모)",
        "Sangdong-myeon centre (demo)",
        35.3046444,
        128.9326972,
        "outskirts",
        "",
        ["p3e"],
        DONG,
    ),
]

CENTRAL = _box(35.2475, 128.8950, 0.035, 0.045)
# code, name_ko, name_en, phase, students, citizens, transport-poor, area, buses
ZONES = [
    (
        "p1",
        "1단계: 허브·거점 캠퍼스",
        "Phase 1: hub and base campuses",
        1,
        True,
        False,
        False,
        CENTRAL,
        2,
    ),
    (
        "p2",
        "2단계: 현장·거점 캠퍼스",
        "Phase 2: field and base campuses",
        2,
        True,
        False,
        False,
        _box(35.2400, 128.8750, 0.040, 0.060),
        3,
    ),
    (
        "p3w",
        "3단계: 서부 교통취약지역",
        "Phase 3: western transport-poor area",
        3,
        True,
        True,
        True,
        _box(35.2800, 128.7850, 0.060, 0.055),
        1,
    ),
    (
        "p3e",
        "3단계: 동부 교통취약지역",
        "Phase 3: eastern transport-poor area",
        3,
        True,
        True,
        True,
        _box(35.2750, 128.9700, 0.060, 0.035),
        1,
    ),
]


def run(stdout, *, reset: bool = False) -> None:
    campuses = {}
    for code, name_ko, name_en, university, tier, lat, lon in CAMPUSES:
        campuses[code], _ = seed_row(
            Campus,
            reset=reset,
            code=code,
            defaults={
                "name": name_ko,
                "name_ko": name_ko,
                "name_en": name_en,
                "university": university,
                "tier": tier,
                "lat": lat,
                "lon": lon,
                "geofence": _box(lat, lon, 0.0045, 0.0055),
                "is_demo": True,
                "source": "demo: approximate centre, geofence drawn for the demo",
            },
        )
    zones = {}
    for code, name_ko, name_en, phase, students, citizens, poor, area, _buses in ZONES:
        zones[code], _ = seed_row(
            ServiceZone,
            reset=reset,
            code=code,
            defaults={
                "name": name_ko,
                "name_ko": name_ko,
                "name_en": name_en,
                "phase": phase,
                "serves_students": students,
                "serves_citizens": citizens,
                "is_transport_poor": poor,
                "geofence": area,
                "is_demo": True,
            },
        )
    for code, name_ko, name_en, lat, lon, kind, campus, hub_zones, source in HUBS:
        hub, created = seed_row(
            Hub,
            reset=reset,
            code=code,
            defaults={
                "name": name_ko,
                "name_ko": name_ko,
                "name_en": name_en,
                "lat": lat,
                "lon": lon,
                "campus": campuses.get(campus),
                "is_main": kind == "main",
                "is_demo": True,
                "source": source,
            },
        )
        if created or reset:
            hub.zones.set([zones[z] for z in hub_zones])
    number = 0
    for code, *_rest, buses in ZONES:
        for _ in range(buses):
            number += 1
            # outskirts buses wait in the outskirts, the others at a light-rail station
            kinds = ("outskirts",) if code.startswith("p3") else ("lrt", "main")
            start = next(h for h in HUBS if code in h[7] and h[5] in kinds)
            seed_row(
                Vehicle,
                reset=reset,
                code=f"drt-{number}",
                defaults={
                    "plate": f"경남70자{1000 + number} (demo)",
                    "capacity": 15,
                    "zone": zones[code],
                    "is_demo": True,
                    "lat": start[3],
                    "lon": start[4],
                },
            )
    stdout.write(
        f"drt: {len(CAMPUSES)} campuses, {len(ZONES)} zones, {len(HUBS)} hubs, {number} buses (demo)"
    )
