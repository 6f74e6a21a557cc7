"""The Toss Payments adapter against recorded Toss answers: confirm, decline, cancel (refunds)."""

import base64
import json

import pytest
import responses

from apps.payments.models import Order, Payment

from .conftest import CLIENT_KEY, SECRET_KEY, TOSS, toss_answers

pytestmark = pytest.mark.django_db

URL = "/api/v1/payments/orders/"
CONFIRM = f"{TOSS}/payments/confirm"
PAYMENT_KEY = "tgen_20250612153012abCD1"
CANCEL = f"{TOSS}/payments/{PAYMENT_KEY}/cancel"


def create(client, amount=15000, key="toss-1"):
    response = client.post(
        URL,
        {"purpose": "demo.donation", "amount_krw": amount},
        format="json",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 201, response.json()
    return response.json()


def confirm(client, order_id, amount=15000, payment_key=PAYMENT_KEY):
    return client.post(
        f"{URL}{order_id}/confirm/",
        {"payment_key": payment_key, "amount": amount},
        format="json",
    )


def test_with_toss_the_order_waits_and_says_how_to_open_the_payment_window(toss, auth_client):
    order = create(auth_client)
    assert order["status"] == "pending"
    assert order["paid_at"] is None
    assert order["checkout"] == {
        "provider": "toss",
        "client_key": CLIENT_KEY,
        "order_id": order["id"],
        "amount": 15000,
        "order_name": "김해사랑 기부 (시연)",
    }
    assert len(toss.calls) == 0  # nothing is charged before the phone has paid


def test_confirm_charges_through_toss(toss, auth_client):
    order = create(auth_client)
    toss_answers(toss, CONFIRM, "toss_confirm_done.json", order["id"])
    response = confirm(auth_client, order["id"])
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "paid" and body["paid_at"]
    assert body["payments"][0]["status"] == "confirmed"
    assert body["payments"][0]["transaction_id"] == PAYMENT_KEY
    assert body["checkout"] is None

    (call,) = toss.calls
    expected = base64.b64encode(f"{SECRET_KEY}:".encode()).decode()
    assert call.request.headers["Authorization"] == f"Basic {expected}"
    assert json.loads(call.request.body) == {
        "paymentKey": PAYMENT_KEY,
        "orderId": order["id"],
        "amount": 15000,
    }
    receipt = auth_client.get(f"{URL}{order['id']}/receipt/").json()
    assert receipt["method"] == "카드"


def test_a_repeated_confirm_does_not_call_toss_again(toss, auth_client):
    order = create(auth_client)
    toss_answers(toss, CONFIRM, "toss_confirm_done.json", order["id"])
    confirm(auth_client, order["id"])
    again = confirm(auth_client, order["id"])
    assert again.status_code == 200 and again.json()["status"] == "paid"
    assert len(toss.calls) == 1


def test_amount_mismatch_is_400_and_toss_is_not_called(toss, auth_client):
    order = create(auth_client)
    response = confirm(auth_client, order["id"], amount=100)
    assert response.status_code == 400
    assert response.json()["code"] == "payments.amount_mismatch"
    assert response.json()["message"] == "결제 금액이 주문 금액과 일치하지 않습니다."
    assert response.json()["extra"] == {"expected_krw": 15000, "given_krw": 100}
    assert len(toss.calls) == 0
    assert Order.objects.get().status == "pending"


def test_declined_card_is_402_and_nothing_is_marked_paid(toss, english, make_auth_client):
    client = make_auth_client(english)
    order = create(client)
    toss_answers(toss, CONFIRM, "toss_confirm_reject_card.json", order["id"])
    response = confirm(client, order["id"])
    assert response.status_code == 402
    body = response.json()
    assert body["code"] == "payments.provider_declined"
    assert body["message"] == "The payment company declined this request."
    assert body["extra"]["provider_code"] == "REJECT_CARD_PAYMENT"
    stored = Order.objects.get()
    assert stored.status == "pending" and stored.paid_at is None
    payment = Payment.objects.get()
    assert payment.status == "waiting"
    assert payment.message.startswith("REJECT_CARD_PAYMENT")


def test_other_toss_errors_are_400(toss, auth_client):
    order = create(auth_client)
    toss_answers(toss, CONFIRM, "toss_confirm_already_processed.json", order["id"])
    response = confirm(auth_client, order["id"])
    assert response.status_code == 400
    assert response.json()["extra"]["provider_code"] == "ALREADY_PROCESSED_PAYMENT"
    assert Order.objects.get().status == "pending"


def test_toss_down_is_502_and_the_order_keeps_waiting(toss, auth_client):
    order = create(auth_client)
    toss_answers(toss, CONFIRM, "toss_server_error.json", order["id"])
    response = confirm(auth_client, order["id"])
    assert response.status_code == 502
    assert response.json()["code"] == "payments.provider_unavailable"
    assert Order.objects.get().status == "pending"


def test_toss_unreachable_is_502(toss, auth_client):
    import requests

    order = create(auth_client)
    toss.add(responses.POST, CONFIRM, body=requests.ConnectionError("no route"))
    assert confirm(auth_client, order["id"]).status_code == 502


def test_someone_else_cannot_confirm_my_order(toss, auth_client, other_user, make_auth_client):
    order = create(auth_client)
    response = confirm(make_auth_client(other_user), order["id"])
    assert response.status_code == 404
    assert len(toss.calls) == 0


def _paid_toss_order(toss, client):
    order = create(client)
    toss_answers(toss, CONFIRM, "toss_confirm_done.json", order["id"])
    assert confirm(client, order["id"]).status_code == 200
    return order["id"]


def test_partial_then_full_refund_cancel_at_toss(toss, auth_client, staff_client):
    order_id = _paid_toss_order(toss, auth_client)
    toss_answers(toss, CANCEL, "toss_cancel_partial.json", order_id)
    response = staff_client.post(
        f"{URL}{order_id}/refund/",
        {"amount_krw": 5000, "reason": "고객 요청 부분 환불"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="refund-1",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "partially_refunded"
    assert response.json()["refunded_krw"] == 5000
    cancel_call = toss.calls[-1]
    assert cancel_call.request.url == CANCEL
    assert cancel_call.request.headers["Idempotency-Key"] == "refund-1"
    assert json.loads(cancel_call.request.body) == {
        "cancelReason": "고객 요청 부분 환불",
        "cancelAmount": 5000,
    }
    order = Order.objects.get(id=order_id)
    assert order.refunds.get().provider_reference == "txrq_cancel_01"

    toss.replace(responses.POST, CANCEL, json=_body("toss_cancel_rest.json", order_id))
    rest = staff_client.post(
        f"{URL}{order_id}/refund/",
        {"reason": "남은 금액 환불"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="refund-2",
    )
    assert rest.status_code == 200
    assert rest.json()["status"] == "refunded"
    assert json.loads(toss.calls[-1].request.body)["cancelAmount"] == 10000
    payment = Payment.objects.get()
    assert payment.status == "refunded" and payment.captured_krw == 0


def _body(name, order_id):
    from .conftest import recorded

    return recorded(name, order_id)[1]


def test_refund_over_the_paid_amount_never_reaches_toss(toss, auth_client, staff_client):
    order_id = _paid_toss_order(toss, auth_client)
    response = staff_client.post(
        f"{URL}{order_id}/refund/",
        {"amount_krw": 15001, "reason": "x"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="too-much",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "payments.refund_exceeds_paid"
    assert len(toss.calls) == 1  # only the confirm


def test_refund_declined_by_toss_changes_nothing(toss, auth_client, staff_client):
    order_id = _paid_toss_order(toss, auth_client)
    toss_answers(toss, CANCEL, "toss_cancel_not_cancelable.json", order_id)
    response = staff_client.post(
        f"{URL}{order_id}/refund/",
        {"amount_krw": 1000, "reason": "x"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="r",
    )
    assert response.status_code == 400
    assert response.json()["extra"]["provider_code"] == "NOT_CANCELABLE_PAYMENT"
    order = Order.objects.get()
    assert (order.status, order.refunded_krw, order.refunds.count()) == ("paid", 0, 0)


def test_an_unpaid_order_can_be_cancelled_by_the_owning_app(toss, auth_client):
    from apps.payments import facade

    order = create(auth_client)
    summary = facade.cancel(order_id=order["id"])
    assert summary.status == "cancelled"
    assert Payment.objects.get().status == "cancelled"
    response = confirm(auth_client, order["id"])
    assert response.status_code == 409
    assert response.json()["code"] == "payments.order_not_pending"
    assert len(toss.calls) == 0


def test_the_owning_app_hears_when_a_later_payment_completes(
    toss, auth_client, django_capture_on_commit_callbacks
):
    from apps.payments import facade, hooks

    heard = []
    facade.on_order_paid("demo.donation", lambda order_id, reference: heard.append(order_id))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            order = create(auth_client)
        assert heard == []  # nothing is paid before the phone confirms
        toss_answers(toss, CONFIRM, "toss_confirm_done.json", order["id"])
        with django_capture_on_commit_callbacks(execute=True):
            assert confirm(auth_client, order["id"]).status_code == 200
        assert [str(order_id) for order_id in heard] == [order["id"]]
    finally:
        hooks._handlers.pop("demo.donation", None)
