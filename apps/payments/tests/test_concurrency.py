"""Races that only a real database shows (PostgreSQL row locks and unique indexes)."""

import threading

import pytest
from django.db import connection

from apps.core.testing import run_together
from apps.payments import facade
from apps.payments.models import Order, Payment, Refund

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers; the race needs PostgreSQL",
    ),
]


def _charge(user):
    return facade.charge(
        user_id=user.id,
        purpose="demo.donation",
        reference="",
        description_ko="기부",
        description_en="Donation",
        lines=[facade.ChargeLine("기부", "Donation", 5000)],
        idempotency_key="race",
    )


def test_concurrent_requests_with_one_key_make_one_order(user):
    results, failures = run_together(6, lambda: _charge(user))
    assert failures == []
    assert len({result.order_id for result in results}) == 1
    assert Order.objects.count() == 1
    assert Payment.objects.count() == 1


def test_concurrent_partial_refunds_never_exceed_the_paid_amount(user):
    order_id = _charge(user).order_id
    keys = iter(range(100))
    lock = threading.Lock()

    def refund():
        with lock:
            key = f"r{next(keys)}"
        return facade.refund(order_id=order_id, amount_krw=2000, reason="x", idempotency_key=key)

    results, failures = run_together(5, refund)
    assert len(results) == 2
    assert failures == ["payments.refund_exceeds_paid"] * 3
    order = Order.objects.get()
    assert order.refunded_krw == 4000
    assert sum(Refund.objects.values_list("amount_krw", flat=True)) == 4000
