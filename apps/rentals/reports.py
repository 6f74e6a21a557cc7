"""The monthly usage report the city manages Tagogaya with (T1/E2): new riders, rentals and
returns per station, and rides by age band, sex and hour of day. Shown in admin, exported as CSV."""

import csv
import datetime
from collections import Counter

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts import facade as accounts

from .models import Rental

AGE_BANDS = ["under20", "20s", "30s", "40s", "50s", "60plus", ""]


def parse_month(raw: str | None) -> datetime.date:
    try:
        return datetime.datetime.strptime(raw or "", "%Y-%m").date().replace(day=1)
    except ValueError:
        return timezone.localdate().replace(day=1)


def _month_range(month: datetime.date):
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(month, datetime.time.min, tzinfo=tz)
    next_month = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return start, datetime.datetime.combine(next_month, datetime.time.min, tzinfo=tz)


def monthly_report(*, month: datetime.date) -> dict:
    start, end = _month_range(month)
    rides = list(
        Rental.objects.filter(started_at__gte=start, started_at__lt=end)
        .exclude(status__in=[Rental.Status.CANCELLED, Rental.Status.EXPIRED])
        .select_related("start_station", "start_spot", "end_station", "end_spot")
    )
    earlier_riders = set(
        Rental.objects.filter(started_at__lt=start).values_list("user_id", flat=True).distinct()
    )
    riders = {r.user_id for r in rides}
    rentals_per_place = Counter(
        str(r.start_station or r.start_spot or _("elsewhere")) for r in rides
    )
    returns_per_place = Counter(
        str(r.end_station or r.end_spot or _("elsewhere"))
        for r in rides
        if r.status == Rental.Status.ENDED
    )
    by_age = Counter(r.rider_age_band or "unknown" for r in rides)
    by_hour = Counter(timezone.localtime(r.started_at).hour for r in rides)
    return {
        "month": f"{month:%Y-%m}",
        "rides": len(rides),
        "riders": len(riders),
        # sign-ups of the one Ieum account (riders need no separate Tagogaya membership)
        "signups": accounts.signups_between(start=start, end=end),
        "new_riders": len(riders - earlier_riders),
        "revenue_krw": sum(r.amount_krw or 0 for r in rides),
        "rentals_per_place": sorted(rentals_per_place.items(), key=lambda kv: (-kv[1], kv[0])),
        "returns_per_place": sorted(returns_per_place.items(), key=lambda kv: (-kv[1], kv[0])),
        "by_age_band": [
            (band or "unknown", by_age.get(band or "unknown", 0)) for band in AGE_BANDS
        ],
        # the account holds no sex; the operator's report column is kept, as unknown
        "by_sex": [("unknown", len(rides))],
        "by_hour": [(hour, by_hour.get(hour, 0)) for hour in range(24)],
    }


def monthly_report_csv_response(*, month: datetime.date) -> HttpResponse:
    report = monthly_report(month=month)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tagogaya-{report["month"]}.csv"'
    response.write("\ufeff")  # Excel opens UTF-8 Korean correctly with a BOM
    writer = csv.writer(response)
    writer.writerow(["section", "key", "count"])
    for key in ("signups", "rides", "riders", "new_riders", "revenue_krw"):
        writer.writerow(["summary", key, report[key]])
    for section in ("rentals_per_place", "returns_per_place", "by_age_band", "by_sex", "by_hour"):
        for key, count in report[section]:
            writer.writerow([section, key, count])
    return response
