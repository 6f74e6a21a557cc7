"""Hosts list places; the payout ledger and settlement CSV; home search; privacy export/erase."""

import csv
import io
import uuid
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from apps.accounts.tests.factories import UserFactory
from apps.core import privacy, search
from apps.core.roles import Role, role_grant
from apps.parking import payouts
from apps.parking.models import ParkingHost, Reservation, ReservationCharge, Vehicle
from apps.parking.windows import SEOUL

from .factories import HostFactory, LotFactory, PlaceFactory, VehicleFactory

pytestmark = pytest.mark.django_db

HOST_PLACES = "/api/v1/parking/host/places/"


@pytest.fixture
def host_client(make_auth_client):
    person = UserFactory()
    role_grant(user=person, role=Role.PARKING_HOST)
    HostFactory(user=person, name="Hwalcheon church", kind=ParkingHost.Kind.CHURCH)
    return make_auth_client(person)


def test_a_host_lists_a_place_with_an_overnight_window_and_a_closed_day(host_client):
    response = host_client.post(
        HOST_PLACES,
        {
            "name_ko": "활천교회 주차장",
            "name_en": "Hwalcheon Church car park",
            "lat": 35.2485,
            "lon": 128.9025,
            "capacity": 12,
            "windows": [{"weekday": d, "start": "22:00", "end": "07:00"} for d in range(5)],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    place = response.json()
    assert place["windows"][0] == {"weekday": 0, "start": "22:00", "end": "07:00"}
    closed = host_client.post(
        f"{HOST_PLACES}{place['id']}/exceptions/", {"date": "2026-12-25"}, format="json"
    )
    assert closed.status_code == 201, closed.json()
    assert closed.json()["exceptions"][0]["closed"] is True
    assert len(host_client.get(HOST_PLACES).json()) == 1


def test_only_hosts_list_places(auth_client, host_client):
    assert auth_client.get(HOST_PLACES).status_code == 403
    other = PlaceFactory()
    response = host_client.post(
        f"{HOST_PLACES}{other.id}/exceptions/", {"date": "2026-12-25"}, format="json"
    )
    assert response.status_code == 404


def _paid(place, *, amount, paid_at, refunded=0, refunded_at=None):
    vehicle = VehicleFactory()
    reservation = Reservation.objects.create(
        user=vehicle.user,
        vehicle=vehicle,
        plate=vehicle.plate,
        place=place,
        start_at=paid_at + timedelta(hours=1),
        end_at=paid_at + timedelta(hours=2),
        status="confirmed",
        price_krw=amount,
        refunded_krw=refunded,
        idempotency_key=str(uuid.uuid4()),
        fingerprint="f",
    )
    ReservationCharge.objects.create(
        reservation=reservation,
        kind="booking",
        amount_krw=amount,
        refunded_krw=refunded,
        status="paid",
        paid_at=paid_at,
        refunded_at=refunded_at,
        idempotency_key="k",
    )
    return reservation


def test_the_ledger_owes_each_host_its_takings_less_refunds_and_commission(settings):
    settings.PARKING_SHARING_COMMISSION_PERCENT = 10
    school, church = HostFactory(name="A school"), HostFactory(name="B church")
    nov = datetime(2026, 11, 10, 12, tzinfo=SEOUL)
    _paid(PlaceFactory(host=school), amount=3000, paid_at=nov)
    _paid(PlaceFactory(host=school), amount=2000, paid_at=nov, refunded=1000, refunded_at=nov)
    _paid(PlaceFactory(host=church), amount=1500, paid_at=nov)
    _paid(PlaceFactory(host=church), amount=9999, paid_at=datetime(2026, 12, 1, 0, 5, tzinfo=SEOUL))
    rows = payouts.payout_rows(start=date(2026, 11, 1), end=date(2026, 12, 1))
    assert [
        (r.host_name, r.paid_krw, r.refunded_krw, r.commission_krw, r.payable_krw) for r in rows
    ] == [
        ("A school", 5000, 1000, 400, 3600),
        ("B church", 1500, 0, 150, 1350),
    ]
    out = io.StringIO()
    call_command("parking_settlement", "--from", "2026-11-01", "--to", "2026-12-01", stdout=out)
    table = list(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff"))))
    assert [(r["host_name"], r["payable_krw"]) for r in table] == [
        ("A school", "3600"),
        ("B church", "1350"),
    ]


def test_the_admin_action_exports_the_settlement(admin_client):
    host = HostFactory(name="C school")
    today = timezone.localdate()
    start, _ = payouts.previous_month(today)
    _paid(
        PlaceFactory(host=host),
        amount=1000,
        paid_at=datetime.combine(start, datetime.min.time(), tzinfo=SEOUL) + timedelta(hours=12),
    )
    response = admin_client.post(
        "/admin/parking/parkinghost/",
        {"action": "export_settlement", "_selected_action": [str(host.id)]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "C school" in response.content.decode()


def test_home_search_finds_lots_and_places_in_the_language_asked():
    LotFactory(
        name="봉황역 공영주차장", name_ko="봉황역 공영주차장", name_en="Bonghwang Station lot"
    )
    PlaceFactory(name_ko="인제대 정문 공유주차", name_en="Inje University gate shared parking")
    assert search.registered()["parking"] == "apps.parking.facade.search"
    hits = search.search_all("봉황", "ko")
    assert [(h.service, h.kind, h.title) for h in hits] == [("parking", "lot", "봉황역 공영주차장")]
    hits = search.search_all("Inje", "en")
    assert hits[0].title == "Inje University gate shared parking"
    assert hits[0].path == "/services/parking/share"


def test_privacy_export_and_erase_keep_paid_bookings_anonymised():
    section = next(s for s in privacy.sections() if s.name == "parking")
    vehicle = VehicleFactory(plate="12가3456")
    user = vehicle.user
    paid = _paid(PlaceFactory(), amount=1000, paid_at=timezone.now())
    paid.user, paid.vehicle, paid.plate = user, vehicle, vehicle.plate
    paid.save()
    unpaid = Reservation.objects.create(
        user=user,
        vehicle=vehicle,
        plate=vehicle.plate,
        place=PlaceFactory(),
        start_at=timezone.now() + timedelta(hours=1),
        end_at=timezone.now() + timedelta(hours=2),
        status="expired",
        idempotency_key="u",
        fingerprint="f",
    )
    exported = section.export(user)
    assert exported["vehicles"][0]["plate"] == "12가3456"
    assert {r["id"] for r in exported["reservations"]} == {str(paid.id), str(unpaid.id)}
    section.erase(user)
    assert not Vehicle.objects.filter(user=user).exists()
    assert not Reservation.objects.filter(id=unpaid.id).exists()
    paid.refresh_from_db()
    assert (paid.user_id, paid.plate, paid.price_krw) == (None, "", 1000)


def test_a_host_role_without_a_linked_host_is_told_so(make_auth_client):
    person = UserFactory()
    role_grant(user=person, role=Role.PARKING_HOST)
    response = make_auth_client(person).post(
        HOST_PLACES,
        {
            "name_ko": "빈터",
            "lat": 35.2,
            "lon": 128.9,
            "capacity": 2,
            "windows": [{"weekday": 0, "start": "09:00", "end": "18:00"}],
        },
        format="json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "parking.host_not_linked"


def test_use_rate_is_booked_car_hours_over_offered_ones():
    from apps.parking import selectors

    place = PlaceFactory(capacity=2, windows=[(d, "08:00", "10:00") for d in range(7)])
    now = datetime(2026, 12, 1, 12, tzinfo=SEOUL)
    assert selectors.place_use_rate(place=place, days=1, now=now) == 0.0
    vehicle = VehicleFactory()
    Reservation.objects.create(
        user=vehicle.user,
        vehicle=vehicle,
        plate=vehicle.plate,
        place=place,
        start_at=datetime(2026, 12, 1, 8, tzinfo=SEOUL),
        end_at=datetime(2026, 12, 1, 10, tzinfo=SEOUL),
        status="confirmed",
        idempotency_key="u",
        fingerprint="f",
    )
    # one car for the whole 2 h window of 2 spaces: half
    assert selectors.place_use_rate(place=place, days=1, now=now) == 0.5
