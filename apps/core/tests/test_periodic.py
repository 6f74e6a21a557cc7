import time

from apps.core import periodic

calls: list[int] = []


def tick():
    calls.append(1)


def test_periodic_jobs_feed_celery_beat_and_the_ticker():
    periodic.every(0.2, "apps.core.tests.test_periodic.tick")
    try:
        assert periodic.beat_schedule()["apps.core.tests.test_periodic.tick"]["schedule"] == 0.2
        ticker = periodic.Ticker()
        ticker.start()
        deadline = time.monotonic() + 10
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        ticker.stop()
        assert len(calls) >= 2
    finally:
        periodic._jobs.pop("apps.core.tests.test_periodic.tick")
