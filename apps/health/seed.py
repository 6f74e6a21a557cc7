"""Demo data for `make seed`: the health programmes staff enrol participants in.

The kinds and places come from the city plan (B1: the child healthcare booth piloted at the Gimhae
Youth Training Centre in Jinyeong-eup; B2: the smart rehabilitation centre, whose site is not yet
chosen; ICT health-care centres at the Naeoe-dong, Bukbu-dong, Jucheon-myeon and Hwalcheon-dong
welfare centres). The programme names and codes are invented for the demo and each row is marked
``is_demo``. Rows are added when missing and otherwise left as staff edited them."""

import datetime

from django.conf import settings
from django.utils import timezone

from apps.core.seeding import seed_row

from .models import Participation, Programme

# Invented, DEBUG only: a demo member the kiosk simulator posts readings for (log in with this
# number on a laptop; the console SMS backend prints the code).
DEMO_MEMBER_PHONE = "+821099990013"
DEMO_MEMBER_NAME = "건강수첩 데모 회원"

PROGRAMMES = [
    (
        "demo-child-booth-jinyeong",
        Programme.Kind.CHILD_BOOTH,
        "어린이 비만 관리 부스 (청소년수련관)",
        "Child weight programme booth (Youth Training Centre)",
        "김해시 청소년수련관, 진영읍",
    ),
    (
        "demo-rehab-centre",
        Programme.Kind.REHAB_CENTRE,
        "스마트 재활 헬스케어 센터",
        "Smart rehabilitation centre",
        "부지 선정 중",
    ),
    (
        "demo-senior-centres",
        Programme.Kind.SENIOR_CENTRE,
        "스마트경로당 건강측정",
        "Smart senior centre health checks",
        "내외동·북부동·주촌면·활천동",
    ),
    (
        "demo-smoking-clinic",
        Programme.Kind.PUBLIC_HEALTH,
        "보건소 금연클리닉",
        "Public health centre stop-smoking clinic",
        "김해시 보건소",
    ),
]


def run(stdout, *, reset: bool = False) -> None:
    added = 0
    for code, kind, name_ko, name_en, place in PROGRAMMES:
        _, created = seed_row(
            Programme,
            reset=reset,
            code=code,
            defaults={
                "kind": kind,
                "name_ko": name_ko,
                "name_en": name_en,
                "place": place,
                "is_demo": True,
            },
        )
        added += created
    stdout.write(f"health: {added} demo programme(s) added")
    if settings.DEBUG:
        _demo_member()


def _demo_member() -> None:
    from apps.accounts.models import User

    from . import services

    member = User.objects.filter(phone=DEMO_MEMBER_PHONE).first()
    if member is None:
        member = User.objects.create_user(DEMO_MEMBER_PHONE, display_name=DEMO_MEMBER_NAME)
    services.profile_ensure(user=member)
    Participation.objects.get_or_create(
        programme=Programme.objects.get(code="demo-senior-centres"),
        user=member,
        defaults={"joined_on": timezone.localdate() - datetime.timedelta(days=30)},
    )
