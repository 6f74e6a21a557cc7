"""Demo data for `make seed`: adds the demo rows that are missing and leaves the others as staff
edited them in admin (prices, stations, courses...); `seed --reset` writes the demo values back.
Vehicles are only ever added: they are live state (where a bike is, who rides it), not demo values.

Stations: the 11 Tagogaya stations named in a recorded response of the city's public-bike API
(station names and rental/return counts, no coordinates), placed at the light-rail
stations (coordinates © OpenStreetMap contributors, ODbL, from gimhae_bgl_lrt_stations.csv) and the
heritage sites (전국관광지정보표준데이터, data.go.kr). Where our data has no coordinates the place is
approximate and the station is marked demo. 부원역, 가야대역 and 인제대역 are the plan's expansion
(T1 scope, E2 campus link), also demo. Dock counts, bikes, scooters, niche spots, zones, the coupon
and the later tariff segments are invented for the demo and marked so.
"""

import datetime

from django.db.models import Q

from apps.core.seeding import seed_row

from .models import (
    Coupon,
    FreeRideDay,
    GeofenceZone,
    NicheSpot,
    Operator,
    PricingPlan,
    Station,
    TourCourse,
    TourCourseStop,
    Vehicle,
    VehicleType,
)

OSM = "OpenStreetMap (ODbL), via gimhae_bgl_lrt_stations.csv"
KTO = "전국관광지정보표준데이터 (data.go.kr), via gimhae_tourist_sites.csv"
APPROX = "approximate location (demo)"

# code, name_ko, name_en, lat, lon, source, demo, capacity
STATIONS = [
    ("bonghwang-stn", "봉황역", "Bonghwang Station", 35.2273473, 128.8742271, OSM, False, 12),
    (
        "suro-stn",
        "수로왕릉역",
        "Royal Tomb of King Suro Station",
        35.2329208,
        128.8720468,
        OSM,
        False,
        10,
    ),
    ("suro-tomb", "수로왕릉", "Royal Tomb of King Suro", 35.23487875, 128.8772054, KTO, False, 10),
    (
        "daeseong-museum",
        "대성동고분박물관",
        "Daeseong-dong Tumuli Museum",
        35.2372,
        128.8736,
        APPROX,
        True,
        8,
    ),
    (
        "museum-stn",
        "박물관역",
        "Gimhae National Museum Station",
        35.2401287,
        128.8718214,
        OSM,
        False,
        10,
    ),
    ("queen-tomb", "수로왕비릉", "Tomb of Queen Heo", 35.2447, 128.8775, APPROX, True, 6),
    (
        "national-museum",
        "국립김해박물관",
        "Gimhae National Museum",
        35.2426,
        128.8729,
        APPROX,
        True,
        10,
    ),
    ("yeonji-stn", "연지공원역", "Yeonji Park Station", 35.2496585, 128.8692064, OSM, False, 12),
    ("yeonji-park", "연지공원", "Yeonji Park", 35.2466, 128.8684, APPROX, True, 10),
    ("geobuk-park", "거북공원", "Geobuk Park", 35.2350, 128.8655, APPROX, True, 8),
    ("gongju-park", "공주공원", "Gongju Park", 35.2300, 128.8790, APPROX, True, 8),
    # expansion (T1: 부원역, 가야대역; E2: campus ↔ light rail)
    ("buwon-stn", "부원역", "Buwon Station", 35.2264559, 128.8838162, OSM, True, 10),
    (
        "kaya-univ-stn",
        "가야대역",
        "Kaya University Station",
        35.2668303,
        128.8649474,
        OSM,
        True,
        10,
    ),
    (
        "inje-univ-stn",
        "인제대역",
        "Inje University Station",
        35.2280839,
        128.9017389,
        OSM,
        True,
        10,
    ),
]

# Gimhae's eup, myeon and administrative dong in the official Revised Romanization (the city's and
# the Ministry of the Interior's English names), and the area names spots are filed under
# (장유, 진영...). A spot's English district is filled from here when empty.
DISTRICTS_EN = {
    "진영읍": "Jinyeong-eup",
    "주촌면": "Juchon-myeon",
    "진례면": "Jillye-myeon",
    "한림면": "Hallim-myeon",
    "생림면": "Saengnim-myeon",
    "상동면": "Sangdong-myeon",
    "대동면": "Daedong-myeon",
    "동상동": "Dongsang-dong",
    "회현동": "Hoehyeon-dong",
    "부원동": "Buwon-dong",
    "내외동": "Naeoe-dong",
    "북부동": "Bukbu-dong",
    "칠산서부동": "Chilsanseobu-dong",
    "활천동": "Hwalcheon-dong",
    "삼안동": "Saman-dong",
    "불암동": "Buram-dong",
    "장유1동": "Jangyu 1-dong",
    "장유2동": "Jangyu 2-dong",
    "장유3동": "Jangyu 3-dong",
    "장유": "Jangyu",
    "진영": "Jinyeong",
    "주촌": "Juchon",
    "진례": "Jillye",
    "한림": "Hallim",
    "생림": "Saengnim",
    "상동": "Sangdong",
    "대동": "Daedong",
    "삼계": "Samgye",
}

# code, name_ko, name_en, kind, district (Korean; English from DISTRICTS_EN), lat, lon, capacity
# (all demo: the 338 spots are not published)
SPOTS = [
    (
        "jangyu1-centre",
        "장유1동 행정복지센터",
        "Jangyu 1-dong Community Centre",
        "admin_centre",
        "장유",
        35.1926,
        128.8066,
        6,
    ),
    (
        "jangyu-bus-daecheong",
        "대청동 버스정류장",
        "Daecheong-dong bus stop",
        "bus_stop",
        "장유",
        35.1890,
        128.8120,
        4,
    ),
    (
        "jangyu-public-lot",
        "장유 공영주차장",
        "Jangyu public parking lot",
        "public_lot",
        "장유",
        35.1960,
        128.8020,
        8,
    ),
    (
        "jinyeong-centre",
        "진영읍 행정복지센터",
        "Jinyeong-eup Community Centre",
        "admin_centre",
        "진영",
        35.3036,
        128.7309,
        6,
    ),
    (
        "jinyeong-bus-terminal",
        "진영 시외버스터미널 정류장",
        "Jinyeong intercity bus stop",
        "bus_stop",
        "진영",
        35.3050,
        128.7280,
        4,
    ),
    (
        "kaya-univ-bikes",
        "가야대역 자전거 주차장",
        "Kaya University Station bicycle parking",
        "bike_parking",
        "삼계",
        35.2671,
        128.8653,
        10,
    ),
]


IEUM_TEXT_KO = "이음이 데모로 작성한 코스와 안내문입니다 (시의 공식 코스가 아님)."
IEUM_TEXT_EN = "Course and texts written by Ieum for the demo (not an official city course)."

# Gaya heritage trail courses (T1 "가야 역사길 코스"). A stop is a station code, or a heritage site
# without a station as (name_ko, name_en, lat, lon) — approximate locations.
BONGHWANG_SITE = ("봉황동 유적", "Bonghwang-dong Site", 35.2312, 128.8733)
GUJIBONG = ("구지봉", "Gujibong Peak", 35.2452, 128.8760)
COURSES = [
    (
        "gaya-royal-capital",
        "가야 왕도 핵심 코스",
        "Gaya royal capital course",
        "봉황역에서 출발해 금관가야의 왕궁터로 추정되는 봉황동 유적, 수로왕릉과 대성동 고분군을 "
        "지나 국립김해박물관, 구지봉, 수로왕비릉까지 달리는 코스입니다.",
        "From Bonghwang Station past the Bonghwang-dong site (thought to be Geumgwan Gaya's "
        "palace), the Royal Tomb of King Suro and the Daeseong-dong tumuli to the Gimhae National "
        "Museum, Gujibong Peak and the Tomb of Queen Heo.",
        [
            (
                "bonghwang-stn",
                "경전철 봉황역 앞에서 자전거를 빌려 출발합니다.",
                "Pick up a bike in front of Bonghwang light-rail station.",
            ),
            (
                BONGHWANG_SITE,
                "금관가야 생활 유적과 패총, 복원된 가야 마을을 둘러보세요.",
                "Geumgwan Gaya living quarters, a shell mound and a rebuilt Gaya village.",
            ),
            (
                "suro-tomb",
                "가락국 시조 수로왕의 능(사적)입니다. 경내는 자전거를 세우고 걸어서 둘러보세요.",
                "The tomb of King Suro, founder of Garakguk (Historic Site). Leave the bike and walk "
                "the grounds.",
            ),
            (
                "daeseong-museum",
                "대성동 고분군에서 나온 금관가야 지배층의 유물을 봅니다.",
                "Finds from the tombs of Geumgwan Gaya's rulers at Daeseong-dong.",
            ),
            (
                "national-museum",
                "가야의 역사와 철기 문화를 한눈에 보는 국립박물관입니다.",
                "The national museum of Gaya history and its iron culture.",
            ),
            (
                GUJIBONG,
                "수로왕 탄강 설화가 깃든 봉우리입니다. 언덕길은 걸어서 오르세요.",
                "The hill of King Suro's birth legend. Walk the bike up the slope.",
            ),
            (
                "queen-tomb",
                "인도 아유타국에서 왔다는 허왕후의 능입니다. 여기서 반납할 수 있습니다.",
                "The tomb of Queen Heo, said to have come from Ayuta in India. Return the bike here.",
            ),
        ],
    ),
    (
        "yeonji-museum-family",
        "박물관과 연지공원 가족 코스",
        "Museum and Yeonji Park family course",
        "박물관역에서 국립김해박물관을 거쳐 연지공원 호숫가를 도는 짧고 평탄한 코스입니다.",
        "A short, flat ride from Museum Station past the Gimhae National Museum to the lake of "
        "Yeonji Park.",
        [
            (
                "museum-stn",
                "경전철 박물관역에서 출발합니다.",
                "Start at Museum light-rail station.",
            ),
            (
                "national-museum",
                "어린이박물관도 함께 둘러볼 수 있습니다.",
                "The children's museum is next door.",
            ),
            (
                "yeonji-park",
                "호수 둘레 산책로는 보행자 우선입니다. 천천히 달리세요.",
                "The lakeside path gives way to walkers: ride slowly.",
            ),
            (
                "yeonji-stn",
                "연지공원역에서 반납하고 경전철로 돌아갈 수 있습니다.",
                "Return the bike at Yeonji Park Station and take the light rail back.",
            ),
        ],
    ),
    (
        "suro-old-town",
        "수로왕릉 구도심 한 바퀴",
        "Royal tomb old-town loop",
        "수로왕릉역에서 거북공원, 대성동고분박물관, 수로왕릉, 공주공원을 돌아오는 구도심 코스입니다.",
        "An old-town loop from Royal Tomb of King Suro Station via Geobuk Park, the Daeseong-dong "
        "Tumuli Museum, the royal tomb and Gongju Park.",
        [
            ("suro-stn", "수로왕릉역에서 출발합니다.", "Start at Royal Tomb of King Suro Station."),
            (
                "geobuk-park",
                "구지가의 거북을 주제로 한 작은 공원입니다.",
                "A small park on the turtle of the Gujiga song.",
            ),
            (
                "daeseong-museum",
                "고분군 언덕 위 전시관과 야외 고분을 봅니다.",
                "The gallery and the open-air tombs on the tumuli hill.",
            ),
            (
                "suro-tomb",
                "수로왕릉 정문 앞 대여소에서 쉬어 가세요.",
                "Take a break at the station by the tomb's main gate.",
            ),
            (
                "gongju-park",
                "공주공원을 지나 출발한 역으로 돌아갑니다.",
                "Past Gongju Park and back to where you started.",
            ),
            ("suro-stn", "출발한 역에서 반납합니다.", "Return the bike where you started."),
        ],
    ),
]


def _seed_courses(stations: dict[str, Station], *, reset: bool) -> int:
    from .services import tour_course_recompute

    for code, name_ko, name_en, description_ko, description_en, stops in COURSES:
        course, created = seed_row(
            TourCourse,
            reset=reset,
            code=code,
            defaults={
                "is_active": True,
                "name_ko": name_ko,
                "name_en": name_en,
                "description_ko": description_ko,
                "description_en": description_en,
                "source_ko": IEUM_TEXT_KO,
                "source_en": IEUM_TEXT_EN,
            },
        )
        if not (created or reset):
            continue  # its stops are as staff left them
        for position, (place, note_ko, note_en) in enumerate(stops, start=1):
            if isinstance(place, str):
                place_fields = {
                    "station": stations[place],
                    "name_ko": "",
                    "name_en": "",
                    "lat": None,
                    "lon": None,
                }
            else:
                site_ko, site_en, lat, lon = place
                place_fields = {
                    "station": None,
                    "name_ko": site_ko,
                    "name_en": site_en,
                    "lat": lat,
                    "lon": lon,
                }
            TourCourseStop.objects.update_or_create(
                course=course,
                position=position,
                defaults={**place_fields, "note_ko": note_ko, "note_en": note_en},
            )
        course.stops.filter(position__gt=len(stops)).delete()
        tour_course_recompute(course_id=course.id)
    return len(COURSES)


def _fill_district_en() -> None:
    """Spots with a known Korean district and no English one get its romanisation; an English
    district staff wrote is kept."""
    empty = NicheSpot.objects.filter(Q(district_en__isnull=True) | Q(district_en=""))
    for ko, en in DISTRICTS_EN.items():
        empty.filter(district_ko=ko).update(district_en=en)


def _square(lat: float, lon: float, d: float) -> dict:
    ring = [
        [lon - d, lat - d],
        [lon + d, lat - d],
        [lon + d, lat + d],
        [lon - d, lat + d],
        [lon - d, lat - d],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def run(stdout, *, reset: bool = False) -> None:
    tagogaya, _ = seed_row(
        Operator,
        reset=reset,
        code="tagogaya",
        defaults={
            "is_active": True,
            "name_ko": "타고가야",
            "name_en": "Tagogaya",
            "kind": Operator.Kind.PUBLIC,
            "phone": "055-330-3114",
            "url": "https://www.gimhae.go.kr",
        },
    )
    pm, _ = seed_row(
        Operator,
        reset=reset,
        code="gimhae-pm-demo",
        defaults={
            "is_active": True,
            "name_ko": "김해 PM (데모)",
            "name_en": "Gimhae PM (demo)",
            "kind": Operator.Kind.PRIVATE,
        },
    )
    bike_plan, _ = seed_row(
        PricingPlan,
        reset=reset,
        code="tagogaya-standard",
        defaults={
            "is_active": True,
            "name_ko": "타고가야 기본요금",
            "name_en": "Tagogaya standard fare",
            "description_ko": "기본 30분 500원 (시 계획). 이후 10분마다 200원, 1회 최대 5,000원, "
            "하루 최대 10,000원, 학생 20% 할인은 데모 값입니다.",
            "description_en": "500 KRW for the first 30 minutes (city plan). Then 200 KRW per 10 "
            "minutes, at most 5,000 KRW a ride and 10,000 KRW a day, 20% off for students: demo "
            "values.",
            "base_price_krw": 500,
            "segments": [{"start": 30, "interval": 10, "rate": 200}],
            "ride_cap_krw": 5000,
            "daily_cap_krw": 10000,
            "discounts": {"student": 20, "senior": 20, "disabled": 50},
            "is_demo": True,
        },
    )
    scooter_plan, _ = seed_row(
        PricingPlan,
        reset=reset,
        code="pm-standard-demo",
        defaults={
            "is_active": True,
            "name_ko": "PM 기본요금 (데모)",
            "name_en": "PM standard fare (demo)",
            "description_ko": "잠금 해제 1,000원, 1분마다 150원 (데모 값).",
            "description_en": "1,000 KRW to unlock, 150 KRW a minute (demo values).",
            "base_price_krw": 1000,
            "segments": [{"start": 0, "interval": 1, "rate": 150}],
            "ride_cap_krw": 20000,
            "is_demo": True,
        },
    )
    ebike, _ = seed_row(
        VehicleType,
        reset=reset,
        code="tagogaya-ebike",
        defaults={
            "name_ko": "타고가야 전기자전거",
            "name_en": "Tagogaya e-bike",
            "operator": tagogaya,
            "form_factor": VehicleType.FormFactor.BICYCLE,
            "propulsion": VehicleType.Propulsion.ELECTRIC_ASSIST,
            "max_range_m": 50000,
            "max_speed_kph": 25,
            "pricing_plan": bike_plan,
            "free_floating": False,
        },
    )
    scooter, _ = seed_row(
        VehicleType,
        reset=reset,
        code="pm-escooter-demo",
        defaults={
            "name_ko": "전동킥보드 (데모)",
            "name_en": "E-scooter (demo)",
            "operator": pm,
            "form_factor": VehicleType.FormFactor.SCOOTER,
            "propulsion": VehicleType.Propulsion.ELECTRIC,
            "max_range_m": 30000,
            "max_speed_kph": 25,
            "pricing_plan": scooter_plan,
            "free_floating": True,
        },
    )
    stations = []
    for code, name_ko, name_en, lat, lon, source, demo, capacity in STATIONS:
        station, _ = seed_row(
            Station,
            reset=reset,
            code=code,
            defaults={
                "operator": tagogaya,
                "name_ko": name_ko,
                "name_en": name_en,
                "lat": lat,
                "lon": lon,
                "capacity": capacity,
                "source": source,
                "is_demo": demo,
                "min_bikes": 2,
                "max_bikes": capacity - 2,
            },
        )
        stations.append(station)
    spots = []
    for code, name_ko, name_en, kind, district, lat, lon, capacity in SPOTS:
        spot, _ = seed_row(
            NicheSpot,
            reset=reset,
            code=code,
            defaults={
                "is_active": True,
                "name_ko": name_ko,
                "name_en": name_en,
                "kind": kind,
                "district_ko": district,
                "district_en": DISTRICTS_EN[district],
                "lat": lat,
                "lon": lon,
                "area": _square(lat, lon, 0.00008),
                "capacity": capacity,
                "is_demo": True,
            },
        )
        spots.append(spot)
    _fill_district_en()
    # bikes: get_or_create, so seeding again never moves a bike someone is riding
    number = 0
    for station in stations:
        for _i in range(min(5, station.capacity // 2)):
            number += 1
            Vehicle.objects.get_or_create(
                code=f"TG-{number:04d}",
                defaults={
                    "vehicle_type": ebike,
                    "station": station,
                    "battery_percent": 60 + (number * 7) % 40,
                },
            )
    for n, spot in enumerate(spots[:5], start=1):
        for k in range(2):
            Vehicle.objects.get_or_create(
                code=f"PM-{n * 10 + k:04d}",
                defaults={
                    "vehicle_type": scooter,
                    "spot": spot,
                    "lat": spot.lat,
                    "lon": spot.lon,
                    "battery_percent": 40 + (n * 13 + k * 29) % 60,
                },
            )
    zones = [
        (
            "demo-suro-tomb",
            "수로왕릉 경내 (데모)",
            "Royal Tomb of King Suro grounds (demo)",
            GeofenceZone.Kind.NO_PARKING,
            _square(35.2362, 128.8786, 0.0009),
            None,
        ),
        (
            "demo-bonghwang-site",
            "봉황동 유적 서행구역 (데모)",
            "Bonghwang-dong site slow zone (demo)",
            GeofenceZone.Kind.SLOW,
            _square(35.2310, 128.8745, 0.0012),
            10,
        ),
        (
            "demo-yulha-stream",
            "율하천 산책로 (데모)",
            "Yulha stream walkway (demo)",
            GeofenceZone.Kind.NO_RIDE,
            _square(35.1800, 128.8140, 0.0010),
            None,
        ),
        (
            "demo-jangyu-centre",
            "장유 중심가 지정주차구역 (데모)",
            "Jangyu centre, designated parking only (demo)",
            GeofenceZone.Kind.PARKING_ONLY,
            _square(35.1925, 128.8070, 0.0030),
            None,
        ),
    ]
    for _code, name_ko, name_en, kind, geometry, speed in zones:
        values = {
            "name_ko": name_ko,
            "name_en": name_en,
            "kind": kind,
            "geometry": geometry,
            "max_speed_kph": speed,
            "is_active": True,
            "is_demo": True,
        }
        # Zones have no code: one staff renamed in one language is still the demo zone.
        zone = (
            GeofenceZone.objects.filter(Q(name_en=name_en) | Q(name_ko=name_ko))
            .order_by("id")
            .first()
        )
        if zone is None:
            GeofenceZone.objects.create(**values)
        elif reset:
            for field, value in values.items():
                setattr(zone, field, value)
            zone.save()
    for year in (2026, 2027):
        seed_row(
            FreeRideDay,
            reset=reset,
            date=datetime.date(year, 4, 22),
            defaults={"name_ko": "자전거의 날", "name_en": "Bicycle Day"},
        )
    seed_row(
        Coupon,
        reset=reset,
        code="GAYA-HERITAGE-DEMO",
        defaults={
            "is_active": True,
            "name_ko": "가야 역사길 코스 50% 할인 (데모)",
            "name_en": "Gaya heritage trail, 50% off (demo)",
            "kind": Coupon.Kind.PERCENT,
            "value": 50,
        },
    )
    courses = _seed_courses({s.code: s for s in stations}, reset=reset)
    stdout.write(
        f"rentals: {len(stations)} stations, {len(spots)} niche spots, "
        f"{Vehicle.objects.count()} vehicles, {len(zones)} zones, {courses} tour courses"
    )
