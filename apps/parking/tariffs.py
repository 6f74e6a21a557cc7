"""The fee of a stay at a lot from its tariff (stored as data, the national standard data's shape).

A tariff is ``{"free": bool, "base_minutes", "base_krw", "unit_minutes", "unit_krw",
"daily_max_krw"}`` (주차기본시간/요금, 추가단위시간/요금, 1일주차권요금): the first ``base_minutes`` cost
``base_krw``, each started ``unit_minutes`` after that ``unit_krw``, and a day (24 h) never more
than ``daily_max_krw`` when the lot sells a day ticket.
"""

from __future__ import annotations

import math
from typing import Any

DAY_MINUTES = 24 * 60


def _day_fee(tariff: dict[str, Any], minutes: int) -> int | None:
    base_minutes, base_krw = tariff.get("base_minutes"), tariff.get("base_krw")
    if base_minutes is None or base_krw is None:
        return None
    fee = int(base_krw)
    if minutes > base_minutes:
        unit_minutes, unit_krw = tariff.get("unit_minutes"), tariff.get("unit_krw")
        if not unit_minutes or unit_krw is None:
            return None
        fee += math.ceil((minutes - base_minutes) / unit_minutes) * int(unit_krw)
    cap = tariff.get("daily_max_krw")
    return min(fee, int(cap)) if cap else fee


def fee_krw(tariff: dict[str, Any], *, minutes: float) -> int | None:
    """The fee for a stay of ``minutes``; 0 for a free lot; None when the tariff does not say."""
    if tariff.get("free"):
        return 0
    minutes = max(0, math.ceil(minutes))
    if minutes == 0:
        return 0
    days, rest = divmod(minutes, DAY_MINUTES)
    fee = 0
    if days:
        whole_day = _day_fee(tariff, DAY_MINUTES)
        if whole_day is None:
            return None
        fee += days * whole_day
    if rest:
        part = _day_fee(tariff, rest)
        if part is None:
            return None
        fee += part
    return fee
