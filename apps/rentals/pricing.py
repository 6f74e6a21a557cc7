"""The price of a ride, from the plan's data. Pure functions: no database, easy to test.

Order of rules (each works on what the previous left):
1. minutes = the ride's length rounded up to whole minutes (exactly 30:00 is 30 minutes);
   a free-minutes coupon takes its minutes off first;
2. base price (covers the first segment) + every per-minute segment;
3. the plan's cap per ride;
4. the rider's category discount (student, senior, disabled …, in percent);
5. a percent or amount coupon;
6. the plan's cap per rider and day (what the rider already paid that day counts);
7. a free-ride day (Korean date the ride started) makes the whole ride free.
"""

import math
from dataclasses import asdict, dataclass
from datetime import datetime


@dataclass(frozen=True)
class Segment:
    start: int
    interval: int
    rate: int
    end: int | None = None


@dataclass(frozen=True)
class PriceBreakdown:
    minutes: int
    billable_minutes: int
    base_krw: int
    time_krw: int
    cap_reduction_krw: int
    rider_discount_krw: int
    coupon_krw: int
    daily_cap_reduction_krw: int
    free_day: str
    total_krw: int

    def as_dict(self) -> dict:
        return asdict(self)


def ride_minutes(started_at: datetime, ended_at: datetime) -> int:
    seconds = max(0.0, (ended_at - started_at).total_seconds())
    return max(1, math.ceil(seconds / 60))


def segments_of(raw: list[dict]) -> list[Segment]:
    return [
        Segment(
            start=int(item["start"]),
            interval=max(1, int(item.get("interval", 1))),
            rate=int(item["rate"]),
            end=int(item["end"]) if item.get("end") is not None else None,
        )
        for item in raw
    ]


def time_price(segments: list[Segment], minutes: int) -> int:
    total = 0
    for segment in segments:
        upper = minutes if segment.end is None else min(minutes, segment.end)
        if upper > segment.start:
            total += math.ceil((upper - segment.start) / segment.interval) * segment.rate
    return total


def quote(
    *,
    base_price_krw: int,
    segments: list[dict],
    minutes: int,
    ride_cap_krw: int | None = None,
    daily_cap_krw: int | None = None,
    discounts: dict | None = None,
    rider_category: str = "general",
    coupon_kind: str | None = None,
    coupon_value: int = 0,
    paid_today_krw: int = 0,
    free_day: str = "",
) -> PriceBreakdown:
    billable = minutes
    if coupon_kind == "free_minutes":
        billable = max(0, minutes - coupon_value)
    base = base_price_krw if billable > 0 or coupon_kind != "free_minutes" else 0
    time_krw = time_price(segments_of(segments), billable)
    price = base + time_krw

    cap_reduction = 0
    if ride_cap_krw is not None and price > ride_cap_krw:
        cap_reduction = price - ride_cap_krw
        price = ride_cap_krw

    percent = int((discounts or {}).get(rider_category, 0))
    rider_discount = price * min(max(percent, 0), 100) // 100
    price -= rider_discount

    coupon_krw = 0
    if coupon_kind == "percent":
        coupon_krw = price * min(coupon_value, 100) // 100
    elif coupon_kind == "amount":
        coupon_krw = min(price, coupon_value)
    price -= coupon_krw

    daily_reduction = 0
    if daily_cap_krw is not None:
        allowed = max(0, daily_cap_krw - paid_today_krw)
        if price > allowed:
            daily_reduction = price - allowed
            price = allowed

    if free_day:
        price = 0

    return PriceBreakdown(
        minutes=minutes,
        billable_minutes=billable,
        base_krw=base,
        time_krw=time_krw,
        cap_reduction_krw=cap_reduction,
        rider_discount_krw=rider_discount,
        coupon_krw=coupon_krw,
        daily_cap_reduction_krw=daily_reduction,
        free_day=free_day,
        total_krw=price,
    )
