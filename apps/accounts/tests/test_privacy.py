import datetime

import pytest
from django.utils import timezone

from apps.accounts.models import (
    GuardianConsent,
    PhoneCode,
    StudentVerification,
    User,
    UserConsent,
)
from apps.accounts.tasks import purge_deleted_accounts
from apps.accounts.tests.factories import (
    GuardianConsentFactory,
    StudentVerificationFactory,
    UserFactory,
)
from apps.core import periodic, privacy

pytestmark = pytest.mark.django_db

EXPORT = "/api/v1/accounts/me/export/"
DELETE = "/api/v1/accounts/me/delete/"
CANCEL = "/api/v1/accounts/me/delete/cancel/"
ME = "/api/v1/accounts/me/"


@pytest.fixture
def other_app_section():
    """A section registered by another app, as payments or health do in their ready()."""
    erased = []
    privacy.register(
        "zz_test_app",
        export=lambda user: {"trips": [{"user": str(user.id), "fare": 1450}]},
        erase=lambda user: erased.append(user.id),
    )
    yield erased
    privacy._sections.pop("zz_test_app", None)


def test_accounts_registers_its_section_and_purge_job():
    assert "accounts" in [s.name for s in privacy.sections()]
    assert "apps.accounts.tasks.purge_deleted_accounts" in [j.task for j in periodic.jobs()]


def test_export_contains_every_registered_section(user, auth_client, other_app_section):
    StudentVerificationFactory(user=user)
    response = auth_client.get(EXPORT)
    assert response.status_code == 200
    body = response.json()
    assert body["user_id"] == str(user.id)
    sections = body["sections"]
    assert sections["zz_test_app"] == {"trips": [{"user": str(user.id), "fare": 1450}]}
    accounts = sections["accounts"]
    assert accounts["profile"]["phone"] == user.phone
    assert {c["kind"] for c in accounts["consents"]} == {"terms", "privacy"}
    assert accounts["student"]["status"] == "verified"


def test_export_needs_login(api_client):
    assert api_client.get(EXPORT).status_code == 401


def test_delete_stops_login_and_logging_in_again_cancels(api_client, signup, last_code):
    tokens = signup("010-7777-0001").json()
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    response = api_client.post(DELETE)
    assert response.status_code == 202
    requested = response.json()["deletion_requested_at"]
    assert requested is not None
    user = User.objects.get(phone="+821077770001")
    assert user.deletion_requested_at is not None and not user.is_active
    # the access token no longer opens the account, and the refresh token is dead
    assert api_client.get(ME).status_code == 401
    api_client.credentials()
    refresh = api_client.post("/api/v1/accounts/token/refresh/", {"refresh": tokens["refresh"]})
    assert refresh.status_code == 401

    api_client.post("/api/v1/accounts/otp/request/", {"phone": "010-7777-0001"})
    login = api_client.post(
        "/api/v1/accounts/otp/verify/",
        {"phone": "010-7777-0001", "code": last_code("+821077770001")},
    )
    assert login.status_code == 200
    assert login.json()["created"] is False
    assert login.json()["user"]["deletion_requested_at"] is None
    user.refresh_from_db()
    assert user.is_active and user.deletion_requested_at is None


def test_cancel_endpoint_undoes_the_request(user, make_auth_client):
    client = make_auth_client(user)
    client.post(DELETE)
    response = client.post(CANCEL)
    assert response.status_code == 200
    assert response.json()["deletion_requested_at"] is None
    user.refresh_from_db()
    assert user.is_active
    assert client.get(ME).status_code == 200


def test_cancel_cannot_revive_a_disabled_account(make_auth_client):
    user = UserFactory(is_active=False)
    assert make_auth_client(user).post(CANCEL).status_code == 401


def test_purge_anonymises_after_the_grace_period(
    user, make_auth_client, settings, other_app_section
):
    settings.ACCOUNT_DELETION_GRACE_DAYS = 30
    StudentVerificationFactory(user=user)
    GuardianConsentFactory(user=user)
    phone = user.phone
    PhoneCode.objects.create(phone=phone, purpose="login", code_hash="x", expires_at=timezone.now())
    make_auth_client(user).post(DELETE)

    assert purge_deleted_accounts() == 0  # still in the grace period
    User.objects.filter(pk=user.pk).update(
        deletion_requested_at=timezone.now() - datetime.timedelta(days=30, minutes=1)
    )
    assert purge_deleted_accounts.delay().get() == 1

    user.refresh_from_db()
    assert user.anonymised_at is not None
    assert user.phone is None and user.display_name == "" and user.date_of_birth is None
    assert not user.is_active and not user.has_usable_password()
    assert other_app_section == [user.id]
    assert not StudentVerification.objects.filter(user=user).exists()
    assert not PhoneCode.objects.filter(phone=phone).exists()
    guardian = GuardianConsent.objects.get(user=user)
    assert guardian.guardian_name == "" and guardian.guardian_phone == ""
    # what was agreed stays on record (without the IP), marked withdrawn
    consents = UserConsent.objects.filter(user=user)
    assert consents.count() == 2
    assert all(c.withdrawn_at and c.ip is None for c in consents)
    # the row (and so payments' foreign keys) is kept
    assert User.objects.filter(pk=user.pk).exists()

    assert purge_deleted_accounts() == 0  # safe to run twice
    assert other_app_section == [user.id]


def test_the_number_can_sign_up_again_after_anonymisation(user, signup):
    phone = user.phone
    User.objects.filter(pk=user.pk).update(
        is_active=False, deletion_requested_at=timezone.now() - datetime.timedelta(days=31)
    )
    purge_deleted_accounts()
    response = signup(phone)
    assert response.status_code == 200
    assert response.json()["created"] is True
    assert response.json()["user"]["id"] != str(user.id)


def test_a_failing_erase_leaves_that_account_untouched(user, settings):
    def broken(user):
        raise RuntimeError("boom")

    privacy.register("zz_broken", export=lambda u: {}, erase=broken)
    try:
        User.objects.filter(pk=user.pk).update(
            is_active=False, deletion_requested_at=timezone.now() - datetime.timedelta(days=31)
        )
        assert purge_deleted_accounts() == 0
    finally:
        privacy._sections.pop("zz_broken", None)
    user.refresh_from_db()
    assert user.anonymised_at is None and user.phone is not None
    assert StudentVerification.objects.filter(user=user).count() == 0  # had none
    assert UserConsent.objects.filter(user=user, withdrawn_at__isnull=True).count() == 2
