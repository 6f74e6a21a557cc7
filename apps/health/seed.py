"""Demo data for `make seed`: the health programmes staff enrol participants in.

The kinds and places come from the city plan (B1: the child healthcare booth piloted at the Gimhae
Youth Training Centre in Jinyeong-eup; B2: the smart rehabilitation centre, whose site is not yet
chosen; ICT health-care centres at the Naeoe-dong, Bukbu-dong, Jucheon-myeon and Hwalcheon-dong
welfare centres). The programme names and codes are invented for the demo and each row is marked
``is_demo``. Rows are added when missing and otherwise left as staff edited them."""

from apps.core.seeding import seed_row

from .models import Programme

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
