"""Invented occupancy history for the forecast's benchmark, its tests and the demo lots.

A lot's share of free spaces follows a weekday × time-of-day pattern (commuters fill it on
weekday mornings, visitors at weekend middays), plus a slowly wandering deviation (an AR(1)
process: a busy day stays busy for a while) and small sensor noise, sampled every 5 minutes.
This is simulated data, not a measurement of any real lot.
"""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

STEP = timedelta(minutes=5)


def usual_free_share(at: datetime, *, kind: str = "commuter") -> float:
    hour = at.hour + at.minute / 60
    weekend = at.weekday() >= 5
    if kind == "commuter" and not weekend:
        # full from 8 to 18, emptying in the evening
        busy = 0.75 / (1 + math.exp(-(hour - 8) * 2.2)) - 0.6 / (1 + math.exp(-(hour - 18.5) * 1.5))
    else:
        # visitors: a midday bump
        busy = 0.65 * math.exp(-(((hour - 13.5) / 3.0) ** 2))
    return min(0.98, max(0.02, 0.9 - busy))


def simulate(
    *,
    start: datetime,
    days: int,
    spaces: int = 60,
    kind: str = "commuter",
    seed: int = 1,
    rho: float = 0.985,
    sigma: float = 0.02,
) -> list[tuple[datetime, int]]:
    """(time, free spaces) every 5 minutes from ``start`` (aware, local) for ``days``."""
    rng = random.Random(seed)
    deviation = 0.0
    samples = []
    at = start
    for _ in range(days * 288):
        deviation = rho * deviation + rng.gauss(0, sigma)
        share = usual_free_share(at, kind=kind) + deviation + rng.gauss(0, 0.015)
        free = round(min(1.0, max(0.0, share)) * spaces)
        samples.append((at, free))
        at += STEP
    return samples
