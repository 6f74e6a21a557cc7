"""Pricing edge cases: exactly 30 minutes, segments, caps, discounts, coupons, free days."""

from datetime import datetime, timedelta

import pytest

from apps.rentals.pricing import quote, ride_minutes

PLAN = {"base_price_krw": 500, "segments": [{"start": 30, "interval": 10, "rate": 200}]}


def at(minutes: float, seconds: int = 0):
    start = datetime(2026, 5, 1, 9, 0)
    return start, start + timedelta(minutes=minutes, seconds=seconds)


@pytest.mark.parametrize(
    ("minutes", "seconds", "expected"),
    [
        (0, 20, 500),  # a short ride still pays the base fare
        (29, 59, 500),
        (30, 0, 500),  # exactly 30 minutes: base fare only
        (30, 1, 700),  # one second more starts the next 10 minutes
        (40, 0, 700),
        (40, 1, 900),
        (60, 0, 1100),
    ],
)
def test_base_fare_covers_exactly_30_minutes(minutes, seconds, expected):
    assert quote(**PLAN, minutes=ride_minutes(*at(minutes, seconds))).total_krw == expected


def test_segment_with_an_end_stops_charging():
    segments = [
        {"start": 0, "interval": 1, "rate": 100, "end": 10},
        {"start": 10, "interval": 5, "rate": 300},
    ]
    assert quote(base_price_krw=0, segments=segments, minutes=10).total_krw == 1000
    assert quote(base_price_krw=0, segments=segments, minutes=11).total_krw == 1300


def test_ride_cap():
    price = quote(**PLAN, minutes=600, ride_cap_krw=5000)
    assert price.total_krw == 5000
    assert price.cap_reduction_krw == 500 + 57 * 200 - 5000


def test_rider_discount_applies_to_the_category_only():
    assert (
        quote(**PLAN, minutes=45, discounts={"student": 20}, rider_category="student").total_krw
        == 720
    )
    assert (
        quote(**PLAN, minutes=45, discounts={"student": 20}, rider_category="general").total_krw
        == 900
    )


def test_coupons():
    assert quote(**PLAN, minutes=45, coupon_kind="percent", coupon_value=50).total_krw == 450
    assert quote(**PLAN, minutes=45, coupon_kind="amount", coupon_value=2000).total_krw == 0
    # 20 free minutes: a 45-minute ride pays as a 25-minute one
    assert quote(**PLAN, minutes=45, coupon_kind="free_minutes", coupon_value=20).total_krw == 500
    assert quote(**PLAN, minutes=15, coupon_kind="free_minutes", coupon_value=20).total_krw == 0


def test_daily_cap_counts_what_was_paid_that_day():
    assert quote(**PLAN, minutes=60, daily_cap_krw=2000, paid_today_krw=1500).total_krw == 500
    assert quote(**PLAN, minutes=60, daily_cap_krw=2000, paid_today_krw=2500).total_krw == 0


def test_free_day_makes_the_ride_free():
    price = quote(**PLAN, minutes=90, free_day="자전거의 날")
    assert price.total_krw == 0
    assert price.free_day == "자전거의 날"
