"""Seed data: the three universities of Gimhae, the "2026-11" consent documents (ko/en) and the
staff department groups (permissions are synced by `manage.py ensure_departments`)."""

import datetime
from zoneinfo import ZoneInfo

from django.db import migrations

UNIVERSITIES = [
    ("인제대학교", "Inje University", ["inje.ac.kr"]),
    ("가야대학교", "Kaya University", ["kaya.ac.kr"]),
    ("김해대학교", "Gimhae College", ["gimhae.ac.kr"]),
]

VERSION = "2026-11"
EFFECTIVE_FROM = datetime.datetime(2026, 11, 1, tzinfo=ZoneInfo("Asia/Seoul"))

DOCUMENTS = [
    {
        "kind": "terms",
        "required": True,
        "title_ko": "이음 서비스 이용약관",
        "title_en": "Ieum Terms of Service",
        "body_ko": (
            "제1조(목적) 이 약관은 김해시(이하 \"시\")가 제공하는 시민 통합 앱 '이음'(이하 \"서비스\")의 "
            "이용 조건과 절차, 시와 이용자의 권리·의무 및 책임 사항을 정합니다.\n\n"
            "제2조(회원가입) 이용자는 휴대전화 번호 인증과 이 약관 및 개인정보 수집·이용에 동의함으로써 "
            "회원으로 가입합니다. 만 14세 미만은 법정대리인의 동의를 받아야 합니다.\n\n"
            "제3조(서비스의 내용) 시는 통합 교통(MaaS) 경로 안내와 요금 결제, 공영자전거·개인형 이동장치 대여, "
            "캠퍼스 수요응답형 버스, 주차, 개인 건강기록, AI 상담, 복지 안내, 관광 정보, 생활물류 서비스를 "
            "제공합니다. 일부 서비스는 운영 기관의 사정에 따라 변경되거나 중단될 수 있습니다.\n\n"
            "제4조(이용자의 의무) 이용자는 타인의 정보를 도용하거나 서비스 운영을 방해해서는 안 되며, "
            "대여한 이동수단과 예약한 시설을 정해진 규칙에 따라 이용해야 합니다.\n\n"
            "제5조(회원탈퇴) 이용자는 언제든지 앱에서 탈퇴를 신청할 수 있습니다. 탈퇴 신청 후 30일의 "
            "유예기간이 지나면 개인정보는 파기되거나 익명 처리되며, 관계 법령이 보존을 정한 결제 기록 등은 "
            "그 기간 동안 보관됩니다.\n\n"
            "제6조(분쟁 해결) 서비스 이용과 관련한 분쟁은 김해시 민원 창구 또는 관계 법령이 정한 절차에 따릅니다.\n\n"
            "부칙: 이 약관은 2026년 11월 1일부터 시행합니다."
        ),
        "body_en": (
            "Article 1 (Purpose) These terms set out the conditions and procedures for using Ieum, the "
            "citizen app provided by Gimhae City (\"the City\"), and the rights, duties and "
            "responsibilities of the City and its users.\n\n"
            "Article 2 (Sign-up) You become a member by verifying your mobile phone number and agreeing "
            "to these terms and to the collection and use of personal information. Children under 14 "
            "need the consent of a legal guardian.\n\n"
            "Article 3 (Services) The City provides integrated mobility (MaaS) trip planning and "
            "payment, public bike and e-scooter rental, the campus demand-responsive bus, parking, a "
            "personal health record, AI consultation, welfare guidance, tourism information and "
            "last-mile delivery. Some services may change or stop depending on their operators.\n\n"
            "Article 4 (Your duties) You must not use another person's information or disrupt the "
            "service, and you must use rented vehicles and reserved facilities according to their rules.\n\n"
            "Article 5 (Leaving) You may delete your account in the app at any time. After a 30-day "
            "grace period your personal information is destroyed or anonymised; records the law "
            "requires to be kept, such as payment records, are kept for that period.\n\n"
            "Article 6 (Disputes) Disputes about the service follow Gimhae City's civil complaint "
            "procedure or the procedures set by law.\n\n"
            "These terms take effect on 1 November 2026."
        ),
    },
    {
        "kind": "privacy",
        "required": True,
        "title_ko": "개인정보 수집·이용 동의",
        "title_en": "Consent to the collection and use of personal information",
        "body_ko": (
            "1. 수집 항목: 휴대전화 번호, 이름(표시 이름), 생년월일, 언어 설정, 거주자·관광객 구분, "
            "학생 인증 정보(학교, 학교 이메일), 서비스 이용 기록, 접속 IP 주소\n"
            "2. 수집·이용 목적: 본인 확인과 회원 관리, 교통·주차·대여 등 서비스 제공과 요금 정산, "
            "학생 요금 적용, 민원 처리, 부정 이용 방지\n"
            "3. 보유·이용 기간: 회원 탈퇴 후 30일까지. 다만 전자상거래 등에서의 소비자보호에 관한 법률에 "
            "따라 결제 기록은 5년간 보관합니다.\n"
            "4. 동의를 거부할 권리: 위 항목은 서비스 제공에 꼭 필요한 최소한의 정보로, 동의를 거부하시면 "
            "회원가입을 할 수 없습니다.\n"
            "5. 열람·삭제: 앱의 '내 정보 내려받기'와 '회원탈퇴'에서 언제든지 개인정보를 열람하거나 "
            "삭제를 요청할 수 있습니다."
        ),
        "body_en": (
            "1. What we collect: mobile phone number, display name, date of birth, language, resident or "
            "tourist, student verification (university, campus e-mail), service usage records, IP address.\n"
            "2. Why: to identify you and manage your account, to provide transport, parking, rental and "
            "other services and settle fares, to apply student fares, to handle civil requests and to "
            "prevent abuse.\n"
            "3. How long: until 30 days after you delete your account, except payment records, which the "
            "Act on Consumer Protection in Electronic Commerce requires us to keep for 5 years.\n"
            "4. Your right to refuse: this is the minimum information needed to provide the service; "
            "without this consent you cannot sign up.\n"
            "5. Access and erasure: you can download your data or delete your account in the app at any time."
        ),
    },
    {
        "kind": "location",
        "required": False,
        "title_ko": "위치기반서비스 이용 동의 (선택)",
        "title_en": "Consent to location-based services (optional)",
        "body_ko": (
            "김해시는 위치정보의 보호 및 이용 등에 관한 법률에 따라 이용자의 현재 위치를 이용해 가까운 "
            "정류장과 대여소, 주차장, 관광지를 안내하고, 수요응답형 버스 승차 위치와 배송 위치를 정합니다. "
            "위치정보는 요청 처리 후 즉시 파기하며, 이용 사실 확인 자료는 6개월간 보관합니다. "
            "동의하지 않아도 위치를 사용하지 않는 기능은 이용할 수 있으며, 언제든지 철회할 수 있습니다."
        ),
        "body_en": (
            "Under the Act on the Protection and Use of Location Information, Gimhae City uses your "
            "current location to show nearby stops, rental stations, car parks and places to visit, and "
            "to set pick-up points for the demand-responsive bus and delivery points. Location data is "
            "destroyed as soon as the request is served; records of its use are kept for 6 months. "
            "Without this consent you can still use features that do not need your location, and you "
            "can withdraw it at any time."
        ),
    },
    {
        "kind": "marketing",
        "required": False,
        "title_ko": "소식 및 혜택 알림 수신 동의 (선택)",
        "title_en": "Consent to news and offers (optional)",
        "body_ko": (
            "김해시와 협력 기관의 축제·행사 소식, 교통 요금 할인과 지역 상점 혜택을 앱 알림과 문자로 "
            "보내 드립니다. 동의하지 않아도 서비스 이용에는 제한이 없으며, 언제든지 철회할 수 있습니다."
        ),
        "body_en": (
            "We send news of Gimhae City's festivals and events, fare discounts and local shop offers "
            "by app notification and text message. Refusing does not limit your use of the service, and "
            "you can withdraw this consent at any time."
        ),
    },
]

DEPARTMENTS = ["transport", "parking", "health", "welfare", "tourism", "logistics", "civil_affairs"]


def seed(apps, schema_editor):
    University = apps.get_model("accounts", "University")
    ConsentDocument = apps.get_model("accounts", "ConsentDocument")
    Group = apps.get_model("auth", "Group")
    for name_ko, name_en, domains in UNIVERSITIES:
        University.objects.update_or_create(
            name_ko=name_ko,
            defaults={"name": name_ko, "name_en": name_en, "email_domains": domains},
        )
    for doc in DOCUMENTS:
        ConsentDocument.objects.update_or_create(
            kind=doc["kind"],
            version=VERSION,
            defaults={
                **doc,
                "title": doc["title_ko"],
                "body": doc["body_ko"],
                "effective_from": EFFECTIVE_FROM,
            },
        )
    for name in DEPARTMENTS:
        Group.objects.get_or_create(name=name)


def unseed(apps, schema_editor):
    apps.get_model("accounts", "ConsentDocument").objects.filter(version=VERSION).delete()
    apps.get_model("accounts", "University").objects.filter(
        name_ko__in=[u[0] for u in UNIVERSITIES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_consents_students_codes"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
