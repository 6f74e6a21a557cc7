"""The plan's parking KPIs for the city (admin → Parking → Parking KPIs, and its CSV export).

- Use rate of shared places: booked car-hours over offered car-hours (open windows × capacity) in
  the last ``days``, per place and over all places (selectors.place_use_seconds).
- Occupancy per lot and hour of the day: the mean share of spaces occupied over the last four
  weeks of snapshots (selectors.lot_occupancy_by_hour).
- Illegal-parking civil requests before and after parking sharing started: requests of the
  category ``illegal_parking`` filed per calendar month (Asia/Seoul), from
  ``apps.chat.civic.facade.civil_request_counts``. The start is ``PARKING_SHARING_STARTED`` (an
  ISO date) when set, else the day the first shared place was listed; a month is "after" from the
  month sharing started.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from . import selectors
from .models import SharedPlace
from .windows import SEOUL

ILLEGAL_PARKING = "illegal_parking"
HOURS = list(range(24))


@dataclass
class PlaceUse:
    place: SharedPlace
    offered_h: float
    booked_h: float

    @property
    def rate(self) -> float | None:
        return self.booked_h / self.offered_h if self.offered_h else None


@dataclass
class MonthCount:
    month: date  # its first day
    total: int
    resolved: int
    after: bool


@dataclass
class Report:
    days: int
    places: list[PlaceUse]
    occupancy: list[tuple[Any, dict[int, int]]]  # (lot, {hour: occupied percent})
    months: list[MonthCount]
    sharing_started: date | None
    offered_h: float = 0.0
    booked_h: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def use_rate(self) -> float | None:
        return self.booked_h / self.offered_h if self.offered_h else None

    def monthly_mean(self, *, after: bool) -> float | None:
        counts = [m.total for m in self.months if m.after is after]
        return sum(counts) / len(counts) if counts else None

    @property
    def change_percent(self) -> float | None:
        before, after = self.monthly_mean(after=False), self.monthly_mean(after=True)
        if before is None or after is None or before == 0:
            return None
        return 100 * (after - before) / before


def sharing_started() -> date | None:
    configured = getattr(settings, "PARKING_SHARING_STARTED", None)
    if configured:
        return date.fromisoformat(str(configured))
    first = SharedPlace.objects.aggregate(first=Min("created_at"))["first"]
    return first.astimezone(SEOUL).date() if first else None


def _month_starts(today: date, months: int) -> list[date]:
    starts = []
    year, month = today.year, today.month
    for _ in range(months):
        starts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def illegal_parking_by_month(
    *, months: int = 12, today: date | None = None, started: date | None = None
) -> list[MonthCount]:
    from apps.chat.civic import facade as civic

    today = today or timezone.localdate()
    first_after = date(started.year, started.month, 1) if started else None
    rows = []
    for start in _month_starts(today, months):
        counts = civic.civil_request_counts(
            category=ILLEGAL_PARKING,
            start=datetime.combine(start, time.min, tzinfo=SEOUL),
            end=datetime.combine(_next_month(start), time.min, tzinfo=SEOUL),
        )
        after = first_after is not None and start >= first_after
        rows.append(MonthCount(start, counts.total, counts.resolved, after))
    return rows


def report(*, days: int = 30, months: int = 12, now: datetime | None = None) -> Report:
    now = now or timezone.now()
    places = []
    for place in SharedPlace.objects.filter(is_active=True).select_related("host").order_by("name"):
        offered, booked = selectors.place_use_seconds(place=place, days=days, now=now)
        places.append(PlaceUse(place, offered / 3600, booked / 3600))
    occupancy = []
    for lot in selectors.lot_list():
        by_hour = {
            int(r["hour"]): int(r["occupied_percent"])
            for r in selectors.lot_occupancy_by_hour(lot_id=lot.id)
        }
        occupancy.append((lot, by_hour))
    started = sharing_started()
    return Report(
        days=days,
        places=places,
        occupancy=occupancy,
        months=illegal_parking_by_month(
            months=months, today=now.astimezone(SEOUL).date(), started=started
        ),
        sharing_started=started,
        offered_h=sum(p.offered_h for p in places),
        booked_h=sum(p.booked_h for p in places),
    )


def report_csv(rep: Report) -> str:
    """One table: section, item, period, value (rates as fractions, occupancy in percent)."""
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 Korean names correctly
    writer = csv.writer(out)
    writer.writerow(["section", "item", "period", "value"])
    period = f"last {rep.days} days"
    for p in rep.places:
        rate = "" if p.rate is None else f"{p.rate:.4f}"
        writer.writerow(["shared_use_rate", p.place.name, period, rate])
        writer.writerow(["shared_offered_hours", p.place.name, period, f"{p.offered_h:.1f}"])
        writer.writerow(["shared_booked_hours", p.place.name, period, f"{p.booked_h:.1f}"])
    total = "" if rep.use_rate is None else f"{rep.use_rate:.4f}"
    writer.writerow(["shared_use_rate", "all places", period, total])
    for lot, by_hour in rep.occupancy:
        for hour, percent in sorted(by_hour.items()):
            writer.writerow(["occupied_percent", lot.code, f"{hour:02d}:00", percent])
    for m in rep.months:
        phase = "after" if m.after else "before"
        writer.writerow(["illegal_parking_requests", phase, m.month.strftime("%Y-%m"), m.total])
    return out.getvalue()
