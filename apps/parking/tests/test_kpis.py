"""The city's parking KPIs (admin → Parking → Parking KPIs): shared places' use rate, occupancy
per lot and hour, illegal-parking civil requests per month before and after sharing started."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from apps.chat.civic import facade as civic
from apps.parking import kpis
from apps.parking.models import OccupancySnapshot, Reservation
from apps.parking.windows import SEOUL

from .factories import LotFactory, PlaceFactory, VehicleFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=SEOUL)


def _reserve(place, start, hours):
    vehicle = VehicleFactory()
    return Reservation.objects.create(
        user=vehicle.user, vehicle=vehicle, plate=vehicle.plate, place=place, start_at=start,
        end_at=start + timedelta(hours=hours), status=Reservation.Status.CONFIRMED,
        idempotency_key=f"k-{start.isoformat()}", fingerprint="f",
    )  # fmt: skip


@pytest.fixture
def civil_requests(monkeypatch):
    """Illegal-parking requests per month as the civic facade would count them."""
    per_month = {(2026, m): 20 for m in range(1, 7)} | {(2026, m): 10 for m in range(7, 12)}
    seen = []

    def counts(*, category, start, end):
        seen.append((category, start, end))
        total = per_month.get((start.year, start.month), 0)
        return civic.CivilRequestCounts(category, total, 0, total // 2, 0)

    monkeypatch.setattr(civic, "civil_request_counts", counts)
    return seen


def test_use_rate_of_shared_places(civil_requests):
    open_all_day = PlaceFactory(capacity=2)  # 24/7, two cars: 30 days × 24 h × 2 = 1440 car-h
    _reserve(open_all_day, NOW - timedelta(days=3), 6)
    _reserve(open_all_day, NOW - timedelta(days=2), 12)
    _reserve(open_all_day, NOW - timedelta(days=40), 5)  # before the 30 days: not counted
    rep = kpis.report(now=NOW)
    (use,) = rep.places
    assert use.offered_h == pytest.approx(1440)
    assert use.booked_h == pytest.approx(18)
    assert rep.use_rate == pytest.approx(18 / 1440)


def test_occupancy_per_lot_and_hour(civil_requests):
    lot = LotFactory()
    day = timezone.now().astimezone(SEOUL).replace(hour=8, minute=0, second=0, microsecond=0)
    day -= timedelta(days=1)
    for minute, free in ((0, 2), (30, 4)):  # 8, then 6 of 10 occupied at 8 o'clock
        OccupancySnapshot.objects.create(
            lot=lot, at=day + timedelta(minutes=minute), num_free=free,
            num_occupied=10 - free, num_unknown=0,
        )  # fmt: skip
    rep = kpis.report()
    ((reported, by_hour),) = rep.occupancy
    assert reported.id == lot.id and by_hour == {8: 70}


def test_illegal_parking_before_and_after(civil_requests, settings):
    settings.PARKING_SHARING_STARTED = "2026-07-15"
    rep = kpis.report(now=NOW, months=12)
    assert [m.month for m in rep.months][:2] == [date(2025, 12, 1), date(2026, 1, 1)]
    assert rep.months[-1].month == date(2026, 11, 1)
    assert all(c == "illegal_parking" for c, _s, _e in civil_requests)
    assert [m.after for m in rep.months] == [False] * 7 + [True] * 5  # from July
    # Dec 2025: 0, Jan–Jun 2026: 20 each; Jul–Nov: 10 each
    assert rep.monthly_mean(after=False) == pytest.approx(120 / 7)
    assert rep.monthly_mean(after=True) == pytest.approx(10)
    assert rep.change_percent == pytest.approx(100 * (10 - 120 / 7) / (120 / 7))
    text = kpis.report_csv(rep)
    assert "illegal_parking_requests,before,2026-06,20" in text
    assert "illegal_parking_requests,after,2026-07,10" in text


def test_kpi_page_from_the_parking_admin_index_and_csv(civil_requests, admin_client):
    place = PlaceFactory(name="인제대 야간", name_ko="인제대 야간")
    _reserve(place, timezone.now() - timedelta(days=1), 3)
    index = admin_client.get("/admin/parking/")
    assert index.status_code == 200
    assert b"/admin/parking/parkinglot/kpis/" in index.content
    page = admin_client.get("/admin/parking/parkinglot/kpis/")
    assert page.status_code == 200
    assert "인제대 야간" in page.content.decode()
    export = admin_client.get("/admin/parking/parkinglot/kpis.csv")
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")
    body = export.content.decode("utf-8-sig")
    assert body.splitlines()[0] == "section,item,period,value"
    assert "shared_booked_hours,인제대 야간,last 30 days,3.0" in body


def test_kpi_page_needs_staff(client, civil_requests):
    assert client.get("/admin/parking/parkinglot/kpis/").status_code == 302
