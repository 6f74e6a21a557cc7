"""Right of access and erasure across the apps: every app's facade contributes to the export, and
the purge after the grace period erases personal data but keeps payment records (전자상거래법)."""

import datetime

import pytest
from django.utils import timezone

from apps.accounts.tasks import purge_deleted_accounts
from apps.notifications.facade import notify
from apps.payments.facade import ChargeLine, charge
from apps.payments.models import Order

pytestmark = pytest.mark.django_db(transaction=True)


def _some_activity(user):
    notify(
        user=user,
        kind="system",
        title_ko="환영합니다",
        title_en="Welcome",
        body_ko="이음에 오신 것을 환영합니다.",
        body_en="Welcome to Ieum.",
    )
    return charge(
        user_id=user.id,
        purpose="demo.donation",
        reference="r1",
        description_ko="김해사랑 기부 (데모)",
        description_en="Gimhae Love donation (demo)",
        lines=[
            ChargeLine(
                label_ko="기부", label_en="Donation", amount_krw=5000, quantity=1, reference=""
            )
        ],
        idempotency_key="privacy-flow-1",
    )


def test_export_has_a_section_from_every_app(user, auth_client):
    _some_activity(user)
    sections = auth_client.get("/api/v1/accounts/me/export/").json()["sections"]
    assert {"accounts", "notifications", "payments", "rentals"} <= set(sections)
    assert "Welcome" in str(sections["notifications"])
    assert "5000" in str(sections["payments"]) or "5,000" in str(sections["payments"])


def test_purge_erases_personal_data_and_keeps_payment_records(user, auth_client):
    result = _some_activity(user)
    assert auth_client.post("/api/v1/accounts/me/delete/").status_code == 202
    user.refresh_from_db()
    user.deletion_requested_at = timezone.now() - datetime.timedelta(days=31)
    user.save(update_fields=["deletion_requested_at"])

    purge_deleted_accounts()

    user.refresh_from_db()
    assert user.anonymised_at is not None
    assert user.phone is None and user.display_name == ""
    assert not user.notifications.exists()
    order = Order.objects.get(id=result.order_id)
    assert order.user_id == user.id and order.total_krw == 5000
