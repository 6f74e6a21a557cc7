import datetime

import pytest
from django.utils import timezone
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from apps.accounts.models import ConsentDocument, GuardianConsent, UserConsent
from apps.accounts.permissions import ConsentsComplete
from apps.accounts.tests.factories import GuardianConsentFactory, UserFactory

pytestmark = pytest.mark.django_db

DOCS = "/api/v1/accounts/consent-documents/"
MINE = "/api/v1/accounts/me/consents/"
ME = "/api/v1/accounts/me/"
GUARDIAN_REQUEST = "/api/v1/accounts/me/guardian/request/"
GUARDIAN_VERIFY = "/api/v1/accounts/me/guardian/verify/"


class ProtectedView(APIView):
    """Stands for any other app's endpoint once ConsentsComplete is a default permission."""

    permission_classes = [IsAuthenticated, ConsentsComplete]

    def get(self, request):
        return Response({"ok": True})


class ExemptView(ProtectedView):
    consent_exempt = True


def call(view, user=None, **headers):
    request = APIRequestFactory().get("/x/", **headers)
    if user is not None:
        force_authenticate(request, user=user)
    return view.as_view()(request)


def years_ago(years: int, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=days)


def test_documents_are_seeded_in_korean_and_english(api_client):
    ko = api_client.get(DOCS).json()
    assert [d["kind"] for d in ko] == ["terms", "privacy", "location", "marketing"]
    assert {d["version"] for d in ko} == {"2026-11"}
    assert [d["required"] for d in ko] == [True, True, False, False]
    assert ko[0]["title"] == "이음 서비스 이용약관"
    assert "제1조" in ko[0]["body"]
    en = api_client.get(DOCS, HTTP_ACCEPT_LANGUAGE="en").json()
    assert en[0]["title"] == "Ieum Terms of Service"
    assert en[1]["body"].startswith("1. What we collect")


def test_a_new_version_in_force_replaces_the_old_one(api_client):
    ConsentDocument.objects.create(
        kind="terms",
        version="2027-01",
        title="새 약관",
        body="…",
        required=True,
        effective_from=timezone.now() - datetime.timedelta(minutes=1),
    )
    ConsentDocument.objects.create(
        kind="privacy",
        version="2099-01",
        title="미래",
        body="…",
        required=True,
        effective_from=timezone.now() + datetime.timedelta(days=30),
    )
    versions = {d["kind"]: d["version"] for d in api_client.get(DOCS).json()}
    assert versions == {
        "terms": "2027-01",
        "privacy": "2026-11",
        "location": "2026-11",
        "marketing": "2026-11",
    }


def test_users_must_agree_again_to_a_new_required_version(user):
    assert call(ProtectedView, user).status_code == 200
    ConsentDocument.objects.create(
        kind="terms",
        version="2027-01",
        title="새 약관",
        body="…",
        required=True,
        effective_from=timezone.now() - datetime.timedelta(minutes=1),
    )
    response = call(ProtectedView, user)
    assert response.status_code == 403
    assert response.data["code"] == "accounts.consent_required"
    assert response.data["extra"]["missing"] == ["terms"]


def test_give_list_and_withdraw_optional_consents(user, auth_client):
    response = auth_client.post(MINE, {"kinds": ["location", "marketing"]})
    assert response.status_code == 200
    active = {c["kind"] for c in response.json() if c["withdrawn_at"] is None}
    assert active == {"terms", "privacy", "location", "marketing"}
    # agreeing twice keeps one record
    auth_client.post(MINE, {"kinds": ["location"]})
    assert UserConsent.objects.filter(user=user, document__kind="location").count() == 1

    response = auth_client.post(f"{MINE}marketing/withdraw/")
    assert response.status_code == 200
    marketing = [c for c in response.json() if c["kind"] == "marketing"]
    assert marketing[0]["withdrawn_at"] is not None
    again = auth_client.post(f"{MINE}marketing/withdraw/")
    assert again.status_code == 404
    assert again.json()["code"] == "accounts.consent_not_found"
    assert auth_client.post(f"{MINE}bogus/withdraw/").status_code == 404


@pytest.mark.parametrize("kind", ["terms", "privacy"])
def test_required_consents_cannot_be_withdrawn(user, auth_client, kind):
    response = auth_client.post(f"{MINE}{kind}/withdraw/")
    assert response.status_code == 409
    assert response.json()["code"] == "accounts.consent_required_withdraw"
    assert "회원탈퇴" in response.json()["message"]
    en = auth_client.post(f"{MINE}{kind}/withdraw/", HTTP_ACCEPT_LANGUAGE="en")
    # the user's saved language (ko) wins over the header for logged-in users
    assert en.json()["code"] == "accounts.consent_required_withdraw"
    assert UserConsent.objects.filter(user=user, withdrawn_at__isnull=False).count() == 0


def test_permission_lets_anonymous_staff_and_exempt_views_through():
    assert call(ProtectedView).status_code in (401, 403)  # IsAuthenticated's answer
    assert call(ProtectedView).data["code"] in ("not_authenticated", "permission_denied")
    no_consents = UserFactory(consents=[])
    assert call(ExemptView, no_consents).status_code == 200
    assert call(ProtectedView, UserFactory(consents=[], is_staff=True)).status_code == 200
    response = call(ProtectedView, no_consents)
    assert response.status_code == 403
    assert response.data["code"] == "accounts.consent_required"
    assert response.data["extra"]["missing"] == ["privacy", "terms"]


def test_user_without_consents_can_still_reach_own_account_views(make_auth_client):
    client = make_auth_client(UserFactory(consents=[]))
    assert client.get(ME).json()["consents_complete"] is False
    client.post(MINE, {"kinds": ["terms", "privacy"]})
    assert client.get(ME).json()["consents_complete"] is True


def test_age_is_counted_on_the_seoul_calendar(user):
    from apps.accounts.selectors import user_age

    user.date_of_birth = datetime.date(2012, 3, 1)
    assert user_age(user=user, today=datetime.date(2026, 2, 28)) == 13
    assert user_age(user=user, today=datetime.date(2026, 3, 1)) == 14


def test_under_14_is_blocked_until_the_guardian_confirms(api_client, signup, sms_outbox, last_code):
    response = signup("010-5555-0001", date_of_birth=years_ago(10).isoformat())
    assert response.status_code == 200
    body = response.json()
    assert body["user"]["guardian_consent_required"] is True
    from apps.accounts.models import User

    child = User.objects.get(phone="+821055550001")
    blocked = call(ProtectedView, child)
    assert blocked.status_code == 403
    assert blocked.data["code"] == "accounts.guardian_consent_required"

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    own_phone = api_client.post(
        GUARDIAN_REQUEST,
        {"guardian_phone": "010-5555-0001", "guardian_name": "김보호", "relation": "parent"},
    )
    assert own_phone.json()["code"] == "accounts.guardian_phone_same"
    response = api_client.post(
        GUARDIAN_REQUEST,
        {"guardian_phone": "010-5555-0002", "guardian_name": "김보호", "relation": "parent"},
    )
    assert response.status_code == 202
    assert response.json() == {"guardian_phone": "+821055550002", "expires_in": 180}
    code = last_code("+821055550002")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    bad = api_client.post(GUARDIAN_VERIFY, {"code": wrong})
    assert bad.json()["code"] == "accounts.otp_invalid"
    assert call(ProtectedView, child).status_code == 403

    ok = api_client.post(GUARDIAN_VERIFY, {"code": code})
    assert ok.status_code == 200
    assert ok.json()["guardian_name"] == "김보호"
    assert ok.json()["agreed_at"] is not None
    assert call(ProtectedView, child).status_code == 200
    assert api_client.get(ME).json()["guardian_consent_required"] is False
    again = api_client.post(
        GUARDIAN_REQUEST,
        {"guardian_phone": "010-5555-0002", "guardian_name": "김보호", "relation": "parent"},
    )
    assert again.status_code == 409
    assert again.json()["code"] == "accounts.guardian_consent_not_needed"


def test_a_14_year_old_needs_no_guardian(make_auth_client, sms_outbox):
    teen = UserFactory(date_of_birth=years_ago(14))
    assert call(ProtectedView, teen).status_code == 200
    response = make_auth_client(teen).post(
        GUARDIAN_REQUEST,
        {"guardian_phone": "010-5555-0002", "guardian_name": "김보호", "relation": "parent"},
    )
    assert response.status_code == 409
    assert not sms_outbox


def test_a_day_before_14_still_needs_a_guardian():
    child = UserFactory(date_of_birth=years_ago(14) + datetime.timedelta(days=1))
    assert call(ProtectedView, child).data["code"] == "accounts.guardian_consent_required"
    GuardianConsentFactory(user=child)
    assert call(ProtectedView, child).status_code == 200


def test_guardian_verify_without_request(make_auth_client):
    child = UserFactory(date_of_birth=years_ago(9))
    response = make_auth_client(child).post(GUARDIAN_VERIFY, {"code": "123456"})
    assert response.status_code == 400
    assert response.json()["code"] == "accounts.otp_expired"
    assert not GuardianConsent.objects.exists()


def test_consent_lists_use_a_fixed_number_of_queries(
    api_client, make_auth_client, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert len(api_client.get(DOCS).json()) == 4
    user = UserFactory(consents=["terms", "privacy", "location", "marketing"])
    client = make_auth_client(user)
    with django_assert_num_queries(2):  # the user (JWT) + the consents with their documents
        assert len(client.get(MINE).json()) == 4
