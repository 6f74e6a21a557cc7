"""Parking forecast: mean absolute error (free spaces) of the weekday × time-of-day profile
blended with the current deviation, against the naive "same as now", on held-out simulated weeks.

    .venv/bin/python benchmarks/parking_forecast.py

Simulated (apps/parking/simulation.py): three lots of 60, 120 and 40 spaces (commuter, commuter,
visitor patterns), 8 weeks each; fit on weeks 1–6, scored on weeks 7–8 at every 5-minute step.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.parking import forecast  # noqa: E402  (pure Python: no Django set-up needed)
from apps.parking.simulation import simulate  # noqa: E402
from apps.parking.windows import SEOUL  # noqa: E402

TRAIN_WEEKS, TEST_WEEKS = 6, 2
LOTS = [("commuter", 60, 1), ("commuter", 120, 2), ("visitor", 40, 3)]


def main() -> None:
    start = datetime(2026, 9, 7, tzinfo=SEOUL)  # a Monday
    errors = {h: {"model": 0.0, "naive": 0.0} for h in forecast.HORIZONS}
    count = dict.fromkeys(forecast.HORIZONS, 0)
    for kind, spaces, seed in LOTS:
        samples = simulate(
            start=start, days=7 * (TRAIN_WEEKS + TEST_WEEKS), spaces=spaces, kind=kind, seed=seed
        )
        split = start + timedelta(weeks=TRAIN_WEEKS)
        train = [(at, free / spaces) for at, free in samples if at < split]
        test = [(at, free) for at, free in samples if at >= split]
        model = forecast.model_fit(train)
        by_time = dict(test)
        for at, free in test:
            for h in forecast.HORIZONS:
                actual = by_time.get(at + timedelta(minutes=h))
                if actual is None:
                    continue
                predicted = model.predict(now=at, share_now=free / spaces, minutes=h) * spaces
                errors[h]["model"] += abs(predicted - actual)
                errors[h]["naive"] += abs(free - actual)
                count[h] += 1
    print("Parking free-space forecast, held-out simulated weeks (MAE, spaces)")
    print(f"{'horizon':>8} {'profile+deviation':>18} {'naive (same as now)':>20} {'gain':>7}")
    worse = False
    for h in forecast.HORIZONS:
        model_mae = errors[h]["model"] / count[h]
        naive_mae = errors[h]["naive"] / count[h]
        worse |= model_mae >= naive_mae
        gain = 100 * (1 - model_mae / naive_mae)
        print(f"{h:>6} min {model_mae:>18.2f} {naive_mae:>20.2f} {gain:>6.0f}%")
    if worse:
        sys.exit("the forecast does not beat the naive forecast at every horizon")


if __name__ == "__main__":
    main()
