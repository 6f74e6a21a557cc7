"""Civil-request set-up for `manage.py seed` (called from apps/chat/seed.py).

Departments and categories are the kinds of civil request Gimhae takes every day (illegal parking,
e-scooters left in the way, bulky waste, potholes, street lights…), written for Ieum in Korean and
English; department names follow Gimhae city hall's divisions, phone numbers are left for staff to
fill in admin. The requests are invented demo reports, marked ``is_demo`` and "[데모]" in their text.
Rows are added when missing and otherwise left as staff edited them (apps/core/seeding.py).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from apps.core.seeding import seed_row

from .models import (
    CivilDepartment,
    CivilRequest,
    CivilRequestAttribute,
    CivilRequestCategory,
    CivilRequestEvent,
)

DEPARTMENTS = [
    ("civil_affairs", "민원여권과", "Civil Affairs and Passport Division"),
    ("traffic", "교통행정과", "Traffic Administration Division"),
    ("recycling", "자원순환과", "Resource Recycling Division"),
    ("roads", "도로과", "Road Division"),
    ("environment", "환경관리과", "Environmental Management Division"),
    ("parks", "공원녹지과", "Parks and Green Spaces Division"),
]

# code, ko, en, department, group ko/en, photo required, keywords, description ko/en
CATEGORIES = [
    (
        "illegal_parking",
        "불법 주정차",
        "Illegal parking",
        "traffic",
        ("교통·주차", "Traffic and parking"),
        True,
        "불법주차,주정차,견인,illegal parking,parking,tow",
        "횡단보도·버스정류장·소화전·교차로 모퉁이·어린이보호구역 등의 불법 주정차를 신고합니다. "
        "같은 장소를 1분 이상 간격으로 찍은 사진이 있으면 단속에 도움이 됩니다.",
        "Report a vehicle parked illegally: on a crosswalk, at a bus stop, by a fire hydrant, on "
        "an intersection corner or in a school zone. Photos taken a minute apart help enforcement.",
    ),
    (
        "pm_parking",
        "개인형 이동장치(PM) 방치",
        "E-scooter or bike left in the way",
        "traffic",
        ("교통·주차", "Traffic and parking"),
        True,
        "킥보드,전동킥보드,PM,타고가야,자전거,e-scooter,scooter,bike,Tagogaya",
        "보도·횡단보도·점자블록·차도에 세워진 전동킥보드나 공유자전거를 신고합니다.",
        "Report an e-scooter or shared bike left on a pavement, crosswalk, tactile paving or the "
        "road.",
    ),
    (
        "bulky_waste",
        "대형 폐기물 방치",
        "Bulky waste left out",
        "recycling",
        ("청소·환경", "Waste and environment"),
        False,
        "대형폐기물,가구,매트리스,가전,bulky waste,furniture,mattress",
        "스티커 없이 내놓은 가구·가전 등 대형 폐기물을 신고합니다. 직접 버리실 때는 "
        "대형폐기물 배출 신고(수수료 납부) 후 내놓아 주세요.",
        "Report furniture or appliances put out without a disposal sticker. To throw out your "
        "own, register the disposal (and pay the fee) first.",
    ),
    (
        "illegal_dumping",
        "쓰레기 무단투기",
        "Illegal dumping of rubbish",
        "environment",
        ("청소·환경", "Waste and environment"),
        False,
        "쓰레기,무단투기,rubbish,garbage,dumping,litter",
        "종량제 봉투를 쓰지 않았거나 정해진 곳이 아닌 곳에 버린 쓰레기를 신고합니다.",
        "Report rubbish dumped outside the official bags or collection points.",
    ),
    (
        "road_damage",
        "도로 파손(포트홀)",
        "Road damage (pothole)",
        "roads",
        ("도로·시설", "Roads and facilities"),
        False,
        "포트홀,도로파손,보도블록,pothole,road,pavement",
        "차도의 포트홀, 깨진 보도블록, 꺼진 맨홀 뚜껑 등을 신고합니다.",
        "Report a pothole, broken paving or a sunken manhole cover.",
    ),
    (
        "street_light",
        "가로등·보안등 고장",
        "Street light out",
        "roads",
        ("도로·시설", "Roads and facilities"),
        False,
        "가로등,보안등,불빛,street light,lamp,light",
        "꺼지거나 깜박이거나 낮에도 켜진 가로등·보안등을 신고합니다. 기둥의 관리번호를 "
        "알려주시면 빨리 찾을 수 있습니다.",
        "Report a street or security light that is off, flickering or on in daylight. The number "
        "on the pole helps the crew find it.",
    ),
    (
        "traffic_facility",
        "신호등·교통표지판 고장",
        "Traffic light or sign broken",
        "traffic",
        ("교통·주차", "Traffic and parking"),
        False,
        "신호등,표지판,traffic light,signal,sign",
        "고장 난 신호등, 쓰러지거나 가려진 교통표지판을 신고합니다. 위험한 경우 112에도 "
        "알려주세요.",
        "Report a broken traffic light or a fallen or hidden road sign. If it is dangerous, "
        "call 112 as well.",
    ),
    (
        "park_facility",
        "공원 시설 파손",
        "Park facility damaged",
        "parks",
        ("도로·시설", "Roads and facilities"),
        False,
        "공원,놀이터,벤치,나무,park,playground,bench,tree",
        "공원·놀이터의 부서진 시설이나 쓰러진 나무를 신고합니다.",
        "Report broken equipment in a park or playground, or a fallen tree.",
    ),
    (
        "other",
        "기타 생활 불편",
        "Other everyday problem",
        "civil_affairs",
        ("기타", "Other"),
        False,
        "기타,불편,other",
        "위에 없는 생활 불편을 알려주세요. 민원여권과에서 담당 부서로 전달합니다.",
        "Anything not listed above; civil affairs passes it to the right division.",
    ),
]


def _choices(*items: tuple[str, str, str]) -> list[dict[str, str]]:
    return [{"key": key, "name_ko": ko, "name_en": en} for key, ko, en in items]


# category, code, datatype, required, order, question ko/en, choices
ATTRIBUTES = [
    (
        "illegal_parking",
        "place_kind",
        "singlevaluelist",
        True,
        1,
        "어디에 세워져 있나요?",
        "Where is it parked?",
        _choices(
            ("crosswalk", "횡단보도", "Crosswalk"),
            ("bus_stop", "버스정류장", "Bus stop"),
            ("hydrant", "소화전 주변", "By a fire hydrant"),
            ("corner", "교차로 모퉁이", "Intersection corner"),
            ("school_zone", "어린이보호구역", "School zone"),
            ("sidewalk", "보도", "Pavement"),
            ("other", "기타", "Elsewhere"),
        ),
    ),
    (
        "illegal_parking",
        "plate",
        "string",
        False,
        2,
        "차량 번호 (알면)",
        "Number plate (if you know it)",
        [],
    ),
    (
        "pm_parking",
        "blocking",
        "singlevaluelist",
        True,
        1,
        "무엇을 막고 있나요?",
        "What is it blocking?",
        _choices(
            ("sidewalk", "보도", "Pavement"),
            ("crosswalk", "횡단보도", "Crosswalk"),
            ("tactile", "점자블록", "Tactile paving"),
            ("road", "차도", "Road"),
            ("entrance", "건물 출입구", "A building entrance"),
        ),
    ),
    (
        "pm_parking",
        "operator",
        "singlevaluelist",
        False,
        2,
        "어느 업체 기기인가요?",
        "Whose vehicle is it?",
        _choices(
            ("tagogaya", "타고가야", "Tagogaya"),
            ("other", "다른 업체", "Another operator"),
            ("unknown", "모름", "Don't know"),
        ),
    ),
    (
        "bulky_waste",
        "items",
        "multivaluelist",
        False,
        1,
        "무엇이 있나요?",
        "What is there?",
        _choices(
            ("furniture", "가구", "Furniture"),
            ("mattress", "매트리스", "Mattress"),
            ("appliance", "가전제품", "Appliance"),
            ("other", "기타", "Something else"),
        ),
    ),
    (
        "road_damage",
        "size",
        "singlevaluelist",
        False,
        1,
        "크기는 어느 정도인가요?",
        "How big is it?",
        _choices(
            ("small", "손바닥 크기", "Palm-sized"),
            ("medium", "바퀴가 빠질 정도", "Could catch a wheel"),
            ("large", "차로를 막을 정도", "Blocks a lane"),
        ),
    ),
    (
        "street_light",
        "pole_number",
        "string",
        False,
        1,
        "기둥의 관리번호 (있으면)",
        "Number on the pole (if any)",
        [],
    ),
    (
        "street_light",
        "problem",
        "singlevaluelist",
        True,
        2,
        "어떤 상태인가요?",
        "What is wrong?",
        _choices(
            ("off", "꺼져 있음", "Off"),
            ("flickering", "깜박임", "Flickering"),
            ("day", "낮에도 켜져 있음", "On in daylight"),
            ("damaged", "파손", "Damaged"),
        ),
    ),
]

_DEMO_NS = uuid.UUID("6f0d1c2e-7c3a-4f6e-9a51-0c1b2d3e4f50")

# key, category, status, lat, lon, address, description, answers, days ago, notes (status, note)
DEMO_REQUESTS = [
    (
        "suro-crosswalk-parking",
        "illegal_parking",
        "resolved",
        35.2336,
        128.8772,
        "김해시 가락로 수로왕릉 앞 횡단보도",
        "[데모] 횡단보도 위에 승용차가 30분째 세워져 있습니다.",
        {"place_kind": "crosswalk"},
        6,
        [("assigned", ""), ("resolved", "[데모] 단속 요원이 현장 확인 후 과태료를 부과했습니다.")],
    ),
    (
        "bonghwang-scooter",
        "pm_parking",
        "in_progress",
        35.2281,
        128.8751,
        "봉황역 2번 출구 앞",
        "[데모] 점자블록 위에 전동킥보드 두 대가 쓰러져 있어요.",
        {"blocking": "tactile", "operator": "unknown"},
        2,
        [("in_progress", "[데모] 운영사에 이동 조치를 요청했습니다.")],
    ),
    (
        "naeoe-pothole",
        "road_damage",
        "assigned",
        35.2375,
        128.8660,
        "김해시 내외동 내외중앙로",
        "[데모] 2차로에 큰 포트홀이 있어 차들이 피해 갑니다.",
        {"size": "medium"},
        1,
        [("assigned", "")],
    ),
    (
        "gaya-light",
        "street_light",
        "received",
        35.2425,
        128.8790,
        "김해시 구산동 가야의거리 산책로",
        "[데모] 산책로 가로등이 사흘째 꺼져 있습니다.",
        {"problem": "off"},
        0,
        [],
    ),
    (
        "jangyu-bulky",
        "bulky_waste",
        "rejected",
        35.1932,
        128.8107,
        "김해시 장유동 율하 아파트 단지 앞",
        "[데모] 소파가 스티커 없이 일주일째 놓여 있습니다.",
        {"items": ["furniture"]},
        10,
        [("rejected", "[데모] 사유지(아파트 단지 내)로 관리사무소에 안내했습니다.")],
    ),
]


def run(stdout, *, reset: bool = False) -> None:
    for code, name_ko, name_en in DEPARTMENTS:
        seed_row(
            CivilDepartment,
            reset=reset,
            code=code,
            defaults={"name_ko": name_ko, "name_en": name_en},
        )
    for order, row in enumerate(CATEGORIES, start=1):
        code, name_ko, name_en, department, group, photo, keywords, desc_ko, desc_en = row
        seed_row(
            CivilRequestCategory,
            reset=reset,
            code=code,
            defaults={
                "name_ko": name_ko,
                "name_en": name_en,
                "department_id": department,
                "group_ko": group[0],
                "group_en": group[1],
                "photo_required": photo,
                "keywords": keywords,
                "description_ko": desc_ko,
                "description_en": desc_en,
                "order": order * 10,
            },
        )
    for category, code, datatype, required, order, q_ko, q_en, values in ATTRIBUTES:
        seed_row(
            CivilRequestAttribute,
            reset=reset,
            category_id=category,
            code=code,
            defaults={
                "datatype": datatype,
                "required": required,
                "order": order,
                "description_ko": q_ko,
                "description_en": q_en,
                "values": values,
            },
        )
    added = 0
    now = timezone.now()
    for key, category, status, lat, lon, address, text, answers, days, notes in DEMO_REQUESTS:
        department = CivilRequestCategory.objects.get(code=category).department_id
        last_note = next((note for _s, note in reversed(notes) if note), "")
        civil_request, created = seed_row(
            CivilRequest,
            reset=reset,
            id=uuid.uuid5(_DEMO_NS, key),
            defaults={
                "category_id": category,
                "department_id": department,
                "status": status,
                "lat": lat,
                "lon": lon,
                "address": address,
                "description": text,
                "attributes": answers,
                "status_notes": last_note,
                "channel": CivilRequest.Channel.APP,
                "closed_at": now if status in CivilRequest.CLOSED else None,
                "is_demo": True,
            },
        )
        if created:
            added += 1
            filed = now - timedelta(days=days, hours=3)
            CivilRequest.objects.filter(pk=civil_request.pk).update(created_at=filed)
            events = [
                CivilRequestEvent(
                    request=civil_request, status="received", department_id=department
                )
            ]
            events += [
                CivilRequestEvent(
                    request=civil_request, status=event_status, department_id=department, note=note
                )
                for event_status, note in notes
            ]
            CivilRequestEvent.objects.bulk_create(events)
            # spread the demo history over the days since it was filed
            step = timedelta(days=days) / (len(events) + 1) if days else timedelta(minutes=20)
            for n, event in enumerate(events):
                CivilRequestEvent.objects.filter(pk=event.pk).update(at=filed + step * n)
    stdout.write(f"civil requests: {len(CATEGORIES)} categories, {added} demo requests added\n")
