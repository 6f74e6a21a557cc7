import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from apps.accounts.models import StudentVerification, University

pytestmark = pytest.mark.django_db

UNIVERSITIES = "/api/v1/accounts/universities/"
EMAIL = "/api/v1/accounts/me/student/email/"
VERIFY = "/api/v1/accounts/me/student/email/verify/"


@pytest.fixture
def inje():
    return University.objects.get(name_ko="인제대학교")


def mailed_code() -> str:
    return re.search(r"(?<!\d)(\d{6})(?!\d)", mail.outbox[-1].body).group(1)


def test_the_three_universities_are_seeded(api_client, django_assert_num_queries):
    with django_assert_num_queries(1):
        body = api_client.get(UNIVERSITIES).json()
    assert {u["name"] for u in body} == {"인제대학교", "가야대학교", "김해대학교"}
    domains = sorted(d for u in body for d in u["email_domains"])
    assert domains == ["gimhae.ac.kr", "inje.ac.kr", "kaya.ac.kr"]
    en = api_client.get(UNIVERSITIES, HTTP_ACCEPT_LANGUAGE="en").json()
    assert "Inje University" in {u["name"] for u in en}


def test_campus_email_verifies_a_student(user, auth_client, inje):
    response = auth_client.post(
        EMAIL, {"university": str(inje.id), "email": "Kim@Student.Inje.ac.kr"}
    )
    assert response.status_code == 202
    assert response.json()["email"] == "kim@student.inje.ac.kr"
    assert mail.outbox[-1].to == ["kim@student.inje.ac.kr"]
    code = mailed_code()
    assert code not in StudentVerification.objects.get(user=user).code_hash
    response = auth_client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert response.json()["status"] == "verified"
    verification = StudentVerification.objects.get(user=user)
    assert verification.method == "email" and verification.verified_at is not None
    student = auth_client.get("/api/v1/accounts/me/").json()["student"]
    assert student["university_name"] == "인제대학교" and student["status"] == "verified"
    again = auth_client.post(EMAIL, {"university": str(inje.id), "email": "kim@inje.ac.kr"})
    assert again.status_code == 409


def test_other_domains_are_refused(user, auth_client, inje):
    response = auth_client.post(EMAIL, {"university": str(inje.id), "email": "kim@gmail.com"})
    assert response.status_code == 400
    assert response.json()["code"] == "accounts.student_email_domain"
    fake = auth_client.post(EMAIL, {"university": str(inje.id), "email": "kim@notinje.ac.kr"})
    assert fake.json()["code"] == "accounts.student_email_domain"
    assert not mail.outbox and not StudentVerification.objects.exists()


def test_unknown_university_is_404(auth_client):
    response = auth_client.post(
        EMAIL, {"university": "00000000-0000-0000-0000-000000000000", "email": "a@inje.ac.kr"}
    )
    assert response.status_code == 404
    assert response.json()["code"] == "accounts.university_not_found"


def test_wrong_codes_lock_and_expired_codes_fail(user, auth_client, inje):
    auth_client.post(EMAIL, {"university": str(inje.id), "email": "kim@inje.ac.kr"})
    code = mailed_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for left in (4, 3, 2, 1, 0):
        assert auth_client.post(VERIFY, {"code": wrong}).json()["extra"]["attempts_left"] == left
    assert auth_client.post(VERIFY, {"code": code}).json()["code"] == "accounts.otp_locked"

    StudentVerification.objects.update(
        code_attempts=0, code_expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert auth_client.post(VERIFY, {"code": code}).json()["code"] == "accounts.otp_expired"
    assert StudentVerification.objects.get().status == "pending"


def test_resend_waits_a_minute(auth_client, inje):
    auth_client.post(EMAIL, {"university": str(inje.id), "email": "kim@inje.ac.kr"})
    response = auth_client.post(EMAIL, {"university": str(inje.id), "email": "kim@inje.ac.kr"})
    assert response.status_code == 429
    assert 0 < response.json()["extra"]["retry_after"] <= 60
    assert len(mail.outbox) == 1
