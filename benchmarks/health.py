"""`make bench`: the health record's heavy paths, in a throw-away database (SQLite by default; a
test database beside DATABASE_URL's on PostgreSQL).

- recording readings through the service (plausibility + idempotency key), one at a time;
- a kiosk batch re-sent (every reading recognised as a duplicate);
- the 90-day trend query for one member with a year of daily readings of 6 kinds;
- `Patient/$everything` for that member (the FHIR bundle) and its validation with fhir.resources;
- the city-sharing export over 2,000 members at mixed consent levels.

Times are printed, never asserted.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="ieum-bench-health-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ["IEUM_TEST_SQLITE"] = str(WORK / "bench.sqlite3")
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_databases,
    setup_test_environment,
    teardown_databases,
)
from django.utils import timezone  # noqa: E402


def timed(work, repeat: int = 1) -> tuple[float, object]:
    runs = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), result


def main() -> None:
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False, serialized_aliases=[])
    try:
        from fhir.resources.R4B.bundle import Bundle

        from apps.accounts.models import User
        from apps.core.devices import services as devices
        from apps.health import fhir, selectors, services, sharing
        from apps.health.models import ConsentRecord, HealthProfile, Measurement

        rows: list[tuple[str, str, str]] = []
        member = User.objects.create_user("+821070000001", display_name="벤치")
        services.profile_ensure(user=member)
        now = timezone.now()

        count = 500
        seconds, _ = timed(
            lambda: [
                services.measurement_record(
                    user=member,
                    code="8867-4",
                    value=60 + i % 30,
                    measured_at=now - timedelta(minutes=i),
                    source="device",
                    idempotency_key=f"bench-{i}",
                )
                for i in range(count)
            ]
        )
        rows.append(
            (
                "record a reading (service, with key)",
                f"{count}",
                f"{seconds / count * 1000:.2f} ms each",
            )
        )

        device, _secret = devices.device_register(
            name="bench kiosk", kind="health_kiosk", app_label="health"
        )
        token = services.member_token_get(user=member)
        batch = [
            {
                "key": f"k{i}",
                "code": "29463-7",
                "value": 70.0,
                "measured_at": now - timedelta(days=i),
            }
            for i in range(50)
        ]
        services.kiosk_measurements_record(
            device=device, member_token=token, source="booth", readings=batch
        )
        seconds, results = timed(
            lambda: services.kiosk_measurements_record(
                device=device, member_token=token, source="booth", readings=batch
            ),
            repeat=5,
        )
        duplicates = sum(1 for r in results if r.result == "duplicate")  # type: ignore[attr-defined]
        rows.append(
            (
                "kiosk batch re-sent (50 readings)",
                f"{duplicates} duplicates",
                f"{seconds * 1000:.1f} ms",
            )
        )

        codes = ["29463-7", "8480-6", "8462-4", "2339-0", "55423-8", "8310-5"]
        values = {
            "29463-7": 72,
            "8480-6": 125,
            "8462-4": 80,
            "2339-0": 100,
            "55423-8": 8000,
            "8310-5": 36.6,
        }
        Measurement.objects.bulk_create(
            Measurement(
                user=member,
                code=code,
                value=values[code],
                unit="x",
                measured_at=now - timedelta(days=day, hours=1),
                source="device",
            )
            for day in range(365)
            for code in codes
        )
        total = Measurement.objects.filter(user=member).count()
        seconds, _ = timed(
            lambda: selectors.measurement_series(
                user=member, codes=codes, start=now - timedelta(days=90), end=now
            ),
            repeat=20,
        )
        rows.append(
            (
                f"90-day trend, 6 codes ({total} readings stored)",
                "p50 of 20",
                f"{seconds * 1000:.1f} ms",
            )
        )

        seconds, bundle = timed(lambda: fhir.bundle_everything(user=member), repeat=3)
        entries = len(bundle["entry"])  # type: ignore[index]
        rows.append(("FHIR Patient/$everything", f"{entries} entries", f"{seconds * 1000:.0f} ms"))
        seconds, _ = timed(lambda: Bundle.model_validate(bundle), repeat=3)
        rows.append(
            (
                "  validated with fhir.resources R4B",
                f"{entries} entries",
                f"{seconds * 1000:.0f} ms",
            )
        )

        people = 2000
        users = User.objects.bulk_create(
            User(phone=f"+8210800{i:05d}", display_name=f"회원{i}") for i in range(people)
        )
        HealthProfile.objects.bulk_create(
            HealthProfile(user=u, sex="female" if i % 2 else "male", area_code="4825054000")
            for i, u in enumerate(users)
        )
        ConsentRecord.objects.bulk_create(
            ConsentRecord(user=u, level=i % 3, source="app") for i, u in enumerate(users)
        )
        seconds, exported = timed(lambda: sharing.city_export_rows(), repeat=3)
        rows.append(
            (
                f"city-sharing export ({people} members, levels 0/1/2)",
                f"{len(exported)} rows",
                f"{seconds * 1000:.0f} ms",
            )
        )

        engine = connection.settings_dict["ENGINE"].rsplit(".", 1)[-1]
        print(f"\nhealth record benchmark ({engine})")
        width = max(len(r[0]) for r in rows)
        print(f"{'what':<{width}}  {'size':>18}  {'time':>14}")
        for what, size, took in rows:
            print(f"{what:<{width}}  {size:>18}  {took:>14}")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
