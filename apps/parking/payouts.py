"""The payout ledger: what the city owes each host for a period, and the settlement CSV for the
finance team.

For each host, over ``[start, end)`` (local dates, Asia/Seoul): money drivers paid for its places
(charges paid in the period) less money given back (refunds made in the period, whatever the
period of the payment), less the city's commission (``PARKING_SHARING_COMMISSION_PERCENT`` of
that net, rounded down to the won in the host's favour), is what the city pays.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Count, Sum
from django.utils import timezone

from .models import ParkingHost, ReservationCharge
from .windows import SEOUL

CSV_HEADER = [
    "period_start",
    "period_end",
    "host_id",
    "host_name",
    "host_kind",
    "payout_account",
    "bookings",
    "paid_krw",
    "refunded_krw",
    "net_krw",
    "commission_percent",
    "commission_krw",
    "payable_krw",
]


@dataclass(frozen=True)
class PayoutRow:
    host_id: str
    host_name: str
    host_kind: str
    payout_account: str
    bookings: int
    paid_krw: int
    refunded_krw: int
    commission_percent: int

    @property
    def net_krw(self) -> int:
        return self.paid_krw - self.refunded_krw

    @property
    def commission_krw(self) -> int:
        return max(0, self.net_krw * self.commission_percent // 100)

    @property
    def payable_krw(self) -> int:
        return self.net_krw - self.commission_krw


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    return datetime.combine(start, time(), tzinfo=SEOUL), datetime.combine(
        end, time(), tzinfo=SEOUL
    )


def payout_rows(
    *, start: date, end: date, hosts: list[ParkingHost] | None = None
) -> list[PayoutRow]:
    """One row per host with money moving in ``[start, end)``."""
    begin, finish = _bounds(start, end)
    charges = ReservationCharge.objects.all()
    if hosts is not None:
        charges = charges.filter(reservation__place__host__in=hosts)
    paid = {
        row["reservation__place__host"]: row
        for row in charges.filter(paid_at__gte=begin, paid_at__lt=finish)
        .values("reservation__place__host")
        .annotate(total=Sum("amount_krw"), bookings=Count("reservation", distinct=True))
    }
    refunded = {
        row["reservation__place__host"]: row["total"]
        for row in charges.filter(refunded_at__gte=begin, refunded_at__lt=finish)
        .values("reservation__place__host")
        .annotate(total=Sum("refunded_krw"))
    }
    percent = settings.PARKING_SHARING_COMMISSION_PERCENT
    rows = []
    for host in ParkingHost.objects.filter(id__in=set(paid) | set(refunded)).order_by("name"):
        rows.append(
            PayoutRow(
                host_id=str(host.id),
                host_name=host.name,
                host_kind=host.kind,
                payout_account=host.payout_account or "",
                bookings=paid.get(host.id, {}).get("bookings", 0),
                paid_krw=paid.get(host.id, {}).get("total", 0) or 0,
                refunded_krw=refunded.get(host.id, 0) or 0,
                commission_percent=percent,
            )
        )
    return rows


def settlement_csv(*, start: date, end: date, hosts: list[ParkingHost] | None = None) -> str:
    """The settlement for ``[start, end)`` as CSV (UTF-8 with a BOM, so Excel opens Hangul)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in payout_rows(start=start, end=end, hosts=hosts):
        writer.writerow(
            [
                start.isoformat(),
                end.isoformat(),
                row.host_id,
                row.host_name,
                row.host_kind,
                row.payout_account,
                row.bookings,
                row.paid_krw,
                row.refunded_krw,
                row.net_krw,
                row.commission_percent,
                row.commission_krw,
                row.payable_krw,
            ]
        )
    return out.getvalue()


def previous_month(today: date) -> tuple[date, date]:
    first = today.replace(day=1)
    start = (
        first.replace(year=first.year - 1, month=12)
        if first.month == 1
        else first.replace(month=first.month - 1)
    )
    return start, first


def host_ledger(*, host: ParkingHost, months: int = 6, today: date | None = None) -> list[dict]:
    """What the city owes one host per calendar month, newest first (the host's screen)."""
    today = today or timezone.localdate()
    start = date(today.year, today.month, 1)
    out = []
    for _ in range(months):
        end = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        rows = payout_rows(start=start, end=end, hosts=[host])
        row = rows[0] if rows else None
        out.append(
            {
                "month": start.strftime("%Y-%m"),
                "bookings": row.bookings if row else 0,
                "paid_krw": row.paid_krw if row else 0,
                "refunded_krw": row.refunded_krw if row else 0,
                "commission_krw": row.commission_krw if row else 0,
                "payable_krw": row.payable_krw if row else 0,
            }
        )
        start = date(start.year - (start.month == 1), (start.month - 2) % 12 + 1, 1)
    return out
