"""What other apps get from payments.facade, the receipt notification, privacy, admin."""

import sys
import types

import pytest

from apps.core import privacy
from apps.core.errors import ApplicationError
from apps.payments import facade
from apps.payments.models import IdempotencyKey, Order, Payment

pytestmark = pytest.mark.django_db


def charge(user, key="ride-1", amount=1200, **changes):
    arguments = {
        "user_id": user.id,
        "purpose": "rentals.ride",
        "reference": "ride-1",
        "description_ko": "자전거 대여",
        "description_en": "Bike ride",
        "lines": [
            facade.ChargeLine("기본요금", "Base fare", 1000),
            facade.ChargeLine("추가 요금", "Extra minutes", 100, quantity=2),
        ],
        "idempotency_key": key,
    }
    return facade.charge(**{**arguments, **changes})


def test_charge_returns_a_paid_result(user):
    result = charge(user)
    assert result == facade.ChargeResult(
        order_id=result.order_id, status="paid", total_krw=1200, paid=True
    )
    assert Order.objects.get().lines.count() == 2


def test_charge_again_with_the_key_returns_the_same_order(user):
    assert charge(user).order_id == charge(user).order_id
    assert Payment.objects.count() == 1


def test_charge_with_a_reused_key_and_other_lines_raises(user):
    charge(user)
    with pytest.raises(ApplicationError) as error:
        charge(user, lines=[facade.ChargeLine("기본요금", "Base fare", 9000)])
    assert error.value.code == "idempotency_key_reused"
    assert error.value.status == 409


@pytest.mark.parametrize(
    "lines",
    [
        [],
        [facade.ChargeLine("a", "a", -1)],
        [facade.ChargeLine("a", "a", 0)],
        [facade.ChargeLine("a", "a", 100, quantity=0)],
        [facade.ChargeLine("a", "a", 1.5)],
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_stored(user, lines):
    with pytest.raises(ApplicationError) as error:
        charge(user, lines=lines)
    assert error.value.code == "payments.invalid_amount"
    assert not Order.objects.exists() and not IdempotencyKey.objects.exists()


def test_partial_refunds_add_up_and_stop_at_the_paid_amount(user):
    order_id = charge(user).order_id
    first = facade.refund(
        order_id=order_id, amount_krw=200, reason="short ride", idempotency_key="a"
    )
    assert (first.amount_krw, first.refunded_krw, first.order_status) == (
        200,
        200,
        "partially_refunded",
    )
    with pytest.raises(ApplicationError) as error:
        facade.refund(order_id=order_id, amount_krw=1001, reason="x", idempotency_key="b")
    assert error.value.code == "payments.refund_exceeds_paid"
    rest = facade.refund(order_id=order_id, reason="cancelled", idempotency_key="c")
    assert (rest.amount_krw, rest.refunded_krw, rest.order_status) == (1000, 1200, "refunded")
    with pytest.raises(ApplicationError) as error:
        facade.refund(order_id=order_id, amount_krw=1, reason="x", idempotency_key="d")
    assert error.value.code == "payments.order_not_refundable"


def test_refund_replay_with_the_same_key(user):
    order_id = charge(user).order_id
    one = facade.refund(order_id=order_id, amount_krw=300, reason="x", idempotency_key="same")
    two = facade.refund(order_id=order_id, amount_krw=300, reason="x", idempotency_key="same")
    assert one.refund_id == two.refund_id
    assert facade.order_get(order_id=order_id).refunded_krw == 300
    with pytest.raises(ApplicationError) as error:
        facade.refund(order_id=order_id, amount_krw=500, reason="x", idempotency_key="same")
    assert error.value.code == "idempotency_key_reused"


def test_order_get_summary(user):
    order_id = charge(user).order_id
    summary = facade.order_get(order_id=order_id)
    assert (summary.user_id, summary.purpose, summary.reference, summary.total_krw) == (
        user.id,
        "rentals.ride",
        "ride-1",
        1200,
    )
    with pytest.raises(ApplicationError) as error:
        facade.order_get(order_id="not-a-uuid")
    assert error.value.status == 404


@pytest.fixture
def inbox(monkeypatch):
    """A stand-in for apps.notifications.facade that records what it is asked to send."""
    import apps.notifications

    sent = []
    fake = types.ModuleType("apps.notifications.facade")
    fake.notify = lambda **message: sent.append(message)
    monkeypatch.setitem(sys.modules, "apps.notifications.facade", fake)
    monkeypatch.setattr(apps.notifications, "facade", fake, raising=False)
    return sent


def test_charge_and_refund_send_receipts_after_commit(
    user, inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order_id = charge(user).order_id
    assert len(inbox) == 1
    message = inbox[0]
    assert message["user"] == user and message["kind"] == "payment"
    assert message["title_ko"] == "결제가 완료되었습니다"
    assert message["title_en"] == "Payment complete"
    assert message["body_ko"].startswith("자전거 대여 · 1,200원")
    assert message["body_en"].startswith("Bike ride · KRW 1,200")
    assert message["data"]["order_id"] == str(order_id)

    with django_capture_on_commit_callbacks(execute=True):
        facade.refund(order_id=order_id, amount_krw=200, reason="x", idempotency_key="r")
    assert inbox[1]["title_en"] == "Refund issued"
    assert inbox[1]["body_ko"] == "자전거 대여 · 200원 환불"


def test_a_failing_inbox_does_not_undo_the_payment(
    user, monkeypatch, django_capture_on_commit_callbacks
):
    import apps.notifications

    def broken(**message):
        raise RuntimeError("inbox down")

    fake = types.ModuleType("apps.notifications.facade")
    fake.notify = broken
    monkeypatch.setitem(sys.modules, "apps.notifications.facade", fake)
    monkeypatch.setattr(apps.notifications, "facade", fake, raising=False)
    with django_capture_on_commit_callbacks(execute=True):
        result = charge(user)
    assert result.paid and Order.objects.get().status == "paid"


def test_privacy_export_and_erase_keep_orders(user):
    order_id = charge(user).order_id
    facade.refund(order_id=order_id, amount_krw=200, reason="x", idempotency_key="r")
    section = next(s for s in privacy.sections() if s.name == "payments")
    exported = section.export(user)
    assert [o["id"] for o in exported["orders"]] == [str(order_id)]
    assert exported["orders"][0]["lines"][0]["label_en"] == "Base fare"
    assert exported["refunds"][0]["amount_krw"] == 200

    section.erase(user)
    assert Order.objects.filter(id=order_id).exists()  # kept 5 years (전자상거래법)
    assert not IdempotencyKey.objects.filter(user=user).exists()


def test_admin_refund_action(user, staff, client):
    order_id = charge(user).order_id
    client.force_login(staff)
    response = client.post(
        "/admin/payments/order/",
        {"action": "refund_in_full", "_selected_action": [str(order_id)]},
    )
    assert response.status_code == 302
    order = Order.objects.get(id=order_id)
    assert (order.status, order.refunded_krw) == ("refunded", 1200)
    assert order.refunds.get().requested_by == staff


def test_admin_pages_render(user, staff, client):
    order_id = charge(user).order_id
    client.force_login(staff)
    for url in (
        "/admin/payments/order/",
        f"/admin/payments/order/{order_id}/change/",
        "/admin/payments/payment/",
        "/admin/payments/refund/",
        "/admin/payments/idempotencykey/",
    ):
        assert client.get(url).status_code == 200, url


def test_too_long_identifiers_are_refused_and_long_texts_cut(user):
    with pytest.raises(ApplicationError) as error:
        charge(user, purpose="x" * 65)
    assert error.value.code == "payments.invalid_order"
    result = charge(user, key="long", description_ko="가" * 300)
    assert len(Order.objects.get(id=result.order_id).description_ko) == 200
