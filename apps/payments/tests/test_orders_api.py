"""Demo purchases through the API with the dummy provider: idempotency, isolation, receipts."""

import pytest

from apps.payments.models import IdempotencyKey, Order, Payment

from .factories import paid_order

pytestmark = pytest.mark.django_db

URL = "/api/v1/payments/orders/"
BODY = {"purpose": "demo.donation", "description": "김해사랑 기부", "amount_krw": 5000}


def post(client, body=BODY, key="key-1", **headers):
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(URL, body, format="json", **headers)


def test_demo_purchase_is_paid_at_once_with_the_dummy_provider(auth_client, user):
    response = post(auth_client)
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "paid"
    assert body["total_krw"] == 5000
    assert body["description"] == "김해사랑 기부"
    assert body["lines"] == [
        {
            "label": "김해사랑 기부 (시연)",
            "quantity": 1,
            "amount_krw": 5000,
            "total_krw": 5000,
            "reference": "",
        }
    ]
    assert body["payments"][0]["variant"] == "dummy"
    assert body["payments"][0]["status"] == "confirmed"
    assert body["payments"][0]["captured_krw"] == 5000
    assert body["checkout"] is None
    order = Order.objects.get()
    assert order.user == user and order.paid_at is not None


def test_same_key_and_body_twice_gives_one_order_and_one_charge(auth_client):
    first = post(auth_client)
    second = post(auth_client)
    assert second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Order.objects.count() == 1
    assert Payment.objects.count() == 1


def test_same_key_with_a_different_body_is_409_and_changes_nothing(english, make_auth_client):
    client = make_auth_client(english)
    post(client)
    response = post(client, {**BODY, "amount_krw": 9000})
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert response.json()["message"] == (
        "This Idempotency-Key was already used for a different request."
    )
    assert Order.objects.count() == 1
    assert Order.objects.get().total_krw == 5000


def test_keys_belong_to_one_user(auth_client, other_user, make_auth_client):
    post(auth_client)
    response = post(make_auth_client(other_user))
    assert response.status_code == 201
    assert Order.objects.count() == 2


def test_missing_key_is_400_in_korean_by_default(auth_client):
    response = post(auth_client, key=None)
    assert response.status_code == 400
    assert response.json() == {
        "code": "idempotency_key_required",
        "message": "재시도해도 두 번 결제되지 않도록 Idempotency-Key 헤더(1~255자)를 보내 주세요.",
        "extra": {},
    }
    assert not Order.objects.exists()


def test_missing_key_in_english(english, make_auth_client):
    response = post(make_auth_client(english), key="")
    assert response.status_code == 400
    assert response.json()["message"] == (
        "Send an Idempotency-Key header (1 to 255 characters), so a retry never charges twice."
    )


def test_bad_amount_and_purpose_are_field_errors(auth_client):
    response = post(auth_client, {"purpose": "rentals.ride", "amount_krw": 10})
    assert response.status_code == 400
    assert set(response.json()["extra"]["fields"]) == {"purpose", "amount_krw"}
    assert not Order.objects.exists()
    assert not IdempotencyKey.objects.exists()


def test_login_is_required(api_client):
    assert post(api_client).status_code == 401
    assert api_client.get(URL).status_code == 401


def test_list_shows_only_my_orders_newest_first(
    auth_client, user, other_user, django_assert_num_queries
):
    for n in range(3):
        paid_order(user, key=f"k{n}", amount_krw=1000 * (n + 1))
    paid_order(other_user, key="theirs")
    with django_assert_num_queries(3):  # the user (JWT), the consent check, one page of orders
        response = auth_client.get(URL)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [order["total_krw"] for order in results] == [3000, 2000, 1000]
    assert {"next", "previous"} <= set(response.json())


def test_someone_elses_order_is_not_found(auth_client, other_user):
    theirs = paid_order(other_user)
    for suffix in ("", "receipt/"):
        response = auth_client.get(f"{URL}{theirs.id}/{suffix}")
        assert response.status_code == 404
        assert response.json()["code"] == "payments.order_not_found"


def test_detail_has_lines_payments_and_refunds(auth_client, user):
    order = paid_order(user)
    body = auth_client.get(f"{URL}{order.id}/").json()
    assert body["receipt_number"] == order.receipt_number
    assert len(body["lines"]) == 1 and len(body["payments"]) == 1
    assert body["refunds"] == []


def test_receipt_in_korean(auth_client, user):
    order = paid_order(user, amount_krw=11000)
    response = auth_client.get(f"{URL}{order.id}/receipt/")
    assert response.status_code == 200
    receipt = response.json()
    assert receipt["number"].startswith("IE-") and receipt["number"] == order.receipt_number
    assert receipt["description"] == "테스트 주문"
    assert receipt["lines"] == [
        {"label": "기부", "quantity": 1, "unit_amount_krw": 11000, "amount_krw": 11000}
    ]
    assert receipt["total_display"] == "11,000원"
    assert (receipt["supply_krw"], receipt["vat_krw"]) == (10000, 1000)
    assert receipt["vat_note"] == "부가가치세가 포함된 금액입니다."
    assert receipt["method"] == "테스트 결제 (실제 결제 없음)"
    assert receipt["status_label"] == "결제 완료"
    assert receipt["paid_at"].endswith("+09:00")


def test_receipt_in_english(english, make_auth_client):
    order = paid_order(english, amount_krw=11000)
    receipt = make_auth_client(english).get(f"{URL}{order.id}/receipt/").json()
    assert receipt["description"] == "Test order"
    assert receipt["lines"][0]["label"] == "Donation"
    assert receipt["total_display"] == "KRW 11,000"
    assert receipt["vat_note"] == "Prices include VAT."
    assert receipt["status_label"] == "Paid"


def test_refund_endpoint_is_staff_only(auth_client, user):
    order = paid_order(user)
    response = auth_client.post(
        f"{URL}{order.id}/refund/", {"reason": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="r1"
    )
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.refunded_krw == 0


def test_staff_refunds_partly_then_the_rest(staff_client, staff, user):
    order = paid_order(user, amount_krw=15000)
    url = f"{URL}{order.id}/refund/"
    first = staff_client.post(
        url, {"amount_krw": 5000, "reason": "부분 환불"}, format="json", HTTP_IDEMPOTENCY_KEY="r1"
    )
    assert first.status_code == 200
    assert first.json()["status"] == "partially_refunded"
    assert first.json()["refunded_krw"] == 5000
    rest = staff_client.post(url, {"reason": "나머지"}, format="json", HTTP_IDEMPOTENCY_KEY="r2")
    assert rest.json()["status"] == "refunded"
    assert [r["amount_krw"] for r in rest.json()["refunds"]] == [5000, 10000]
    assert order.refunds.get(amount_krw=5000).requested_by == staff


def test_refund_over_what_is_left_is_refused(staff_client, user):
    order = paid_order(user, amount_krw=15000)
    url = f"{URL}{order.id}/refund/"
    staff_client.post(
        url, {"amount_krw": 10000, "reason": "a"}, format="json", HTTP_IDEMPOTENCY_KEY="r1"
    )
    response = staff_client.post(
        url,
        {"amount_krw": 6000, "reason": "b"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="r2",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "payments.refund_exceeds_paid"
    assert response.json()["extra"] == {"refundable_krw": 5000}
    order.refresh_from_db()
    assert (order.refunded_krw, order.status) == (10000, "partially_refunded")


def test_refund_retry_with_the_same_key_refunds_once(staff_client, user):
    order = paid_order(user)
    url = f"{URL}{order.id}/refund/"
    for _ in range(2):
        response = staff_client.post(
            url, {"amount_krw": 1000, "reason": "a"}, format="json", HTTP_IDEMPOTENCY_KEY="same"
        )
        assert response.status_code == 200
    order.refresh_from_db()
    assert order.refunded_krw == 1000 and order.refunds.count() == 1


def test_refund_needs_a_key(staff_client, user):
    order = paid_order(user)
    response = staff_client.post(f"{URL}{order.id}/refund/", {"reason": "a"}, format="json")
    assert response.json()["code"] == "idempotency_key_required"


def test_confirm_on_a_dummy_order_is_refused(auth_client, user):
    order = paid_order(user)
    response = auth_client.post(
        f"{URL}{order.id}/confirm/", {"payment_key": "pk", "amount": 15000}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "payments.not_confirmable"
