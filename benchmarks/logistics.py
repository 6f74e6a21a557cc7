"""`make bench`: the parcels service's hot paths, in process, on a throw-away database.

1. A throw-away database (SQLite in a temporary folder by default; with DATABASE_URL set, a test
   database beside it on PostgreSQL, dropped at the end) with the demo hubs, areas, lockers and
   fleet (apps/logistics/seed.py).
2. Timed, with p50 / p95 / max per call:
   - address check: offline gazetteer geocoding + service-area polygons + mode rules (every
     resident registering, and every "see options" tap);
   - address register (the same, plus the encrypted write);
   - courier intake: the locker taken under a row lock, the parcel, its timeline, the notification;
   - mission planning (machine chosen by mode, payload, battery) for one waiting parcel;
   - one machine telemetry event (position, ETA, the parcel's live push);
   - the KPI statistics by mode and area.
Times are printed, never asserted: this is a measurement, and it fails nothing.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="ieum-bench-logistics-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["IEUM_TEST_SQLITE"] = str(WORK / "bench.sqlite3")
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402

ADDRESSES = [
    "경상남도 김해시 상동면 상동로 123",
    "경상남도 김해시 대동면 대동로 45",
    "경상남도 김해시 장유로 555",
    "경상남도 김해시 내외동 내외중앙로 55",  # outside: refused
]


def timed(
    name: str, runs: int, call: Callable[[int], object]
) -> tuple[str, int, float, float, float]:
    samples = []
    for i in range(runs):
        start = time.perf_counter()
        call(i)
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return name, runs, statistics.median(samples), p95, samples[-1]


def main() -> None:
    from apps.accounts.tests.factories import UserFactory
    from apps.logistics import seed, selectors, services
    from apps.logistics.errors import LogisticsError
    from apps.logistics.models import Hub, Locker, Mission, Parcel

    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False, serialized_aliases=[])
    try:
        engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        print(f"database: {engine} {connection.settings_dict['NAME']}")
        seed.run(io.StringIO())
        hub = Hub.objects.get(code="hub-sangdong")
        # plenty of lockers so intake never runs out during the measurement
        bank = hub.banks.get(code="1")
        Locker.objects.bulk_create(
            [Locker(bank=bank, code=f"9-{n}", size="s", temperature="ambient") for n in range(400)]
        )
        residents = [
            UserFactory(consents=["terms", "privacy", "location"], phone=f"+8210777{n:05d}")
            for n in range(200)
        ]

        def check(i: int) -> None:
            try:
                services.address_check(road_address=ADDRESSES[i % len(ADDRESSES)])
            except LogisticsError:
                pass

        def register(i: int) -> None:
            services.address_register(
                user=residents[i], road_address=ADDRESSES[0], detail=f"{i}호", mode="drone"
            )

        def intake(i: int) -> None:
            services.parcel_intake(
                courier=None,
                hub_id=hub.id,
                kind="general",
                size="s",
                recipient_phone=residents[i].phone,
            )

        rows = [
            timed("address check (geocode + area + modes)", 400, check),
            timed("address register (encrypted write)", 200, register),
            timed("courier intake (locker under lock)", 200, intake),
        ]
        waiting = list(Parcel.objects.filter(status="at_hub").values_list("id", flat=True))

        def plan(i: int) -> None:
            mission = services.mission_plan(parcel_id=waiting[i])
            Mission.objects.filter(pk=mission.pk).update(status="failed")  # free the drone again
            mission.machine.__class__.objects.filter(pk=mission.machine_id).update(
                status="available"
            )

        rows.append(timed("mission planning (mode, payload, battery)", 100, plan))
        Parcel.objects.filter(pk=waiting[150]).update(next_attempt_at=None)
        mission = services.mission_plan(parcel_id=waiting[150])
        services.mission_advance(mission_id=mission.id, to="loading")
        services.mission_advance(mission_id=mission.id, to="departed")
        machine = mission.machine

        def telemetry(i: int) -> None:
            services._event_apply(
                machine,
                {
                    "event_id": uuid.uuid4(),
                    "event_types": ["located"],
                    "vehicle_state": "on_trip",
                    "timestamp": timezone.now(),
                    "location": {"lat": 35.30 + i * 1e-5, "lng": 128.93},
                    "battery_percent": 90,
                },
            )

        rows.append(timed("machine telemetry event (+ live push)", 300, telemetry))
        rows.append(
            timed("KPI statistics by mode and area", 50, lambda i: selectors.delivery_stats())
        )

        print()
        print(f"{'logistics (ms per call)':<45} {'runs':>5} {'p50':>8} {'p95':>8} {'max':>8}")
        for name, runs, p50, p95, worst in rows:
            print(f"{name:<45} {runs:>5} {p50:>8.2f} {p95:>8.2f} {worst:>8.2f}")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
