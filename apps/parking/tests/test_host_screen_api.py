"""What the hosts' screen reads: bookings at my places (no driver) and my payout ledger."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.core.roles import Role, role_grant
from apps.parking import payouts
from apps.parking.models import ParkingHost
from apps.parking.windows import SEOUL

from .factories import HostFactory, PlaceFactory
from .test_hosts_payouts_privacy import _paid

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(make_auth_client):
    person = UserFactory()
    role_grant(user=person, role=Role.PARKING_HOST)
    host = HostFactory(user=person, name="Hwalcheon church", kind=ParkingHost.Kind.CHURCH)
    return host, make_auth_client(person)


def test_a_host_sees_bookings_at_its_places_only(host):
    mine, client = host
    soon = timezone.now() + timedelta(hours=2)
    _paid(PlaceFactory(host=mine, name_ko="교회 주차장"), amount=1500, paid_at=soon)
    _paid(PlaceFactory(), amount=900, paid_at=soon)  # someone else's place
    _paid(PlaceFactory(host=mine), amount=700, paid_at=soon - timedelta(days=45))  # long past
    response = client.get("/api/v1/parking/host/reservations/")
    assert response.status_code == 200
    rows = response.json()
    assert [(r["place"]["name"], r["price_krw"], r["status"]) for r in rows] == [
        ("교회 주차장", 1500, "confirmed")
    ]
    assert "plate" not in rows[0] and "user" not in rows[0]


def test_the_ledger_per_month(host, settings):
    settings.PARKING_SHARING_COMMISSION_PERCENT = 10
    mine, client = host
    nov = datetime(2026, 11, 10, 12, tzinfo=SEOUL)
    _paid(PlaceFactory(host=mine), amount=3000, paid_at=nov)
    _paid(PlaceFactory(host=mine), amount=2000, paid_at=nov, refunded=1000, refunded_at=nov)
    _paid(PlaceFactory(host=mine), amount=1000, paid_at=datetime(2026, 9, 3, tzinfo=SEOUL))
    ledger = payouts.host_ledger(host=mine, months=4, today=date(2026, 12, 1))
    assert [m["month"] for m in ledger] == ["2026-12", "2026-11", "2026-10", "2026-09"]
    assert ledger[1] == {
        "month": "2026-11", "bookings": 2, "paid_krw": 5000, "refunded_krw": 1000,
        "commission_krw": 400, "payable_krw": 3600,
    }  # fmt: skip
    assert ledger[0]["payable_krw"] == 0 and ledger[3]["payable_krw"] == 900
    response = client.get("/api/v1/parking/host/ledger/")
    assert response.status_code == 200 and len(response.json()) == 6


def test_not_a_host(auth_client, make_auth_client):
    assert auth_client.get("/api/v1/parking/host/ledger/").status_code == 403
    person = UserFactory()
    role_grant(user=person, role=Role.PARKING_HOST)  # the role, but no host linked in admin
    answer = make_auth_client(person).get("/api/v1/parking/host/ledger/")
    assert answer.status_code == 403 and answer.json()["code"] == "parking.host_not_linked"
