"""One payment for a whole trip: buying from the plan's purchase token, idempotency, tampering,
the QR payload and inspection, refunds, and isolation between riders."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.payments.models import Order
from apps.transit.fares import engine
from apps.transit.fares.gimhae import gimhae_fares_install
from apps.transit.fares.quote import purchase_summary, purchase_token_make
from apps.transit.models import TripTicket

from .test_fares import ride, walk

pytestmark = pytest.mark.django_db

TICKETS = "/api/v1/transit/tickets/"


@pytest.fixture
def token(demo_feed):
    """A purchase token for bus S then light rail X (1,500 + 200 difference), leaving in 1 hour."""
    gimhae_fares_install(feed=demo_feed)
    start = timezone.localtime(timezone.now() + timedelta(hours=1)).replace(second=0, microsecond=0)

    def t(minutes):
        return (start + timedelta(minutes=minutes)).strftime("%H:%M")

    day = start.strftime("%Y-%m-%d")
    tz = start.strftime("%z")
    tz = f"{tz[:3]}:{tz[3:]}"
    legs = [
        ride("S", "A", "B", t(0), t(20), day=day, tz=tz),
        walk(t(20), t(24))
        | {"departure": f"{day}T{t(20)}:00{tz}", "arrival": f"{day}T{t(24)}:00{tz}"},
        ride("X", "B", "D", t(25), t(45), km=12, mode="rail", day=day, tz=tz),
    ]
    it = {"departure": legs[0]["departure"], "arrival": legs[-1]["arrival"], "legs": legs}
    ctx = engine.fare_context(feed=demo_feed)
    quote = engine.itinerary_price(ctx, it)
    assert quote.total_minor == 1700
    return purchase_token_make(purchase_summary(it, quote, demo_feed))


def english(user):
    """Signed-in riders get their preferred language (it wins over Accept-Language)."""
    type(user).objects.filter(id=user.id).update(preferred_language="en")


def buy(client, token, key="key-1"):
    return client.post(TICKETS, {"purchase_token": token}, format="json", HTTP_IDEMPOTENCY_KEY=key)


def test_buying_a_trip_makes_one_order_and_a_ticket_with_a_qr(auth_client, user, token):
    response = buy(auth_client, token)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "active" and body["total_krw"] == 1700
    assert [leg["amount_krw"] for leg in body["legs"]] == [1500, 0, 200]
    assert body["legs"][2]["explanation"] == "환승 할인: 30분 이내 환승으로 차액 200원만 냅니다"
    assert body["qr_payload"]
    order = Order.objects.get(id=body["order_id"])
    assert order.user == user and order.total_krw == 1700 and order.status == "paid"
    # one line per priced leg (the walk is not on the receipt), the discount folded in
    assert list(order.lines.values_list("amount_krw", flat=True).order_by("reference")) == [
        1500,
        200,
    ]
    english(user)
    detail = auth_client.get(f"{TICKETS}{body['id']}/").json()
    assert detail["legs"][2]["explanation"].startswith("Transfer discount: transfer within 30 min")


def test_the_same_idempotency_key_never_charges_twice(auth_client, token):
    first = buy(auth_client, token)
    again = buy(auth_client, token)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["id"] == first.json()["id"]
    assert Order.objects.count() == 1 and TripTicket.objects.count() == 1
    other = buy(auth_client, token, key="key-2")
    assert other.status_code == 201 and Order.objects.count() == 2


def test_idempotency_key_is_required_and_not_reusable_for_another_trip(
    auth_client, token, demo_feed
):
    missing = auth_client.post(TICKETS, {"purchase_token": token}, format="json")
    assert missing.status_code == 400
    assert missing.json()["code"] == "idempotency_key_required"
    buy(auth_client, token)
    changed = purchase_token_make({"feed": "demo", "legs": [], "total_krw": 1, "currency": "KRW"})
    reused = buy(auth_client, changed)
    assert reused.status_code == 409 and reused.json()["code"] == "idempotency_key_reused"
    assert Order.objects.count() == 1


def test_a_tampered_token_is_refused_and_changes_nothing(auth_client, user, token):
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for bad in (tampered, token + "x", "not-a-token"):
        response = buy(auth_client, bad)
        assert response.status_code == 400
        assert response.json()["code"] == "transit.purchase_token_invalid"
    english(user)
    en = auth_client.post(TICKETS, {"purchase_token": "x"}, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert en.json()["message"] == "This trip can no longer be bought: plan it again."
    assert not TripTicket.objects.exists() and not Order.objects.exists()


def test_login_required(api_client, token):
    assert buy(api_client, token).status_code == 401


def test_refund_before_departure_in_full_and_only_once(auth_client, token):
    ticket = buy(auth_client, token).json()
    first = auth_client.post(f"{TICKETS}{ticket['id']}/refund/")
    assert first.status_code == 200 and first.json()["status"] == "refunded"
    again = auth_client.post(f"{TICKETS}{ticket['id']}/refund/")
    assert again.status_code == 200
    order = Order.objects.get(id=ticket["order_id"])
    assert order.refunded_krw == 1700 and order.refunds.count() == 1


def test_refund_after_departure_is_refused_with_the_reason(auth_client, user, token):
    ticket = buy(auth_client, token).json()
    TripTicket.objects.filter(id=ticket["id"]).update(
        departure_at=timezone.now() - timedelta(minutes=1)
    )
    ko = auth_client.post(f"{TICKETS}{ticket['id']}/refund/")
    assert ko.status_code == 400
    assert ko.json()["code"] == "transit.ticket_not_refundable"
    assert ko.json()["message"] == (
        "승차권은 첫 출발 전에만 환불할 수 있습니다. 이 경로는 이미 출발했습니다."
    )
    english(user)
    en = auth_client.post(f"{TICKETS}{ticket['id']}/refund/")
    assert en.json()["message"].startswith(
        "A ticket can be refunded only before its first departure"
    )
    assert Order.objects.get(id=ticket["order_id"]).refunded_krw == 0


def test_only_the_owner_sees_and_refunds_a_ticket(
    auth_client, make_auth_client, token, django_assert_num_queries
):
    ticket = buy(auth_client, token).json()
    stranger = make_auth_client(UserFactory())
    assert stranger.get(f"{TICKETS}{ticket['id']}/").status_code == 404
    assert stranger.post(f"{TICKETS}{ticket['id']}/refund/").status_code == 404
    assert stranger.get(TICKETS).json()["results"] == []
    buy(auth_client, token, key="key-2")
    with django_assert_num_queries(3):  # the user, the count, the page
        mine = auth_client.get(TICKETS)
    assert mine.status_code == 200 and len(mine.json()["results"]) == 2


def test_inspectors_verify_the_qr(auth_client, make_auth_client, token):
    ticket = buy(auth_client, token).json()
    payload = auth_client.get(f"{TICKETS}{ticket['id']}/").json()["qr_payload"]
    assert (
        auth_client.post(f"{TICKETS}verify/", {"payload": payload}, format="json").status_code
        == 403
    )
    inspector = make_auth_client(_inspector(preferred_language="en"))
    ok = inspector.post(f"{TICKETS}verify/", {"payload": payload}, format="json").json()
    assert ok["valid"] is True and ok["ticket"]["id"] == ticket["id"]
    forged = inspector.post(f"{TICKETS}verify/", {"payload": payload[:-2] + "xx"}, format="json")
    assert forged.json()["valid"] is False and forged.json()["reason"] == "tampered"
    boarded = inspector.post(
        f"{TICKETS}verify/", {"payload": payload, "board": True}, format="json"
    )
    assert boarded.json()["valid"] is True and boarded.json()["ticket"]["status"] == "used"
    used = inspector.post(f"{TICKETS}verify/", {"payload": payload}, format="json").json()
    assert (used["valid"], used["reason"], used["message"]) == (
        False,
        "used",
        "This ticket has already been used.",
    )
    # a used ticket is not refundable
    assert auth_client.post(f"{TICKETS}{ticket['id']}/refund/").status_code == 400


def test_an_expired_ticket_does_not_verify(auth_client, make_auth_client, token):
    ticket = buy(auth_client, token).json()
    TripTicket.objects.filter(id=ticket["id"]).update(
        valid_until=timezone.now() - timedelta(minutes=1)
    )
    payload = auth_client.get(f"{TICKETS}{ticket['id']}/").json()["qr_payload"]
    inspector = make_auth_client(_inspector())
    result = inspector.post(f"{TICKETS}verify/", {"payload": payload}, format="json").json()
    assert (result["valid"], result["reason"]) == (False, "expired")


def test_a_ticket_paid_later_becomes_active_once(auth_client, token):
    from apps.transit.services.tickets import ticket_mark_paid

    ticket = buy(auth_client, token).json()
    TripTicket.objects.filter(id=ticket["id"]).update(status=TripTicket.Status.PENDING)
    stored = TripTicket.objects.get(id=ticket["id"])
    ticket_mark_paid(stored.order_id, "not-a-ticket")
    assert TripTicket.objects.get(id=ticket["id"]).status == TripTicket.Status.PENDING
    ticket_mark_paid(stored.order_id, str(stored.id))
    ticket_mark_paid(stored.order_id, str(stored.id))
    assert TripTicket.objects.get(id=ticket["id"]).status == TripTicket.Status.ACTIVE


def test_privacy_export_and_erase_cover_tickets(auth_client, user, token):
    from apps.transit import facade

    ticket = buy(auth_client, token).json()
    exported = facade.user_data_export(user)
    assert [t["id"] for t in exported["trip_tickets"]] == [ticket["id"]]
    assert exported["trip_tickets"][0]["legs"]
    facade.user_data_erase(user)
    kept = TripTicket.objects.get(id=ticket["id"])
    assert kept.legs == [] and kept.total_krw == ticket["total_krw"] and kept.order_id


def _inspector(**fields):
    """Ticket inspectors are staff of the transport department."""
    from django.contrib.auth.models import Group

    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get_or_create(name="transport")[0])
    return user


def test_staff_of_another_department_cannot_verify(make_auth_client, token):
    other = make_auth_client(UserFactory(is_staff=True))
    response = other.post("/api/v1/transit/tickets/verify/", {"payload": "x"}, format="json")
    assert response.status_code == 403
