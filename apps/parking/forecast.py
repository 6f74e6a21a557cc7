"""Free spaces in a lot 15, 30 and 60 minutes ahead, from its occupancy history.

The model is a weekday × time-of-day profile (the mean share of free spaces in each 15-minute
slot of each weekday over the history) blended with how far the lot is from its usual level now:

    free_share(t + h) = profile(t + h) + φ_h · (free_share(t) − profile(t))

φ_h (0…1) is fitted on the same history by least squares, per horizon: how much of today's
deviation from the usual still holds h minutes later. φ = 1 and a flat profile is the naive "same
as now"; φ = 0 is the profile alone. ``benchmarks/parking_forecast.py`` measures it on held-out
simulated weeks against the naive forecast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from .windows import SEOUL

SLOT_MINUTES = 15
HORIZONS = (15, 30, 60)
MIN_HISTORY_DAYS = 3  # less than this and no forecast is offered


def slot_of(at: datetime) -> tuple[int, int]:
    local = at.astimezone(SEOUL)
    return local.weekday(), (local.hour * 60 + local.minute) // SLOT_MINUTES


@dataclass
class Model:
    by_slot: dict[tuple[int, int], float] = field(default_factory=dict)
    by_time: dict[int, float] = field(default_factory=dict)  # any weekday, when a slot is empty
    overall: float = 0.5
    phi: dict[int, float] = field(default_factory=dict)
    days: float = 0.0

    def expected(self, at: datetime) -> float:
        key = slot_of(at)
        if key in self.by_slot:
            return self.by_slot[key]
        return self.by_time.get(key[1], self.overall)

    def predict(self, *, now: datetime, share_now: float, minutes: int) -> float:
        later = now + timedelta(minutes=minutes)
        deviation = share_now - self.expected(now)
        phi = self.phi.get(minutes, 1.0)
        return min(1.0, max(0.0, self.expected(later) + phi * deviation))


def _means(samples: Iterable[tuple[object, float]]) -> dict:
    sums: dict = {}
    for key, value in samples:
        total, count = sums.get(key, (0.0, 0))
        sums[key] = (total + value, count + 1)
    return {key: total / count for key, (total, count) in sums.items()}


def model_fit(history: Sequence[tuple[datetime, float]], *, step_minutes: int = 5) -> Model:
    """Fit on ``history``: (time, share of spaces free) samples, oldest first, about every
    ``step_minutes``."""
    if not history:
        return Model()
    model = Model(
        by_slot=_means((slot_of(at), share) for at, share in history),
        by_time=_means((slot_of(at)[1], share) for at, share in history),
        overall=sum(share for _, share in history) / len(history),
        days=(history[-1][0] - history[0][0]).total_seconds() / 86400,
    )
    by_time = {at: share for at, share in history}
    for minutes in HORIZONS:
        num = den = 0.0
        for at, share in history:
            later = by_time.get(at + timedelta(minutes=minutes))
            if later is None:
                continue
            now_dev = share - model.expected(at)
            later_dev = later - model.expected(at + timedelta(minutes=minutes))
            num += now_dev * later_dev
            den += now_dev * now_dev
        model.phi[minutes] = min(1.0, max(0.0, num / den)) if den > 0 else 1.0
    return model


def naive(*, share_now: float) -> float:
    return share_now
